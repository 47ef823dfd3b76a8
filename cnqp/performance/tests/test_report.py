"""The report's production-and-business section on hand-built returns: revenue growth with its
base year and scenario, average income from summed parts, mixed scenarios said, nothing
printed as 0 without a return, and a lower-clearance reader's section without the Secret
return. The section's own msgids are not translated yet: the tests read numbers, years,
codes and the scenario words as the module words them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from cnqp.core.choices import Classification
from cnqp.core.figures.reporting import ReportPeriod, ReportSection
from cnqp.core.models import User
from cnqp.performance import report, services
from cnqp.performance.choices import MilestoneKind, ProjectStatus
from cnqp.performance.factories import (
    DisbursementFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectVersionFactory,
)
from cnqp.performance.tests.conftest import World
from cnqp.reports.assembly import available_sections

pytestmark = pytest.mark.django_db

BIG = {"headcount": Decimal(1000), "women": Decimal(100), "payroll": Decimal(120_000)}
SMALL = {"headcount": Decimal(100), "women": Decimal(10), "payroll": Decimal(36_000)}
YEAR = ReportPeriod.annual(2023)


def _boss(world: World, make_user: object, level: int = Classification.SECRET) -> User:
    return make_user(["leadership"], world.org.root, level)  # type: ignore[operator]


def _section(user: User, period: ReportPeriod = YEAR) -> ReportSection:
    return report.build_section(user, period, None)


def _rows(section: ReportSection) -> dict[str, list[str | int]]:
    return {str(row[0]).split()[0]: row for row in section.tables[0].rows}


def test_the_section_is_discovered() -> None:
    assert "performance" in [s.key for s in available_sections()]


def test_revenue_growth_with_its_base_year_plan_and_scenario(world: World,
                                                             make_user: object) -> None:
    world.file(year=2022, values={"revenue_defence": Decimal(600_000)})
    world.file(year=2023, values={"revenue_defence": Decimal(650_000)})  # 1.000.000 -> 1.050.000
    world.file(year=2023, scenario="plan", values={"revenue_defence": Decimal(700_000)})
    section = _section(_boss(world, make_user))
    headline = section.paragraphs[0]
    actual = str(report.SCENARIO_WORDS["actual"])
    assert "1.050.000" in headline and "105,0%" in headline and "95,5%" in headline
    assert "2023" in headline and "2022" in headline
    # the outturn's scenario and the base year's, each said
    assert headline.count(f"({actual})") == 2
    assert section.key == "performance" and section.classification == 0
    rows = _rows(section)
    assert rows["Z111"][1:6] == [actual, 1_050_000, "105,0%", "95,5%", 40_000]
    total = section.tables[0].rows[-1]
    assert total[2:5] == [1_050_000, "105,0%", "95,5%"]
    # the equity (500.000 both years) is preserved by the one enterprise compared
    assert any("1/1" in p for p in section.paragraphs)
    pie = section.charts[0]
    assert pie.kind == "pie" and pie.series[0][1] == [650_000, 350_000, 50_000]


def test_average_income_from_summed_parts(world: World, make_user: object) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    world.file(world.org.enterprise_b, values=SMALL)
    section = _section(_boss(world, make_user))
    headline = section.paragraphs[0]
    assert "11,8" in headline and "20,0" not in headline  # 156.000 / 1.100 / 12
    assert "1.100" in headline  # the headcount
    rows = _rows(section)
    assert (rows["Z111"][-1], rows["Z113"][-1]) == ("10,0", "30,0")
    assert section.tables[0].rows[-1][-1] == "11,8"
    assert [str(c) for c in section.charts[1].categories] == ["Z111", "Z113"]
    # two enterprises summed of the two that report
    assert re.search(r"\b2\b.*\b2\b", section.paragraphs[1])


def test_the_income_of_the_year_before_is_quoted(world: World, make_user: object) -> None:
    world.file(year=2022, values={"payroll": Decimal(162_000)})  # 13,5 a month
    world.file(year=2023, values={"payroll": Decimal(170_400)})  # 14,2 a month
    headline = _section(_boss(world, make_user)).paragraphs[0]
    assert "14,2" in headline and "(" in headline and "13,5" in headline
    assert headline.index("14,2") < headline.index("13,5")


def test_mixed_scenarios_are_said_with_their_counts(world: World, make_user: object) -> None:
    world.file(world.org.enterprise_a, scenario="actual", values=BIG)
    world.file(world.org.enterprise_b, scenario="estimate", values=SMALL)
    section = _section(_boss(world, make_user))
    words = report.scenario_words({"actual": 1, "estimate": 1})
    assert words in section.paragraphs[0]
    assert str(report.SCENARIO_WORDS["actual"]) in words
    assert str(report.SCENARIO_WORDS["estimate"]) in words
    assert words.count("1") == 2
    rows = _rows(section)
    assert rows["Z113"][1] == str(report.SCENARIO_WORDS["estimate"])
    total = section.tables[0].rows[-1][1]
    assert isinstance(total, str)
    assert str(report.SCENARIO_WORDS["actual"]) in total
    assert str(report.SCENARIO_WORDS["estimate"]) in total


def test_higher_than_last_year_only_when_the_growth_says_so(world: World,
                                                            make_user: object) -> None:
    world.file(year=2022, values={"revenue_defence": Decimal(600_000),
                                  "profit_before_tax": Decimal(40_000),
                                  "payroll": Decimal(160_000)})
    world.file(year=2023, values={"revenue_defence": Decimal(650_000),
                                  "profit_before_tax": Decimal(45_000),
                                  "payroll": Decimal(170_000)})
    boss = _boss(world, make_user)
    section = _section(boss)
    judged = section.paragraphs[2]
    assert "2022" in judged and str(report.JUDGED["revenue"]) not in judged
    higher = report.judgement
    assert judged == higher(report.metrics.read("performance", boss, YEAR, None))


def test_what_fell_is_named(world: World, make_user: object) -> None:
    world.file(year=2022, values={"profit_before_tax": Decimal(40_000)})
    world.file(year=2023, values={"profit_before_tax": Decimal(30_000),
                                  "profit_after_tax": Decimal(24_000),
                                  "payroll": Decimal(170_000)})
    section = _section(_boss(world, make_user))
    judged = section.paragraphs[2]
    assert str(report.JUDGED["profit_before_tax"]) in judged
    assert str(report.JUDGED["avg_income"]) not in judged  # it grew
    assert str(report.JUDGED["revenue"]) in judged  # unchanged, said apart
    assert judged.index(str(report.JUDGED["profit_before_tax"])) < judged.index(
        str(report.JUDGED["revenue"]))


def test_no_return_prints_no_zero(world: World, make_user: object) -> None:
    world.file(accept=False)  # submitted, not accepted: counts nothing
    section = _section(_boss(world, make_user))
    assert not section.tables and not section.charts
    # the business paragraph and the investment one (no project): the year, no other number
    assert len(section.paragraphs) == 2
    assert [re.findall(r"\d+", p) for p in section.paragraphs] == [["2023"], ["2023"]]


def test_a_custom_period_says_which_periods_have_figures(world: World,
                                                         make_user: object) -> None:
    world.file(values=BIG)
    custom = ReportPeriod(dt.date(2023, 4, 1), dt.date(2023, 7, 31))
    section = _section(_boss(world, make_user), custom)
    assert len(section.paragraphs) == 2 and not section.tables
    assert not re.findall(r"\d", section.paragraphs[0])


def test_a_half_year_is_dated_and_compared_with_the_same_period(world: World,
                                                                make_user: object) -> None:
    world.file(year=2022, period_kind="half", values=BIG)
    world.file(year=2023, period_kind="half", values={**BIG, "payroll": Decimal(66_000)})
    section = _section(_boss(world, make_user), ReportPeriod.half_year(2023))
    headline = section.paragraphs[0]
    assert "01/01/2023" in headline and "30/06/2023" in headline
    assert "11,0" in headline and "20,0" in headline  # 66.000 / 1.000 / 6; 120.000 / 1.000 / 6


def test_a_lower_clearance_reader_does_not_read_the_secret_return(world: World,
                                                                  make_user: object) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    secret = world.file(world.org.enterprise_b, values=SMALL, accept=False)
    secret.classification = Classification.SECRET
    secret.save(update_fields=["classification"])
    services.accept_return(world.reviewer, secret)
    low = _section(_boss(world, make_user, Classification.CONFIDENTIAL))
    assert low.classification == 0 and low.tables[0].classification == 0
    assert str(low.tables[0].rows[0][0]).startswith("Z111")
    assert len(low.tables[0].rows) == 2 and "10,0" in low.paragraphs[0]
    assert "Z113" not in " ".join(str(c) for c in low.charts[1].categories)
    high = _section(_boss(world, make_user))
    assert high.classification == Classification.SECRET
    assert high.tables[0].classification == Classification.SECRET
    assert len(high.tables[0].rows) == 3 and "11,8" in high.paragraphs[0]


def test_an_enterprise_reads_only_its_own(world: World) -> None:
    world.file(world.org.enterprise_a, values=BIG)
    world.file(world.org.enterprise_b, values=SMALL)
    section = _section(world.enterprise)
    assert len(section.tables[0].rows) == 2 and "10,0" in section.paragraphs[0]


# --- investment -------------------------------------------------------------------------------


def _projects(world: World) -> None:
    """Two projects of Z111 in 2023: a key one on schedule, one behind (its design approval
    planned for June 2023, not reached); capital planned 80.000, disbursed 60.000."""
    on_time = ProjectFactory(code="DA-01", name="Dây chuyền đạn pháo", key_project=True,
                             owner_unit=world.org.enterprise_a,
                             status=ProjectStatus.IMPLEMENTING)
    late = ProjectFactory(code="DA-02", name="Nhà xưởng cơ khí chính xác",
                          owner_unit=world.org.enterprise_a, status=ProjectStatus.IMPLEMENTING)
    for project in (on_time, late):
        ProjectVersionFactory(project=project, number=0)
    MilestoneFactory(project=late, kind=MilestoneKind.DESIGN, planned_on=dt.date(2023, 6, 30))
    for quarter in (1, 2):
        DisbursementFactory(project=on_time, year=2023, quarter=quarter,
                            planned=Decimal(20_000), disbursed=Decimal(20_000),
                            executed=Decimal(18_000))
        DisbursementFactory(project=late, year=2023, quarter=quarter,
                            planned=Decimal(20_000), disbursed=Decimal(10_000),
                            executed=Decimal(9_000))


def test_the_investment_paragraphs(world: World, make_user: object) -> None:
    _projects(world)
    section = _section(_boss(world, make_user))
    text = " ".join(section.paragraphs[1:])
    assert re.search(r"\b2\b.*\b1\b", section.paragraphs[1])  # 2 projects, 1 key
    assert "60.000" in text and "80.000" in text and "75,0%" in text and "54.000" in text
    assert "DA-02 Nhà xưởng cơ khí chính xác" in text and "DA-01" not in text



def test_the_whole_directorate_is_named_only_when_the_figures_are_its(world: World,
                                                                      make_user: object) -> None:
    """An enterprise's reader, or a report for one unit, reads that unit's name where the
    directorate's head reads "toàn Tổng cục"."""
    from cnqp.performance.report import build_section

    world.file(year=2023)
    period = ReportPeriod.annual(2023)
    boss = make_user(["leadership"], world.org.root, 2)  # type: ignore[operator]
    assert build_section(boss, period, None).paragraphs[0].startswith(
        "Doanh thu toàn Tổng cục năm 2023")
    own = build_section(world.enterprise, period, None).paragraphs[0]
    assert own.startswith(f"Doanh thu {world.org.enterprise_a.name} năm 2023")
    one = build_section(boss, period, world.org.enterprise_a).paragraphs[0]
    assert one.startswith(f"Doanh thu {world.org.enterprise_a.name} năm 2023")
