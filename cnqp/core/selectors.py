"""Reads of the core app: the audit figures of the auditor's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry

if TYPE_CHECKING:
    from cnqp.core.models import User


def classified_q() -> Q:
    return Q(classification__gt=Classification.UNCLASSIFIED)


def lockout_q() -> Q:
    """An account locked by failed log-ins (`accounts.login`): the change of `locked_until`
    from nothing to a time. An administrator's unlock is the change back, not counted."""
    return Q(action=AuditAction.UPDATE, object_type="core.user",
             changes__has_key="locked_until", changes__locked_until__0=None)


# What the auditor's panel counts: (key, filter, the audit list's query for the same entries).
AUDIT_FIGURES: tuple[tuple[str, Q, dict[str, str]], ...] = (
    ("entries", Q(), {}),
    ("classified_exports", Q(action=AuditAction.EXPORT) & classified_q(),
     {"action": AuditAction.EXPORT, "classified": "true"}),
    ("classified_downloads", Q(action=AuditAction.DOWNLOAD) & classified_q(),
     {"action": AuditAction.DOWNLOAD, "classified": "true"}),
    ("failed_logins", Q(action=AuditAction.LOGIN_FAILED), {"action": AuditAction.LOGIN_FAILED}),
    ("lockouts", lockout_q(), {"lockout": "true"}),
    ("probes", Q(action=AuditAction.PROBE), {"action": AuditAction.PROBE}),
)


@dataclass(frozen=True)
class Window:
    key: str  # "days30", "year"
    since: dt.date
    until: dt.date  # both included, local dates (as the audit list's from/to dates)

    def q(self) -> Q:
        # times, not `at__date`, so the index on `at` serves
        return Q(at__gte=_start_of(self.since), at__lt=_start_of(self.until + dt.timedelta(1)))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_counts(user: User, windows: list[Window]) -> dict[tuple[str, str], int]:
    """Each of AUDIT_FIGURES in each window, `(figure, window) -> count`, over the entries the
    user may see, in one query whatever the number of figures and windows."""
    span = Window("", min(w.since for w in windows), max(w.until for w in windows))
    entries = scope_queryset(AuditEntry.objects.all(), user).filter(span.q())
    aggregates: dict[str, Any] = {
        f"{key}__{w.key}": Count("id", filter=q & w.q())
        for key, q, _query in AUDIT_FIGURES for w in windows}
    counted = entries.aggregate(**aggregates)
    return {(key, w.key): counted[f"{key}__{w.key}"] or 0
            for key, _q, _query in AUDIT_FIGURES for w in windows}
