"""The periodic reports' section on emulation and awards (công tác thi đua, khen thưởng): the
movements under way, the awards of the period against the same period a year before, by level,
by title and by unit, and the collective awards that stand out, every number read from the
metric registry (`metrics.py`)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.awards.choices import AwardLevel
from cnqp.awards.figures import AwardFigures
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

SECTION = SectionSpec(key="awards", title=gettext_lazy("Emulation and awards work"), order=72)


def _movements(figures: AwardFigures) -> str:
    n = format_number
    if not figures.movements_active:
        return _("No emulation movement was under way in the period.")
    return _("Units pressed ahead with the emulation movements (%(names)s): %(active)s "
             "movements and campaigns under way in the period, %(launched)s of them launched "
             "in it.") % {"names": "; ".join(figures.movement_names),
                          "active": n(figures.movements_active),
                          "launched": n(figures.movements_launched)}


def _awards(figures: AwardFigures) -> list[str]:
    n = format_number
    now, before = figures.now, figures.previous
    period = {"start": format_date(figures.start), "end": format_date(figures.end)}
    if not now.awards and not before.awards:
        return [_("No award was decided from %(start)s to %(end)s, nor in the same period a "
                  "year before.") % period]
    if not now.awards:
        return [_("No award was decided from %(start)s to %(end)s (%(previous)s in the same "
                  "period a year before).") % {**period, "previous": n(before.awards)}]
    values = {**period, "awards": n(now.awards), "collective": n(now.collective),
              "individual": n(now.individual), "titles": n(now.titles),
              "commendations": n(now.commendations), "previous": n(before.awards)}
    if figures.of_previous is not None:
        text = _("From %(start)s to %(end)s, %(awards)s awards were conferred on collectives "
                 "and individuals (%(collective)s collectives, %(individual)s individuals): "
                 "%(titles)s emulation titles and %(commendations)s forms of commendation; "
                 "%(previous)s in the same period a year before (%(ratio)s%%).") % {
            **values, "ratio": n(figures.of_previous, 1)}
    else:
        text = _("From %(start)s to %(end)s, %(awards)s awards were conferred on collectives "
                 "and individuals (%(collective)s collectives, %(individual)s individuals): "
                 "%(titles)s emulation titles and %(commendations)s forms of commendation; "
                 "%(previous)s in the same period a year before.") % values
    levels = figures.by_level
    paragraphs = [text, _("By level: %(state)s of the State, %(ministry)s of the Ministry of "
                          "National Defence, %(directorate)s of the directorate and %(unit)s "
                          "of the units.") % {
        "state": n(levels.get(AwardLevel.STATE, 0)),
        "ministry": n(levels.get(AwardLevel.MINISTRY, 0)),
        "directorate": n(levels.get(AwardLevel.DIRECTORATE, 0)),
        "unit": n(levels.get(AwardLevel.UNIT, 0))}]
    if figures.highlights:
        paragraphs.append(_("Among them: %(list)s.") % {"list": "; ".join(
            _("%(unit)s, %(title)s (%(authority)s)") % {
                "unit": h.unit, "title": h.title, "authority": h.authority}
            for h in figures.highlights)})
    return paragraphs


def render_section(figures: AwardFigures) -> ReportSection:
    paragraphs = [_movements(figures), *_awards(figures)]
    if not figures.now.awards and not figures.previous.awards:
        return ReportSection(title=str(SECTION.title), paragraphs=paragraphs,
                             classification=figures.classification, key=SECTION.key)
    title_rows: list[list[str | int]] = [
        [row.name, str(AwardLevel(row.level).label), row.collective, row.individual,
         row.awards, row.previous] for row in figures.by_title]
    title_rows.append([_("Total"), "", figures.now.collective, figures.now.individual,
                       figures.now.awards, figures.previous.awards])
    unit_rows: list[list[str | int]] = [
        [row.name, row.collective, row.individual, row.awards, row.previous]
        for row in figures.by_unit]
    by_title = ReportTable(
        title=_("Awards by title and commendation"),
        columns=[_("Title or commendation"), _("Level"), _("Collectives"), _("Individuals"),
                 _("Total"), _("Same period a year before")],
        rows=title_rows,
        classification=figures.classification)
    by_unit = ReportTable(
        title=_("Awards by unit"),
        columns=[_("Unit"), _("Collectives"), _("Individuals"), _("Total"),
                 _("Same period a year before")],
        rows=unit_rows,
        classification=figures.classification)
    chart = ReportChart(
        title=_("Awards by level"), kind="bar",
        categories=[str(level.label) for level in AwardLevel],
        series=[(_("This period"), [figures.by_level.get(lv, 0) for lv in AwardLevel]),
                (_("Same period a year before"),
                 [figures.previous_by_level.get(lv, 0) for lv in AwardLevel])])
    return ReportSection(title=str(SECTION.title), paragraphs=paragraphs,
                         tables=[by_title, by_unit], charts=[chart],
                         classification=figures.classification, key=SECTION.key)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: AwardFigures = metrics.read("awards", user, period, unit)
    return replace(render_section(figures), key=SECTION.key)
