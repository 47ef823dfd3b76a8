"""What a register import would change, for its dry run and for blank cells.

- `snapshot`: the fields of the records the rows name, as loaded before anything is written.
- `keep_stored`: an empty cell keeps the stored value (unless the user asks to clear it): the
  row takes the value of the record's field the column writes.
- `row_previews`: after the rows were written (inside the transaction the dry run rolls back),
  each row's outcome and, for a record that existed, its changes field by field (before →
  after), read back in one query per model and one per related model shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.text import capfirst

from cnqp.core.imports.results import FieldChange, Outcome, Row, RowPreview
from cnqp.core.records.display import as_text

# bookkeeping a writer sets by itself: never shown as a change
SKIPPED = {"created_at", "updated_at", "search_text", "search_vector"}


def shown_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in SKIPPED]


def snapshot(rows: Iterable[Row], model: type[models.Model]) -> None:
    fields = shown_fields(model)
    for row in rows:
        if row.existing is not None:
            row.before = {f.attname: getattr(row.existing, f.attname) for f in fields}


def keep_stored(rows: Iterable[Row], model: type[models.Model],
                field_of: Mapping[str, str], references: set[str]) -> None:
    """Blank cells of a row naming a record take that record's value (the column `key`
    writes the model field `field_of[key]`). A column that is not a field keeps its blank, and
    so does a relation read by another parser than a reference (`references`: the columns
    whose cells become records): its importer keeps it."""
    names = {f.name: f for f in model._meta.concrete_fields}
    for row in rows:
        if row.existing is None:
            continue
        for key in row.blank:
            name = field_of.get(key, key)
            if name in names and (not names[name].is_relation or key in references):
                row.values[key] = getattr(row.existing, name)


def _display(field: models.Field[Any, Any], value: Any, related: dict[Any, str]) -> str:
    """A value as the record pages show it (records.display.as_text), a related record by its
    name and a choice by its label."""
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return related.get(value, str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return as_text(value)


def row_previews(rows: list[Row], model: type[models.Model], match: str | None) -> list[RowPreview]:
    fields = shown_fields(model)
    existing = {row.existing.pk: row for row in rows if row.existing is not None}
    after = {obj.pk: obj for obj in model._default_manager.filter(pk__in=list(existing))}
    changed: dict[int, list[tuple[models.Field[Any, Any], Any, Any]]] = defaultdict(list)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for pk, row in existing.items():
        obj = after.get(pk)
        for f in fields:
            old, new = row.before.get(f.attname), getattr(obj, f.attname, None)
            if old != new:
                changed[row.number].append((f, old, new))
                if f.is_relation and f.related_model is not None:
                    wanted[f.related_model].update(v for v in (old, new) if v is not None)
    related: dict[type[models.Model], dict[Any, str]] = {
        m: {o.pk: str(o) for o in m._default_manager.filter(pk__in=list(pks))}
        for m, pks in wanted.items()}
    previews = []
    for row in rows:
        key = str(row.values.get(match, "") or "") if match else ""
        if row.existing is None:
            previews.append(RowPreview(row.number, Outcome.CREATED, key))
            continue
        changes = [FieldChange(
            str(capfirst(f.verbose_name)),
            _display(f, old, related.get(f.related_model, {})),  # type: ignore[arg-type]
            _display(f, new, related.get(f.related_model, {})))  # type: ignore[arg-type]
            for f, old, new in changed.get(row.number, [])]
        previews.append(RowPreview(row.number, Outcome.UPDATED if changes else Outcome.UNCHANGED,
                                   key or str(row.existing), changes))
    return previews
