"""The period figures on hand-built cases (tests/world.py): which projects each definition
counts, the counts of `research_figures` agreeing with the lists of `counted_by`, the report
text, and a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from cnqp.research import selectors, services
from cnqp.research.choices import (
    EXECUTING,
    ProjectLevel,
    ProjectStatus,
    RecognitionLevel,
    Step,
)
from cnqp.research.models import ResearchProject
from cnqp.research.report import render_section, research_figures
from cnqp.research.tests import world
from cnqp.research.tests.helpers import D, codes, propose, take

pytestmark = pytest.mark.django_db
ALL = ResearchProject.objects.all


@pytest.fixture
def built(research_org):
    return world.build(research_org)


def test_every_figure_has_an_expectation():
    assert set(world.EXPECTED) == set(selectors.FIGURES)


def test_each_figure_counts_exactly_its_projects_and_the_counts_agree(built, admin_user):
    figures = research_figures(admin_user, world.START, world.END)
    for figure, expected in world.EXPECTED.items():
        listed = selectors.counted_by(ALL(), figure, world.START, world.END)
        assert codes(listed) == expected, figure
        assert listed.count() == len(expected), figure  # no project listed twice
        visible = selectors.counted_by(selectors.visible_projects(admin_user), figure,
                                       world.START, world.END)
        assert codes(visible) == expected, figure
        assert getattr(figures, figure) == len(expected), figure
        assert figures.by_level[figure] == world.per_level(expected), figure


def test_in_execution_by_level(built, admin_user):
    figures = research_figures(admin_user, world.START, world.END)
    assert figures.in_execution == 15
    assert figures.by_level["in_execution"] == {
        ProjectLevel.NATIONAL: 2, ProjectLevel.MINISTRY: 3, ProjectLevel.DIRECTORATE: 10,
        ProjectLevel.GRASSROOTS: 0}


def test_both_ends_of_the_period_are_included(built):
    inner = (D(2022, 1, 2), D(2022, 12, 30))
    assert codes(selectors.counted_by(ALL(), "opened", *inner)) == {"NEW"}
    assert codes(selectors.counted_by(ALL(), "applied", *inner)) == {"DONE"}
    assert codes(selectors.counted_by(ALL(), "completed", *inner)) == {"DONE", "REDO"}
    # Completed on 1 January: in execution until then, not in a period starting the day after;
    # opened on 31 December: not in a period ending the day before.
    running = codes(selectors.counted_by(ALL(), "in_execution", *inner))
    assert running == world.IN_EXECUTION - {"EDGE", "LASTDAY"}
    one_day = codes(selectors.counted_by(ALL(), "opened", D(2022, 12, 31), D(2022, 12, 31)))
    assert one_day == {"LASTDAY"}
    assert codes(selectors.counted_by(ALL(), "in_execution", D(2023, 1, 1),
                                      D(2023, 1, 1))) >= {"LATE", "LATEDONE", "EXTLATE"}


def test_overdue_uses_the_end_in_force_at_the_end_of_the_period(built):
    def overdue(end):
        return codes(selectors.counted_by(ALL(), "overdue", D(2022, 1, 1), end))

    # On the planned end itself a project is not yet late; the day after it is.
    assert overdue(D(2022, 6, 30)) == set()
    assert overdue(D(2022, 7, 1)) == {"LATEDUE", "EXTLATE", "LATEDONE"}
    # EXT was extended on 1 June 2022, before those ends; EXTLATE only on 1 February 2023.
    # LATEDONE was completed on 15 January 2023: no longer in execution then.
    assert overdue(D(2023, 1, 31)) == {"LATEDUE", "ENDSDAY", "EXTLATE"}
    assert overdue(D(2023, 2, 1)) == {"LATEDUE", "ENDSDAY"}
    assert overdue(D(2023, 4, 1)) == {"LATEDUE", "ENDSDAY", "EXT"}
    assert "EXTLATE" in overdue(D(2024, 1, 1))
    # Today every project still in execution is past its end (all ends are in the past).
    executing = {code for code, p in built.items() if p.status in EXECUTING}
    assert executing >= {"RUN", "LATE", "EXTLATE", "BACK"}
    assert codes(selectors.overdue_now(ALL())) == executing
    assert all(built[code].is_overdue for code in executing)


def test_figures_of_a_unit_count_its_subtree_only(built, admin_user, research_org):
    mine = research_figures(admin_user, world.START, world.END, research_org.enterprise_a)
    theirs = research_figures(admin_user, world.START, world.END, research_org.enterprise_b)
    # STOP and EXT are hosted by Z113; REDO by Z111's workshop, so it counts for Z111.
    assert theirs.in_execution == 2 and theirs.cancelled == 1 and theirs.extended == 1
    assert mine.in_execution == 13
    assert mine.failed_acceptance == 1
    assert selectors.visible_projects(admin_user, research_org.workshop_a1).get().code == "REDO"


def test_steps_out_of_the_period_count_nothing(built, admin_user):
    figures = research_figures(admin_user, D(2019, 1, 1), D(2019, 12, 31))
    assert all(getattr(figures, name) == 0 for name in selectors.FIGURES)
    assert figures.initiatives == 0 and figures.initiative_benefit == 0


def test_a_period_that_ends_before_it_starts_is_refused(admin_user):
    with pytest.raises(ValueError, match="after it ends"):
        research_figures(admin_user, D(2022, 2, 1), D(2022, 1, 31))
    with pytest.raises(ValueError):
        selectors.counted_by(ALL(), "opened", D(2022, 2, 1), D(2022, 1, 31))
    with pytest.raises(ValueError, match="unknown figure"):
        selectors.counted_by(ALL(), "guessed", D(2022, 1, 1), D(2022, 1, 31))
    with pytest.raises(ValueError):
        selectors.stage_condition("opened", D(2022, 1, 31))


def test_initiatives_by_year_range_and_benefit(research_org, admin_user):
    def make(year, benefit, level=RecognitionLevel.UNIT, unit=research_org.enterprise_a):
        services.create_initiative(None, title=f"Cải tiến {year} {benefit}", authors="Lê Văn B",
                                   unit=unit, year=year, benefit=benefit,
                                   recognition_level=level)

    make(2021, 100_000_000)
    make(2022, 200_000_000)
    make(2022, 300_000_000, RecognitionLevel.MINISTRY, research_org.enterprise_b)
    make(2023, 400_000_000)
    figures = research_figures(admin_user, world.START, world.END)
    assert (figures.initiatives, figures.initiative_benefit) == (2, 500_000_000)
    assert figures.initiatives_by_level == {
        RecognitionLevel.UNIT: 1, RecognitionLevel.DIRECTORATE: 0,
        RecognitionLevel.MINISTRY: 1, RecognitionLevel.NATIONAL: 0}
    # A period counts the initiatives of every year it touches.
    spanning = research_figures(admin_user, D(2021, 6, 1), D(2022, 2, 1))
    assert (spanning.initiatives, spanning.initiative_benefit) == (3, 600_000_000)
    unit = research_figures(admin_user, *world.year_range(2021, 2023), research_org.enterprise_a)
    assert (unit.initiatives, unit.initiative_benefit) == (3, 700_000_000)


def small_report(org):
    """1 national project opened in 2022 and 2 directorate ones running since 2021."""
    national = propose(org.enterprise_a, "QG-01", level=ProjectLevel.NATIONAL,
                       end=D(2024, 12, 31))
    take(national, Step.OPEN, D(2022, 2, 1))
    for code in ("TC-01", "TC-02"):
        project = take(propose(org.enterprise_a, code, end=D(2022, 6, 30)), Step.OPEN,
                       D(2021, 3, 1))
        take(project, Step.START, D(2021, 4, 1))
    services.create_initiative(None, title="Đồ gá", authors="Lê Văn B", unit=org.enterprise_a,
                               year=2022, benefit=1_500_000)


def test_render_section_in_vietnamese_by_default(research_org, admin_user):
    small_report(research_org)
    section = render_section(research_figures(admin_user, world.START, world.END))
    headline, detail, initiatives = section.paragraphs
    assert "Thực hiện 3 đề tài, nhiệm vụ KHCN các cấp (1 cấp quốc gia, 2 cấp Tổng cục)" \
        in headline
    assert "mở mới 1 đề tài" in headline
    assert "01/01/2022" in detail and "31/12/2022" in detail
    assert "1.500.000" in initiatives


def test_render_section_in_english(research_org, admin_user):
    small_report(research_org)
    with translation.override("en"):
        section = render_section(research_figures(admin_user, world.START, world.END))
    headline, detail, initiatives = section.paragraphs
    assert headline == (
        "Carried out 3 S&T research topics and tasks at all levels (1 national-level, "
        "2 directorate-level), of which 1 newly opened.")  # no "completed 0; ... 0 ..."
    assert detail == ("In the period from 01/01/2022 to 31/12/2022: 2 projects in "
                      "execution past their end date at the end of the period.")
    assert initiatives == ("1 technical improvement initiatives were recognised, with a "
                           "benefit of 1.500.000 VND.")
    assert section.title == "Science and technology"
    table, init_table = section.tables
    assert table.rows[0] == ["National level", 1, 1, 0, 0, 0, 0, 0, 0]
    assert table.rows[2] == ["Directorate level", 2, 0, 0, 0, 0, 0, 0, 2]
    assert table.rows[-1] == ["Total", 3, 1, 0, 0, 0, 0, 0, 2]
    assert init_table.rows[-1] == ["Total", 1]


def test_render_section_without_projects_leaves_the_levels_out(research_org, admin_user):
    with translation.override("en"):
        section = render_section(research_figures(admin_user, world.START, world.END))
    assert section.paragraphs[0] == (
        "No S&T research topic or task was in execution in the period.")


def test_pipeline_groups_by_stage_and_level(built):
    grid = selectors.pipeline(ALL())
    assert grid[ProjectStatus.IN_PROGRESS][ProjectLevel.NATIONAL] == 1  # RUN
    assert grid[ProjectStatus.APPLIED] == {ProjectLevel.NATIONAL: 1, ProjectLevel.MINISTRY: 0,
                                           ProjectLevel.DIRECTORATE: 1,
                                           ProjectLevel.GRASSROOTS: 0}
    assert sum(sum(row.values()) for row in grid.values()) == len(world.CASES)
    assert selectors.stage_order()[0] == ProjectStatus.PROPOSED


def test_figures_run_a_constant_number_of_queries(research_org, admin_user,
                                                  django_assert_max_num_queries):
    assert admin_user.sees_all_units  # the user's roles, read once and kept
    with django_assert_max_num_queries(3):
        research_figures(admin_user, world.START, world.END)
    world.build(research_org)
    with django_assert_max_num_queries(3):
        figures = research_figures(admin_user, world.START, world.END)
    assert figures.in_execution == len(world.IN_EXECUTION)


def test_the_yearly_trend_agrees_with_the_figures_of_each_year(built, admin_user):
    years = [2020, 2021, 2022, 2023]
    trend = selectors.yearly_trend(ALL(), years, ("opened", "accepted", "applied"))
    for index, year in enumerate(years):
        figures = research_figures(admin_user, dt.date(year, 1, 1), dt.date(year, 12, 31))
        for name in ("in_execution", "opened", "accepted", "applied"):
            assert trend[name][index] == getattr(figures, name), (year, name)
    assert trend["in_execution"][2] == len(world.IN_EXECUTION)
