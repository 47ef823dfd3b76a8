"""The technical-documents panel of the home page (core.dashboard's contract): revisions
issued and usage rights granted this year against last year, and the rights about to
expire, each linked to the records it counts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures.dashboard import Figure, Panel
from cnqp.core.models import User
from cnqp.documents.filters import UsageRightFilter
from cnqp.documents.models import UsageRight
from cnqp.documents.report import document_figures


def _url(name: str, **query: Any) -> str:
    return f"{reverse(f'documents:{name}')}?{urlencode(query)}"


def _span(year: int) -> dict[str, str]:
    return {"since": f"01/01/{year}", "until": f"31/12/{year}"}


def _revisions(year: int) -> str:
    span = _span(year)
    return _url("revisions-list", issued_since=span["since"], issued_until=span["until"])


def _rights(year: int) -> str:
    span = _span(year)
    return _url("usage-rights-list", granted_since=span["since"], granted_until=span["until"])


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm("documents.view_documentset"):
        return []
    now = document_figures(user, dt.date(year, 1, 1), dt.date(year, 12, 31))
    before = document_figures(user, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    # The list's own "expiring" filter, so the number and the list are the same records.
    expiring = UsageRightFilter({"expiring": "true"},
                                queryset=scope_queryset(UsageRight.objects.all(), user)).qs
    figures = [
        Figure(key="documents.revisions_issued", label=_("Revisions issued"),
               value=now.revisions_issued, url=_revisions(year),
               previous=before.revisions_issued, previous_url=_revisions(year - 1)),
        Figure(key="documents.rights_granted", label=_("Usage rights granted"),
               value=now.rights_granted, url=_rights(year), previous=before.rights_granted,
               previous_url=_rights(year - 1)),
        Figure(key="documents.rights_expiring",
               label=_("Usage rights expiring within 30 days"), value=expiring.count(),
               url=_url("usage-rights-list", expiring="true")),
    ]
    return [Panel(key="documents", title=_("Technical documents"), order=20,
                  figures=figures)]
