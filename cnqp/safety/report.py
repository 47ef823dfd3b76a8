"""The safety section of the periodic reports (the contract: cnqp/core/figures/reporting.py):
"CÔNG TÁC BẢO ĐẢM AN TOÀN TRONG SẢN XUẤT", phrased as the directorate's reports on Nghị quyết
195 put it: the safety assets reviewed and inspected, the plans approved and drilled, the
incidents and their damage "so với giai đoạn 2011-2015 ... giảm đáng kể", "không có vụ việc mất
an toàn đặc biệt nghiêm trọng", the target "không để xảy ra cháy nổ và tai nạn lao động nghiêm
trọng trong sản xuất và nghiên cứu chế thử", and the findings of the general reviews still to
be fixed. Every number comes from `figures.safety_figures` (docs/safety-figures.md).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.quality.selectors import Period
from cnqp.safety.choices import Activity, PlanKind
from cnqp.safety.figure_rows import Comparison, HarmRow, SafetyFigures
from cnqp.safety.figures import safety_figures

SECTION = SectionSpec(key="safety", title=gettext_lazy("Ensuring safety in production"),
                      order=45)

# Nghị quyết 195-NQ/ĐU (08/7/2016) is measured against the five years before it; the articles
# count its years from 2016 ("sau 5 năm (2016-2021)").
BASELINE = Period(dt.date(2011, 1, 1), dt.date(2015, 12, 31))
RESOLUTION_FROM = dt.date(2016, 1, 1)
SIGNIFICANT = 30.0  # a fall of the per-year average by this many per cent is "đáng kể"


def default_comparison(period: ReportPeriod) -> tuple[Period, Period]:
    """The articles' comparison: the years of the resolution up to the period's end against
    2011-2015; for a period before 2016, against the period of equal length before it."""
    if period.end >= RESOLUTION_FROM:
        return BASELINE, Period(RESOLUTION_FROM, period.end)
    length = period.end - period.start
    before_end = period.start - dt.timedelta(days=1)
    return Period(before_end - length, before_end), Period(period.start, period.end)


def period_label(period: ReportPeriod) -> str:
    """"2011-2015", "2021", or the dates when the period is not whole years."""
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
        if period.start.year == period.end.year:
            return str(period.start.year)
        return f"{period.start.year}-{period.end.year}"
    return f"{format_date(period.start)}-{format_date(period.end)}"


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value, 1)}%"


def days_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def trend(percent: float | None) -> str:
    """How the articles say a change of the per-year average."""
    if percent is None:
        return _("cannot be compared (none in the earlier period)")
    if percent <= -SIGNIFICANT:
        return _("decreased significantly")
    if percent < 0:
        return _("decreased")
    if percent == 0:
        return _("did not change")
    return _("increased")


def harm_columns(first: str) -> list[str]:
    return [first, _("Incidents"), _("Deaths"), _("Seriously injured"), _("Slightly injured"),
            _("Days off work"), _("Damage (VND)")]


def harm_cells(label: str, row: HarmRow) -> list[str | int]:
    h = row.harm
    return [label, h.incidents, h.deaths, h.serious_injuries, h.minor_injuries, h.days_off,
            h.damage]


COMPARED = ("incidents", "deaths", "serious_injuries", "minor_injuries", "days_off", "damage")


def compared_label(name: str) -> str:
    labels = {"incidents": _("Incidents"), "deaths": _("Deaths"),
              "serious_injuries": _("Seriously injured"),
              "minor_injuries": _("Slightly injured"), "days_off": _("Days off work"),
              "damage": _("Damage (VND)")}
    return labels[name]


def comparison_table(comparison: Comparison, classification: int) -> ReportTable:
    earlier = period_label(comparison.earlier.period)
    later = period_label(comparison.later.period)
    per_year = _("per year")
    rows: list[list[str | int]] = []
    for name in COMPARED:
        digits = 0 if name == "damage" else 1  # đồng a year: no fraction of a đồng
        rows.append([
            compared_label(name), getattr(comparison.earlier.harm, name),
            format_number(comparison.earlier.per_year(name), digits),
            getattr(comparison.later.harm, name),
            format_number(comparison.later.per_year(name), digits),
            comparison.change(name), percent_text(comparison.percent(name)),
            percent_text(comparison.average_percent(name))])
    return ReportTable(
        title=_("Incidents and damage: %(later)s compared with %(earlier)s") % {
            "later": later, "earlier": earlier},
        columns=[_("Figure"), earlier, f"{earlier}, {per_year}", later, f"{later}, {per_year}",
                 _("Difference"), _("Change (%)"), _("Change of the per-year average (%)")],
        rows=rows, classification=classification)


def _comparison_paragraph(comparison: Comparison) -> str:
    n = format_number
    c = comparison
    return _(
        "Compared with %(earlier)s, the number of incidents and the damage caused by lapses in "
        "production safety in %(later)s %(trend)s: %(later_n)s incidents against "
        "%(earlier_n)s (%(change)s, %(percent)s), %(later_avg)s a year against "
        "%(earlier_avg)s; %(later_deaths)s deaths against %(earlier_deaths)s; damage "
        "%(later_damage)s VND against %(earlier_damage)s VND (%(damage_percent)s).") % {
        "earlier": period_label(c.earlier.period), "later": period_label(c.later.period),
        "trend": trend(c.average_percent("incidents")),
        "later_n": n(c.later.harm.incidents), "earlier_n": n(c.earlier.harm.incidents),
        "change": n(c.change("incidents")), "percent": percent_text(c.percent("incidents")),
        "later_avg": n(c.later.per_year("incidents"), 1),
        "earlier_avg": n(c.earlier.per_year("incidents"), 1),
        "later_deaths": n(c.later.harm.deaths), "earlier_deaths": n(c.earlier.harm.deaths),
        "later_damage": n(c.later.harm.damage), "earlier_damage": n(c.earlier.harm.damage),
        "damage_percent": percent_text(c.percent("damage"))}


def paragraphs(figures: SafetyFigures) -> list[str]:
    n = format_number
    f = figures
    period = f.period
    in_service = f.asset_total("in_service")
    covered = f.asset_total("covered")
    assets = _(
        "The safety-critical works, equipment and means of fire and explosion prevention were "
        "reviewed: of %(in_service)s in service on %(day)s, %(covered)s had a valid inspection "
        "(%(share)s) and %(overdue)s were overdue; %(strict)s of them are equipment with strict "
        "safety requirements. %(certificates)s safety training certificates were valid, "
        "%(expiring)s expire within 30 days. %(approved)s safety and fire-fighting plans were "
        "approved in the period, %(drilled)s were drilled, %(not_drilled)s plans in force were "
        "not.") % {
        "in_service": n(in_service), "day": format_date(period.as_of), "covered": n(covered),
        "share": percent_text(round(100 * covered / in_service, 1) if in_service else None),
        "overdue": n(f.asset_total("overdue")),
        "strict": n(f.asset_total("in_service", strict=True)),
        "certificates": n(sum(r.valid for r in f.certificates)),
        "expiring": n(sum(r.expiring for r in f.certificates)),
        "approved": n(sum(r.approved for r in f.plans)),
        "drilled": n(sum(r.drilled for r in f.plans)),
        "not_drilled": n(sum(r.not_drilled for r in f.plans))}
    t = f.total
    incidents = _(
        "From %(start)s to %(end)s there were %(incidents)s incidents: %(deaths)s deaths, "
        "%(serious)s seriously and %(minor)s slightly injured, %(days)s days off work, damage "
        "%(damage)s VND; %(near)s near misses were recorded.") % {
        "start": format_date(period.start), "end": format_date(period.end),
        "incidents": n(t.incidents), "deaths": n(t.deaths), "serious": n(t.serious_injuries),
        "minor": n(t.minor_injuries), "days": n(t.days_off), "damage": n(t.damage),
        "near": n(f.near_misses)}
    if f.especially_serious:
        incidents += " " + _("%(count)s of them especially serious.") % {
            "count": n(f.especially_serious)}
    else:
        incidents += " " + _("There was no especially serious incident.")
    out = [assets, incidents]
    if f.comparison is not None:
        out.append(_comparison_paragraph(f.comparison))
    out.append(target_paragraph(f))
    out.append(findings_paragraph(f))
    return out


def target_paragraph(figures: SafetyFigures) -> str:
    """The resolution's target, met or not, with the count in each activity."""
    counts = "; ".join(f"{Activity(z.activity).label.lower()}: {format_number(z.total)}"
                       for z in figures.zero_targets)
    if not any(z.total for z in figures.zero_targets):
        return _("Target met: no serious fire, explosion or labour accident in production and "
                 "in research and prototyping (%(counts)s).") % {"counts": counts}
    return _("Target not met: serious or especially serious incidents in production and in "
             "research and prototyping (%(counts)s).") % {"counts": counts}


def findings_paragraph(figures: SafetyFigures) -> str:
    n = format_number
    k = figures.findings
    text = _(
        "In the period %(found)s findings were made and %(closed)s were fixed and verified "
        "(median %(median)s days from first found to closed); %(open)s remain to be fixed, "
        "%(overdue)s of them overdue, %(carried)s carried over from earlier reviews.") % {
        "found": n(k.found), "closed": n(k.closed), "median": days_text(k.median_days),
        "open": n(k.open), "overdue": n(k.overdue), "carried": n(k.carried_open)}
    if k.first_found:
        years = ", ".join(str(y) for y in k.first_found)
        detail = "; ".join(f"{y}: {n(count)}" for y, count in k.first_found.items())
        text += " " + _("Findings of the %(years)s general reviews still to be fixed: %(total)s "
                        "(%(detail)s).") % {"years": years, "total": n(k.first_found_open),
                                            "detail": detail}
    return text


def tables(figures: SafetyFigures) -> list[ReportTable]:
    f, level = figures, figures.classification
    total_label = _("Total")
    whole = HarmRow("", total_label, {}, f.total)
    out = []
    if f.comparison is not None:
        out.append(comparison_table(f.comparison, level))
    for title, first, rows in (
            (_("Incidents by kind"), _("Kind"), f.by_kind),
            (_("Incidents by severity"), _("Severity"), f.by_severity),
            (_("Incidents by activity"), _("Activity"), f.by_activity),
            (_("Incidents by unit"), _("Unit"), f.by_unit)):
        if rows:
            out.append(ReportTable(title=title, columns=harm_columns(first), classification=level,
                                   rows=[*(harm_cells(row_label(r), r) for r in rows),
                                         harm_cells(total_label, whole)]))
    out.append(ReportTable(
        title=_("Serious incidents in production and in research and prototyping (target: "
                "none)"),
        columns=[_("Activity"), _("Especially serious"), _("Serious"), _("Target")],
        rows=[[str(Activity(z.activity).label), z.especially_serious, z.serious, 0]
              for z in f.zero_targets], classification=level))
    if f.assets:
        out.append(ReportTable(
            title=_("Safety-critical assets on %(day)s") % {"day": format_date(f.period.as_of)},
            columns=[_("Category"), _("Strict requirement"), _("In service"),
                     _("Valid inspection"), _("Overdue"), _("Valid (%)")],
            rows=[[r.name, _("Yes") if r.strict else _("No"), r.in_service, r.covered,
                   r.overdue, percent_text(round(100 * r.covered / r.in_service, 1))]
                  for r in f.assets], classification=level))
    if f.certificates:
        out.append(ReportTable(
            title=_("Valid training certificates by group"),
            columns=[_("Training group"), _("Valid"), _("Expiring within 30 days")],
            rows=[[f"{r.group}. {r.name}", r.valid, r.expiring] for r in f.certificates],
            classification=level))
    if f.plans:
        out.append(ReportTable(
            title=_("Safety plans"),
            columns=[_("Kind"), _("Approved in the period"), _("In force"),
                     _("Drilled in the period"), _("In force, not drilled")],
            rows=[[str(PlanKind(r.kind).label), r.approved, r.in_force, r.drilled,
                   r.not_drilled] for r in f.plans], classification=level))
    if f.campaigns:
        out.append(ReportTable(
            title=_("Findings by review campaign"),
            columns=[_("Campaign"), _("Findings"), _("Closed"), _("Closed (%)"),
                     _("Median days to close"), _("Carried over"), _("Still open")],
            rows=[[f"{r.code} {r.name}".strip() or _("Outside any campaign"), r.found, r.closed,
                   percent_text(r.closed_share), days_text(r.median_days), r.carried, r.open]
                  for r in f.campaigns], classification=level))
    return out


def row_label(row: HarmRow) -> str:
    return f"{row.code} {row.label}".strip() if "unit" in row.narrow or "unit_only" in row.narrow \
        else row.label or _("Not yet classified")


def charts(figures: SafetyFigures) -> list[ReportChart]:
    out = []
    c = figures.comparison
    if c is not None:
        out.append(ReportChart(
            title=_("Incidents and deaths per year"), kind="bar",
            categories=[period_label(c.earlier.period), period_label(c.later.period)],
            series=[(_("Incidents per year"), [round(c.earlier.per_year("incidents"), 1),
                                               round(c.later.per_year("incidents"), 1)]),
                    (_("Deaths per year"), [round(c.earlier.per_year("deaths"), 1),
                                            round(c.later.per_year("deaths"), 1)])]))
    out.append(ReportChart(
        title=_("Incidents by activity"), kind="bar",
        categories=[r.label for r in figures.by_activity],
        series=[(_("Incidents"), [r.harm.incidents for r in figures.by_activity])]))
    return out


def render_section(figures: SafetyFigures) -> ReportSection:
    return ReportSection(key=SECTION.key, title=str(SECTION.title),
                         paragraphs=paragraphs(figures), tables=tables(figures),
                         charts=charts(figures), classification=figures.classification)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section for `period`, over what `user` may see in `unit`'s subtree (None: all),
    with the articles' comparison (default_comparison)."""
    return render_section(safety_figures(user, Period(period.start, period.end), unit=unit,
                                         comparison=default_comparison(period)))
