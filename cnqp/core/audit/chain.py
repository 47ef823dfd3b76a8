"""The audit log's hash chain: each entry's `entry_hash` is an HMAC-SHA256 (key `AUDIT_KEY`,
else derived from `SECRET_KEY`) over its content and the previous entry's hash, so an edited,
inserted or deleted entry breaks the chain, and `verify_chain` names it."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings

from cnqp.core.models.audit import AuditEntry

GENESIS = "0" * 64


def _audit_key() -> bytes:
    key = getattr(settings, "AUDIT_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(f"cnqp-audit:{key}".encode()).digest()


def entry_payload(entry: AuditEntry) -> bytes:
    data = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "address": entry.address,
        "source": entry.source,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "classification": int(entry.classification),
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hmac.new(_audit_key(), entry_payload(entry), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    problem: str


def verify_chain(batch_size: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Walk the log in order and report every entry whose hash or link does not hold."""
    walked = walk_chain(batch_size=batch_size)
    return walked.checked, walked.problems


@dataclass(frozen=True)
class Walk:
    checked: int
    problems: list[ChainProblem]
    last_id: int  # the last entry walked (after_id when none)
    last_hash: str


def walk_chain(*, after_id: int = 0, prev_hash: str = GENESIS, limit: int | None = None,
               batch_size: int = 5000, stop_at_first: bool = False) -> Walk:
    """Verify the entries after `after_id`, whose first must link to `prev_hash`, at most
    `limit` of them: the whole chain by default, or the part after a checkpoint."""
    problems: list[ChainProblem] = []
    expected_prev = prev_hash
    checked = 0
    last_id = after_id
    while limit is None or checked < limit:
        size = batch_size if limit is None else min(batch_size, limit - checked)
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:size])
        if not batch:
            break
        for entry in batch:
            checked += 1
            if entry.prev_hash != expected_prev:
                problems.append(ChainProblem(entry.id, "link broken: an entry before it was "
                                                       "deleted, inserted or altered"))
            if not hmac.compare_digest(compute_hash(entry), entry.entry_hash):
                problems.append(ChainProblem(entry.id, "content altered or entry forged"))
            expected_prev = entry.entry_hash
            last_id = entry.id
            if problems and stop_at_first:
                return Walk(checked, problems, last_id, expected_prev)
    return Walk(checked, problems, last_id, expected_prev)
