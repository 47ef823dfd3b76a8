"""A record's change history as its reader should see it: fields by their Vietnamese names,
choices by their labels, dates as dd/mm/yyyy, people and related records by their names, and
nothing of a related record the reader may not see.

Audit entries keep what was stored: a foreign key's id, a choice's code, an ISO date. Shown as
they are, they spoke Python (`triaged_by: — → 7`, `status: new → nc_opened`); and a change
naming another record (the non-conformance a field report opened) told a reader its code even
when that record answers 404 to them. Here each related id is resolved to a label through the
scoping mechanism, one query per related model for the whole history, and a record the reader
may not see is shown as nothing, as if the field were empty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry, User
from cnqp.core.records.display import as_text, text_at
from cnqp.core.text import format_date, format_datetime

ENTRIES = 50
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: AuditEntry
    changes: list[Change] = field(default_factory=list)


def history(user: User, obj: models.Model) -> list[HistoryRow]:
    """The last creations, changes and deletions of `obj` the user may read, described."""
    entries = list(scope_queryset(AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk),
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
    ), user).order_by("-id")[:ENTRIES])
    model = obj._meta.model
    updates = [e for e in entries if e.action == AuditAction.UPDATE]
    labels = _related_labels(user, model, updates)
    rows = []
    for entry in entries:
        if entry.action != AuditAction.UPDATE:
            rows.append(HistoryRow(entry))
            continue
        changes = [_change(model, name, pair, labels) for name, pair in entry.changes.items()]
        # a change whose both sides the reader may not see tells them nothing: not shown
        changes = [c for c in changes if c.before != c.after]
        if changes:
            rows.append(HistoryRow(entry, changes))
    return rows


def _field(model: type[models.Model], name: str) -> Any:
    """The field `name` of the model, or the relation to the model called `name` (an entry may
    name a related record by its model, as a field report's "nonconformance")."""
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        pass
    for found in model._meta.get_fields():
        if found.is_relation and found.related_model is not None and \
                found.related_model._meta.model_name == name:
            return found
    return None


def _target(model: type[models.Model], name: str) -> type[models.Model] | None:
    """The model a change under `name` names records of (a foreign key, or a relation the
    other way, as a field report's non-conformance), if any."""
    found = _field(model, name)
    if found is None or not found.is_relation:
        return None
    return found.related_model  # type: ignore[no-any-return]


def _related_labels(user: User, model: type[models.Model],
                    entries: Iterable[AuditEntry]) -> dict[tuple[Any, Any], str]:
    """(target model, stored value) → label, for every related record the entries name that
    the user may see: one query per target model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        for name, pair in entry.changes.items():
            target = _target(model, name)
            if target is not None and isinstance(pair, list):
                wanted[target].update(v for v in pair if isinstance(v, int | str) and v != "")
    labels: dict[tuple[Any, Any], str] = {}
    for target, values in wanted.items():
        ids = {v for v in values if isinstance(v, int)}
        codes = {v for v in values if isinstance(v, str)}  # older entries named a code
        rows = target._default_manager.all()
        if target is not User:  # people are named: the entry already names its actor
            rows = scope_queryset(rows, user)
        by_code = codes and _field(target, "code") is not None
        found = rows.filter(models.Q(pk__in=ids) | (models.Q(code__in=codes) if by_code
                                                     else models.Q(pk__in=[])))
        for record in found:
            labels[(target, record.pk)] = str(record)
            if by_code:
                labels[(target, record.code)] = str(record)  # type: ignore[attr-defined]
    return labels


def _change(model: type[models.Model], name: str, pair: Any,
            labels: dict[tuple[Any, Any], str]) -> Change:
    found = _field(model, name)
    label = str(capfirst(getattr(model, "history_labels", {}).get(name) or _label(found, name)))
    before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
    return Change(label, _value(model, found, name, before, labels),
                  _value(model, found, name, after, labels))


def _label(found: Any, name: str) -> Any:
    if found is None:
        return name.replace("_", " ")
    if hasattr(found, "verbose_name"):
        return found.verbose_name
    return found.related_model._meta.verbose_name  # a relation the other way


def _value(model: type[models.Model], found: Any, name: str, value: Any,
           labels: dict[tuple[Any, Any], str]) -> str:
    if value in (None, ""):
        return EMPTY
    target = _target(model, name)
    if target is not None and isinstance(value, int | str):
        return labels.get((target, value), EMPTY)  # hidden: as if there were none
    if found is not None and getattr(found, "choices", None):
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.DateTimeField) and isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
        return format_datetime(timezone.localtime(moment) if timezone.is_aware(moment)
                               else moment)
    if isinstance(found, models.DateField) and isinstance(value, str):
        return format_date(dt.date.fromisoformat(value[:10]))
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return ", ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return text_at(name, value)
