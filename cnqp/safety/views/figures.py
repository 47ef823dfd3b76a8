"""The safety figures page (a period, a unit, and the two periods compared) and the records
behind each of its numbers. Every number on the page, the home page's panel and the report
opens `figure-records`, which lists exactly what `figures.condition` counts. The page reads
its figures from the metric registry (metrics.py), as the report and the panel do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.figures import metrics as registry
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import PeriodForm
from cnqp.core.records.resource import Resource
from cnqp.core.text import format_date, format_number
from cnqp.core.units import units_in_reach
from cnqp.quality.selectors import Period
from cnqp.safety import figure_rows, report
from cnqp.safety import figures as f
from cnqp.safety.choices import Activity, PlanKind
from cnqp.safety.figures import FIGURE_LABELS
from cnqp.safety.metrics import comparison as comparison_of
from cnqp.safety.models import Finding, Incident, SafetyAsset, SafetyPlan, TrainingRecord
from cnqp.safety.resources import assets, certificates, findings, incidents, plans

RESOURCES: dict[type[Model], Resource] = {
    Incident: incidents, SafetyAsset: assets, TrainingRecord: certificates, SafetyPlan: plans,
    Finding: findings}

class SafetyPeriodForm(PeriodForm):
    """The period, the unit, and the two periods compared (by default the articles')."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), required=False,
                                  queryset=OrgUnit.objects.none(),
                                  empty_label=gettext_lazy("All I see"))
    earlier_start = forms.DateField(label=gettext_lazy("Compare: from"), required=False)
    earlier_end = forms.DateField(label=gettext_lazy("to"), required=False)
    later_start = forms.DateField(label=gettext_lazy("with: from"), required=False)
    later_end = forms.DateField(label=gettext_lazy("to"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_in_reach(user).filter(is_active=True).order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for first, last in (("earlier_start", "earlier_end"), ("later_start", "later_end")):
            if data.get(first) and data.get(last) and data[first] > data[last]:
                self.add_error(last, _("The period ends before it starts."))
        return data


def chosen_from(request: HttpRequest, user: User) -> tuple[SafetyPeriodForm, dict[str, Any]]:
    today = timezone.localdate()
    initial: dict[str, Any] = {"start": dt.date(today.year, 1, 1),
                               "end": dt.date(today.year, 12, 31)}
    form = SafetyPeriodForm(request.GET or None, user=user, initial=initial)
    chosen: dict[str, Any] = {**initial, "unit": None}
    if form.is_bound and form.is_valid():
        chosen.update({k: v for k, v in form.cleaned_data.items() if v is not None})
    period = Period(chosen["start"], chosen["end"])
    earlier, later = f.default_comparison(period)
    chosen["period"] = period
    chosen["comparison"] = (
        Period(chosen.get("earlier_start") or earlier.start,
               chosen.get("earlier_end") or earlier.end),
        Period(chosen.get("later_start") or later.start, chosen.get("later_end") or later.end))
    return form, chosen


def _table(title: str, first: str, headers: list[str], rows: list[dict[str, Any]],
           total: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"title": title, "headers": [first, *headers], "rows": rows, "total": total}


def _harm_rows(rows: list[figure_rows.HarmRow], period: Period,
               unit: OrgUnit | None) -> list[dict[str, Any]]:
    def link(row: figure_rows.HarmRow) -> str:
        narrow: dict[str, Any] = {"unit": unit, **row.narrow}  # a unit row: its unit
        return f.figure_link("incidents", period, **narrow)

    return [{"label": report.row_label(r), "cells": _harm_cells(r.harm, link(r))} for r in rows]


def _harm_cells(harm: figure_rows.Harm, url: str) -> list[tuple[str, str]]:
    return [(format_number(harm.incidents), url),
            *((format_number(getattr(harm, n)), "") for n in figure_rows.HARM[1:])]


def page_tables(figures: figure_rows.SafetyFigures) -> list[dict[str, Any]]:
    """The page's tables: each count links to the records it counts."""
    period, unit = figures.period, figures.unit
    harm_headers = report.harm_columns("")[1:]
    whole = {"label": _("Total"), "cells": _harm_cells(
        figures.total, f.figure_link("incidents", period, unit))}
    out = [_table(title, first, harm_headers, _harm_rows(rows, period, unit), whole)
           for title, first, rows in (
               (_("Incidents by kind"), _("Kind"), figures.by_kind),
               (_("Incidents by severity"), _("Severity"), figures.by_severity),
               (_("Incidents by activity"), _("Activity"), figures.by_activity),
               (_("Incidents by unit"), _("Unit"), figures.by_unit)) if rows]

    def link(figure: str, value: int, **narrow: Any) -> tuple[str, str]:
        return format_number(value), f.figure_link(figure, period, unit, **narrow)

    out.append(_table(_("Serious incidents in production and in research and prototyping "
                        "(target: none)"), _("Activity"),
                      [_("Especially serious"), _("Serious and especially serious")],
                      [{"label": str(Activity(z.activity).label), "cells": [
                          link("especially_serious", z.especially_serious, activity=z.activity),
                          link("serious", z.total, activity=z.activity)]}
                       for z in figures.zero_targets.values()]))
    out.append(_table(_("Safety-critical assets on %(day)s") % {
        "day": format_date(period.as_of)}, _("Category"),
        [_("In service"), _("Valid inspection"), _("Overdue")],
        [{"label": f"{r.name}{' *' if r.strict else ''}", "cells": [
            link(name, getattr(r, attr), **r.narrow) for name, attr in (
                ("assets_in_service", "in_service"), ("assets_covered", "covered"),
                ("assets_overdue", "overdue"))]} for r in figures.assets]))
    out.append(_table(_("Valid training certificates by group"), _("Training group"),
                      [_("Valid"), _("Expiring within 30 days")],
                      [{"label": f"{r.group}. {r.name}", "cells": [
                          link("certificates_valid", r.valid, group=r.group),
                          link("certificates_expiring", r.expiring, group=r.group)]}
                       for r in figures.certificates]))
    out.append(_table(_("Safety plans"), _("Kind"),
                      [_("Approved in the period"), _("In force"), _("Drilled in the period"),
                       _("In force, not drilled")],
                      [{"label": str(PlanKind(r.kind).label), "cells": [
                          link(name, getattr(r, name.removeprefix("plans_")), plan_kind=r.kind)
                          for name in ("plans_approved", "plans_in_force", "plans_drilled",
                                       "plans_not_drilled")]} for r in figures.plans]))
    out.append(_table(_("Findings by review campaign"), _("Campaign"),
                      [_("Findings"), _("Closed"), _("Closed (%)"), _("Median days to close"),
                       _("Carried over"), _("Still open")],
                      [{"label": f"{r.code} {r.name}".strip() or _("Outside any campaign"),
                        "cells": [link("campaign_findings", r.found, **r.narrow),
                                  link("campaign_closed", r.closed, **r.narrow),
                                  (report.percent_text(r.closed_share), ""),
                                  (report.days_text(r.median_days), ""),
                                  link("campaign_carried", r.carried, **r.narrow),
                                  link("findings_open", r.open, **r.narrow)]}
                       for r in figures.campaigns]))
    return out


def headline(figures: figure_rows.SafetyFigures) -> list[dict[str, Any]]:
    """The key numbers above the tables, each with its records."""
    period, unit, k = figures.period, figures.unit, figures.findings
    shown = (("incidents", figures.total.incidents), ("especially_serious",
                                                      figures.especially_serious),
             ("serious", figures.serious), ("near_misses", figures.near_misses),
             ("assets_overdue", figures.asset_totals.overdue),
             ("findings_open", k.open), ("findings_overdue", k.overdue),
             ("findings_carried_open", k.carried_open),
             ("findings_first_found", k.first_found_open))
    return [{"key": name, "label": FIGURE_LABELS[name], "value": value,
             "url": f.figure_link(name, period, unit)} for name, value in shown]


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    user = incidents.require(request.user)
    form, chosen = chosen_from(request, user)
    period, unit = chosen["period"], chosen["unit"]
    figures: figure_rows.SafetyFigures = registry.read("safety", user, period, unit)
    comparison = comparison_of(user, period, unit, chosen["comparison"])
    section = report.render_section(figures, comparison)
    chart = report.comparison_chart(comparison)
    return TemplateResponse(request, "safety/figures.html", {
        "form": form, "figures": figures, "comparison": comparison, "section": section,
        "headline": headline(figures), "tables": page_tables(figures),
        "chart": {"categories": chart.categories, "series": [
            {"name": name, "data": data} for name, data in chart.series]}})


def _records_rows(model: type, page: Any) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Headers and cells (text, link) of the records listed."""
    def detail(slug: str, pk: int) -> str:
        return reverse(f"safety:{slug}-detail", args=[pk])

    if model is Incident:
        return ([_("Number"), _("Title"), _("Date"), _("Unit"), _("Kind"), _("Activity"),
                 _("Severity"), _("Deaths"), _("Damage (VND)")],
                [[(r.code, detail("incidents", r.pk)), (r.title, ""),
                  (format_date(timezone.localtime(r.occurred_at).date()), ""), (r.unit.code, ""),
                  (str(r.kind), ""), (r.get_activity_display(), ""),
                  (str(r.severity or r.suggested_severity or "—"), ""),
                  (format_number(r.deaths), ""), (format_number(r.damage_total), "")]
                 for r in page])
    if model is SafetyAsset:
        return ([_("Registration number"), _("Name"), _("Category"), _("Unit"),
                 _("Next inspection due"), _("Status")],
                [[(r.code, detail("assets", r.pk)), (r.name, ""), (str(r.category), ""),
                  (r.unit.code, ""), (format_date(r.next_due), ""), (r.get_status_display(), "")]
                 for r in page])
    if model is TrainingRecord:
        return ([_("Person"), _("Certificate number"), _("Course"), _("Unit"), _("Valid until")],
                [[(r.person, detail("certificates", r.pk)), (r.certificate_number, ""),
                  (str(r.session.course), ""), (r.session.unit.code, ""),
                  (format_date(r.expires_on), "")] for r in page])
    if model is SafetyPlan:
        return ([_("Code"), _("Title"), _("Kind"), _("Unit"), _("Approved on"), _("Status")],
                [[(r.code, detail("plans", r.pk)), (r.title, ""), (r.get_kind_display(), ""),
                  (r.unit.code, ""), (format_date(r.approved_on), ""),
                  (r.get_status_display(), "")] for r in page])
    return ([_("Number"), _("Title"), _("Unit responsible"), _("Campaign"), _("First found on"),
             _("Due date"), _("Status")],
            [[(r.code, detail("findings", r.pk)), (r.title, ""), (r.unit.code, ""),
              (r.campaign.code if r.campaign else "", ""), (format_date(r.first_found_on), ""),
              (format_date(r.due_date), ""), (r.get_status_display(), "")] for r in page])


RELATED: dict[type, tuple[str, ...]] = {
    Incident: ("unit", "kind", "severity", "suggested_severity"),
    SafetyAsset: ("unit", "category"), TrainingRecord: ("session__course", "session__unit"),
    SafetyPlan: ("unit",), Finding: ("unit", "campaign")}


def _narrow(request: HttpRequest) -> dict[str, Any]:
    """The link's narrowing parameters, as the figures wrote them (ids, codes, numbers)."""
    out: dict[str, Any] = {}
    for name in f.NARROW:
        value = request.GET.get(name)
        if value is None or value == "":
            continue
        out[name] = value if name in ("activity", "plan_kind") else _narrow_int(value)
    return out


@login_required
@require_GET
def figure_records(request: HttpRequest) -> HttpResponse:
    """The records one figure counts, with links to them."""
    figure = request.GET.get("figure", "")
    if figure not in f.FIGURE_MODELS:
        raise Http404
    model = f.FIGURE_MODELS[figure]
    user = RESOURCES[model].require(request.user)
    form, chosen = chosen_from(request, user)
    if form.is_bound and not form.is_valid():  # a link the figures did not write
        raise Http404
    unit = None
    if request.GET.get("unit"):
        unit = units_in_reach(user).filter(pk=_narrow_int(request.GET["unit"])).first()
        if unit is None:
            raise Http404
    records = f.figure_records(user, figure, chosen["period"], unit=unit, **_narrow(request))
    page = Paginator(records.select_related(*RELATED[model]).order_by("pk"),
                     _per_page(request)).get_page(request.GET.get("page"))
    audit.record_listing(user, model, list(page.object_list))
    headers, rows = _records_rows(model, page)
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "safety/figures_records.html", {
        "figure": FIGURE_LABELS[figure], "page": page, "chosen": chosen, "unit": unit,
        "headers": headers, "rows": rows, "querystring": query.urlencode()})


def _narrow_int(value: str) -> int:
    """An id or number from the link: anything else (or beyond a database integer) names
    nothing."""
    if not value.isdigit() or int(value) >= 2**63:
        raise Http404
    return int(value)


def _per_page(request: HttpRequest) -> int:
    value = request.GET.get("per_page", "")
    return min(int(value), 200) if value.isdigit() and int(value) > 0 else 50


urlpatterns: list[URLPattern] = [
    path("figures/", figures_page, name="figures"),
    path("figures/records/", figure_records, name="figure-records"),
]
