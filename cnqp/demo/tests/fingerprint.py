"""Fingerprints of what the demo wrote, to tell whether two seedings gave the same data.

`tables()` digests every table of the project, row by row, ids included (`restart_ids` lets a
second seeding start from the same ids as the first). Left out, because they differ between
two identical seedings by design: the clock's readings during the seeding (created_at, the
audit's `at`: a placeholder instead), password hashes (a random salt), stored file names
(random; the file's SHA-256 stays) and the audit chain's hashes (they cover the clock).

`documents()` is the documents demo's own digest, by natural keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.db import connection, models

from cnqp.core.models import AuditEntry, User
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight

CLOCK = "<clock>"
LEFT_OUT = {(User, "password"), (AuditEntry, "entry_hash"), (AuditEntry, "prev_hash")}


def project_tables() -> list[type[models.Model]]:
    """Every model of the project, with its many-to-many tables."""
    return [m for m in apps.get_models(include_auto_created=True)
            if m.__module__.startswith("cnqp.")]


def restart_ids() -> None:
    """Each table's next id right after its largest, as in a fresh database. PostgreSQL's
    sequences ignore rollbacks (SQLite's follow them: nothing to do), and the demo writes ids
    into its data (lot numbers, links, audit entries)."""
    statements = connection.ops.sequence_reset_sql(no_style(), project_tables())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@dataclass(frozen=True)
class Window:
    """When a seeding ran: a time stamp inside it was read from the clock."""

    start: dt.datetime
    end: dt.datetime

    def reduce(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-":
            try:  # audit changes hold time stamps as text
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, dt.datetime) and value.tzinfo is not None and \
                self.start <= value <= self.end:
            return CLOCK
        return value


@dataclass(frozen=True)
class Fingerprint:
    documents: str
    tables: dict[str, str]  # table's model label → digest of its rows

    def differences(self, other: Fingerprint) -> list[str]:
        labels = sorted(set(self.tables) | set(other.tables))
        return [label for label in labels if self.tables.get(label) != other.tables.get(label)]


def fingerprint(window: Window) -> Fingerprint:
    return Fingerprint(documents=documents(), tables=tables(window))


def _digest(rows: Any) -> str:
    text = json.dumps(rows, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def tables(window: Window) -> dict[str, str]:
    return {model._meta.label: _digest(_rows(model, window)) for model in project_tables()}


def _rows(model: type[models.Model], window: Window) -> list[list[Any]]:
    columns = [f.attname for f in model._meta.concrete_fields
               if not isinstance(f, models.FileField) and (model, f.name) not in LEFT_OUT]
    rows = []
    for values in model._base_manager.order_by("pk").values_list(*columns):
        row = [window.reduce(value) for value in values]
        if model is AuditEntry:
            entry = dict(zip(columns, values, strict=True))
            row[columns.index("changes")] = _changes(entry["object_type"], entry["changes"],
                                                     window)
        rows.append(row)
    return rows


def _changes(object_type: str, changes: dict[str, Any] | None,
             window: Window) -> dict[str, Any]:
    """An audit entry's changes, without stored file names and with clock readings reduced."""
    try:
        model: type[models.Model] | None = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    return {key: _walk(value, window.reduce) for key, value in (changes or {}).items()
            if not isinstance(_field(model, key), models.FileField)}


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:  # a service's own key
        return None


def _walk(value: Any, reduce: Callable[[Any], Any]) -> Any:
    if isinstance(value, list):
        return [_walk(item, reduce) for item in value]
    if isinstance(value, dict):
        return {key: _walk(item, reduce) for key, item in value.items()}
    return reduce(value)


def documents() -> str:
    """Everything the documents demo wrote that does not depend on the clock's seconds."""
    rows: list[object] = []
    for p in ProductType.objects.prefetch_related("producers").order_by("code"):
        rows.append([p.code, p.name, p.group, p.category,
                     sorted(u.code for u in p.producers.all())])
    rows.extend(DocumentSet.objects.order_by("code").values_list(
        "code", "title", "kind", "product_type__code", "owner_unit__code", "classification"))
    rows.extend(Revision.objects.order_by("document_set__code", "number").values_list(
        "document_set__code", "number", "status", "reason", "decision_number", "issue_date",
        "author__username", "approver__username"))
    rows.extend(UsageRight.objects.order_by(
        "document_set__code", "enterprise__code", "valid_from", "purpose", "pk").values_list(
        "document_set__code", "enterprise__code", "purpose", "valid_from", "valid_to",
        "decision_number", "status", "revoke_reason"))
    text = json.dumps([list(r) if not isinstance(r, list) else r for r in rows], default=str,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
