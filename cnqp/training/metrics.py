"""The training figures in the metric registry (core.figures.metrics), computed once by
`figures.training_figures`: the courses held (the safety module's sessions among them, as the
safety kind), their participants, those who passed and the pass rate, by kind, by organising
unit and by participating unit, against the same period a year before.
docs/training-figures.md says what each counts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.figures.metrics import Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.safety.filters import SessionFilter
from cnqp.training.choices import SAFETY, FigureKind
from cnqp.training.figures import TrainingFigures, training_figures, year_before

register_source(Source("training", training_figures, TrainingFigures))

PERMISSION = "training.view_trainingcourse"
COURSES = pgettext_lazy("training", "classes")
PEOPLE = pgettext_lazy("training", "people")


def safety_query(start: dt.date, end: dt.date, unit: OrgUnit | None) -> dict[str, str]:
    """The safety sessions list's filter for a period: its start dates when the list can
    filter by them (`started_from`/`started_to`), else the period's year; a period over two
    years then opens every year (the sessions of the period are among them)."""
    query: dict[str, str] = {}
    if {"started_from", "started_to"} <= set(SessionFilter.base_filters):
        query = {"started_from": start.isoformat(), "started_to": end.isoformat()}
    elif start.year == end.year:
        query = {"year": str(end.year)}
    if unit is not None:
        query["unit"] = str(unit.pk)
    return query


def courses_link(kind: str = "", previous: bool = False) -> Link:
    """The list of what a figure counts: the courses started in the period (or the same period
    a year before), organised in the unit's subtree, of the kind; for the safety kind, the
    safety module's training sessions (`safety_query`). A figure of every kind (the totals)
    links to the courses only: the safety sessions it includes are behind the safety kind's
    link (docs/training-figures.md)."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = period.start, period.end
        if previous:
            start, end = year_before(start), year_before(end)
        if kind == SAFETY:
            query = safety_query(start, end, unit)
            return f"{reverse('safety:sessions-list')}{'?' if query else ''}{urlencode(query)}"
        query = {"started_from": start.isoformat(), "started_to": end.isoformat()}
        if kind:
            query["kind"] = kind
        if unit is not None:
            query["organiser"] = str(unit.pk)
        return f"{reverse('training:courses-list')}?{urlencode(query)}"

    return link


def _before(label: Any) -> Any:
    return format_lazy(_("{figure}, same period a year before"), figure=label)


# field of `Counts`, label, unit of measure
COUNTS: list[tuple[str, Any, Any]] = [
    ("courses", _("Training courses held"), COURSES),
    ("participants", _("Training participants"), PEOPLE),
    ("assessed", _("Training participants assessed"), PEOPLE),
    ("passed", _("Training participants who passed"), PEOPLE),
]
ROW_FIELDS: list[tuple[str, Any, Any]] = [
    ("courses", _("Training courses held"), COURSES),
    ("participants", _("Training participants"), PEOPLE),
    ("passed", _("Training participants who passed"), PEOPLE),
    ("previous_courses", _before(_("Training courses held")), COURSES),
    ("previous_participants", _before(_("Training participants")), PEOPLE),
]

register(
    *(Metric(f"training.{name}", "training", f"now.{name}", label, measure,
             link=courses_link(), permission=PERMISSION)
      for name, label, measure in COUNTS),
    *(Metric(f"training.previous.{name}", "training", f"previous.{name}", _before(label),
             measure, link=courses_link(previous=True), permission=PERMISSION, compared=False)
      for name, label, measure in COUNTS),
    Metric("training.pass_rate", "training", "pass_rate", _("Training pass rate"), "%",
           decimals=1, link=courses_link(), permission=PERMISSION),
    Metric("training.previous.pass_rate", "training", "previous_pass_rate",
           _before(_("Training pass rate")), "%", decimals=1,
           link=courses_link(previous=True), permission=PERMISSION, compared=False),
    *(Metric(f"training.kind.{kind.value}", "training", f"by_kind.{kind.value}.courses",
             format_lazy(_("Training courses: {kind}"), kind=kind.label), COURSES,
             link=courses_link(kind.value), permission=PERMISSION)
      for kind in FigureKind),
    *(Metric(f"training.by_kind.{name}", "training", f"by_kind.*.{name}",
             format_lazy(_("{figure} by kind"), figure=label), measure,
             permission=PERMISSION, compared=False)
      for name, label, measure in ROW_FIELDS),
    *(Metric(f"training.{rows}.{name}", "training", f"{rows}.*.{name}",
             format_lazy(title, figure=label), measure, permission=PERMISSION, compared=False)
      for rows, title in (("by_organiser", _("{figure} by organising unit")),
                          ("by_participant_unit", _("{figure} by participating unit")))
      for name, label, measure in ROW_FIELDS if name != "passed"),
    Metric("training.highlights.participants", "training", "highlights.*.participants",
           _("Participants of the most attended courses"), PEOPLE, permission=PERMISSION,
           compared=False),
)
