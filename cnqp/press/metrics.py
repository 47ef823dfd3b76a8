"""The press figures in the metric registry (core.figures.metrics), computed once by
`figures.press_figures`: the items of the period in total and by kind, the same period a year
before, how many times as many, by unit and by outlet. docs/press-figures.md says what each
counts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.metrics import Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.press.choices import PressKind
from cnqp.press.figures import PressFigures, press_figures
from cnqp.press.selectors import year_before

register_source(Source("press", press_figures, PressFigures))

PERMISSION = "press.view_pressitem"
ITEMS = _("items")


def items_url(start: dt.date, end: dt.date, unit: OrgUnit | None = None,
              kind: str = "") -> str:
    """The items list showing exactly the items published from `start` to `end` (about
    `unit`'s subtree, of `kind`)."""
    query = {"published_from": start.isoformat(), "published_to": end.isoformat()}
    if unit is not None:
        query["subject_unit"] = str(unit.pk)
    if kind:
        query["kind"] = kind
    return f"{reverse('press:items-list')}?{urlencode(query)}"


def items_link(kind: str = "", previous: bool = False) -> Link:
    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = period.start, period.end
        if previous:
            start, end = year_before(start), year_before(end)
        return items_url(start, end, unit, kind)

    return link


register(
    Metric("press.items", "press", "total", _("Press items"), ITEMS, link=items_link(),
           permission=PERMISSION),
    Metric("press.items_floor", "press", "total_floor",
           _("Press items, the round number they exceed"), ITEMS, link=items_link(),
           permission=PERMISSION, compared=False),
    Metric("press.previous.items", "press", "previous_total",
           _("Press items, same period a year before"), ITEMS,
           link=items_link(previous=True), permission=PERMISSION, compared=False),
    Metric("press.times", "press", "ratio",
           _("Press items against the same period a year before"), _("times"), decimals=1,
           link=items_link(), permission=PERMISSION, compared=False),
    *(Metric(f"press.{kind.value}", "press", f"by_kind.{kind.value}", kind.label, ITEMS,
             link=items_link(kind.value), permission=PERMISSION)
      for kind in PressKind),
    *(Metric(f"press.previous.{kind.value}", "press", f"previous_by_kind.{kind.value}",
             format_lazy(_("{figure}, same period a year before"), figure=kind.label), ITEMS,
             link=items_link(kind.value, previous=True), permission=PERMISSION,
             compared=False)
      for kind in PressKind),
    Metric("press.by_unit.items", "press", "by_unit.*.total", _("Press items by unit"),
           ITEMS, permission=PERMISSION, compared=False),
    Metric("press.by_unit.previous", "press", "by_unit.*.previous",
           _("Press items by unit, same period a year before"), ITEMS,
           permission=PERMISSION, compared=False),
    Metric("press.by_outlet.items", "press", "by_outlet.*.total", _("Press items by outlet"),
           ITEMS, permission=PERMISSION, compared=False),
)
