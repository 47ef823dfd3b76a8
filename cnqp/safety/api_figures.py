"""GET /api/safety/figures: the safety figures of a period, in a unit's subtree or all the
reader sees, with two periods compared when asked; read from the metric registry (metrics.py),
the same numbers as the figures page and the report.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

import datetime as dt
from dataclasses import asdict
from typing import Any, Optional

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from cnqp.core.figures import metrics
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.schemas import Id, Input
from cnqp.core.units import units_in_reach
from cnqp.quality.selectors import Period
from cnqp.safety.figure_rows import Comparison, HarmRow, PeriodHarm, SafetyFigures
from cnqp.safety.metrics import comparison as comparison_of
from cnqp.safety.resources import incidents


class HarmOut(Schema):
    incidents: int
    deaths: int
    serious_injuries: int
    minor_injuries: int
    days_off: int
    damage: int


class HarmRowOut(Schema):
    code: str
    label: str
    harm: HarmOut


class HarmRateOut(Schema):
    incidents: float
    deaths: float
    serious_injuries: float
    minor_injuries: float
    days_off: float
    damage: int


class PeriodHarmOut(Schema):
    start: dt.date
    end: dt.date
    years: float
    harm: HarmOut
    per_year: HarmRateOut


class ComparisonOut(Schema):
    earlier: PeriodHarmOut
    later: PeriodHarmOut
    change: dict[str, int]
    percent: dict[str, Optional[float]]  # noqa: UP045
    average_percent: dict[str, Optional[float]]  # noqa: UP045


class ZeroTargetOut(Schema):
    activity: str
    especially_serious: int
    serious: int
    total: int


class AssetRowOut(Schema):
    code: str
    name: str
    strict: bool
    in_service: int
    covered: int
    overdue: int
    covered_share: Optional[float]  # noqa: UP045


class AssetTotalsOut(Schema):
    in_service: int
    covered: int
    overdue: int
    strict: int
    covered_share: Optional[float]  # noqa: UP045


class CertificateRowOut(Schema):
    group: int
    name: str
    valid: int
    expiring: int


class CertificateTotalsOut(Schema):
    valid: int
    expiring: int
    horizon_days: int


class PlanRowOut(Schema):
    kind: str
    approved: int
    in_force: int
    drilled: int
    not_drilled: int


class PlanTotalsOut(Schema):
    approved: int
    in_force: int
    drilled: int
    not_drilled: int


class CampaignRowOut(Schema):
    code: str
    name: str
    year: Optional[int]  # noqa: UP045
    found: int
    closed: int
    open: int
    carried: int
    carried_in: int
    closed_share: Optional[float]  # noqa: UP045
    median_days: Optional[float]  # noqa: UP045


class FindingTotalsOut(Schema):
    found: int
    closed: int
    open: int
    overdue: int
    carried_open: int
    median_days: Optional[float]  # noqa: UP045
    general_reviews_open: dict[str, int]
    general_reviews_open_total: int


class SafetyFiguresOut(Schema):
    start: dt.date
    end: dt.date
    unit: Optional[int]  # noqa: UP045
    total: HarmOut
    near_misses: int
    by_kind: list[HarmRowOut]
    by_severity: list[HarmRowOut]
    by_activity: list[HarmRowOut]
    by_unit: list[HarmRowOut]
    especially_serious: int
    serious: int
    zero_targets: list[ZeroTargetOut]
    assets: list[AssetRowOut]
    asset_totals: AssetTotalsOut
    certificates: list[CertificateRowOut]
    certificate_totals: CertificateTotalsOut
    plans: list[PlanRowOut]
    plan_totals: PlanTotalsOut
    campaigns: list[CampaignRowOut]
    findings: FindingTotalsOut
    comparison: Optional[ComparisonOut]  # noqa: UP045
    classification: int


class SafetyFigureParams(Input):
    start: dt.date
    end: dt.date
    unit: Optional[Id] = None  # noqa: UP045
    earlier_start: Optional[dt.date] = None  # noqa: UP045
    earlier_end: Optional[dt.date] = None  # noqa: UP045
    later_start: Optional[dt.date] = None  # noqa: UP045
    later_end: Optional[dt.date] = None  # noqa: UP045


def _rows(rows: list[HarmRow]) -> list[dict[str, Any]]:
    return [{"code": r.code, "label": r.label, "harm": asdict(r.harm)} for r in rows]


def _period(start: Optional[dt.date], end: Optional[dt.date], name: str  # noqa: UP045
            ) -> Optional[Period]:  # noqa: UP045
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValidationError({f"{name}_start": _("Give both ends of the period.")})
    if start > end:
        raise ValidationError({f"{name}_end": _("The period ends before it starts.")})
    return Period(start, end)


def _side(side: PeriodHarm) -> dict[str, Any]:
    return {"start": side.period.start, "end": side.period.end, "years": side.years,
            "harm": asdict(side.harm), "per_year": asdict(side.per_year)}


def _out(figures: SafetyFigures, comparison: Comparison | None) -> dict[str, Any]:
    findings = figures.findings
    return {
        "start": figures.period.start, "end": figures.period.end,
        "unit": figures.unit.pk if figures.unit is not None else None,
        "total": asdict(figures.total), "near_misses": figures.near_misses,
        "by_kind": _rows(figures.by_kind), "by_severity": _rows(figures.by_severity),
        "by_activity": _rows(figures.by_activity), "by_unit": _rows(figures.by_unit),
        "especially_serious": figures.especially_serious, "serious": figures.serious,
        "zero_targets": [asdict(z) for z in figures.zero_targets.values()],
        "assets": [asdict(a) for a in figures.assets],
        "asset_totals": asdict(figures.asset_totals),
        "certificates": [asdict(c) for c in figures.certificates],
        "certificate_totals": asdict(figures.certificate_totals),
        "plans": [asdict(p) for p in figures.plans], "plan_totals": asdict(figures.plan_totals),
        "campaigns": [asdict(c) for c in figures.campaigns],
        "findings": {"found": findings.found, "closed": findings.closed, "open": findings.open,
                     "overdue": findings.overdue, "carried_open": findings.carried_open,
                     "median_days": findings.median_days,
                     "general_reviews_open": {str(y): n for y, n
                                              in findings.first_found.items()},
                     "general_reviews_open_total": findings.first_found_open},
        "comparison": None if comparison is None else {
            "earlier": _side(comparison.earlier), "later": _side(comparison.later),
            "change": asdict(comparison.change), "percent": asdict(comparison.percent),
            "average_percent": asdict(comparison.average_percent)},
        "classification": max(figures.classification,
                              comparison.classification if comparison else 0),
    }


def register(router: Router) -> None:
    @router.get("/figures", response={200: SafetyFiguresOut, 403: ErrorOut, 422: ErrorOut},
                operation_id="safety_figures", tags=["Safety figures"],
                summary="Safety figures of a period, in a unit's subtree, two periods compared")
    def figures(request: HttpRequest, params: Query[SafetyFigureParams]) -> Any:
        user = incidents.require(request.user)
        period = _period(params.start, params.end, "")
        assert period is not None  # both ends are required
        earlier = _period(params.earlier_start, params.earlier_end, "earlier")
        later = _period(params.later_start, params.later_end, "later")
        if (earlier is None) != (later is None):
            raise ValidationError({"later_start": _("Compare two periods: give both.")})
        unit = None
        if params.unit is not None:
            unit = units_in_reach(user).filter(pk=params.unit).first()
            if unit is None:
                raise ValidationError({"unit": _("Unknown unit.")})
        result: SafetyFigures = metrics.read("safety", user, period, unit)
        compared = None
        if earlier is not None and later is not None:
            compared = comparison_of(user, period, unit, (earlier, later))
        return _out(result, compared)
