"""The periodic reports' section on training (công tác huấn luyện, đào tạo), in the articles'
phrasing: "tổ chức tập huấn, huấn luyện nâng cao trình độ của cán bộ, nhân viên kỹ thuật",
"tổ chức các lớp huấn luyện chuyên ngành", "tổ chức tốt công tác huấn luyện, đào tạo".

The computed sentence: "Năm 2023, tổ chức 24 lớp huấn luyện, tập huấn với 1.250 lượt người
tham gia (8 lớp chuyên ngành, 6 lớp kỹ thuật, 7 lớp an toàn, vệ sinh lao động, 3 lớp nghiệp
vụ); 96,4% đạt yêu cầu; so với năm 2022: 20 lớp, 1.100 lượt người." The safety kind is the
safety module's training sessions (figures.py): one figure. Then the most attended courses by
name, and tables by kind, by organising unit and by participating unit. A period without any
course says so in words. Every number is read from the metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

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
from cnqp.training.choices import FigureKind
from cnqp.training.figures import TrainingFigures, UnitRow

SECTION = SectionSpec(key="training", title=pgettext_lazy("training", "Training"), order=65)


def _annual(period: ReportPeriod) -> bool:
    return (period.start.month, period.start.day, period.end.month, period.end.day) == (
        1, 1, 12, 31) and period.start.year == period.end.year


def _when(period: ReportPeriod) -> tuple[str, str]:
    """When, as a sentence starts ("Năm 2023"), and the period a year before ("năm 2022")."""
    if _annual(period):
        return (_("In %(year)s") % {"year": period.end.year},
                _("year %(year)s") % {"year": period.end.year - 1})
    return (_("From %(start)s to %(end)s") % {"start": format_date(period.start),
                                              "end": format_date(period.end)},
            _("the same period of %(year)s") % {"year": period.end.year - 1})


def _kinds(figures: TrainingFigures) -> str:
    phrases = {
        FigureKind.SPECIALISED: _("%(count)s specialised classes"),
        FigureKind.TECHNICAL: _("%(count)s technical classes"),
        FigureKind.SAFETY: _("%(count)s occupational safety and health classes"),
        FigureKind.PROFESSIONAL: _("%(count)s professional classes"),
    }
    return ", ".join(phrases[FigureKind(kind)] % {"count": format_number(row.courses)}
                     for kind, row in figures.by_kind.items() if row.courses)


def _counts(courses: int, participants: int) -> str:
    """"20 classes, 1,100 participants", each clause only when its number is not zero."""
    parts = []
    if courses:
        parts.append(_("%(courses)s classes") % {"courses": format_number(courses)})
    if participants:
        parts.append(_("%(participants)s participants") % {
            "participants": format_number(participants)})
    return ", ".join(parts)


def paragraphs(figures: TrainingFigures, period: ReportPeriod,
               unit: OrgUnit | None) -> list[str]:
    """No figure is printed as a zero: a clause whose number is zero is left out or said in
    words."""
    n = format_number
    when, before = _when(period)
    now, previous = figures.now, figures.previous
    who = {"when": when, "unit": unit.name if unit is not None else ""}
    if not now.courses:
        if unit is not None:
            text = _("%(when)s, %(unit)s held no training course or class") % who
        else:
            text = _("%(when)s, no training course or class was held") % who
        if previous.courses:
            text += _("; in %(before)s: %(counts)s.") % {
                "before": before, "counts": _counts(previous.courses, previous.participants)}
        else:
            text += "."
        return [text]
    values = {**who, "courses": n(now.courses), "participants": n(now.participants),
              "kinds": _kinds(figures)}
    if now.participants and unit is not None:
        text = _("%(when)s, %(unit)s held %(courses)s training courses and classes with "
                 "%(participants)s participants (%(kinds)s)") % values
    elif now.participants:
        text = _("%(when)s, %(courses)s training courses and classes were held with "
                 "%(participants)s participants (%(kinds)s)") % values
    elif unit is not None:
        text = _("%(when)s, %(unit)s held %(courses)s training courses and classes "
                 "(%(kinds)s), their participants not yet recorded") % values
    else:
        text = _("%(when)s, %(courses)s training courses and classes were held "
                 "(%(kinds)s), their participants not yet recorded") % values
    if figures.pass_rate:
        text += _("; %(rate)s%% passed") % {"rate": n(figures.pass_rate, 1)}
    elif figures.pass_rate is not None:
        text += _("; none of those assessed passed")
    if previous.courses:
        text += _("; compared with %(before)s: %(counts)s.") % {
            "before": before, "counts": _counts(previous.courses, previous.participants)}
    else:
        text += _("; none in %(before)s.") % {"before": before}
    out = [text]
    if figures.highlights:
        out.append(_("Among them: %(list)s.") % {"list": "; ".join(
            _("%(title)s (%(organiser)s, %(participants)s participants)") % {
                "title": h.title, "organiser": h.organiser,
                "participants": n(h.participants)} for h in figures.highlights)})
    return out


def _unit_name(row: UnitRow) -> str:
    if row.other:
        return _("Other units")
    return _("%(unit)s (itself)") % {"unit": row.name} if row.own else row.name


def tables(figures: TrainingFigures, period: ReportPeriod) -> list[ReportTable]:
    year, before = str(period.end.year), str(period.end.year - 1)
    level = figures.classification
    kind_rows: list[list[str | int]] = [
        [str(FigureKind(kind).label), row.courses, row.participants, row.passed,
         row.previous_courses, row.previous_participants]
        for kind, row in figures.by_kind.items()]
    kind_rows.append([_("Total"), figures.now.courses, figures.now.participants,
                      figures.now.passed, figures.previous.courses,
                      figures.previous.participants])
    classes = pgettext("training", "Classes")
    people = pgettext("training", "Participants")
    out = [ReportTable(
        title=_("Training courses by kind"),
        columns=[pgettext("training", "Kind"), f"{classes} {year}", f"{people} {year}",
                 pgettext("training", "Passed"), f"{classes} {before}",
                 f"{people} {before}"],
        rows=kind_rows, classification=level)]
    if figures.by_organiser:
        out.append(ReportTable(
            title=_("Training courses by organising unit"),
            columns=[_("Unit"), f"{classes} {year}", f"{people} {year}",
                     f"{classes} {before}", f"{people} {before}"],
            rows=[[_unit_name(r), r.courses, r.participants, r.previous_courses,
                   r.previous_participants] for r in figures.by_organiser],
            classification=level))
    if figures.by_participant_unit:
        out.append(ReportTable(
            title=_("Training participants by unit"),
            columns=[_("Unit"), f"{people} {year}", f"{people} {before}"],
            rows=[[_unit_name(r), r.participants, r.previous_participants]
                  for r in figures.by_participant_unit],
            classification=level))
    return out


def render_section(figures: TrainingFigures, period: ReportPeriod,
                   unit: OrgUnit | None) -> ReportSection:
    active = bool(figures.now.courses or figures.previous.courses)
    charts = []
    if active:
        kinds = list(figures.by_kind.items())
        charts.append(ReportChart(
            title=_("Training courses by kind"), kind="bar",
            categories=[str(FigureKind(kind).label) for kind, _row in kinds],
            series=[(str(period.end.year - 1), [row.previous_courses for _k, row in kinds]),
                    (str(period.end.year), [row.courses for _k, row in kinds])]))
    return ReportSection(
        key=SECTION.key, title=str(SECTION.title),
        paragraphs=paragraphs(figures, period, unit),
        tables=tables(figures, period) if active else [], charts=charts,
        classification=figures.classification)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: TrainingFigures = metrics.read("training", user, period, unit)
    return render_section(figures, period, unit)
