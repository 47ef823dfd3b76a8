"""The technical-documents figures in the metric registry (core.figures.metrics): every number
the section of the periodic reports and the home page's panel print, computed once by
`report.document_figures` (definitions: its docstring and docs/documents-figures.md).

A figure links to the list of exactly the records it counts when the pages have one: the
revisions issued in the period, the rights granted in it (by purpose too), the rights the
lists flag "expiring" today. The sets first issued, amended or re-issued and the rights
revoked or expiring on a past day have no such list yet (the lists filter neither by figure
nor by an owner's subtree), so they carry no link rather than one to more records than they
count; the same holds for a unit the lists cannot narrow to."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.metrics import (
    META_FIELDS,
    Better,
    Link,
    Metric,
    Source,
    register,
    register_source,
)
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date
from cnqp.core.units import PRODUCING_KINDS
from cnqp.documents.choices import DocumentKind, Purpose
from cnqp.documents.report import DocumentFigures, document_figures, expiry_day


def _compute(user: User, period: ReportPeriod, unit: OrgUnit | None) -> DocumentFigures:
    return document_figures(user, period.start, period.end, unit)


# The expiry window describes rights_expiring (the text prints it), it counts nothing.
register_source(Source("documents", _compute, DocumentFigures,
                       meta=META_FIELDS | {"expiry_window_days"}))


# --- links ------------------------------------------------------------------------------------


def _list(name: str, query: dict[str, str]) -> str:
    return f"{reverse(f'documents:{name}')}?{urlencode(query)}"


def _holder(unit: OrgUnit | None) -> dict[str, str] | None:
    """The rights list's filter for the rights held in `unit`'s subtree: none for the whole
    (no unit, or the root), the enterprise for an enterprise or institute (the only units that
    hold rights); None when the list cannot narrow to the unit."""
    if unit is None or unit.parent_id is None:
        return {}
    return {"enterprise": str(unit.pk)} if unit.kind in PRODUCING_KINDS else None


def _revisions_issued(period: ReportPeriod, unit: OrgUnit | None) -> str:
    if unit is not None and unit.parent_id is not None:
        return ""  # the revisions list has no owner filter
    return _list("revisions-list", {"issued_since": format_date(period.start),
                                    "issued_until": format_date(period.end)})


def _rights_granted(purpose: str = "") -> Link:
    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        holder = _holder(unit)
        if holder is None:
            return ""
        query = {"granted_since": format_date(period.start),
                 "granted_until": format_date(period.end), **holder}
        return _list("usage-rights-list", {**query, "purpose": purpose} if purpose else query)

    return link


def _rights_expiring(purpose: str = "") -> Link:
    """The list's own "expiring" flag is about today: the link of a period that is running."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        holder = _holder(unit)
        if holder is None or expiry_day(period.start, period.end) != timezone.localdate():
            return ""
        query = {"expiring": "true", **holder}
        return _list("usage-rights-list", {**query, "purpose": purpose} if purpose else query)

    return link


def _right_link(name: str, purpose: str = "") -> Link | None:
    if name == "granted":
        return _rights_granted(purpose)
    if name == "expiring":
        return _rights_expiring(purpose)
    return None  # revoked: the list filters no revocation date


# --- the metrics ------------------------------------------------------------------------------

REVISIONS = "documents.view_revision"
RIGHTS = "documents.view_usageright"
SETS = _("document sets")  # the model's plural: "bộ tài liệu"

SET_LABELS = {
    "first_issued": _("Document sets issued for the first time"),
    "amended": _("Document sets amended"),
    "reissued": _("Document sets re-issued"),
}
RIGHT_LABELS = {
    "granted": _("Usage rights granted"),
    "expiring": _("Usage rights expiring within 30 days"),
    "revoked": _("Usage rights revoked"),
}
RIGHT_BETTER = {"granted": Better.HIGHER, "expiring": Better.LOWER, "revoked": Better.LOWER}

register(
    *(Metric(f"documents.{name}", "documents", name, label, SETS, permission=REVISIONS)
      for name, label in SET_LABELS.items()),
    Metric("documents.design_amended_or_reissued", "documents", "design_amended_or_reissued",
           _("Design sets (TLTK) amended or re-issued"), _("design sets (TLTK)"),
           permission=REVISIONS),
    Metric("documents.revisions_issued", "documents", "revisions_issued",
           _("Revisions issued"), _("revisions"), link=_revisions_issued,
           permission=REVISIONS),
    *(Metric(f"documents.rights_{name}", "documents", f"rights_{name}", label,
             _("usage rights"), better=RIGHT_BETTER[name], link=_right_link(name),
             permission=RIGHTS)
      for name, label in RIGHT_LABELS.items()),
    # Details by kind of set and by purpose: the tables' rows, not compared year on year.
    *(Metric(f"documents.{name}.{kind.value}", "documents", f"by_kind.{kind.value}.{name}",
             format_lazy("{}, {}", label, kind.label), SETS, permission=REVISIONS,
             compared=False)
      for name, label in SET_LABELS.items() for kind in DocumentKind),
    *(Metric(f"documents.rights_{name}.{purpose.value}", "documents",
             f"rights_by_purpose.{purpose.value}.{name}",
             format_lazy("{}, {}", label, purpose.label), _("usage rights"),
             better=RIGHT_BETTER[name],
             link=_right_link(name, purpose.value),
             permission=RIGHTS, compared=False)
      for name, label in RIGHT_LABELS.items() for purpose in Purpose),
)
