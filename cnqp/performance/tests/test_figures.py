"""The directorate's figures from the returns, on hand-built data: average income from summed
parts (not the average of averages), growth against the same period a year before, share of
plan, which scenario each figure sums, and what a reader may not see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import User
from cnqp.performance import services
from cnqp.performance.figures import performance_figures
from cnqp.performance.tests.conftest import World

pytestmark = pytest.mark.django_db

# A: 1.000 people paid 120.000 million a year (10 a month); B: 100 people, 36.000 (30 a month).
BIG = {"headcount": Decimal(1000), "women": Decimal(100), "payroll": Decimal(120_000)}
SMALL = {"headcount": Decimal(100), "women": Decimal(10), "payroll": Decimal(36_000)}


def _boss(world: World, make_user: object) -> User:
    return make_user(["leadership"], world.org.root, Classification.SECRET)  # type: ignore[operator]


def test_average_income_is_summed_payroll_over_summed_headcount(world: World,
                                                                make_user: object) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    world.file(world.org.enterprise_b, values=SMALL)
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    rows = {row.code: row.avg_income for row in figures.by_enterprise}
    assert rows == {"Z111": 10.0, "Z113": 30.0}
    average_of_averages = sum(rows.values()) / 2
    assert average_of_averages == 20.0
    assert figures.outturn.avg_income is not None
    assert round(figures.outturn.avg_income, 1) == 11.8  # 156.000 / 1.100 / 12
    assert figures.outturn.headcount == 1100 and figures.outturn.payroll == 156_000
    measured = metrics.measure(["performance.avg_income"], _boss(world, make_user),
                               ReportPeriod.annual(2023))["performance.avg_income"]
    assert measured.value == figures.outturn.avg_income
    assert "year=2023" in measured.url and "period_kind=year" in measured.url


def test_growth_against_the_year_before_and_the_plan(world: World, make_user: object) -> None:
    world.file(year=2022, values={"revenue_defence": Decimal(600_000)})
    world.file(year=2023, values={"revenue_defence": Decimal(650_000)})  # 1.000.000 -> 1.050.000
    world.file(year=2023, scenario="plan", values={"revenue_defence": Decimal(700_000)})
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert (figures.previous.revenue, figures.outturn.revenue) == (1_000_000, 1_050_000)
    assert figures.growth.revenue == 105.0
    assert figures.plan.revenue == 1_100_000
    assert figures.of_plan.revenue == 95.5
    assert figures.scenario == "actual" and figures.base_scenario == "actual"
    assert (figures.equity_compared, figures.equity_preserved) == (1, 1)  # 500.000 both
    row = figures.by_enterprise[0]
    assert (row.revenue_growth, row.revenue_of_plan) == (105.0, 95.5)


def test_each_enterprise_counts_its_most_final_scenario(world: World,
                                                        make_user: object) -> None:
    world.file(world.org.enterprise_a, scenario="estimate", values=BIG)
    world.file(world.org.enterprise_a, scenario="actual", values=SMALL)
    world.file(world.org.enterprise_b, scenario="estimate", values=BIG)
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert figures.scenarios == {"actual": 1, "estimate": 1}
    assert figures.scenario == "estimate"  # the whole is an estimate while one part is
    assert figures.outturn.headcount == 1100  # A's actual, B's estimate


def test_submitted_but_not_accepted_returns_do_not_count(world: World,
                                                         make_user: object) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    world.file(world.org.enterprise_b, values=SMALL, accept=False)
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert figures.outturn.enterprises == 1 and figures.outturn.headcount == 1000


def test_an_amendment_counts_once_accepted(world: World, make_user: object) -> None:
    first = world.file(values=BIG)
    amendment = services.amend_return(world.enterprise, first, explanation="Sau kiểm toán")
    services.save_values(world.enterprise, amendment, values={"headcount": 1200})
    services.submit_return(world.enterprise, amendment)
    boss = _boss(world, make_user)
    assert performance_figures(boss, ReportPeriod.annual(2023)).outturn.headcount == 1000
    services.accept_return(world.reviewer, amendment)
    assert performance_figures(boss, ReportPeriod.annual(2023)).outturn.headcount == 1200


def test_an_enterprise_and_a_lower_clearance_reader_see_only_theirs(
        world: World, make_user: object) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    secret = world.file(world.org.enterprise_b, values=SMALL, accept=False)
    secret.classification = Classification.SECRET
    secret.save(update_fields=["classification"])
    services.accept_return(world.reviewer, secret)
    own = performance_figures(world.enterprise, ReportPeriod.annual(2023))
    assert [row.code for row in own.by_enterprise] == ["Z111"]
    assert own.outturn.headcount == 1000 and own.expected == 1
    low = make_user(["leadership"], world.org.root, Classification.CONFIDENTIAL)  # type: ignore[operator]
    seen = performance_figures(low, ReportPeriod.annual(2023))
    assert seen.outturn.headcount == 1000 and seen.classification == 0
    high = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert high.outturn.headcount == 1100 and high.classification == Classification.SECRET


def test_quarters_and_custom_ranges(world: World, make_user: object) -> None:
    world.file(year=2023, period_kind="quarter", period_number=2, values=BIG)
    boss = _boss(world, make_user)
    quarter = performance_figures(boss, ReportPeriod(dt.date(2023, 4, 1), dt.date(2023, 6, 30)))
    assert quarter.period and quarter.outturn.headcount == 1000
    assert quarter.outturn.avg_income == 40.0  # 120.000 / 1.000 / 3 months
    custom = performance_figures(boss, ReportPeriod(dt.date(2023, 4, 1), dt.date(2023, 7, 31)))
    assert custom.period == "" and custom.outturn.enterprises == 0


def test_investment_figures_carry_the_level_of_what_they_count(world: World,
                                                               make_user: object) -> None:
    from cnqp.performance.factories import DisbursementFactory, ProjectVersionFactory
    from cnqp.performance.figures import investment_figures

    open_ = ProjectVersionFactory(number=0, decision_date=dt.date(2023, 2, 1),
                                  project__owner_unit=world.org.enterprise_a).project
    secret = ProjectVersionFactory(number=0, decision_date=dt.date(2023, 2, 1),
                                   project__owner_unit=world.org.enterprise_b,
                                   project__classification=Classification.SECRET).project
    DisbursementFactory(project=open_, year=2024, quarter=1, planned=Decimal("1000.4"),
                        disbursed=Decimal(500))
    DisbursementFactory(project=secret, year=2024, quarter=1, planned=Decimal(3000),
                        disbursed=Decimal(3000))
    period = ReportPeriod.annual(2024)
    high = investment_figures(_boss(world, make_user), period)
    assert (high.projects, high.planned, high.disbursed) == (2, 4000, 3500)
    assert high.classification == Classification.SECRET
    low = make_user(["leadership"], world.org.root, Classification.CONFIDENTIAL)  # type: ignore[operator]
    seen = investment_figures(low, period)
    assert (seen.projects, seen.planned, seen.disbursed, seen.classification) == (1, 1000, 500, 0)
    assert seen.rate == 50.0
    measured = metrics.measure(["performance.projects_rate"], low, period)
    assert measured["performance.projects_rate"].value == 50.0


def test_share_of_plan_compares_only_enterprises_that_have_a_plan(world: World,
                                                                   make_user: object) -> None:
    world.file(world.org.enterprise_a, values={"revenue_defence": Decimal(650_000)})
    world.file(world.org.enterprise_a, scenario="plan",
               values={"revenue_defence": Decimal(700_000)})
    world.file(world.org.enterprise_b)  # no plan: not in the share of plan
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert figures.outturn.revenue == 2_050_000 and figures.plan.revenue == 1_100_000
    assert figures.of_plan.revenue == 95.5  # 1.050.000 of 1.100.000, not 186,4


def test_a_return_lacking_a_part_neither_lowers_an_average_nor_counts_as_zero(
        world: World, make_user: object) -> None:
    """A workforce-only return (moved from the safety module) has a headcount and no payroll
    or revenue: the average income is the others' payroll over the others' headcount."""
    from cnqp.performance.models import Indicator, Value

    world.file(world.org.enterprise_a, values=BIG)
    partial = world.file(world.org.enterprise_b, values=SMALL)
    Value.objects.filter(submission=partial).exclude(
        indicator__in=Indicator.objects.filter(code__in=["headcount", "women"])).delete()
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert figures.outturn.avg_income == 10.0  # 120.000 / 1.000 / 12, not 120.000 / 1.100
    assert figures.outturn.headcount == 1100
    assert figures.outturn.revenue == 1_000_000  # A's: B gives none, not a zero


def test_growth_is_like_for_like_and_none_against_a_loss(world: World,
                                                         make_user: object) -> None:
    world.file(world.org.enterprise_a, year=2022,
               values={"profit_before_tax": Decimal(-100), "profit_after_tax": Decimal(-100)})
    world.file(world.org.enterprise_a, year=2023, values={"revenue_defence": Decimal(650_000)})
    world.file(world.org.enterprise_b, year=2023)  # new this year: not in the growth
    world.file(world.org.enterprise_b, year=2023, scenario="plan")
    figures = performance_figures(_boss(world, make_user), ReportPeriod.annual(2023))
    assert figures.outturn.revenue == 2_050_000
    assert figures.growth.revenue == 105.0  # A's 1.050.000 against A's 1.000.000
    assert figures.growth.profit_before_tax is None  # from a loss of 100 to a profit
    assert figures.plan.revenue == 1_000_000  # B's plan: the only one of an enterprise summed
    assert figures.of_plan.revenue == 100.0


def test_a_half_year_counts_the_disbursements_to_its_end(world: World,
                                                         make_user: object) -> None:
    from cnqp.performance.factories import DisbursementFactory, ProjectVersionFactory
    from cnqp.performance.figures import investment_figures

    project = ProjectVersionFactory(number=0, decision_date=dt.date(2023, 2, 1),
                                    project__owner_unit=world.org.enterprise_a).project
    for quarter in (1, 2, 3, 4):
        DisbursementFactory(project=project, year=2024, quarter=quarter,
                            planned=Decimal(1000), disbursed=Decimal(500),
                            executed=Decimal(400))
    boss = _boss(world, make_user)
    half = investment_figures(boss, ReportPeriod.half_year(2024))
    assert (half.planned, half.disbursed, half.executed, half.rate) == (4000, 1000, 800, 25.0)
    year = investment_figures(boss, ReportPeriod.annual(2024))
    assert (year.planned, year.disbursed, year.executed, year.rate) == (4000, 2000, 1600, 50.0)
