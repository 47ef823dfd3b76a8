"""Reads of quality shared by the pages, the API and the reports.

Every read starts from `scope_queryset` for the reading user. Each quality figure is defined
ONCE here, as a condition on the records it counts (`condition`); the figures aggregate those
records in the database (figures.py) and the pages list exactly them (`counted_by`, the
`?figure=` filters and the figure records page). Definitions in words:
docs/quality-figures.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.documents.models import ProductType
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.models import DeliveryLine, Inspection, SerialUnit
from cnqp.quality.choices import NCSource, ReportStatus
from cnqp.quality.models import (
    CorrectiveAction,
    FieldReport,
    FieldReportSerial,
    NonConformance,
    Recall,
)
from cnqp.quality.models.recalls import seen_whole


@dataclass(frozen=True)
class Period(ReportPeriod):
    """The reports' closed period, and the day quality judges "overdue" on."""

    @property
    def as_of(self) -> dt.date:
        """The day "overdue" is judged on: the period's end, or today while it runs."""
        return min(self.end, timezone.localdate())


FIGURE_MODELS: dict[str, type[Model]] = {
    "inspected": Inspection,
    "passed": Inspection,
    "delivered": SerialUnit,
    "defects": SerialUnit,
    "failures": FieldReport,
    "nc_open": NonConformance,
    "nc_closed": NonConformance,
    "fixed": NonConformance,
    "overdue_actions": CorrectiveAction,
}
FIGURES = tuple(FIGURE_MODELS)

# Where each counted model keeps its product type and its producing enterprise.
PRODUCT_TYPE_PATHS: dict[type[Model], tuple[str, ...]] = {
    Inspection: ("target__lot__product_type", "target__serial__product_type"),
    SerialUnit: ("product_type",),
    FieldReport: ("product_type",),
    NonConformance: ("product_type",),
    CorrectiveAction: ("nonconformance__product_type",),
}
ENTERPRISE_PATHS: dict[type[Model], str] = {
    Inspection: "enterprise",  # repeated from its node
    SerialUnit: "enterprise",
    FieldReport: "enterprise",
    NonConformance: "enterprise",
    CorrectiveAction: "nonconformance__enterprise",
}


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _open_at(day: dt.date) -> Q:
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


def condition(figure: str, period: Period) -> Q:
    """What `figure` counts in `period`, as a filter on its model (FIGURE_MODELS)."""
    # A final acceptance judges a lot or a serial (the services and the import refuse any
    # other target), so the stage alone says it: no join to the inspected nodes.
    inspected = Q(stage=InspectionStage.FINAL_ACCEPTANCE) & _in(period, "date")
    closed = _in(period, "closed_on")
    if figure == "inspected":
        return inspected
    if figure == "passed":
        return inspected & Q(result=InspectionResult.PASSED)
    if figure == "delivered":
        lines = DeliveryLine.objects.filter(delivery__date__lte=period.end)
        return Q(pk__in=lines.values("serial_id"))
    if figure == "defects":
        named = FieldReportSerial.objects.filter(
            _in(period, "report__occurred_on")).exclude(report__status=ReportStatus.CLOSED)
        return Q(pk__in=named.values("serial_id"))
    if figure == "failures":
        return _in(period, "occurred_on") & ~Q(status=ReportStatus.CLOSED)
    if figure == "nc_open":
        return Q(detected_on__lte=period.end) & _open_at(period.end)
    if figure == "nc_closed":
        return closed
    if figure == "fixed":
        return closed & Q(source=NCSource.FIELD_REPORT)
    if figure == "overdue_actions":
        day = period.as_of
        return Q(due_date__lt=day, nonconformance__detected_on__lte=day) & _open_at(day)
    raise ValueError(f"unknown figure {figure!r}")


def narrowed(queryset: QuerySet[Any], *, product_type: ProductType | None = None,
             enterprise: OrgUnit | None = None) -> QuerySet[Any]:
    """Only the records of a product type, and of products made in an enterprise's subtree
    (the report's unit)."""
    model = queryset.model
    if product_type is not None:
        q = Q()
        for path in PRODUCT_TYPE_PATHS[model]:
            q |= Q(**{path: product_type})
        queryset = queryset.filter(q)
    if enterprise is not None:
        queryset = queryset.filter(**{f"{ENTERPRISE_PATHS[model]}__path__startswith":
                                      enterprise.path})
    return queryset


def counted_by(queryset: QuerySet[Any], figure: str, period: Period) -> QuerySet[Any]:
    """The records among `queryset` that `figure` counts in `period`: what a number links to."""
    if FIGURE_MODELS[figure] is not queryset.model:
        raise ValueError(f"{figure} counts {FIGURE_MODELS[figure].__name__} records")
    return queryset.filter(condition(figure, period))


def figure_records(user: User, figure: str, period: Period, *,
                   product_type: ProductType | None = None,
                   enterprise: OrgUnit | None = None) -> QuerySet[Any]:
    """The records a figure counts that `user` may see."""
    model = FIGURE_MODELS[figure]
    visible = scope_queryset(model._default_manager.all(), user)
    return narrowed(counted_by(visible, figure, period), product_type=product_type,
                    enterprise=enterprise)


def recalls_seen(user: User, queryset: QuerySet[Recall]) -> QuerySet[Recall]:
    """The recalls of `queryset` `user` may see, each with `totals_shown`: whether its totals
    (lots, serials, units) are theirs to read, by the rule the list, export and API mask them
    by (`Recall.shown_when`); a unit holding part of a recall reads its own marks only."""
    return scope_queryset(queryset, user).annotate(
        totals_shown=ExpressionWrapper(seen_whole(user), output_field=BooleanField()))
