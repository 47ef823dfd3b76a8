"""GET /api/safety/summary/accidents?unit=&year=&half=: the statutory labour-accident summary
(Phụ lục XII NĐ 39/2016) as JSON, through the same gate and the same computation as the page:
the incidents' view permission (403), a unit the user may ask for (422 otherwise, as an unknown
one), money in đồng as recorded (the form prints thousands). `register(router)` adds the route
to safety's router (cnqp/safety/api.py calls it).
No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from typing import Any, Optional

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.schemas import Id, Input
from cnqp.core.units import units_in_reach
from cnqp.safety.accident_summary import (
    AccidentSummary,
    Damage,
    Figures,
    accident_summary,
    default_unit,
)
from cnqp.safety.resources import incidents


class AccidentFiguresOut(Schema):
    cases: int
    fatal_cases: int
    multi_cases: int
    victims: int
    victims_outside: int
    women: int
    women_outside: int
    deaths: int
    deaths_outside: int
    serious: int
    serious_outside: int


class AccidentDamageOut(Schema):
    days_off: int
    medical: int
    wages: int
    compensation: int
    other: int
    costs: int
    property_loss: int


class AccidentRowOut(Schema):
    label: str
    code: str
    level: int
    figures: Optional[AccidentFiguresOut]  # noqa: UP045 (a heading line has none)


class AccidentWorkforceOut(Schema):
    headcount: int
    women: int
    payroll: int


class AccidentUnitOut(Schema):
    unit_id: int
    code: str
    name: str
    own: bool
    figures: AccidentFiguresOut
    damage: AccidentDamageOut
    workforce: Optional[AccidentWorkforceOut]  # noqa: UP045


class AccidentSummaryOut(Schema):
    unit_id: int
    unit: str
    year: int
    half: Optional[int]  # noqa: UP045
    start: str
    end: str
    workforce: Optional[AccidentWorkforceOut]  # noqa: UP045
    accidents: AccidentFiguresOut
    allowance: AccidentFiguresOut
    total: AccidentFiguresOut
    damage: AccidentDamageOut
    rows: list[AccidentRowOut]
    units: list[AccidentUnitOut]
    classification: int


class AccidentSummaryParams(Input):
    unit: Optional[Id] = None  # noqa: UP045 (default: the user's unit, the directorate)
    year: int = Field(ge=1990, le=2100)
    half: Optional[int] = Field(None, ge=1, le=2)  # noqa: UP045 (none: the whole year)


def _damage(damage: Damage) -> dict[str, int]:
    return {**damage.__dict__, "costs": damage.costs}


def _workforce(summary_part: Any) -> Optional[dict[str, int]]:  # noqa: UP045
    return None if summary_part is None else dict(summary_part.__dict__)


def summary_out(summary: AccidentSummary) -> dict[str, Any]:
    def figures(value: Figures) -> dict[str, int]:
        return dict(value.__dict__)

    return {
        "unit_id": summary.unit.pk, "unit": summary.unit.code, "year": summary.year,
        "half": summary.half, "start": summary.start.isoformat(),
        "end": summary.end.isoformat(), "workforce": _workforce(summary.workforce),
        "accidents": figures(summary.accidents), "allowance": figures(summary.allowance),
        "total": figures(summary.total), "damage": _damage(summary.damage),
        "rows": [{"label": row.label, "code": row.code, "level": row.level,
                  "figures": figures(row.figures) if row.figures else None}
                 for row in summary.rows],
        "units": [{"unit_id": line.unit.pk, "code": line.unit.code, "name": line.unit.name,
                   "own": line.own, "figures": figures(line.figures),
                   "damage": _damage(line.damage), "workforce": _workforce(line.workforce)}
                  for line in summary.units],
        "classification": summary.classification,
    }


def register(router: Router) -> None:
    @router.get("/summary/accidents",
                response={200: AccidentSummaryOut, 403: ErrorOut, 422: ErrorOut},
                operation_id="safety_accident_summary", tags=["Safety figures"],
                summary="The statutory labour-accident summary (NĐ 39/2016 Phụ lục XII) "
                        "of a unit and its subtree, for a half-year or a year")
    def accident_summary_route(request: HttpRequest,
                               params: Query[AccidentSummaryParams]) -> Any:
        user = incidents.require(request.user)
        if params.unit is None:
            unit = default_unit(user)
        else:
            unit = units_in_reach(user).filter(pk=params.unit).first()
        if unit is None:
            raise ValidationError({"unit": _("Unknown unit.")})
        return summary_out(accident_summary(user, unit=unit, year=params.year,
                                            half=params.half))
