"""The periodic reports' section on press coverage, in the articles' phrasing: "Năm 2023, toàn
Tổng cục có hơn 1.000 bài viết, phóng sự, phim tài liệu và tin tuyên truyền về hoạt động của
Tổng cục, gấp 1,8 lần so với năm 2022".

Every number is read from the metric registry (metrics.py, the source "press"): the total and
the round number it exceeds, the kinds, the year before and the ratio are fields of the
source's result; this module only words them. "toàn Tổng cục" is said only of the whole
directorate's figures (no unit asked for, a reader who sees every unit); a period without
items says so in words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from cnqp.press.choices import PressKind
from cnqp.press.figures import PressFigures

SECTION = SectionSpec(key="press", title=gettext_lazy("Press and information work"),
                      order=75)


def whose_figures(user: User, unit: OrgUnit | None) -> tuple[str, bool]:
    """Whose figures a sentence names, and whether they are the whole directorate's (no unit
    asked for, a reader who sees every unit); else the unit reported on, or the reader's."""
    if unit is None and user.sees_all_units:
        return _("the whole directorate"), True
    named = unit or user.org_unit
    return (named.name if named is not None else _("the units you may see")), False


def _annual(period: ReportPeriod) -> bool:
    return (period.start.month, period.start.day, period.end.month, period.end.day) == (
        1, 1, 12, 31) and period.start.year == period.end.year


def _when(period: ReportPeriod) -> tuple[str, str]:
    """When, as a sentence starts ("Năm 2023"), and the period a year before."""
    if _annual(period):
        return (_("In %(year)s") % {"year": period.end.year},
                _("year %(year)s") % {"year": period.end.year - 1})
    return (_("From %(start)s to %(end)s") % {"start": format_date(period.start),
                                              "end": format_date(period.end)},
            _("the same period of %(year)s") % {"year": period.end.year - 1})


def paragraphs(figures: PressFigures, period: ReportPeriod, whose: str,
               whole: bool) -> list[str]:
    n = format_number
    when, before = _when(period)
    if not figures.total:
        text = _("%(when)s, no article, feature report, documentary film or news item about "
                 "%(whose)s was recorded") % {"when": when, "whose": whose}
        if figures.previous_total:
            text += _(" (%(previous)s in %(before)s).") % {
                "previous": n(figures.previous_total), "before": before}
        else:
            text += "."
        return [text]
    if figures.total > figures.total_floor:
        count = _("more than %(count)s") % {"count": n(figures.total_floor)}
    else:
        count = n(figures.total)
    about = _("the directorate's activities") if whole else _("its activities")
    text = _("%(when)s, %(whose)s had %(count)s articles, feature reports, documentary films "
             "and news items about %(about)s") % {
        "when": when, "whose": whose, "count": count, "about": about}
    if figures.ratio is None:
        text += _(", none having been recorded in %(before)s.") % {"before": before}
    elif figures.ratio >= 1:
        text += _(", %(ratio)s times as many as in %(before)s.") % {
            "ratio": n(figures.ratio, 1), "before": before}
    else:
        text += _(", against %(previous)s in %(before)s.") % {
            "previous": n(figures.previous_total), "before": before}
    kinds = _("Exactly %(total)s items: %(article)s articles, %(report)s feature reports, "
              "%(documentary)s documentary films and %(news)s news items.") % {
        "total": n(figures.total), **{kind: n(figures.by_kind.get(kind, 0)) for kind in
                                      (k.value for k in PressKind)}}
    return [text, kinds]


def tables(figures: PressFigures, period: ReportPeriod) -> list[ReportTable]:
    year, before = str(period.end.year), str(period.end.year - 1)
    out = []
    if figures.by_unit:
        rows: list[list[str | int]] = [
            [_("%(unit)s (itself)") % {"unit": row.name} if row.own else row.name,
             row.total, row.previous] for row in figures.by_unit]
        rows.append([_("Total"), figures.total, figures.previous_total])
        out.append(ReportTable(title=_("Press items by unit"),
                               columns=[_("Unit"), year, before], rows=rows,
                               classification=figures.classification))
    if figures.by_outlet:
        out.append(ReportTable(
            title=_("Outlets with the most items"), columns=[_("Outlet"), _("Items published")],
            rows=[[row.outlet, row.total] for row in figures.by_outlet],
            classification=figures.classification))
    return out


def render_section(figures: PressFigures, period: ReportPeriod, whose: str,
                   whole: bool) -> ReportSection:
    charts = []
    if figures.total or figures.previous_total:
        kinds = list(PressKind)
        charts.append(ReportChart(
            title=_("Press items by kind"), kind="bar",
            categories=[str(k.label) for k in kinds],
            series=[(str(period.end.year - 1), [figures.previous_by_kind.get(k.value, 0)
                                                for k in kinds]),
                    (str(period.end.year), [figures.by_kind.get(k.value, 0) for k in kinds])]))
    return ReportSection(
        key=SECTION.key, title=str(SECTION.title),
        paragraphs=paragraphs(figures, period, whose, whole),
        tables=tables(figures, period) if figures.total or figures.previous_total else [],
        charts=charts, classification=figures.classification)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: PressFigures = metrics.read("press", user, period, unit)
    whose, whole = whose_figures(user, unit)
    return render_section(figures, period, whose, whole)
