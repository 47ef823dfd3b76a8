"""The core app's home panel: for auditors, the audit log's figures (the last 30 days and the
year), each a link to the entries it counts, and how far the chain is verified. One query for
the figures (`selectors.audit_counts`); the chain is verified from its checkpoint on
(`audit/checkpoint.py`), so the cost follows the entries added since the last look."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cnqp.core.access.roles import AUDITOR
from cnqp.core.audit import checkpoint
from cnqp.core.figures.dashboard import Panel
from cnqp.core.models import AuditEntry
from cnqp.core.resources import audit_log
from cnqp.core.selectors import AUDIT_FIGURES, Window, audit_counts

if TYPE_CHECKING:
    from cnqp.core.models import User


def _labels() -> dict[str, str]:
    return {
        "entries": _("Audit entries"),
        "classified_exports": _("Exports of classified records"),
        "classified_downloads": _("Downloads and prints of classified records"),
        "failed_logins": _("Failed log-ins (password or second factor)"),
        "lockouts": _("Accounts locked after failed log-ins"),
        "probes": _("Codes refused: taken by a hidden record"),
    }


def panels(user: User, year: int) -> list[Panel]:
    if AUDITOR not in user.role_codes or not user.has_perm(audit_log.perm("view")):
        return []
    today = timezone.localdate()
    windows = [Window("days30", today - dt.timedelta(days=29), today),
               Window("year", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    counts = audit_counts(user, windows)
    list_url = reverse(audit_log.url_name("list"))
    labels = _labels()
    rows = [{"key": key, "label": labels[key],
             "cells": [{"value": counts[key, w.key], "url": _link(list_url, query, w)}
                       for w in windows]}
            for key, _q, query in AUDIT_FIGURES]
    return [Panel(key="audit", title=_("Audit figures"), order=1,
                  template="core/panels/audit.html",
                  context={"rows": rows, "year": year, "chain": _chain(user)})]


def _link(list_url: str, query: dict[str, str], window: Window) -> str:
    """The audit log filtered to what a figure counts in a window."""
    dates = {"since": window.since.isoformat(), "until": window.until.isoformat()}
    return f"{list_url}?{urlencode({**query, **dates})}"


def _chain(user: User) -> dict[str, Any]:
    """How far the chain is verified, with the link to the entry named when the user may
    open it (an entry above their clearance does not exist for them)."""
    point = checkpoint.advance()
    head = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    named = point.broken_at or point.entry_id
    visible = bool(named) and audit_log.queryset(user).filter(pk=named).exists()
    return {"intact": point.broken_at is None, "entry_id": named, "problem": point.problem,
            "behind": max(head - point.entry_id, 0) if point.broken_at is None else 0,
            "full_checked_at": point.full_checked_at,
            "url": reverse(audit_log.url_name("detail"), args=[named]) if visible else ""}
