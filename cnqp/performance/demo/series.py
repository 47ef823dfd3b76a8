"""The demo's numbers, before anything is written: what each enterprise achieved every year
(its actual return), what it estimated in December and planned in January, and its quarters
and half-years. Pure arithmetic, no database.

The directorate's yearly course is fixed (`INCOME`, `GROWTH`): COVID's dip in 2020 and 2021,
growth after. Each enterprise follows it with draws of its own (a private generator with a
fixed seed, so the numbers never depend on what the other demos drew), then each year is
calibrated so the directorate's figures are exactly the course's: the sum of payrolls ÷ the
sum of headcounts ÷ 12 is the year's average income (12,1 in 2020 and 14,2 in 2023, as the
articles quote), and the sum of revenues grows by the year's rate (105,0 % in 2023). Sizes
differ a lot (the corporations Ba Son, Sông Thu and GAET pay more than the small factories),
so the average of the enterprises' averages is not the directorate's average.

Values are in millions of đồng and people, whole numbers."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cnqp.performance.choices import PeriodKind, Scenario

FIRST_YEAR = 2019

# The directorate's average income (million đồng/person/month) and revenue growth, by year.
INCOME = {2019: Decimal("11.8"), 2020: Decimal("12.1"), 2021: Decimal("12.6"),
          2022: Decimal("13.5"), 2023: Decimal("14.2"), 2024: Decimal("15.1"),
          2025: Decimal("15.9")}
GROWTH = {2020: Decimal("0.93"), 2021: Decimal("1.04"), 2022: Decimal("1.12"),
          2023: Decimal("1.05"), 2024: Decimal("1.07"), 2025: Decimal("1.08")}
LATER_INCOME, LATER_GROWTH = Decimal("1.05"), Decimal("1.06")  # each year after 2025
# How the pandemic weighed on margins.
MARGIN_FACTOR = {2020: 0.6, 2021: 0.8}


@dataclass(frozen=True)
class Profile:
    """An enterprise in 2019."""

    code: str
    headcount: int  # average headcount
    revenue: int  # billion đồng
    income: float  # million đồng/person/month, before calibration
    defence: float  # share of revenue from defence production
    services: float  # share from services (the rest: economic production)
    margin: float  # profit before tax ÷ revenue
    women: float  # share of the headcount
    budget: float  # state budget contributions ÷ revenue
    equity: float  # equity ÷ revenue
    invest: float  # investment executed ÷ revenue


PROFILES = (
    Profile("BASON", 3200, 3600, 14.2, 0.55, 0.10, 0.035, 0.18, 0.060, 0.55, 0.040),
    Profile("SONGTHU", 2700, 3100, 13.8, 0.60, 0.08, 0.040, 0.20, 0.055, 0.50, 0.035),
    Profile("GAET", 1500, 4600, 17.6, 0.25, 0.35, 0.025, 0.32, 0.080, 0.30, 0.015),
    Profile("Z111", 1450, 950, 11.6, 0.70, 0.05, 0.050, 0.33, 0.050, 0.60, 0.030),
    Profile("Z113", 1180, 820, 11.2, 0.72, 0.04, 0.045, 0.35, 0.050, 0.55, 0.025),
    Profile("Z114", 900, 560, 10.8, 0.65, 0.06, 0.040, 0.30, 0.045, 0.50, 0.020),
    Profile("Z115", 820, 640, 11.0, 0.68, 0.05, 0.042, 0.36, 0.048, 0.52, 0.022),
    Profile("Z117", 800, 480, 10.4, 0.60, 0.08, 0.038, 0.28, 0.045, 0.48, 0.018),
    Profile("Z119", 950, 620, 11.3, 0.75, 0.03, 0.045, 0.25, 0.050, 0.55, 0.025),
    Profile("Z121", 760, 700, 12.0, 0.55, 0.05, 0.060, 0.40, 0.060, 0.60, 0.030),
    Profile("Z125", 700, 420, 10.2, 0.62, 0.06, 0.035, 0.30, 0.042, 0.45, 0.015),
    Profile("Z127", 650, 380, 10.0, 0.58, 0.07, 0.034, 0.27, 0.040, 0.45, 0.015),
    Profile("Z129", 640, 460, 10.6, 0.66, 0.05, 0.040, 0.31, 0.045, 0.50, 0.020),
    Profile("Z131", 750, 450, 10.3, 0.64, 0.06, 0.036, 0.29, 0.044, 0.48, 0.018),
    Profile("Z173", 980, 980, 12.4, 0.50, 0.12, 0.050, 0.22, 0.055, 0.55, 0.030),
    Profile("Z175", 900, 610, 11.0, 0.63, 0.05, 0.042, 0.34, 0.046, 0.50, 0.020),
    Profile("Z176", 420, 230, 9.4, 0.55, 0.10, 0.030, 0.30, 0.040, 0.40, 0.010),
    Profile("Z183", 1300, 900, 11.8, 0.66, 0.06, 0.046, 0.33, 0.050, 0.55, 0.028),
)
LOSS_IN_2020 = "Z176"  # a small factory that lost money in the pandemic year

FLOWS = ("revenue_defence", "revenue_economic", "revenue_services", "profit_before_tax",
         "profit_after_tax", "budget_contribution", "payroll", "investment")
REVENUE = ("revenue_defence", "revenue_economic", "revenue_services")
# How a year's flows fall into its quarters (the year-end carries the most).
QUARTER_SHARES = {
    "revenue": (0.19, 0.24, 0.25, 0.32), "profit": (0.15, 0.22, 0.25, 0.38),
    "budget_contribution": (0.20, 0.25, 0.25, 0.30), "payroll": (0.22, 0.24, 0.24, 0.30),
    "investment": (0.10, 0.20, 0.30, 0.40)}
HEADCOUNT_IN_QUARTER = (0.985, 1.0, 1.005, 1.01)

Values = dict[str, int]
# (enterprise, year, period kind, period number, scenario)
Key = tuple[str, int, str, int, str]


def income_target(year: int) -> Decimal:
    if year in INCOME:
        return INCOME[year]
    return (income_target(year - 1) * LATER_INCOME).quantize(Decimal("0.1"))


def growth(year: int) -> Decimal:
    return GROWTH.get(year, LATER_GROWTH)


def _int(value: float | Decimal) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _profit(revenue: int, margin: float) -> tuple[int, int]:
    before = _int(revenue * margin)
    return before, (_int(before * 0.8) if before > 0 else before)


class Series:
    """Every enterprise's true course, year by year, calibrated to the directorate's."""

    def __init__(self, last_year: int) -> None:
        self.rng = _rng("performance", FIRST_YEAR)
        self.years = range(FIRST_YEAR, last_year + 1)
        self.actual: dict[tuple[str, int], Values] = {}
        state = {p.code: {"headcount": float(p.headcount), "revenue": p.revenue * 1000.0,
                          "income": p.income, "equity": p.revenue * 1000.0 * p.equity}
                 for p in PROFILES}
        for year in self.years:
            self._year(year, state)

    def _year(self, year: int, state: dict[str, dict[str, float]]) -> None:
        rng = self.rng
        first = year == FIRST_YEAR
        for p in PROFILES:
            s = state[p.code]
            if not first:
                drift = -0.01 if year in (2020, 2021) else 0.004
                s["headcount"] *= 1 + drift + rng.uniform(-0.02, 0.02)
                s["revenue"] *= float(growth(year)) * (1 + rng.uniform(-0.05, 0.05))
                s["income"] *= float(income_target(year) / income_target(year - 1)) * (
                    1 + rng.uniform(-0.02, 0.02))
        # calibrate: the directorate's revenue grows by the year's rate, its income is the
        # year's average
        codes = [p.code for p in PROFILES]
        if not first:
            before = sum(self.revenue(code, year - 1) for code in codes)
            scale = before * float(growth(year)) / sum(state[c]["revenue"] for c in codes)
            for code in codes:
                state[code]["revenue"] *= scale
        headcounts = {code: _int(state[code]["headcount"]) for code in codes}
        raw_payroll = {code: headcounts[code] * state[code]["income"] * 12 for code in codes}
        wanted = float(income_target(year)) * 12 * sum(headcounts.values())
        scale = wanted / sum(raw_payroll.values())
        for p in PROFILES:
            s = state[p.code]
            revenue = s["revenue"]
            defence = _int(revenue * (p.defence + rng.uniform(-0.02, 0.02)))
            services = _int(revenue * (p.services + rng.uniform(-0.01, 0.01)))
            economic = _int(revenue) - defence - services
            total = defence + economic + services
            margin = p.margin * MARGIN_FACTOR.get(year, 1.0) * (1 + rng.uniform(-0.1, 0.1))
            if p.code == LOSS_IN_2020 and year == 2020:
                margin = -0.012
            before, after = _profit(total, margin)
            s["equity"] += after * 0.6 + total * 0.01
            self.actual[(p.code, year)] = {
                "revenue_defence": defence, "revenue_economic": economic,
                "revenue_services": services, "profit_before_tax": before,
                "profit_after_tax": after,
                "budget_contribution": _int(total * p.budget * (1 + rng.uniform(-0.05, 0.05))),
                "equity": _int(s["equity"]), "headcount": headcounts[p.code],
                "women": _int(headcounts[p.code] * p.women),
                "payroll": _int(raw_payroll[p.code] * scale),
                "investment": _int(total * p.invest * (1 + rng.uniform(-0.4, 0.4)))}

    def revenue(self, code: str, year: int) -> int:
        values = self.actual[(code, year)]
        return sum(values[c] for c in REVENUE)

    # --- the other scenarios and periods -----------------------------------------------------

    def estimate(self, code: str, year: int) -> Values:
        """What the enterprise expected in December: the outturn give or take a few per cent."""
        actual = self.actual[(code, year)]
        rng = _rng(code, year, Scenario.ESTIMATE)
        factors = {c: 1 + rng.uniform(-0.04, 0.03) for c in FLOWS}
        factors.update(headcount=1 + rng.uniform(-0.01, 0.01), equity=1.0, women=1.0)
        return _consistent(actual, factors)

    def plan(self, code: str, year: int) -> Values:
        """What it planned in January: last year's estimate and a few per cent more (the
        first year's plan from its outturn)."""
        if year == FIRST_YEAR:
            base, rise = self.actual[(code, year)], 1.02
        else:
            base, rise = self.estimate(code, year - 1), 1.05
        rng = _rng(code, year, Scenario.PLAN)
        factors = {c: rise + rng.uniform(0, 0.04) for c in FLOWS}
        factors.update(headcount=1.0 + rng.uniform(0, 0.01), equity=1.03, women=1.0)
        return _consistent(base, factors)

    def quarter(self, code: str, year: int, number: int) -> Values:
        actual = self.actual[(code, year)]
        before = self.actual.get((code, year - 1), actual)
        values = {c: _split(actual[c], QUARTER_SHARES[_group(c)])[number - 1] for c in FLOWS}
        headcount = _int(actual["headcount"] * HEADCOUNT_IN_QUARTER[number - 1])
        values.update(
            headcount=headcount, women=_int(headcount * actual["women"] / actual["headcount"]),
            equity=_int(before["equity"] + (actual["equity"] - before["equity"]) * number / 4))
        return values

    def half(self, code: str, year: int, number: int) -> Values:
        first, second = (self.quarter(code, year, 2 * number - 1),
                         self.quarter(code, year, 2 * number))
        values = {c: first[c] + second[c] for c in FLOWS}
        headcount = _int((first["headcount"] + second["headcount"]) / 2)
        values.update(headcount=headcount,
                      women=_int((first["women"] + second["women"]) / 2),
                      equity=second["equity"])
        return values

    def values(self, code: str, year: int, kind: str, number: int, scenario: str) -> Values:
        if kind == PeriodKind.QUARTER:
            return self.quarter(code, year, number)
        if kind == PeriodKind.HALF:
            return self.half(code, year, number)
        if scenario == Scenario.PLAN:
            return self.plan(code, year)
        if scenario == Scenario.ESTIMATE:
            return self.estimate(code, year)
        return dict(self.actual[(code, year)])


def _rng(*parts: object) -> random.Random:
    """A generator of its own for each draw's purpose: the same numbers whatever was drawn
    before (a text seed is hashed the same in every run)."""
    return random.Random("|".join(str(part) for part in parts))


def _group(code: str) -> str:
    if code in REVENUE:
        return "revenue"
    return "profit" if code.startswith("profit") else code


def _split(total: int, shares: tuple[float, ...]) -> list[int]:
    """`total` in parts by `shares`, the last taking what rounding left."""
    parts = [_int(total * share) for share in shares[:-1]]
    return [*parts, total - sum(parts)]


def _consistent(base: Values, factors: dict[str, float]) -> Values:
    """`base` scaled by `factors`, with profit after tax again 80 % of a profit before tax
    and the women the same share of the headcount."""
    values = {c: _int(v * factors.get(c, 1.0)) for c, v in base.items()}
    before = values["profit_before_tax"]
    values["profit_after_tax"] = _int(before * 0.8) if before > 0 else before
    values["women"] = _int(values["headcount"] * base["women"] / base["headcount"])
    return values


def directorate_income(rows: Iterable[Values]) -> Decimal:
    rows = list(rows)
    payroll = sum(v["payroll"] for v in rows)
    headcount = sum(v["headcount"] for v in rows)
    return (Decimal(payroll) / Decimal(headcount) / 12).quantize(Decimal("0.1"),
                                                                  rounding=ROUND_HALF_UP)
