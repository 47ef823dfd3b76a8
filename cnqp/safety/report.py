"""The safety section of the periodic reports (the contract: cnqp/core/figures/reporting.py):
"CÔNG TÁC BẢO ĐẢM AN TOÀN TRONG SẢN XUẤT", phrased as the directorate's reports on Nghị quyết
195 put it: the safety assets reviewed and inspected, the plans approved and drilled, the
incidents and their damage "so với giai đoạn 2011-2015 ... giảm đáng kể", "không có vụ việc mất
an toàn đặc biệt nghiêm trọng", the target "không để xảy ra cháy nổ và tai nạn lao động nghiêm
trọng trong sản xuất và nghiên cứu chế thử", and the findings of the general reviews still to
be fixed. Every number is read from the metric registry (metrics.py: the sources "safety" and
"safety.comparison"), totals, shares and changes included: this module only words them.
"""

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
from cnqp.safety.choices import Activity, PlanKind
from cnqp.safety.figure_rows import HARM, Comparison, HarmRow, SafetyFigures
from cnqp.safety.figures import HARM_LABELS

SECTION = SectionSpec(key="safety", title=gettext_lazy("Ensuring safety in production"),
                      order=45)

SIGNIFICANT = 30.0  # a fall of the per-year average by this many per cent is "đáng kể"


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
    return [first, *(str(HARM_LABELS[name]) for name in HARM)]


def harm_cells(label: str, row: HarmRow) -> list[str | int]:
    h = row.harm
    return [label, h.incidents, h.deaths, h.serious_injuries, h.minor_injuries, h.days_off,
            h.damage]


def comparison_table(comparison: Comparison, classification: int) -> ReportTable:
    c = comparison
    earlier = period_label(c.earlier.period)
    later = period_label(c.later.period)
    per_year = _("per year")
    rows: list[list[str | int]] = []
    for name in HARM:
        digits = 0 if name == "damage" else 1  # đồng a year: no fraction of a đồng
        rows.append([
            str(HARM_LABELS[name]), getattr(c.earlier.harm, name),
            format_number(getattr(c.earlier.per_year, name), digits),
            getattr(c.later.harm, name),
            format_number(getattr(c.later.per_year, name), digits),
            getattr(c.change, name), percent_text(getattr(c.percent, name)),
            percent_text(getattr(c.average_percent, name))])
    return ReportTable(
        title=_("Incidents and damage: %(later)s compared with %(earlier)s") % {
            "later": later, "earlier": earlier},
        columns=[_("Figure"), earlier, f"{earlier}, {per_year}", later, f"{later}, {per_year}",
                 _("Difference"), _("Change (%)"), _("Change of the per-year average (%)")],
        rows=rows, classification=classification)


def _comparison_paragraph(comparison: Comparison) -> str:
    n = format_number
    c = comparison
    if not c.earlier.harm.incidents and not c.later.harm.incidents:
        return _("There was no incident in %(later)s, nor in %(earlier)s.") % {
            "earlier": period_label(c.earlier.period), "later": period_label(c.later.period)}
    return _(
        "Compared with %(earlier)s, the number of incidents and the damage caused by lapses in "
        "production safety in %(later)s %(trend)s: %(later_n)s incidents against "
        "%(earlier_n)s (%(change)s, %(percent)s), %(later_avg)s a year against "
        "%(earlier_avg)s; %(later_deaths)s deaths against %(earlier_deaths)s; damage "
        "%(later_damage)s VND against %(earlier_damage)s VND (%(damage_percent)s).") % {
        "earlier": period_label(c.earlier.period), "later": period_label(c.later.period),
        "trend": trend(c.average_percent.incidents),
        "later_n": n(c.later.harm.incidents), "earlier_n": n(c.earlier.harm.incidents),
        "change": n(c.change.incidents), "percent": percent_text(c.percent.incidents),
        "later_avg": n(c.later.per_year.incidents, 1),
        "earlier_avg": n(c.earlier.per_year.incidents, 1),
        "later_deaths": n(c.later.harm.deaths), "earlier_deaths": n(c.earlier.harm.deaths),
        "later_damage": n(c.later.harm.damage), "earlier_damage": n(c.earlier.harm.damage),
        "damage_percent": percent_text(c.percent.damage)}


def _assets_paragraph(figures: SafetyFigures) -> str:
    """Works and equipment, certificates, plans: each sentence only when there is something
    to count, otherwise said in words (never "0 ... 0 ...")."""
    n = format_number
    a, c, p = figures.asset_totals, figures.certificate_totals, figures.plan_totals
    day = format_date(figures.period.as_of)
    if a.in_service:
        assets = _(
            "The safety-critical works, equipment and means of fire and explosion prevention "
            "were reviewed: of %(in_service)s in service on %(day)s, %(covered)s had a valid "
            "inspection (%(share)s) and %(overdue)s were overdue; %(strict)s of them are "
            "equipment with strict safety requirements.") % {
            "in_service": n(a.in_service), "day": day, "covered": n(a.covered),
            "share": percent_text(a.covered_share), "overdue": n(a.overdue),
            "strict": n(a.strict)}
    else:
        assets = _("No safety-critical work or equipment in service is recorded on "
                   "%(day)s.") % {"day": day}
    if c.valid:
        certificates = _("%(certificates)s safety training certificates were valid, "
                         "%(expiring)s expire within %(horizon)s days.") % {
            "certificates": n(c.valid), "expiring": n(c.expiring),
            "horizon": n(c.horizon_days)}
    else:
        certificates = _("No safety training certificate is valid.")
    if p.approved or p.drilled or p.not_drilled:
        plans = _("%(approved)s safety and fire-fighting plans were approved in the period, "
                  "%(drilled)s were drilled, %(not_drilled)s plans in force were not.") % {
            "approved": n(p.approved), "drilled": n(p.drilled),
            "not_drilled": n(p.not_drilled)}
    else:
        plans = _("No safety or fire-fighting plan was approved or drilled in the period.")
    return " ".join((assets, certificates, plans))


def _incidents_paragraph(figures: SafetyFigures) -> str:
    n = format_number
    t = figures.total
    period = {"start": format_date(figures.period.start),
              "end": format_date(figures.period.end)}
    if not t.incidents:
        if figures.near_misses:
            return _("From %(start)s to %(end)s there was no incident; %(near)s near misses "
                     "were recorded.") % {**period, "near": n(figures.near_misses)}
        return _("From %(start)s to %(end)s there was no incident and no near miss was "
                 "recorded.") % period
    text = _(
        "From %(start)s to %(end)s there were %(incidents)s incidents: %(deaths)s deaths, "
        "%(serious)s seriously and %(minor)s slightly injured, %(days)s days off work, damage "
        "%(damage)s VND; %(near)s near misses were recorded.") % {
        **period, "incidents": n(t.incidents), "deaths": n(t.deaths),
        "serious": n(t.serious_injuries), "minor": n(t.minor_injuries), "days": n(t.days_off),
        "damage": n(t.damage), "near": n(figures.near_misses)}
    if figures.especially_serious:
        return text + " " + _("%(count)s of them especially serious.") % {
            "count": n(figures.especially_serious)}
    return text + " " + _("There was no especially serious incident.")


def paragraphs(figures: SafetyFigures, comparison: Comparison | None = None) -> list[str]:
    out = [_assets_paragraph(figures), _incidents_paragraph(figures)]
    if comparison is not None:
        out.append(_comparison_paragraph(comparison))
    out.append(target_paragraph(figures))
    out.append(findings_paragraph(figures))
    return out


def target_paragraph(figures: SafetyFigures) -> str:
    """The resolution's target, met or not, with the count in each activity."""
    zero = figures.zero_targets.values()
    counts = "; ".join(f"{Activity(z.activity).label.lower()}: {format_number(z.total)}"
                       for z in zero)
    if not any(z.total for z in zero):
        return _("Target met: no serious fire, explosion or labour accident in production and "
                 "in research and prototyping (%(counts)s).") % {"counts": counts}
    return _("Target not met: serious or especially serious incidents in production and in "
             "research and prototyping (%(counts)s).") % {"counts": counts}


def findings_paragraph(figures: SafetyFigures) -> str:
    n = format_number
    k = figures.findings
    if not k.found and not k.open:
        return _("No finding was made in the period and none remains to be fixed.")
    made = _("In the period %(found)s findings were made and %(closed)s were fixed and "
             "verified (median %(median)s days from first found to closed)") % {
        "found": n(k.found), "closed": n(k.closed), "median": days_text(k.median_days)} \
        if k.found or k.closed else _("No finding was made or closed in the period")
    remain = _("%(open)s remain to be fixed, %(overdue)s of them overdue, %(carried)s "
               "carried over from earlier reviews") % {
        "open": n(k.open), "overdue": n(k.overdue), "carried": n(k.carried_open)} \
        if k.open else _("none remains to be fixed")
    text = f"{made}; {remain}."
    if k.first_found:
        years = ", ".join(str(y) for y in k.first_found)
        detail = "; ".join(f"{y}: {n(count)}" for y, count in k.first_found.items())
        text += " " + _("Findings of the %(years)s general reviews still to be fixed: %(total)s "
                        "(%(detail)s).") % {"years": years, "total": n(k.first_found_open),
                                            "detail": detail}
    return text


def tables(figures: SafetyFigures, comparison: Comparison | None = None,
           classification: int | None = None) -> list[ReportTable]:
    f = figures
    level = f.classification if classification is None else classification
    total_label = _("Total")
    whole = HarmRow("", total_label, {}, f.total)
    out = []
    if comparison is not None:
        out.append(comparison_table(comparison, level))
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
        rows=[[str(Activity(z.activity).label), z.especially_serious, z.serious, z.target]
              for z in f.zero_targets.values()], classification=level))
    if f.assets:
        out.append(ReportTable(
            title=_("Safety-critical assets on %(day)s") % {"day": format_date(f.period.as_of)},
            columns=[_("Category"), _("Strict requirement"), _("In service"),
                     _("Valid inspection"), _("Overdue"), _("Valid (%)")],
            rows=[[r.name, _("Yes") if r.strict else _("No"), r.in_service, r.covered,
                   r.overdue, percent_text(r.covered_share)]
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


def comparison_chart(comparison: Comparison) -> ReportChart:
    c = comparison
    return ReportChart(
        title=_("Incidents and deaths per year"), kind="bar",
        categories=[period_label(c.earlier.period), period_label(c.later.period)],
        series=[(_("Incidents per year"), [round(c.earlier.per_year.incidents, 1),
                                           round(c.later.per_year.incidents, 1)]),
                (_("Deaths per year"), [round(c.earlier.per_year.deaths, 1),
                                        round(c.later.per_year.deaths, 1)])])


def charts(figures: SafetyFigures, comparison: Comparison | None = None) -> list[ReportChart]:
    out = [comparison_chart(comparison)] if comparison is not None else []
    out.append(ReportChart(
        title=_("Incidents by activity"), kind="bar",
        categories=[r.label for r in figures.by_activity],
        series=[(_("Incidents"), [r.harm.incidents for r in figures.by_activity])]))
    return out


def render_section(figures: SafetyFigures,
                   comparison: Comparison | None = None) -> ReportSection:
    """The section's text, tables and charts, marked with the highest level among the records
    counted (the comparison's incidents included)."""
    level = max(figures.classification, comparison.classification if comparison else 0)
    return ReportSection(key=SECTION.key, title=str(SECTION.title),
                         paragraphs=paragraphs(figures, comparison),
                         tables=tables(figures, comparison, level),
                         charts=charts(figures, comparison), classification=level)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section for `period`, over what `user` may see in `unit`'s subtree (None: all),
    with the articles' comparison (figures.default_comparison)."""
    figures: SafetyFigures = metrics.read("safety", user, period, unit)
    comparison: Comparison = metrics.read("safety.comparison", user, period, unit)
    return render_section(figures, comparison)
