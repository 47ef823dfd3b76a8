"""The legal work figures in the metric registry (core.figures.metrics), computed once by
`figures.legal_figures`. docs/legal-figures.md says what each counts; each links to the list
of exactly the records it counts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.legal.choices import DocumentKind
from cnqp.legal.figures import LegalFigures, legal_figures
from cnqp.legal.selectors import year_before

register_source(Source("legal", legal_figures, LegalFigures))

DRAFTS_PERMISSION = "legal.view_legaldraft"
ROUNDS_PERMISSION = "legal.view_consultationround"
REGISTER_PERMISSION = "legal.view_legalinstrument"
DOCUMENTS = _("documents")
ROUNDS = pgettext_lazy("legal", "rounds")


def _period(period: ReportPeriod, previous: bool) -> tuple[dt.date, dt.date]:
    if previous:
        return year_before(period.start), year_before(period.end)
    return period.start, period.end


def _url(name: str, query: dict[str, str], unit: OrgUnit | None, unit_param: str) -> str:
    if unit is not None:
        query[unit_param] = str(unit.pk)
    return f"{reverse(name)}?{urlencode(query)}"


def drafts_link(what: str, previous: bool = False, **filters: str) -> Link:
    """The drafts list of exactly the drafts counted: in progress, started, issued or overdue
    in the period (or the same period a year before), in the unit's subtree."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = _period(period, previous)
        query: dict[str, str]
        if what == "in_progress":
            query = {"active_from": start.isoformat(), "active_to": end.isoformat()}
        elif what == "overdue":
            query = {"overdue_on": min(end, timezone.localdate()).isoformat()}
        else:  # "started", "issued"
            query = {f"{what}_from": start.isoformat(), f"{what}_to": end.isoformat()}
        return _url("legal:drafts-list", {**query, **filters}, unit, "lead_unit")

    return link


def rounds_link(previous: bool = False) -> Link:
    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = _period(period, previous)
        return _url("legal:rounds-list", {"sent_from": start.isoformat(),
                                          "sent_to": end.isoformat()}, unit, "lead_unit")

    return link


def register_link(what: str, previous: bool = False) -> Link:
    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = _period(period, previous)
        query = {"in_force": {"in_force_on": end.isoformat()},
                 "due_for_review": {"in_force_on": end.isoformat(),
                                    "review_due_by": end.isoformat()},
                 "instruments_issued": {"issued_from": start.isoformat(),
                                        "issued_to": end.isoformat()}}[what]
        return _url("legal:instruments-list", dict(query), unit, "unit")

    return link


# field of `Counts`, label, measure, direction, link factory, permission
COUNTS: list[tuple[str, Any, Any, str, Any, str]] = [
    ("in_progress", _("Legal documents in drafting"), DOCUMENTS, Better.HIGHER,
     lambda p: drafts_link("in_progress", p), DRAFTS_PERMISSION),
    ("started", _("Legal documents whose drafting started"), DOCUMENTS, Better.HIGHER,
     lambda p: drafts_link("started", p), DRAFTS_PERMISSION),
    ("issued", _("Legal documents issued"), DOCUMENTS, Better.HIGHER,
     lambda p: drafts_link("issued", p), DRAFTS_PERMISSION),
    ("with_deadline", _("Legal documents issued that had a deadline"), DOCUMENTS,
     Better.HIGHER, lambda p: drafts_link("issued", p, has_deadline="true"),
     DRAFTS_PERMISSION),
    ("on_time", _("Legal documents issued on time"), DOCUMENTS, Better.HIGHER,
     lambda p: drafts_link("issued", p, timeliness="on_time"), DRAFTS_PERMISSION),
    ("late", _("Legal documents issued late"), DOCUMENTS, Better.LOWER,
     lambda p: drafts_link("issued", p, timeliness="late"), DRAFTS_PERMISSION),
    ("overdue", _("Legal documents overdue"), DOCUMENTS, Better.LOWER,
     lambda p: drafts_link("overdue", p), DRAFTS_PERMISSION),
    ("rounds", _("Consultation rounds held"), ROUNDS, Better.HIGHER,
     lambda p: rounds_link(p), ROUNDS_PERMISSION),
    ("in_force", _("Legal instruments in force"), DOCUMENTS, Better.HIGHER,
     lambda p: register_link("in_force", p), REGISTER_PERMISSION),
    ("due_for_review", _("Legal instruments due for review"), DOCUMENTS, Better.LOWER,
     lambda p: register_link("due_for_review", p), REGISTER_PERMISSION),
    ("instruments_issued", _("Legal instruments issued"), DOCUMENTS, Better.HIGHER,
     lambda p: register_link("instruments_issued", p), REGISTER_PERMISSION),
]

register(
    *(Metric(f"legal.{name}", "legal", f"now.{name}", label, measure, better=better,
             link=link(False), permission=permission)
      for name, label, measure, better, link, permission in COUNTS),
    *(Metric(f"legal.previous.{name}", "legal", f"previous.{name}",
             format_lazy(_("{figure}, same period a year before"), figure=label), measure,
             better=better, link=link(True), permission=permission, compared=False)
      for name, label, measure, better, link, permission in COUNTS),
    *(Metric(f"legal.in_progress.{kind.value}", "legal", f"in_progress_by_kind.{kind.value}",
             format_lazy(_("{kind} in drafting"), kind=kind.label), DOCUMENTS,
             link=drafts_link("in_progress", kind=kind.value), permission=DRAFTS_PERMISSION,
             compared=False)
      for kind in DocumentKind),
    *(Metric(f"legal.issued.{kind.value}", "legal", f"issued_by_kind.{kind.value}",
             format_lazy(_("{kind} issued"), kind=kind.label), DOCUMENTS,
             link=drafts_link("issued", kind=kind.value), permission=DRAFTS_PERMISSION,
             compared=False)
      for kind in DocumentKind),
    Metric("legal.previous_in_progress_by_kind", "legal", "previous_in_progress_by_kind.*",
           _("Legal documents in drafting by kind, same period a year before"), DOCUMENTS,
           permission=DRAFTS_PERMISSION, compared=False),
    Metric("legal.previous_issued_by_kind", "legal", "previous_issued_by_kind.*",
           _("Legal documents issued by kind, same period a year before"), DOCUMENTS,
           permission=DRAFTS_PERMISSION, compared=False),
    Metric("legal.started_by_kind", "legal", "started.*.count",
           _("Legal documents whose drafting started, by kind"), DOCUMENTS,
           permission=DRAFTS_PERMISSION, compared=False),
)
