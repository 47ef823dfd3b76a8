"""The directorate's business figures, computed from the accepted returns the reader may see.

For a report period that is a return period (a year, a half-year, a quarter, a month):

- the *outturn*: for each enterprise, its current accepted return of the most final scenario
  it has (audited, else actual, else estimate: a year-end conference quotes estimates, the
  annual review actuals); the figure says which scenarios it sums (`scenarios`);
- the same for the same period a year before (`previous`), which growth is measured against
  ("đạt 105,0% so với năm 2022");
- the latest plan of each enterprise (revised, else approved) for "% of plan".

Totals are sums of the entered values, in SQL; a total indicator (revenue) is the sum of its
parts, a ratio (average income) is computed from the summed parts by `compute.derive`, for
the directorate and for each enterprise alike, never averaged from averages. Money is in
millions of đồng, rounded to the million; income in millions of đồng per person per month.
A period that is no return period (a custom range) has no figures. Registered in `metrics.py`;
the reports' section and the dashboard read them from the registry. Four queries whatever
the number of returns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import reporting_enterprises
from cnqp.performance.choices import COUNTED, OUTTURNS, PLANS
from cnqp.performance.compute import Line, combine, derive, lines
from cnqp.performance.models import Project, Submission, Value
from cnqp.performance.periods import Period
from cnqp.performance.project_selectors import (
    behind_schedule,
    judged_on,
    project_figures,
    year_projects,
)

# The indicators a `Totals` holds, in the return's order; money and people are whole numbers.
MONEY = ("revenue", "revenue_defence", "revenue_economic", "revenue_services",
         "profit_before_tax", "profit_after_tax", "budget_contribution", "equity", "payroll",
         "investment")
PEOPLE = ("headcount", "women")


@dataclass(frozen=True)
class Totals:
    """The summed returns of one set of enterprises and scenarios."""

    enterprises: int = 0  # whose returns are summed
    revenue: int | None = None
    revenue_defence: int | None = None
    revenue_economic: int | None = None
    revenue_services: int | None = None
    profit_before_tax: int | None = None
    profit_after_tax: int | None = None
    budget_contribution: int | None = None
    equity: int | None = None
    headcount: int | None = None
    women: int | None = None
    payroll: int | None = None
    avg_income: float | None = None  # payroll ÷ headcount ÷ months, one decimal when printed
    investment: int | None = None


@dataclass(frozen=True)
class Ratios:
    """One `Totals` against another, per cent (105.0: 5 % more)."""

    revenue: float | None = None
    profit_before_tax: float | None = None
    profit_after_tax: float | None = None
    budget_contribution: float | None = None
    headcount: float | None = None
    avg_income: float | None = None
    investment: float | None = None


@dataclass(frozen=True)
class EnterpriseFigures:
    """One enterprise's row: its outturn, growth on the year before and share of its plan."""

    code: str
    name: str
    scenario: str  # of its outturn
    revenue: int | None
    profit_before_tax: int | None
    budget_contribution: int | None
    headcount: int | None
    avg_income: float | None
    revenue_growth: float | None  # % of the same period a year before
    revenue_of_plan: float | None  # % of its plan


@dataclass(frozen=True)
class PerformanceFigures:
    start: dt.date
    end: dt.date
    period: str = ""  # the return period's label, "" when the report period is none
    year: int = 0  # growth is measured against the year before
    scenarios: dict[str, int] = field(default_factory=dict)  # outturn scenario -> enterprises
    base_scenarios: dict[str, int] = field(default_factory=dict)
    plan_scenarios: dict[str, int] = field(default_factory=dict)
    expected: int = 0  # reporting enterprises the reader may see
    outturn: Totals = field(default_factory=Totals)
    previous: Totals = field(default_factory=Totals)
    plan: Totals = field(default_factory=Totals)
    growth: Ratios = field(default_factory=Ratios)  # outturn against `previous`
    # the outturn of the enterprises that have a plan against that plan
    of_plan: Ratios = field(default_factory=Ratios)
    # "bảo toàn vốn": enterprises whose equity at the end is at least a year before's
    equity_compared: int = 0  # enterprises with equity in both
    equity_preserved: int = 0
    by_enterprise: list[EnterpriseFigures] = field(default_factory=list)
    classification: int = 0

    @property
    def scenario(self) -> str:
        """The least final scenario summed: what the figure as a whole is ("estimate" as
        soon as one enterprise's is)."""
        return _least_final(self.scenarios, OUTTURNS)

    @property
    def base_scenario(self) -> str:
        return _least_final(self.base_scenarios, OUTTURNS)


def _least_final(counts: dict[str, int], order: tuple[str, ...]) -> str:
    return next((s for s in reversed(order) if counts.get(s)), "")


def chosen_returns(returns: QuerySet[Submission], period: Period,
                   order: Iterable[str]) -> dict[int, tuple[int, str]]:
    """unit id -> (return id, scenario): each enterprise's return of the most preferred
    scenario in `order` for `period` (one query; the returns list's "summed" filter)."""
    rows = returns.filter(year=period.year, period_kind=period.kind,
                          period_number=period.number).values_list("pk", "unit_id", "scenario")
    return {unit: (pk, scenario) for unit, (pk, scenario, _level) in
            _pick([(pk, unit, scenario, 0) for pk, unit, scenario in rows], order).items()}


def _pick(rows: Iterable[tuple[int, int, str, int]],
          order: Iterable[str]) -> dict[int, tuple[int, str, int]]:
    """unit id -> (return id, scenario, level) of the most preferred scenario per unit."""
    rank = {scenario: n for n, scenario in enumerate(order)}
    found: dict[int, tuple[int, int, str, int]] = {}
    for pk, unit_id, scenario, level in rows:
        if scenario in rank and (unit_id not in found or rank[scenario] < found[unit_id][0]):
            found[unit_id] = (rank[scenario], pk, scenario, level)
    return {unit: (pk, scenario, level)
            for unit, (_rank, pk, scenario, level) in found.items()}


def _count(chosen: dict[int, tuple[int, str, int]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for _pk, scenario, _level in chosen.values():
        counts[scenario] += 1
    return dict(counts)


def _rounded(values: dict[str, Decimal | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code in (*MONEY, *PEOPLE):
        value = values.get(code)
        out[code] = (int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
                     if value is not None else None)
    income = values.get("avg_income")
    out["avg_income"] = float(income) if income is not None else None
    return out


Entered = dict[str, Decimal]  # an enterprise's entered values of one set of returns


def _entered(sets: dict[str, dict[int, tuple[int, str, int]]]) -> dict[str, dict[int, Entered]]:
    """set -> unit id -> its chosen return's entered values: one grouped query for every set
    (the outturn, the year before, the plan), summed in SQL per unit, set and indicator."""
    owner = {pk: (name, unit) for name, chosen in sets.items()
             for unit, (pk, _scenario, _level) in chosen.items()}
    found: dict[str, dict[int, Entered]] = {name: defaultdict(dict) for name in sets}
    if not owner:
        return found
    sums = {name: Sum("value", filter=Q(submission_id__in=[
        pk for pk, _s, _l in chosen.values()])) for name, chosen in sets.items() if chosen}
    grouped = (Value.objects.filter(submission_id__in=list(owner))
               .values("submission__unit_id", "indicator__code").annotate(**sums).order_by())
    for row in cast(list[dict[str, Any]], list(grouped)):  # the sets' keys are known at run time
        for name in sums:
            if row[name] is not None:
                found[name][row["submission__unit_id"]][row["indicator__code"]] = row[name]
    return found


def _totals(per_unit: dict[int, Entered], units: Iterable[int], months: int,
            all_lines: list[Line]) -> Totals:
    """The totals of some enterprises' entered values (`compute.combine`: a ratio from summed
    parts, never averaged)."""
    chosen = [per_unit.get(unit_id, {}) for unit_id in units]
    if not chosen:
        return Totals()
    return Totals(enterprises=len(chosen), **_rounded(combine(chosen, months, all_lines)))


def _ratio(now: float | int | None, before: float | int | None) -> float | None:
    """`now` as a percentage of `before`; none against a base of zero or below (a loss
    turned into a profit is no "-50 %")."""
    if now is None or before is None or before <= 0:
        return None
    return round(100 * float(now) / float(before), 1)


def _ratios(now: Totals, before: Totals) -> Ratios:
    return Ratios(**{name: _ratio(getattr(now, name), getattr(before, name))
                     for name in Ratios.__dataclass_fields__})


def performance_figures(user: User, period: ReportPeriod,
                        unit: OrgUnit | None = None) -> PerformanceFigures:
    """The business figures of the enterprises in `unit`'s subtree (all the reader may see
    without one) for the return period matching `period`. Four queries: the indicators, the
    candidate returns of the period and the year before, their values summed per enterprise,
    set and indicator, and the enterprises expected."""
    matched = Period.matching(period.start, period.end)
    if matched is None:
        return PerformanceFigures(start=period.start, end=period.end)
    before = matched.year_before()
    returns = within_unit(scope_queryset(Submission.objects.all(), user), unit).filter(
        is_current=True, status__in=COUNTED, period_kind=matched.kind,
        period_number=matched.number, year__in=[matched.year, before.year]).order_by()
    candidates = list(returns.values_list("pk", "unit_id", "year", "scenario",
                                          "classification", "unit__code", "unit__name"))
    names = {row[1]: (row[5], row[6]) for row in candidates}

    def of(year: int) -> list[tuple[int, int, str, int]]:
        return [(pk, unit_id, scenario, level)
                for pk, unit_id, y, scenario, level, _code, _name in candidates if y == year]

    sets = {"outturn": _pick(of(matched.year), OUTTURNS),
            "previous": _pick(of(before.year), OUTTURNS),
            "plan": _pick(of(matched.year), PLANS)}
    entered = _entered(sets)
    all_lines = lines()
    months = matched.months
    outturn, previous, plans = sets["outturn"], sets["previous"], sets["plan"]
    now = _totals(entered["outturn"], outturn, months, all_lines)
    then = _totals(entered["previous"], previous, months, all_lines)
    # the plan of the enterprises summed (all the plans while none reports an outturn yet)
    plan = _totals(entered["plan"], [u for u in plans if u in outturn or not outturn], months,
                   all_lines)
    # growth and share of plan like for like: over the enterprises that have both
    both_years = [u for u in outturn if u in previous]
    planned = [u for u in outturn if u in plans]
    growth = _ratios(_totals(entered["outturn"], both_years, months, all_lines),
                     _totals(entered["previous"], both_years, months, all_lines))
    of_plan = _ratios(_totals(entered["outturn"], planned, months, all_lines),
                      _totals(entered["plan"], planned, months, all_lines))
    rows = {unit_id: _rounded(derive(values, months, all_lines))
            for unit_id, values in entered["outturn"].items()}
    rows_before = {unit_id: _rounded(derive(values, months, all_lines))
                   for unit_id, values in entered["previous"].items()}
    rows_plan = {unit_id: _rounded(derive(values, months, all_lines))
                 for unit_id, values in entered["plan"].items()}
    by_enterprise = sorted((
        EnterpriseFigures(
            code=names[unit_id][0], name=names[unit_id][1], scenario=outturn[unit_id][1],
            revenue=row["revenue"], profit_before_tax=row["profit_before_tax"],
            budget_contribution=row["budget_contribution"], headcount=row["headcount"],
            avg_income=row["avg_income"],
            revenue_growth=_ratio(row["revenue"], rows_before.get(unit_id, {}).get("revenue")),
            revenue_of_plan=_ratio(row["revenue"], rows_plan.get(unit_id, {}).get("revenue")))
        for unit_id, row in rows.items()), key=lambda r: r.code)
    equity = [(row["equity"], rows_before[unit_id]["equity"])
              for unit_id, row in rows.items()
              if row["equity"] is not None
              and rows_before.get(unit_id, {}).get("equity") is not None]
    enterprises = reporting_enterprises()
    if unit is not None:
        enterprises = enterprises.filter(path__startswith=unit.path)
    if not user.sees_all_units:
        enterprises = enterprises.filter(path__startswith=user.org_unit.path
                                         if user.org_unit_id else "\x00")
    level = max((chosen[2] for found in sets.values() for chosen in found.values()),
                default=0)
    return PerformanceFigures(
        start=period.start, end=period.end, period=matched.label, year=matched.year,
        scenarios=_count(outturn), base_scenarios=_count(previous),
        plan_scenarios=_count(plans), expected=enterprises.count(), outturn=now,
        previous=then, plan=plan, growth=growth, of_plan=of_plan, equity_compared=len(equity),
        equity_preserved=sum(1 for now_, then_ in equity if now_ >= then_),
        by_enterprise=by_enterprise, classification=level)


# --- investment projects ------------------------------------------------------------------------


@dataclass(frozen=True)
class InvestmentFigures:
    """The investment projects of the year the period ends in, as of the period's end
    (project_selectors.project_figures: a mid-year report reads the year's capital plan
    against what had been disbursed by then, as the conferences quote it), in whole millions
    of đồng, with the projects behind schedule named and the level of the most classified
    project counted."""

    start: dt.date
    end: dt.date
    year: int = 0
    projects: int = 0
    key_projects: int = 0
    in_progress: int = 0
    completed: int = 0
    behind_schedule: int = 0
    slow: int = 0
    planned: int = 0
    disbursed: int = 0
    rate: float | None = None  # disbursed ÷ planned, per cent
    executed: int = 0
    late_projects: list[str] = field(default_factory=list)  # "code name", behind schedule
    classification: int = 0


def investment_figures(user: User, period: ReportPeriod,
                       unit: OrgUnit | None = None) -> InvestmentFigures:
    year = period.end.year
    today = min(timezone.localdate(), period.end)  # a past half-year as it ended
    found = project_figures(user, year, unit, today)
    projects = year_projects(within_unit(scope_queryset(Project.objects.all(), user), unit),
                             year)
    level = projects.aggregate(level=Max("classification"))["level"] or 0
    late = [f"{code} {name}" for code, name in projects.filter(
        behind_schedule(judged_on(year, today), today)).order_by("code")
        .values_list("code", "name")]
    return InvestmentFigures(
        start=period.start, end=period.end, year=year, projects=found.projects,
        key_projects=found.key_projects, in_progress=found.in_progress,
        completed=found.completed, behind_schedule=found.behind_schedule, slow=found.slow,
        planned=int(found.planned.quantize(Decimal(1))),
        disbursed=int(found.disbursed.quantize(Decimal(1))),
        rate=float(found.rate) if found.rate is not None else None,
        executed=int(found.executed.quantize(Decimal(1))), late_projects=late,
        classification=level)
