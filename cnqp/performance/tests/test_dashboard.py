"""The performance panels of the home page on hand-built returns: the year against last year
and against the plan, the scenario in the title, every figure (and each bar of the chart)
linking to the returns it sums, nothing shown as 0 without a return, an enterprise's own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse

from cnqp.core.choices import Classification
from cnqp.core.figures.dashboard import Panel
from cnqp.core.models import User
from cnqp.performance import dashboard, report
from cnqp.performance.factories import DisbursementFactory, ProjectFactory, ProjectVersionFactory
from cnqp.performance.resources.returns import returns
from cnqp.performance.tests.conftest import World

pytestmark = pytest.mark.django_db


def _boss(world: World, make_user: object) -> User:
    return make_user(["leadership"], world.org.root, Classification.SECRET)  # type: ignore[operator]


def _business(world: World) -> None:
    world.file(year=2022, values={"revenue_defence": Decimal(600_000)})
    world.file(world.org.enterprise_b, year=2022)  # 2.000.000 in 2022
    world.file(year=2023, values={"revenue_defence": Decimal(650_000)})  # 1.000.000 -> 1.050.000
    world.file(year=2023, scenario="plan", values={"revenue_defence": Decimal(700_000)})
    world.file(world.org.enterprise_b, year=2023, scenario="estimate",
               values={"payroll": Decimal(120_000)})
    world.file(world.org.enterprise_b, year=2023, scenario="plan")  # 1.000.000


def _panel(panels: list[Panel], key: str) -> Panel:
    return next(p for p in panels if p.key == key)


def test_the_year_against_last_year_and_the_plan(world: World, make_user: object) -> None:
    _business(world)
    panel = _panel(dashboard.panels(_boss(world, make_user), 2023), "performance")
    figures = {f.key: f for f in panel.figures}
    assert list(figures) == list(dashboard.BUSINESS)
    revenue = figures["performance.revenue"]
    assert (revenue.value, revenue.previous) == (2_050_000, 2_000_000)
    assert revenue.target is not None and revenue.target.value == 2_100_000
    assert "2023" in revenue.target.label
    assert figures["performance.of_plan.revenue"].value == 97.6  # 2.050.000 / 2.100.000
    assert figures["performance.of_plan.revenue"].suffix == "%"
    assert figures["performance.avg_income"].decimals == 1
    # both scenarios summed are named in the title
    assert str(report.SCENARIO_WORDS["actual"]) in panel.title
    assert str(report.SCENARIO_WORDS["estimate"]) in panel.title


def test_each_figure_links_to_the_returns_it_sums(world: World, make_user: object) -> None:
    _business(world)
    boss = _boss(world, make_user)
    panel = _panel(dashboard.panels(boss, 2023), "performance")
    revenue = next(f for f in panel.figures if f.key == "performance.revenue")
    url = urlsplit(revenue.url)
    assert url.path == reverse("performance:returns-list")
    query = parse_qs(url.query)
    assert (query["year"], query["period_kind"], query["period_number"]) == (
        ["2023"], ["year"], ["1"])
    assert query["summed"] == ["outturn"]
    assert parse_qs(urlsplit(revenue.previous_url).query)["year"] == ["2022"]
    assert revenue.target is not None
    assert parse_qs(urlsplit(revenue.target.url).query)["summed"] == ["plan"]
    chart = panel.charts[0]
    assert chart.chart.categories == ["Z111", "Z113"]
    assert chart.chart.series[0][1] == [1_050_000, 1_000_000]
    bars = [parse_qs(urlsplit(link).query) for link in chart.links[0]]
    assert [q["unit"] for q in bars] == [[str(world.org.enterprise_a.pk)],
                                         [str(world.org.enterprise_b.pk)]]


def test_the_link_lists_exactly_the_returns_summed(world: World, make_user: object) -> None:
    _business(world)
    world.file(world.org.enterprise_b, year=2023, period_kind="quarter", period_number=1)
    world.file(world.org.enterprise_b, year=2023, scenario="actual", accept=False)
    boss = _boss(world, make_user)
    panel = _panel(dashboard.panels(boss, 2023), "performance")
    revenue = next(f for f in panel.figures if f.key == "performance.revenue")
    listed = returns.browse(boss, QueryDict(urlsplit(revenue.url).query)).queryset
    assert sorted((s.unit.code, s.scenario) for s in listed) == [("Z111", "actual"),
                                                                 ("Z113", "estimate")]


def test_no_return_no_panel_and_no_zero(world: World, make_user: object) -> None:
    world.file(year=2022)
    world.file(year=2023, accept=False)
    boss = _boss(world, make_user)
    assert [p.key for p in dashboard.panels(boss, 2023)] == []
    # a year with returns whose plan is missing: no target, never a 0 plan
    panel = _panel(dashboard.panels(boss, 2022), "performance")
    assert all(f.target is None for f in panel.figures)
    assert "performance.of_plan.revenue" not in [f.key for f in panel.figures]


def test_an_enterprise_sees_its_own_and_an_outsider_nothing(world: World,
                                                             make_user: object) -> None:
    _business(world)
    own = _panel(dashboard.panels(world.enterprise, 2023), "performance")
    revenue = next(f for f in own.figures if f.key == "performance.revenue")
    assert revenue.value == 1_050_000
    assert own.charts[0].chart.categories == ["Z111"]
    outsider = make_user(["user_unit_staff"], world.org.user_unit)  # type: ignore[operator]
    assert dashboard.panels(outsider, 2023) == []


def test_the_investment_panel(world: World, make_user: object) -> None:
    project = ProjectFactory(owner_unit=world.org.enterprise_a, key_project=True,
                             planned_end=dt.date(2026, 12, 31))
    ProjectVersionFactory(project=project, number=0)
    DisbursementFactory(project=project, year=2023, quarter=1, planned=Decimal(40_000),
                        disbursed=Decimal(30_000))
    boss = _boss(world, make_user)
    panel = _panel(dashboard.panels(boss, 2023), "performance.investment")
    figures = {f.key: f for f in panel.figures}
    assert figures["performance.projects"].value == 1
    assert figures["performance.projects_key_projects"].value == 1
    assert figures["performance.projects_disbursed"].value == 30_000
    assert figures["performance.projects_rate"].value == 75.0
    assert figures["performance.projects"].url == reverse("performance:projects-list")
    assert [p.key for p in dashboard.panels(boss, 2019)] == []  # approved in 2022
    # 2024: still followed, no capital planned: no rate rather than a rate of 0
    later = {f.key: f for f in _panel(dashboard.panels(boss, 2024),
                                      "performance.investment").figures}
    assert later["performance.projects"].value == 1
    assert "performance.projects_rate" not in later


def test_a_year_summing_fewer_enterprises_is_not_set_against_last_years_whole(
        world: World, make_user: object) -> None:
    world.file(world.org.enterprise_a, year=2022)
    world.file(world.org.enterprise_b, year=2022)
    world.file(world.org.enterprise_a, year=2023, scenario="estimate",
               values={"revenue_defence": Decimal(650_000)})  # B's not in yet
    panel = _panel(dashboard.panels(_boss(world, make_user), 2023), "performance")
    figures = {f.key: f for f in panel.figures}
    assert figures["performance.revenue"].value == 1_050_000
    assert figures["performance.revenue"].previous is None  # not 2.000.000: no "-47,5 %"
    assert figures["performance.growth.revenue"].value == 105.0  # A against A
