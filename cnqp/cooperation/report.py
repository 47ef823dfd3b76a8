"""The periodic reports' section on international cooperation (công tác đối ngoại, hợp tác
quốc tế về CNQP), in the articles' phrasing: "Chủ động tham mưu với Bộ Quốc phòng cụ thể hóa
các thỏa thuận hợp tác về CNQP với các nước; tham gia có hiệu quả trưng bày sản phẩm Việt Nam
tại Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023 tại Nga và các Hội chợ triển lãm quốc tế".

Three paragraphs (agreements, follow-ups and delegations; exhibitions; export contracts, with
the same period a year before), a table of the period's events, a table of the export
contracts by category and a chart of the events by kind. The international event with the most
products is named, the others counted; a figure of zero is said in words. Every number is read
from the metric registry (metrics.py, the source "cooperation")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cnqp.cooperation.choices import ContractCategory, EventKind
from cnqp.cooperation.countries import HOME_KEY, country_key
from cnqp.cooperation.figures import CooperationFigures, EventRow
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

SECTION = SectionSpec(
    key="cooperation",
    title=gettext_lazy("External relations and international cooperation on the defence "
                       "industry"),
    order=64)


def _annual(period: ReportPeriod) -> bool:
    return (period.start.month, period.start.day, period.end.month, period.end.day) == (
        1, 1, 12, 31) and period.start.year == period.end.year


def _before(period: ReportPeriod) -> str:
    if _annual(period):
        return _("year %(year)s") % {"year": period.end.year - 1}
    return _("the same period of %(year)s") % {"year": period.end.year - 1}


def two(value: int) -> str:
    """The articles' way with small counts of agreements and countries: 04, 03."""
    return f"{value:02d}" if 0 <= value < 10 else format_number(value)


def _agreements(f: CooperationFigures) -> str:
    n = format_number
    now = f.now
    if now.in_force:
        in_force = _("%(count)s agreements in force at the end of the period") % {
            "count": n(now.in_force)}
    else:
        in_force = _("no agreement in force at the end of the period")
    if not now.agreements:
        return _("No new cooperation agreement on the defence industry was concretised in "
                 "the period; %(in_force)s.") % {"in_force": in_force}
    return _("Actively advised the Ministry of National Defence on concretising the "
             "cooperation agreements on the defence industry with other countries: "
             "%(agreements)s cooperation agreements on the defence industry concretised with "
             "%(countries)s countries (%(names)s); %(in_force)s.") % {
        "agreements": two(now.agreements), "countries": two(now.countries),
        "names": ", ".join(f.country_names), "in_force": in_force}


def _delegations(f: CooperationFigures, before: str) -> str:
    n, now, prev = format_number, f.now, f.previous
    if now.delegations_out:
        out = _("organised %(count)s outgoing delegations (%(members)s people)") % {
            "count": n(now.delegations_out), "members": n(now.members_out)}
    else:
        out = _("organised no outgoing delegation")
    if now.delegations_in:
        inc = _("received %(count)s incoming delegations (%(members)s people)") % {
            "count": n(now.delegations_in), "members": n(now.members_in)}
    else:
        inc = _("received no incoming delegation")
    text = _("In the period, %(out)s and %(in)s") % {"out": out, "in": inc}
    if not prev.delegations_out and not prev.delegations_in:
        return text + _(" (%(before)s: no delegation out or in).") % {"before": before}
    out_before = (_("%(count)s outgoing") % {"count": n(prev.delegations_out)}
                  if prev.delegations_out else _("no outgoing delegation"))
    in_before = (_("%(count)s incoming") % {"count": n(prev.delegations_in)}
                 if prev.delegations_in else _("no incoming delegation"))
    return text + _(" (%(before)s: %(out)s, %(in)s).") % {
        "before": before, "out": out_before, "in": in_before}


def _follow_ups(f: CooperationFigures) -> str:
    n, now = format_number, f.now
    if not now.follow_ups_done and not now.follow_ups_overdue:
        return ""
    done = (_("%(count)s follow-up actions of the agreements were done") % {
        "count": n(now.follow_ups_done)} if now.follow_ups_done
        else _("no follow-up action of the agreements was done"))
    overdue = (_("%(count)s are overdue") % {"count": n(now.follow_ups_overdue)}
               if now.follow_ups_overdue else _("none is overdue"))
    return _("In carrying out the agreements, %(done)s; %(overdue)s.") % {
        "done": done, "overdue": overdue}


def _where(row: EventRow) -> str:
    return row.country if country_key(row.country) != HOME_KEY else row.place


def listing(parts: list[str]) -> str:
    """"a", "a và b", "a, b và c": commas, and the last joined by "and"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + _(" and ") + parts[-1]


def _shown(units: int, products: int) -> str:
    n = format_number
    if not units:
        return _(", no participating unit recorded")
    if not products:
        return _(", with %(units)s participating units, no product shown") % {"units": n(units)}
    return _(", with %(units)s participating units and %(products)s products shown") % {
        "units": n(units), "products": n(products)}


def _exhibitions(f: CooperationFigures, before: str) -> str:
    n, now, prev = format_number, f.now, f.previous
    if not now.events:
        text = _("No exhibition, forum or fair was attended in the period")
    else:
        parts = []
        if f.headline is not None:
            parts.append(_("Took part effectively in showing Vietnamese products at "
                           "%(event)s in %(where)s") % {"event": f.headline.name,
                                                       "where": _where(f.headline)})
            if f.other_international:
                parts.append(_("%(count)s other international fairs and exhibitions") % {
                    "count": n(f.other_international)})
        if now.domestic:
            parts.append(_("%(count)s domestic fairs and exhibitions") % {
                "count": n(now.domestic)})
        if f.headline is None:
            parts[0] = _("Took part in showing products at %(events)s") % {"events": parts[0]}
        text = listing(parts) + _shown(now.units, now.products)
    if not prev.events:
        return text + _(" (%(before)s: none attended).") % {"before": before}
    if not prev.products:
        return text + _(" (%(before)s: %(events)s events, no product shown).") % {
            "before": before, "events": n(prev.events)}
    return text + _(" (%(before)s: %(events)s events, %(products)s products).") % {
        "before": before, "events": n(prev.events), "products": n(prev.products)}


def _billion(value: int, billion: float) -> str:
    """"12,5 billion VND"; a value under 0.05 billion is "under 0.1 billion VND", never 0,0."""
    if value and not billion:
        return _("under %(value)s billion VND") % {"value": format_number(0.1, 1)}
    return _("%(value)s billion VND") % {"value": format_number(billion, 1)}


def _contracts(f: CooperationFigures, before: str) -> str:
    n, now, prev = format_number, f.now, f.previous
    if not prev.contracts:
        compared = _("%(before)s: no export contract signed") % {"before": before}
    else:
        compared = _("%(before)s: %(contracts)s contracts, %(value)s") % {
            "before": before, "contracts": n(prev.contracts),
            "value": _billion(prev.value, prev.value_billion)}
    if f.value_growth is not None and now.contracts:
        if f.value_growth > 0:
            compared += _(", up %(growth)s%% in value") % {"growth": n(f.value_growth, 1)}
        elif f.value_growth < 0:
            compared += _(", down %(growth)s%% in value") % {
                "growth": n(abs(f.value_growth), 1)}
    if not now.contracts:
        return _("No export contract was signed in the period (%(compared)s).") % {
            "compared": compared}
    if now.defence_contracts and now.economic_contracts:
        return _("Signed %(contracts)s export contracts worth %(value)s: %(defence)s for "
                 "defence products (%(defence_value)s) and %(economic)s for economic "
                 "products (%(economic_value)s) (%(compared)s).") % {
            "contracts": n(now.contracts), "value": _billion(now.value, now.value_billion),
            "defence": n(now.defence_contracts),
            "defence_value": _billion(now.defence_value, now.defence_billion),
            "economic": n(now.economic_contracts),
            "economic_value": _billion(now.economic_value, now.economic_billion),
            "compared": compared}
    category = (_("for defence products") if now.defence_contracts
                else _("for economic products"))
    return _("Signed %(contracts)s export contracts %(category)s worth %(value)s "
             "(%(compared)s).") % {
        "contracts": n(now.contracts), "category": category,
        "value": _billion(now.value, now.value_billion), "compared": compared}


def paragraphs(f: CooperationFigures, period: ReportPeriod) -> list[str]:
    before = _before(period)
    first = " ".join(filter(None, [_agreements(f), _delegations(f, before), _follow_ups(f)]))
    return [first, _exhibitions(f, before), _contracts(f, before)]


def tables(f: CooperationFigures, period: ReportPeriod) -> list[ReportTable]:
    out = []
    if f.events:
        out.append(ReportTable(
            title=_("Exhibitions, forums and fairs attended"),
            columns=[_("Event"), pgettext("cooperation", "Place"), _("Dates"),
                     _("Participating units"),
                     _("Products shown")],
            rows=[[row.name, f"{row.place}, {row.country}",
                   f"{format_date(row.start)} - {format_date(row.end)}", row.units,
                   row.products] for row in f.events],
            classification=f.classification))
    if f.now.contracts or f.previous.contracts:
        year, before = str(period.end.year), str(period.end.year - 1)
        now, prev = f.now, f.previous

        def b(value: float) -> str:
            return format_number(value, 1)

        out.append(ReportTable(
            title=_("Export contracts by category"),
            columns=[_("Category"), _("Contracts, %(year)s") % {"year": year},
                     _("Value, billion VND, %(year)s") % {"year": year},
                     _("Contracts, %(year)s") % {"year": before},
                     _("Value, billion VND, %(year)s") % {"year": before}],
            rows=[[str(ContractCategory.DEFENCE.label), now.defence_contracts,
                   b(now.defence_billion), prev.defence_contracts, b(prev.defence_billion)],
                  [str(ContractCategory.ECONOMIC.label), now.economic_contracts,
                   b(now.economic_billion), prev.economic_contracts, b(prev.economic_billion)],
                  [_("Total"), now.contracts, b(now.value_billion), prev.contracts,
                   b(prev.value_billion)]],
            classification=f.classification))
    return out


def render_section(f: CooperationFigures, period: ReportPeriod) -> ReportSection:
    charts = []
    if f.now.events or f.previous.events:
        kinds = list(EventKind)
        charts.append(ReportChart(
            title=_("Exhibitions, forums and fairs by kind"), kind="bar",
            categories=[str(k.label) for k in kinds],
            series=[(str(period.end.year - 1), [f.previous_by_kind.get(k.value, 0)
                                                for k in kinds]),
                    (str(period.end.year), [f.by_kind.get(k.value, 0) for k in kinds])]))
    return ReportSection(key=SECTION.key, title=str(SECTION.title),
                         paragraphs=paragraphs(f, period), tables=tables(f, period),
                         charts=charts, classification=f.classification)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: CooperationFigures = metrics.read("cooperation", user, period, unit)
    return render_section(figures, period)
