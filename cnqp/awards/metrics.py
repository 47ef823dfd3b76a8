"""The emulation and awards figures in the metric registry (core.figures.metrics), computed
once by `figures.award_figures`. docs/awards-figures.md says what each counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.awards.choices import Recipient
from cnqp.awards.figures import AwardFigures, award_figures, year_before
from cnqp.core.figures.metrics import Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit

register_source(Source("awards", award_figures, AwardFigures))

PERMISSION = "awards.view_award"
AWARDS = _("awards")
MOVEMENTS = _("movements")


def awards_link(filters: dict[str, str] | None = None, previous: bool = False) -> Link:
    """The awards list of exactly the awards counted: decided in the period (or the same
    period a year before), to the unit's subtree, with the figure's own filter."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        start, end = period.start, period.end
        if previous:
            start, end = year_before(start), year_before(end)
        query = {"decided_after": start.isoformat(), "decided_before": end.isoformat(),
                 **(filters or {})}
        if unit is not None:
            query["unit"] = str(unit.pk)
        return f"{reverse('awards:awards-list')}?{urlencode(query)}"

    return link


def movements_link(period: ReportPeriod, unit: OrgUnit | None) -> str:
    query = {"active_on": period.end.isoformat()}
    if unit is not None:
        query["launching_unit"] = str(unit.pk)
    return f"{reverse('awards:movements-list')}?{urlencode(query)}"


# field of `Counts`, label, the list's filter
COUNTS: list[tuple[str, Any, dict[str, str]]] = [
    ("awards", _("Awards conferred"), {}),
    ("collective", _("Awards to collectives"), {"recipient": Recipient.COLLECTIVE}),
    ("individual", _("Awards to individuals"), {"recipient": Recipient.INDIVIDUAL}),
    ("titles", _("Emulation titles conferred"), {"category": "title"}),
    ("commendations", _("Forms of commendation conferred"), {"category": "commendation"}),
]

register(
    *(Metric(f"awards.{name}", "awards", f"now.{name}", label, AWARDS,
             link=awards_link(filters), permission=PERMISSION)
      for name, label, filters in COUNTS),
    *(Metric(f"awards.previous.{name}", "awards", f"previous.{name}",
             format_lazy(_("{figure}, same period a year before"), figure=label), AWARDS,
             link=awards_link(filters, previous=True), permission=PERMISSION,
             compared=False)
      for name, label, filters in COUNTS),
    Metric("awards.of_previous", "awards", "of_previous",
           _("Awards against the same period a year before"), "%", decimals=1,
           link=awards_link(), permission=PERMISSION, compared=False),
    Metric("awards.by_level", "awards", "by_level.*", _("Awards by level"), AWARDS,
           permission=PERMISSION, compared=False),
    Metric("awards.previous_by_level", "awards", "previous_by_level.*",
           _("Awards by level, same period a year before"), AWARDS, permission=PERMISSION,
           compared=False),
    *(Metric(f"awards.by_{rows}.{name}", "awards", f"by_{rows}.*.{name}", label, AWARDS,
             permission=PERMISSION, compared=False)
      for rows in ("title", "unit")
      for name, label in (("awards", _("Awards conferred")),
                          ("collective", _("Awards to collectives")),
                          ("individual", _("Awards to individuals")),
                          ("previous", _("Awards, same period a year before")))),
    Metric("awards.movements_active", "awards", "movements_active",
           _("Emulation movements under way"), MOVEMENTS, link=movements_link,
           permission="awards.view_movement"),
    Metric("awards.movements_launched", "awards", "movements_launched",
           _("Emulation movements launched in the period"), MOVEMENTS, link=movements_link,
           permission="awards.view_movement"),
)
