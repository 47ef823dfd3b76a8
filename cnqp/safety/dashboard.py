"""The production-safety panel of the home page (core.figures.dashboard's contract): the year's
incidents, the resolution's zero targets (no especially serious incident; no serious one in
production, nor in research and prototyping), assets overdue for inspection and findings
still open at the year's end, each against last year and linked to exactly the records it
counts (figures.figure_records); a chart of the year's incidents by activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from cnqp.core.figures.dashboard import Chart, Figure, Panel, Target
from cnqp.core.figures.reporting import ReportChart
from cnqp.core.models import User
from cnqp.quality.selectors import Period
from cnqp.safety.choices import Activity
from cnqp.safety.figures import figure_link, figure_records

# Whose target: "không để xảy ra cháy nổ và tai nạn lao động nghiêm trọng trong sản xuất và
# nghiên cứu chế thử", "không có vụ việc mất an toàn đặc biệt nghiêm trọng".
RESOLUTION = "Nghị quyết 195-NQ/ĐU"


def _period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _shown(user: User) -> list[tuple[str, str, str, dict[str, Any], bool]]:
    """(key, label, figure, narrowing, zero target) of the figures the user may read."""
    shown: list[tuple[str, str, str, dict[str, Any], bool]] = []
    if user.has_perm("safety.view_incident"):
        shown += [
            ("incidents", _("Incidents"), "incidents", {}, False),
            ("especially_serious", _("Especially serious incidents"), "especially_serious",
             {}, True),
            ("serious_production", _("Serious incidents in production"), "serious",
             {"activity": Activity.PRODUCTION.value}, True),
            ("serious_research", _("Serious incidents in research and prototyping"),
             "serious", {"activity": Activity.RESEARCH.value}, True),
        ]
    if user.has_perm("safety.view_safetyasset"):
        shown.append(("assets_overdue", _("Assets overdue for inspection at the year's end"),
                      "assets_overdue", {}, False))
    if user.has_perm("safety.view_finding"):
        shown += [
            ("findings_open", _("Findings still open at the year's end"), "findings_open", {},
             False),
            ("findings_first_found", _("Findings of the general reviews still open"),
             "findings_first_found", {}, False),
        ]
    return shown


def _figure(user: User, year: int, key: str, label: str, figure: str,
            narrow: dict[str, Any], zero: bool) -> Figure:
    now, before = _period(year), _period(year - 1)
    return Figure(
        key=f"safety.{key}", label=label,
        value=figure_records(user, figure, now, **narrow).count(),
        url=figure_link(figure, now, **narrow),
        previous=figure_records(user, figure, before, **narrow).count(),
        previous_url=figure_link(figure, before, **narrow),
        target=Target(0, RESOLUTION) if zero else None)


def _by_activity(user: User, year: int) -> Chart:
    period = _period(year)
    counts = dict(figure_records(user, "incidents", period).order_by().values("activity")
                  .annotate(n=Count("pk")).values_list("activity", "n"))
    activities = [a for a in Activity if counts.get(a.value)]
    return Chart(
        ReportChart(title=_("Incidents of %(year)s by activity") % {"year": year}, kind="bar",
                    categories=[str(a.label) for a in activities],
                    series=[(_("Incidents"), [counts[a.value] for a in activities])]),
        links=[[figure_link("incidents", period, activity=a.value) for a in activities]])


def panels(user: User, year: int) -> list[Panel]:
    shown = _shown(user)
    if not shown:
        return []
    charts = [_by_activity(user, year)] if user.has_perm("safety.view_incident") else []
    return [Panel(key="safety", title=_("Safety in production"), order=45,
                  figures=[_figure(user, year, *entry) for entry in shown], charts=charts)]
