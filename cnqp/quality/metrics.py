"""The quality figures in the metric registry (core.figures.metrics): every number the quality
section, panel, figures page and API print, computed once by `figures.quality_figures` (the
"quality" source), each linked to the list of exactly the records it counts.

The registry reads a source for a period and a unit (the enterprise whose subtree's products
are counted); the figures page and the API also narrow to one product type, which the
registry cannot name: `read` below answers those from the same function, and everything
else through the registry."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures import metrics
from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.documents.models import ProductType
from cnqp.quality.choices import UsageUnit
from cnqp.quality.figures import STAGES, QualityFigures, quality_figures
from cnqp.quality.figures_page import figure_link
from cnqp.quality.report import STAGE_LABELS
from cnqp.quality.selectors import Period

SOURCE = "quality"


def _compute(user: User, period: ReportPeriod, unit: OrgUnit | None) -> QualityFigures:
    return quality_figures(user, Period(period.start, period.end), enterprise=unit)


register_source(Source(SOURCE, _compute, QualityFigures))


def read(user: User, period: ReportPeriod, unit: OrgUnit | None = None,
         product_type: ProductType | None = None) -> QualityFigures:
    """The "quality" source's result: through the registry, or for one product type (which
    a source cannot be asked for) from the source's own function."""
    if product_type is None:
        result: QualityFigures = metrics.read(SOURCE, user, period, unit)
        return result
    return quality_figures(user, Period(period.start, period.end), product_type=product_type,
                           enterprise=unit)


def records_link(figure: str, **narrow: str) -> Link:
    """The list of the records `figure` counts in the period, of the unit's enterprises."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        return figure_link(figure, {"start": period.start, "end": period.end,
                                    "enterprise": unit}, **narrow)

    return link


INSPECTIONS = "production.view_inspection"
SERIALS = "production.view_serialunit"
REPORTS = "quality.view_fieldreport"
NONCONFORMANCES = "quality.view_nonconformance"
ACTIONS = "quality.view_correctiveaction"

ACCEPTANCES = _("acceptances")
PRODUCTS = _("products")


class _Figure(NamedTuple):
    """How a count of FIGURES is named: label, unit of measure, permission, direction."""

    label: Promise
    measure: Promise
    permission: str
    better: str = Better.HIGHER


COUNTS = {
    "inspected": _Figure(_("Final acceptances"), ACCEPTANCES, INSPECTIONS),
    "passed": _Figure(_("Final acceptances passed"), ACCEPTANCES, INSPECTIONS),
    "delivered": _Figure(_("Delivered (in service)"), PRODUCTS, SERIALS),
    "defects": _Figure(_("Defective serials"), PRODUCTS, SERIALS, Better.LOWER),
    "failures": _Figure(_("Field failures reported"), _("field reports"), REPORTS,
                        Better.LOWER),
    "nc_open": _Figure(_("Non-conformances open at the period's end"), _("non-conformances"),
                       NONCONFORMANCES, Better.LOWER),
    "nc_closed": _Figure(_("Non-conformances closed"), _("non-conformances"),
                         NONCONFORMANCES),
    "fixed": _Figure(_("Field defects fixed"), _("non-conformances"), NONCONFORMANCES),
    "overdue_actions": _Figure(_("Corrective actions overdue"), _("corrective actions"),
                               ACTIONS, Better.LOWER),
}
PASS_RATE = _("Final acceptance pass rate")
PER_THOUSAND = _("Defects per 1,000 delivered")
MEAN_USAGE = _("Mean use before failure")
STAGE_FIGURES = ("nc_open", "nc_closed", "fixed")  # a StageRow's open, closed, fixed
BREAKDOWNS = {"by_product_type": _("by product type"), "by_enterprise": _("by enterprise")}


def _row_metrics(prefix: str, at: str, label: Promise | None) -> list[Metric]:
    """The metrics of one FigureRow at path `at`: "quality.inspected" for the total, or
    "quality.by_product_type.inspected" for a row per product type (`label` the dimension)."""

    def named(text: str | Promise) -> str | Promise:
        return text if label is None else format_lazy("{}, {}", text, label)

    whole = label is None  # a breakdown's rows link through the figures page, row by row
    return [
        *(Metric(f"{prefix}{name}", SOURCE, f"{at}.counts.{name}", named(f.label), f.measure,
                 better=f.better, permission=f.permission,
                 link=records_link(name) if whole else None)
          for name, f in COUNTS.items()),
        Metric(f"{prefix}pass_rate", SOURCE, f"{at}.pass_rate", named(PASS_RATE), "%",
               decimals=1, permission=INSPECTIONS,
               link=records_link("inspected") if whole else None),
        Metric(f"{prefix}per_thousand", SOURCE, f"{at}.per_thousand", named(PER_THOUSAND), "‰",
               better=Better.LOWER, decimals=1, permission=SERIALS,
               link=records_link("defects") if whole else None),
        # A mean has no list of its own: the failures behind it mix every way of counting use.
        *(Metric(f"{prefix}mean_usage.{unit.value}", SOURCE, f"{at}.mean_usage.{unit.value}",
                 named(format_lazy("{} ({})", MEAN_USAGE, unit.label)), unit.label,
                 decimals=1, permission=REPORTS)
          for unit in UsageUnit),
    ]


register(
    *_row_metrics("quality.", "total", None),
    *(m for dimension, label in BREAKDOWNS.items()
      for m in _row_metrics(f"quality.{dimension}.", f"{dimension}.*", label)),
    *(Metric(f"quality.{name}.{stage}", SOURCE, f"stages.{stage}.{field}",
             format_lazy("{} ({})", COUNTS[name].label, STAGE_LABELS[stage]),
             COUNTS[name].measure, better=COUNTS[name].better,
             permission=NONCONFORMANCES, link=records_link(name, stage=stage), compared=False)
      for stage in STAGES
      for name, field in zip(STAGE_FIGURES, ("open", "closed", "fixed"), strict=True)),
)
