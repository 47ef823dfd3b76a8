"""The science-and-technology section of the periodic reports.

`research_figures` computes the figures of a period in the database (three aggregate queries)
from the projects and initiatives the reading user may see; `render_section` prints them as
the directorate's reports do: "thực hiện 150 đề tài, nhiệm vụ KHCN các cấp (16 cấp quốc gia,
52 cấp Bộ Quốc phòng, 82 cấp Tổng cục); đã đánh giá, nghiệm thu 32 đề tài, nhiệm vụ và có 28 đề
tài, nhiệm vụ được áp dụng vào sản xuất". Which projects each figure counts is defined once in
`selectors.py` and described in docs/research-figures.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.research import selectors
from cnqp.research.choices import ProjectLevel, RecognitionLevel

SECTION = SectionSpec(key="research", title=gettext_lazy("Science and technology"), order=10)

# The per-level table: figures as columns, in the order of the reports.
TABLE_FIGURES = ("in_execution", "opened", "completed", "accepted", "eligible_o", "o_series",
                 "applied", "overdue")


@dataclass(frozen=True)
class ResearchFigures:
    """The figures of one period as far as one user may see; each project figure also per
    level (`by_level[figure][level]`)."""

    start: dt.date
    end: dt.date
    in_execution: int = 0
    overdue: int = 0
    opened: int = 0
    completed: int = 0
    evaluated: int = 0
    accepted: int = 0
    failed_acceptance: int = 0
    eligible_o: int = 0
    o_series: int = 0
    applied: int = 0
    extended: int = 0
    suspended: int = 0
    cancelled: int = 0
    initiatives: int = 0
    initiative_benefit: int = 0
    by_level: dict[str, dict[str, int]] = field(default_factory=dict)
    initiatives_by_level: dict[str, int] = field(default_factory=dict)
    classification: int = 0  # the highest level among the projects and initiatives counted

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def research_figures(user: User, start: dt.date, end: dt.date,
                     unit: OrgUnit | None = None) -> ResearchFigures:
    """The figures of [start, end] (both days included) that `user` may see, optionally only
    for projects hosted (initiatives made) in `unit`'s subtree."""
    selectors.check_period(start, end)
    projects = selectors.visible_projects(user, unit)
    stages = selectors.stage_counts(projects, start, end)
    steps = selectors.step_counts(projects, start, end)
    counts = {**stages, **steps,
              "classification": max(stages["classification"] or 0,
                                    steps["classification"] or 0)}
    initiatives = selectors.visible_initiatives(user, unit).filter(
        year__gte=start.year, year__lte=end.year)
    init = initiatives.aggregate(
        n=Count("pk"), benefit=Sum("benefit"), max_level=Max("classification"),
        **{level.value: Count("pk", filter=Q(recognition_level=level.value))
           for level in RecognitionLevel})
    return ResearchFigures(
        start=start, end=end,
        **{name: counts[name] for name in selectors.FIGURES},
        initiatives=init["n"], initiative_benefit=init["benefit"] or 0,
        by_level={name: {level: counts[f"{name}__{level}"] for level in selectors.LEVELS}
                  for name in selectors.FIGURES},
        initiatives_by_level={level.value: init[level.value] for level in RecognitionLevel},
        classification=max(counts["classification"] or 0, init["max_level"] or 0),
    )


# --- the text ----------------------------------------------------------------------------------

LEVEL_PHRASES = {
    ProjectLevel.NATIONAL: gettext_lazy("%(count)s national-level"),
    ProjectLevel.MINISTRY: gettext_lazy("%(count)s Ministry of Defence-level"),
    ProjectLevel.DIRECTORATE: gettext_lazy("%(count)s directorate-level"),
    ProjectLevel.GRASSROOTS: gettext_lazy("%(count)s grassroots-level"),
}
FIGURE_LABELS = {
    "in_execution": gettext_lazy("In execution"),
    "overdue": gettext_lazy("Overdue"),
    "opened": gettext_lazy("Newly opened"),
    "completed": gettext_lazy("Completed"),
    "evaluated": gettext_lazy("Evaluated"),
    "accepted": gettext_lazy("Accepted"),
    "failed_acceptance": gettext_lazy("Failed acceptance"),
    "eligible_o": gettext_lazy("Eligible for O-series"),
    "o_series": gettext_lazy("O-series produced"),
    "applied": gettext_lazy("Applied to production"),
    "extended": gettext_lazy("Extended"),
    "suspended": gettext_lazy("Suspended"),
    "cancelled": gettext_lazy("Cancelled"),
}


def _level_breakdown(per_level: dict[str, int]) -> str:
    """"16 cấp quốc gia, 52 cấp Bộ Quốc phòng, 82 cấp Tổng cục": levels with none left out."""
    return ", ".join(str(LEVEL_PHRASES[ProjectLevel(level)]) % {"count": format_number(n)}
                     for level, n in per_level.items() if n)


def _headline(figures: ResearchFigures) -> str:
    """The year's work in the articles' words, each clause only when its figure is not zero
    (a person writes "hoàn thành 30 đề tài", never "0 đề tài đủ điều kiện ... 0 sản phẩm")."""
    n = format_number
    if not figures.in_execution:
        return _("No S&T research topic or task was in execution in the period.")
    levels = _level_breakdown(figures.by_level["in_execution"])
    clauses = [_("Carried out %(total)s S&T research topics and tasks at all levels%(levels)s")
               % {"total": n(figures.in_execution),
                  "levels": f" ({levels})" if levels else ""}]
    if figures.opened:
        clauses[0] += _(", of which %(opened)s newly opened") % {"opened": n(figures.opened)}
    if figures.completed:
        clauses.append(pgettext("research", "completed %(completed)s")
                       % {"completed": n(figures.completed)})
    if figures.accepted:
        accepted = _("evaluated and accepted %(accepted)s topics and tasks") % {
            "accepted": n(figures.accepted)}
        o_series = [text % {"count": n(count)} for text, count in (
            (_("%(count)s eligible for O-series production"), figures.eligible_o),
            (_("%(count)s products made in O-series"), figures.o_series)) if count]
        if o_series:
            accepted += pgettext("research", ", of which %(parts)s") % {
                "parts": pgettext("research", " and ").join(o_series)}
        clauses.append(accepted)
    if figures.applied:
        clauses.append(_("%(applied)s topics and tasks were applied to production")
                       % {"applied": n(figures.applied)})
    return "; ".join(clauses) + "."


def _detail(figures: ResearchFigures) -> str:
    """What went wrong or changed course in the period; "none" said once, not as zeros."""
    n = format_number
    period = _("In the period from %(start)s to %(end)s") % {
        "start": format_date(figures.start), "end": format_date(figures.end)}
    clauses = [text % {"count": n(count)} for text, count in (
        (_("%(count)s projects in execution past their end date at the end of the period"),
         figures.overdue),
        (pgettext("research", "%(count)s extended"), figures.extended),
        (pgettext("research", "%(count)s suspended"), figures.suspended),
        (pgettext("research", "%(count)s cancelled"), figures.cancelled),
        (_("%(count)s failed their acceptance and went back to rework"),
         figures.failed_acceptance)) if count]
    if not clauses:
        return _("%(period)s: no project overdue, extended, suspended, cancelled or failing "
                 "its acceptance.") % {"period": period}
    return f"{period}: {'; '.join(clauses)}."


def render_section(figures: ResearchFigures) -> ReportSection:
    """The section in the active language, in the phrasing of the directorate's reports."""
    n = format_number
    headline = _headline(figures)
    detail = _detail(figures)
    initiatives = _(
        "%(count)s technical improvement initiatives were recognised, with a benefit of "
        "%(benefit)s VND.") % {"count": n(figures.initiatives),
                              "benefit": n(figures.initiative_benefit)} \
        if figures.initiatives else _("No technical improvement initiative was recognised in "
                                      "the period.")

    rows: list[list[str | int]] = [
        [str(ProjectLevel(level).label), *(figures.by_level[f][level] for f in TABLE_FIGURES)]
        for level in selectors.LEVELS]
    rows.append([_("Total"), *(getattr(figures, f) for f in TABLE_FIGURES)])
    init_rows: list[list[str | int]] = [
        [str(RecognitionLevel(level).label), count]
        for level, count in figures.initiatives_by_level.items()]
    init_rows.append([_("Total"), figures.initiatives])
    return ReportSection(
        title=_("Science and technology"),
        paragraphs=[headline, detail, initiatives],
        tables=[
            ReportTable(title=_("Research topics and tasks by level"),
                        columns=[_("Level"), *(str(FIGURE_LABELS[f]) for f in TABLE_FIGURES)],
                        rows=rows),
            ReportTable(title=_("Initiatives by recognition level"),
                        columns=[_("Recognition level"), _("Initiatives")], rows=init_rows),
        ],
    )


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section of a periodic report (core.reporting's contract), marked with the highest
    level among the projects and initiatives its figures count."""
    figures: ResearchFigures = metrics.read("research", user, period, unit)
    section = render_section(figures)
    level = figures.classification
    shown = ("in_execution", "opened", "completed", "accepted", "applied")
    chart = ReportChart(
        title=_("Research topics and tasks by level"), kind="bar",
        categories=[str(FIGURE_LABELS[f]) for f in shown],
        series=[(str(ProjectLevel(level_code).label),
                 [figures.by_level[f][level_code] for f in shown])
                for level_code in selectors.LEVELS
                if any(figures.by_level[f][level_code] for f in shown)])
    return replace(section, key=SECTION.key, classification=level, charts=[chart],
                   tables=[replace(t, classification=level) for t in section.tables])
