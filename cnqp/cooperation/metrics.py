"""The cooperation figures in the metric registry (core.figures.metrics), computed once by
`figures.cooperation_figures`. docs/cooperation-figures.md says what each counts; each links
to the list of exactly the records it counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.cooperation.choices import EventKind
from cnqp.cooperation.figures import CooperationFigures, cooperation_figures, year_before
from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit

register_source(Source("cooperation", cooperation_figures, CooperationFigures))

AGREEMENTS = _("agreements")
COUNTRIES = _("countries")
ACTIONS = _("actions")
DELEGATIONS = _("delegations")
PEOPLE = _("people")
EVENTS = _("events")
UNITS = _("units")
PRODUCTS = _("products")
CONTRACTS = _("contracts")
VND = _("VND")
BILLION = _("billion VND")


def records_link(slug: str, dates: tuple[str, str] | None, unit_filter: str,
                 filters: dict[str, str] | None = None, previous: bool = False,
                 day: str = "") -> Link:
    """The list `slug` of exactly the records counted: in the period (or the same period a
    year before) by the `dates` filters, or on its last day (`day`: the filter taking it),
    in the unit's subtree, with the figure's own filters. The period ends today at the
    latest, as the figures do."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = period.start, period.end
        if previous:
            start, end = year_before(start), year_before(end)
        end = min(end, timezone.localdate())  # as the figures: nothing planned ahead
        query: dict[str, str] = dict(filters or {})
        if dates is not None:
            query[dates[0]], query[dates[1]] = start.isoformat(), end.isoformat()
        if day:
            query[day] = end.isoformat()
        if unit is not None:
            query[unit_filter] = str(unit.pk)
        return f"{reverse(f'cooperation:{slug}-list')}?{urlencode(query)}"

    return link


SIGNED = ("signed_after", "signed_before")
DONE = ("done_after", "done_before")
STARTED = ("started_after", "started_before")


def _agreements(**kw: Any) -> Link:
    return records_link("agreements", SIGNED, "lead_unit", **kw)


def _delegations(direction: str, **kw: Any) -> Link:
    return records_link("delegations", STARTED, "lead_unit", {"direction": direction}, **kw)


def _events(filters: dict[str, str] | None = None, **kw: Any) -> Link:
    return records_link("exhibitions", STARTED, "lead_unit", filters, **kw)


def _entries(**kw: Any) -> Link:
    return records_link("entries", STARTED, "unit", **kw)


def _contracts(category: str = "", **kw: Any) -> Link:
    return records_link("contracts", SIGNED, "unit", {"category": category} if category
                        else None, **kw)


# field of `Counts`, label, unit of measure, link maker (previous=...), direction, decimals
COUNTS: list[tuple[str, Any, Any, Any, str, int, str]] = [
    ("agreements", _("Cooperation agreements signed"), AGREEMENTS, _agreements, Better.HIGHER,
     0, "cooperation.view_agreement"),
    ("countries", _("Partner countries of the agreements signed"), COUNTRIES, _agreements,
     Better.HIGHER, 0, "cooperation.view_agreement"),
    ("in_force", _("Cooperation agreements in force"), AGREEMENTS,
     lambda **kw: records_link("agreements", None, "lead_unit", day="in_force_on", **kw),
     Better.HIGHER, 0, "cooperation.view_agreement"),
    ("follow_ups_done", _("Follow-up actions done"), ACTIONS,
     lambda **kw: records_link("follow-ups", DONE, "owner_unit", **kw), Better.HIGHER, 0,
     "cooperation.view_followup"),
    ("follow_ups_overdue", _("Follow-up actions overdue"), ACTIONS,
     lambda **kw: records_link("follow-ups", None, "owner_unit", day="overdue", **kw),
     Better.LOWER, 0, "cooperation.view_followup"),
    ("delegations_out", _("Outgoing delegations"), DELEGATIONS,
     lambda **kw: _delegations("outgoing", **kw), Better.HIGHER, 0,
     "cooperation.view_delegation"),
    ("delegations_in", _("Incoming delegations"), DELEGATIONS,
     lambda **kw: _delegations("incoming", **kw), Better.HIGHER, 0,
     "cooperation.view_delegation"),
    ("members_out", _("Members of outgoing delegations"), PEOPLE,
     lambda **kw: _delegations("outgoing", **kw), Better.HIGHER, 0,
     "cooperation.view_delegation"),
    ("members_in", _("Members of incoming delegations"), PEOPLE,
     lambda **kw: _delegations("incoming", **kw), Better.HIGHER, 0,
     "cooperation.view_delegation"),
    ("events", _("Exhibitions, forums and fairs attended"), EVENTS, _events, Better.HIGHER, 0,
     "cooperation.view_exhibition"),
    ("international", _("International exhibitions and fairs attended"), EVENTS,
     lambda **kw: _events({"international": "true"}, **kw), Better.HIGHER, 0,
     "cooperation.view_exhibition"),
    ("domestic", _("Domestic exhibitions and fairs attended"), EVENTS,
     lambda **kw: _events({"international": "false"}, **kw), Better.HIGHER, 0,
     "cooperation.view_exhibition"),
    ("abroad", _("Exhibitions and fairs attended abroad"), EVENTS,
     lambda **kw: _events({"abroad": "true"}, **kw), Better.HIGHER, 0,
     "cooperation.view_exhibition"),
    ("units", _("Units taking part in exhibitions"), UNITS, _entries, Better.HIGHER, 0,
     "cooperation.view_exhibitionentry"),
    ("products", _("Products shown at exhibitions"), PRODUCTS, _entries, Better.HIGHER, 0,
     "cooperation.view_exhibitionentry"),
    ("contracts", _("Export contracts signed"), CONTRACTS, _contracts, Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("defence_contracts", _("Export contracts for defence products"), CONTRACTS,
     lambda **kw: _contracts("defence", **kw), Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("economic_contracts", _("Export contracts for economic products"), CONTRACTS,
     lambda **kw: _contracts("economic", **kw), Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("value", _("Value of the export contracts"), VND, _contracts, Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("defence_value", _("Value of the export contracts for defence products"), VND,
     lambda **kw: _contracts("defence", **kw), Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("economic_value", _("Value of the export contracts for economic products"), VND,
     lambda **kw: _contracts("economic", **kw), Better.HIGHER, 0,
     "cooperation.view_exportcontract"),
    ("value_billion", _("Value of the export contracts, in billions"), BILLION, _contracts,
     Better.HIGHER, 1, "cooperation.view_exportcontract"),
    ("defence_billion", _("Value of the defence export contracts, in billions"), BILLION,
     lambda **kw: _contracts("defence", **kw), Better.HIGHER, 1,
     "cooperation.view_exportcontract"),
    ("economic_billion", _("Value of the economic export contracts, in billions"), BILLION,
     lambda **kw: _contracts("economic", **kw), Better.HIGHER, 1,
     "cooperation.view_exportcontract"),
]

register(
    *(Metric(f"cooperation.{name}", "cooperation", f"now.{name}", label, measure,
             better=better, decimals=decimals, link=link(), permission=permission)
      for name, label, measure, link, better, decimals, permission in COUNTS),
    *(Metric(f"cooperation.previous.{name}", "cooperation", f"previous.{name}",
             format_lazy(_("{figure}, same period a year before"), figure=label), measure,
             better=better, decimals=decimals, link=link(previous=True),
             permission=permission, compared=False)
      for name, label, measure, link, better, decimals, permission in COUNTS),
    *(Metric(f"cooperation.{kind.value}s", "cooperation", f"by_kind.{kind.value}",
             kind.label, EVENTS, link=_events({"kind": kind.value}),
             permission="cooperation.view_exhibition")
      for kind in EventKind),
    *(Metric(f"cooperation.previous.{kind.value}s", "cooperation",
             f"previous_by_kind.{kind.value}",
             format_lazy(_("{figure}, same period a year before"), figure=kind.label), EVENTS,
             link=_events({"kind": kind.value}, previous=True),
             permission="cooperation.view_exhibition", compared=False)
      for kind in EventKind),
    Metric("cooperation.other_international", "cooperation", "other_international",
           _("Other international exhibitions and fairs attended"), EVENTS,
           link=_events({"international": "true"}), permission="cooperation.view_exhibition",
           compared=False),
    Metric("cooperation.value_growth", "cooperation", "value_growth",
           _("Growth of the export contracts' value on the same period a year before"), "%",
           decimals=1, link=_contracts(), permission="cooperation.view_exportcontract",
           compared=False),
    *(Metric(f"cooperation.events.{name}", "cooperation", f"events.*.{name}", label, measure,
             permission="cooperation.view_exhibitionentry", compared=False)
      for name, label, measure in (("units", _("Units taking part, by event"), UNITS),
                                   ("products", _("Products shown, by event"), PRODUCTS))),
    *(Metric(f"cooperation.headline.{name}", "cooperation", f"headline.{name}", label,
             measure, permission="cooperation.view_exhibitionentry", compared=False)
      for name, label, measure in (
          ("units", _("Units taking part in the main international event"), UNITS),
          ("products", _("Products shown at the main international event"), PRODUCTS))),
)
