"""The technical-documents panel of the home page (core.dashboard's contract): revisions
issued and usage rights granted this year against last year, and the rights about to expire
(today, against the end of last year), each linked to the records it counts; every number
read from the metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cnqp.core.figures.dashboard import Panel, metric_figures
from cnqp.core.models import User

SHOWN = ("documents.revisions_issued", "documents.rights_granted",
         "documents.rights_expiring")


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm("documents.view_documentset"):
        return []
    return [Panel(key="documents", title=_("Technical documents"), order=20,
                  figures=metric_figures(user, year, SHOWN))]
