"""The production figures in the metric registry (core.figures.metrics): every number the
production section, the home page's panels, the plan board and the API print, computed once by
the sources `production` (report.production_figures: the year's plans, the period's output and
inspections) and `production.received` (report.received_figures: serials delivered to a
unit). Definitions in words: docs/production-figures.md.

A figure links to the list of exactly the records it counts where the lists can filter them;
where they cannot (items completed on time, output produced apart from repaired) it has no
link rather than a list of more."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.core.text import format_date
from cnqp.core.units import PRODUCING_KINDS
from cnqp.documents.choices import ProductGroup
from cnqp.production.choices import (
    FundingSource,
    InspectionResult,
    InspectionStage,
    PlanItemStatus,
)
from cnqp.production.report import (
    ProductionFigures,
    Received,
    figures_of_period,
    received_figures,
)

register_source(Source("production", figures_of_period, ProductionFigures))
register_source(Source("production.received", received_figures, Received))

PLANS = "production.view_planitem"
SERIALS = "production.view_serialunit"
LOTS = "production.view_lot"
INSPECTIONS = "production.view_inspection"

TYPES = pgettext_lazy("unit of measure", "product types")
ITEMS = pgettext_lazy("unit of measure", "plan items")
UNITS = pgettext_lazy("unit of measure", "units")
INSPECTED = pgettext_lazy("unit of measure", "inspections")
PER_CENT = "%"


# --- links: the lists of what a figure counts ---------------------------------------------------


def _url(name: str, query: dict[str, Any]) -> str:
    return f"{reverse(f'production:{name}')}?{urlencode(query)}"


def _enterprise(unit: OrgUnit | None) -> dict[str, str]:
    """The lists' enterprise filter for a unit that produces; the lists show everything the
    reader sees otherwise, as the figure of the whole directorate counts."""
    return {"enterprise": str(unit.pk)} if unit is not None and unit.kind in PRODUCING_KINDS \
        else {}


def plan_items_link(**extra: str) -> Link:
    """The items of the period's plan year (of the unit's enterprise), filtered further."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        return _url("plan-items-list", {"year": period.year, **_enterprise(unit), **extra})

    return link


def _accepted_serials(period: ReportPeriod, unit: OrgUnit | None) -> str:
    return _url("serials-list", {"accepted": "true", "made_since": format_date(period.start),
                                 "made_until": format_date(period.end), **_enterprise(unit)})


def inspections_link(stage: str, result: str = "") -> Link:
    """The inspections of a stage dated in the period, optionally of one result."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        query = {"stage": stage, "date_from": format_date(period.start),
                 "date_to": format_date(period.end), **_enterprise(unit)}
        if result:
            query["result"] = result
        return _url("inspections-list", query)

    return link


def _receives(unit: OrgUnit | None) -> bool:
    return unit is None or unit.kind == OrgUnitKind.USER_UNIT


def _recipient(unit: OrgUnit | None) -> dict[str, str]:
    return {"recipient": str(unit.pk)} if unit is not None else {}


def _received(period: ReportPeriod, unit: OrgUnit | None) -> str:
    """The serial list filters deliveries by calendar year: no link for another period, nor
    for a unit that is not a user unit (deliveries go to user units)."""
    if period != ReportPeriod.annual(period.year) or not _receives(unit):
        return ""
    return _url("serials-list", {"received_in": period.year, **_recipient(unit)})


def _held(period: ReportPeriod, unit: OrgUnit | None) -> str:
    """The serial list shows today's: a link only for a period not yet over."""
    if period.end < timezone.localdate() or not _receives(unit):
        return ""
    return _url("serials-list", _recipient(unit))


# --- the metrics ------------------------------------------------------------------------------


def by(label: str | Promise, breakdown: str | Promise) -> Promise:
    return format_lazy("{}, {}", label, breakdown)


# Per enterprise and directorate: (field of Completion / EnterpriseCompletion, key, label).
COMPLETION = (
    ("done", "types_done_well", _("Product types done well (on time, to quality)"), TYPES),
    ("total", "types_planned", _("Product types planned"), TYPES),
    ("items", "plan_items", _("Plan items"), ITEMS),
    ("completed", "items_completed", _("Plan items completed"), ITEMS),
    ("on_time", "items_on_time", _("Plan items completed on time"), ITEMS),
    ("quality_passed", "items_quality_passed", _("Plan items with quality passed"), ITEMS),
)
# The same N/M over the defence product types funded from the budget (the articles' figure),
# for the directorate or the unit only.
DEFENCE_COMPLETION = (
    ("defence_done", "defence_types_done_well",
     _("Defence product types from the budget done well"), TYPES),
    ("defence_total", "defence_types_planned",
     _("Defence product types from the budget planned"), TYPES),
)
COMPLETION_LINKS: dict[str, Link | None] = {
    "done": plan_items_link(type_done_well="true"), "total": plan_items_link(),
    "items": plan_items_link(), "completed": plan_items_link(status=PlanItemStatus.COMPLETED),
    "on_time": None, "quality_passed": None,
    "defence_done": plan_items_link(product_group=ProductGroup.DEFENSE,
                                    funding_source=FundingSource.STATE_BUDGET,
                                    type_done_well="true"),
    "defence_total": plan_items_link(product_group=ProductGroup.DEFENSE,
                                     funding_source=FundingSource.STATE_BUDGET)}

# Output built in the period: (field, label, permission).
OUTPUT = (
    ("produced_serials", _("Units produced"), SERIALS),
    ("repaired_serials", _("Units repaired"), SERIALS),
    ("produced_lot_quantity", _("Produced in lots"), LOTS),
    ("repaired_lot_quantity", _("Repaired in lots"), LOTS),
)

# Inspections: (field of StageRate / MonthFinals, name in the key, label, lower is better).
STAGE_FIGURES = (
    ("total", "inspected", _("Inspected"), "", False),
    ("passed", "passed", _("Passed"), InspectionResult.PASSED, False),
    ("failed", "failed", _("Failed"), InspectionResult.FAILED, True),
)


def _stage_prefix(stage: InspectionStage) -> str:
    return "final" if stage == InspectionStage.FINAL_ACCEPTANCE else stage.value


def _stage_metrics(stage: InspectionStage) -> list[Metric]:
    # The reports compare final acceptance with a year before; the other stages are details.
    compared = stage == InspectionStage.FINAL_ACCEPTANCE
    prefix = _stage_prefix(stage)
    found = [Metric(f"production.{prefix}_{name}", "production", f"stages.{stage.value}.{field}",
                    format_lazy("{}: {}", stage.label, label), INSPECTED,
                    better=Better.LOWER if lower else Better.HIGHER,
                    link=inspections_link(stage.value, result), permission=INSPECTIONS,
                    compared=compared)
             for field, name, label, result, lower in STAGE_FIGURES]
    rate_label = (_("Final acceptance pass rate") if compared
                  else format_lazy("{}: {}", stage.label, _("Pass rate")))
    found.append(Metric(f"production.{prefix}_pass_rate", "production",
                        f"stages.{stage.value}.rate", rate_label, PER_CENT, decimals=1,
                        link=inspections_link(stage.value), permission=INSPECTIONS,
                        compared=compared))
    return found


register(
    # The year's plans, for the directorate (or the unit) and per enterprise.
    *(Metric(f"production.{key}", "production", f"completion.{field}", label, measure,
             link=COMPLETION_LINKS[field], permission=PLANS)
      for field, key, label, measure in COMPLETION + DEFENCE_COMPLETION),
    *(Metric(f"production.enterprises.*.{key}", "production", f"completion.enterprises.*.{field}",
             by(label, _("by enterprise")), measure, permission=PLANS, compared=False)
      for field, key, label, measure in COMPLETION),
    Metric("production.planned_quantity", "production", "completion.planned_quantity",
           _("Planned quantity"), UNITS, link=plan_items_link(), permission=PLANS),
    Metric("production.plan_output", "production", "completion.accepted_quantity",
           _("Planned quantities accepted"), UNITS, link=plan_items_link(), permission=PLANS),
    # Accepted output built in the period, in all and per product type.
    Metric("production.accepted_serials", "production", "accepted_serials",
           _("Accepted units built"), UNITS, link=_accepted_serials, permission=SERIALS),
    *(Metric(f"production.{field}", "production", field, label, UNITS, permission=permission)
      for field, label, permission in OUTPUT),
    *(Metric(f"production.by_product_type.*.{field}", "production",
             f"by_product_type.*.{field}", by(label, _("by product type")), UNITS,
             permission=permission, compared=False)
      for field, label, permission in OUTPUT),
    # Inspections of the period per stage, and final acceptances per month.
    *(metric for stage in InspectionStage for metric in _stage_metrics(stage)),
    *(Metric(f"production.final_by_month.*.{name}", "production", f"final_by_month.*.{field}",
             by(format_lazy("{}: {}", InspectionStage.FINAL_ACCEPTANCE.label, label),
                _("by month")), INSPECTED, better=Better.LOWER if lower else Better.HIGHER,
             permission=INSPECTIONS, compared=False)
      for field, name, label, _result, lower in STAGE_FIGURES),
    # Serials delivered: what a user unit received.
    Metric("production.received_serials", "production.received", "received_serials",
           _("Serial units received"), UNITS, link=_received, permission=SERIALS),
    Metric("production.serials_held", "production.received", "serials_held",
           _("Serial units received, all years"), UNITS, link=_held, permission=SERIALS),
)
