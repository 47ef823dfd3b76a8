"""Writing the audit log (its hash chain and verification: `chain.py`).

Services call `record(...)` explicitly with the acting user, so a write from the shell or a
management command is audited exactly like one from a request. The request (when there is
one) only contributes the client address and the source, through `audit_context`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from cnqp.core.access.scoping import classification_of, scope_of
from cnqp.core.audit.anchor import anchor_after_commit
from cnqp.core.audit.chain import GENESIS, compute_hash
from cnqp.core.choices import AuditAction, AuditSource, Classification
from cnqp.core.locks import take_turns
from cnqp.core.models.audit import AuditEntry

if TYPE_CHECKING:
    from cnqp.core.models import User

SECRET_FIELDS = frozenset({"password", "totp_secret", "totp_last_step", "digest", "code_hash",
                           "search_text"})
_PG_LOCK_KEY = 0x434E5150  # "CNQP": serialises appends so the chain cannot fork


@dataclass(frozen=True)
class AuditContext:
    source: str = AuditSource.SHELL
    address: str | None = None


_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "audit_context", default=AuditContext()  # noqa: B039 (frozen)
)


@contextmanager
def audit_context(source: str, address: str | None = None) -> Iterator[None]:
    token = _context.set(AuditContext(source=source, address=address))
    try:
        yield
    finally:
        _context.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The stored values of a record's own columns, JSON-ready; secrets are masked."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or getattr(field, "auto_now", False):
            continue  # secrets never; the "updated at" stamp is the entry's own time
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _classification_of(obj: models.Model | None) -> int:
    return Classification.UNCLASSIFIED if obj is None else classification_of(obj)


def _stored_address(address: str | None) -> str | None:
    """The address as the database gives it back (IPv6 compressed and lower case), so the
    hash covers what is stored; None for anything that is not an IP address."""
    if not address:
        return None
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    prepared = AuditEntry._meta.get_field("address").get_prep_value(address)
    return str(prepared) if prepared else None


def _lock_chain() -> None:
    take_turns(_PG_LOCK_KEY)


def record(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    classification: int | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction when there is one."""
    ctx = _context.get()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=getattr(actor, "username", "") or "",
            address=_stored_address(ctx.address),
            source=ctx.source,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            classification=(
                _classification_of(obj) if classification is None else classification
            ),
            changes=json.loads(json.dumps(dict(changes or {}), default=str)),
            prev_hash=last or GENESIS,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
        anchor_after_commit()  # the head, signed, outside the database once this commits
    return entry


def record_created(actor: User | None, objs: Sequence[models.Model]) -> list[AuditEntry]:
    """A CREATE entry for each of `objs` (saved), with its whole snapshot, as
    `records.writes.create` writes one: for records created in bulk (an imported register,
    the demo's thousands of items). The entries are chained in memory, each over the one
    before, under the chain's lock, and inserted together: the chain `record` would have
    written entry for entry (`verify_audit` checks it alike), without a read of the head and
    an insert per record (1,5 ms each)."""
    if not objs:
        return []
    ctx = _context.get()
    now = timezone.now()
    with transaction.atomic():
        _lock_chain()
        previous = (AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True)
                    .first()) or GENESIS
        entries = []
        for obj in objs:
            changes = {k: [None, v] for k, v in snapshot(obj).items()}
            entry = AuditEntry(
                at=now, actor=actor if actor is not None and actor.pk else None,
                actor_name=getattr(actor, "username", "") or "",
                address=_stored_address(ctx.address), source=ctx.source,
                action=AuditAction.CREATE, object_type=obj._meta.label_lower,
                object_id=str(obj.pk), object_repr=str(obj)[:255],
                classification=_classification_of(obj),
                changes=json.loads(json.dumps(changes, default=str)), prev_hash=previous)
            entry.entry_hash = previous = compute_hash(entry)
            entries.append(entry)
        created = AuditEntry.objects.bulk_create(entries)
        anchor_after_commit()
    return created


def record_read(action: str, *, actor: User, obj: models.Model) -> AuditEntry | None:
    """Views, downloads and exports are audited for classified records."""
    if _classification_of(obj) == Classification.UNCLASSIFIED:
        return None
    return record(action, actor=actor, obj=obj)


def record_listing(actor: User, model: type[models.Model], objects: list[Any]) -> None:
    """Listing classified records reads them: one entry names the classified ones shown."""
    if scope_of(model).classification is None or not objects:
        return
    levels = [(obj.pk, classification_of(obj)) for obj in objects]
    classified = [pk for pk, level in levels if level > Classification.UNCLASSIFIED]
    if classified:
        record(AuditAction.LIST, actor=actor, object_type=model._meta.label_lower,
               classification=max(level for _, level in levels), changes={"ids": classified})


def record_change(actor: User | None, obj: models.Model, before: Mapping[str, Any]) -> None:
    changes = diff(before, snapshot(obj))
    if changes:
        record(AuditAction.UPDATE, actor=actor, obj=obj, changes=changes)


