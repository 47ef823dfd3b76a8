"""The workforce of the reporting enterprises, from their year returns: the one source of the
figures other modules divide by (safety's labour-accident summary and its rates), so that a
headcount is entered once, in the return, and never kept a second time elsewhere.

`workforce(user, year, within)` gives, for each reporting enterprise (`reporting_enterprises`:
an enterprise that is not part of another; a workshop reports through its factory) in
`within`'s subtree (every unit when None) whose year return the user may see:

- headcount (lao động bình quân) and women (trong đó lao động nữ) in people, payroll (tổng quỹ
  tiền lương và thu nhập) in millions of đồng, as entered (an accepted return has every entered
  value; one without counts 0);
- which scenario they come from, and the return's level.

Which return: the year's (period kind year) current version (`is_current`) whose figures count
(status in `COUNTED`: accepted or locked), of the most final scenario in `OUTTURNS` order
(audited, else actual, else estimate). A plan is never a workforce; a submitted return not yet
accepted and a superseded version are not read. Through `scope_queryset`: a return the user may
not see (another unit's, or above their clearance) does not exist for them, so the next most
final one they may see answers, or none.

One query whatever the number of enterprises: the candidate returns with their three values
pivoted in SQL (conditional sums over their values), then the most final per enterprise picked
from at most three rows each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import reporting_enterprises
from cnqp.performance.choices import COUNTED, OUTTURNS, PeriodKind
from cnqp.performance.models import Submission

INDICATORS = ("headcount", "women", "payroll")
FINALITY = {scenario.value: rank for rank, scenario in enumerate(OUTTURNS)}  # 0 most final


@dataclass(frozen=True)
class WorkforceFigures:
    """An enterprise's workforce in a year, as its return gives it."""

    unit_id: int
    path: str  # the enterprise's place in the tree, to add a subtree up
    headcount: int  # people
    women: int  # people
    payroll: Decimal  # millions of đồng
    scenario: str  # the return's (`Scenario`)
    level: int  # the return's classification
    submission_id: int


def _people(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def workforce(user: User, year: int,
              within: OrgUnit | None = None) -> dict[int, WorkforceFigures]:
    """Unit id -> its workforce in `year`, for the reporting enterprises in `within`'s subtree
    whose counted year return `user` may see (module docstring)."""
    returns = Submission.objects.filter(
        year=year, period_kind=PeriodKind.YEAR, period_number=1, is_current=True,
        status__in=COUNTED, scenario__in=OUTTURNS, unit__in=reporting_enterprises())
    if within is not None:
        returns = returns.filter(unit__path__startswith=within.path)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=3))
    pivot = {code: Coalesce(Sum("values__value", filter=Q(values__indicator__code=code)), zero)
             for code in INDICATORS}
    rows = cast(Iterable[dict[str, Any]], scope_queryset(returns, user)
                .values("pk", "unit_id", "unit__path", "scenario", "classification")
                .order_by().annotate(**pivot))
    chosen: dict[int, WorkforceFigures] = {}
    for row in rows:
        found = chosen.get(row["unit_id"])
        if found is not None and FINALITY[found.scenario] <= FINALITY[row["scenario"]]:
            continue
        chosen[row["unit_id"]] = WorkforceFigures(
            unit_id=row["unit_id"], path=row["unit__path"],
            headcount=_people(row["headcount"]), women=_people(row["women"]),
            payroll=row["payroll"], scenario=row["scenario"], level=row["classification"],
            submission_id=row["pk"])
    return chosen
