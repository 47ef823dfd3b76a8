"""Investment projects: approval and adjustments kept as versions (the project takes the latest
one's schedule and total), milestones planned against actual, disbursement against the capital
plan, the flags on hand-built data, and what an enterprise or a reader of lower clearance sees
and counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.performance import project_selectors as selectors
from cnqp.performance import services
from cnqp.performance.choices import MilestoneKind, ProjectStatus
from cnqp.performance.factories import (
    DisbursementFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectVersionFactory,
)
from cnqp.performance.models import Milestone, Project, ProjectFunding, ProjectVersion
from cnqp.performance.tests.conftest import World

pytestmark = pytest.mark.django_db

D = Decimal


def _project(world: World, **kwargs: Any) -> Project:
    data: dict[str, Any] = {"code": "DA-Z111-01", "name": "Đầu tư chiều sâu dây chuyền đạn",
                            "owner_unit": world.org.enterprise_a, "group": "b",
                            **kwargs}
    return services.create_project(world.enterprise, **data)


def _approve(world: World, project: Project, **kwargs: Any) -> ProjectVersion:
    data: dict[str, Any] = {
        "decision_number": "1234/QĐ-BQP", "decision_date": dt.date(2022, 11, 15),
        "authority": "Bộ trưởng Bộ Quốc phòng", "planned_start": dt.date(2023, 1, 1),
        "planned_end": dt.date(2025, 12, 31),
        "funding": {"defence_budget": D("100000"), "enterprise": D("20000")}, **kwargs}
    return services.approve_project(world.enterprise, project, **data)


# --- versions --------------------------------------------------------------------------------


def test_approve_then_adjust_keeps_both_versions_and_the_project_takes_the_latest(
        world: World) -> None:
    project = _project(world)
    assert project.status == ProjectStatus.PREPARING
    first = _approve(world, project)
    project.refresh_from_db()
    assert (project.total_investment, project.planned_end) == (D("120000"),
                                                                dt.date(2025, 12, 31))
    assert project.status == ProjectStatus.IMPLEMENTING
    audits = AuditEntry.objects.filter(object_type="performance.projectversion").count()
    second = services.adjust_project(
        world.enterprise, project, decision_number="567/QĐ-BQP",
        decision_date=dt.date(2024, 5, 10), authority="Bộ trưởng Bộ Quốc phòng",
        reason="Bổ sung hạng mục nhà xưởng", planned_start=dt.date(2023, 1, 1),
        planned_end=dt.date(2026, 12, 31),
        funding={"defence_budget": D("130000"), "enterprise": D("20000"), "credit": 0})
    project.refresh_from_db()
    assert (first.number, second.number) == (0, 1)
    assert project.total_investment == D("150000")
    assert (project.planned_start, project.planned_end) == (dt.date(2023, 1, 1),
                                                            dt.date(2026, 12, 31))
    assert dict(ProjectFunding.objects.filter(version=first).values_list("source", "amount")) \
        == {"defence_budget": D("100000"), "enterprise": D("20000")}
    assert dict(ProjectFunding.objects.filter(version=second).values_list("source", "amount")) \
        == {"defence_budget": D("130000"), "enterprise": D("20000")}  # a zero is not stored
    entry = AuditEntry.objects.filter(object_type="performance.projectversion").latest("id")
    assert AuditEntry.objects.filter(
        object_type="performance.projectversion").count() == audits + 1
    assert entry.changes["funding"] == [None, {"defence_budget": "130000.000",
                                               "enterprise": "20000.000"}]
    # the earlier version is history: neither corrected nor withdrawn
    with pytest.raises(ValidationError):
        services.delete_version(world.enterprise, first)
    with pytest.raises(ValidationError):
        services.update_version(world.enterprise, first, decision_number="x", authority="y")
    # the latest withdrawn: the project takes the approval's figures again
    services.delete_version(world.enterprise, second)
    project.refresh_from_db()
    assert (project.total_investment, project.planned_end) == (D("120000"),
                                                                dt.date(2025, 12, 31))


def test_an_adjustment_needs_a_reason_and_a_decision_not_before_the_previous(
        world: World) -> None:
    project = _project(world)
    with pytest.raises(ValidationError) as raised:
        services.adjust_project(
            world.enterprise, project, decision_number="1/QĐ", decision_date=dt.date(2023, 1, 1),
            authority="BQP", reason="Lý do", planned_start=dt.date(2023, 1, 1),
            planned_end=dt.date(2024, 1, 1), funding={"defence_budget": 1})
    assert "decision_number" in raised.value.message_dict  # not approved yet
    _approve(world, project)
    common: dict[str, Any] = {"decision_number": "2/QĐ", "authority": "BQP",
                              "planned_start": dt.date(2023, 1, 1),
                              "planned_end": dt.date(2026, 1, 1),
                              "funding": {"defence_budget": D(1)}}
    with pytest.raises(ValidationError) as raised:
        services.adjust_project(world.enterprise, project, reason="  ",
                                decision_date=dt.date(2024, 1, 1), **common)
    assert "reason" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.adjust_project(world.enterprise, project, reason="Trượt giá",
                                decision_date=dt.date(2022, 1, 1), **common)
    assert "decision_date" in raised.value.message_dict
    assert ProjectVersion.objects.filter(project=project).count() == 1
    with pytest.raises(ValidationError) as raised:  # approved once
        _approve(world, project)
    assert "decision_number" in raised.value.message_dict


@pytest.mark.parametrize(("change", "field"), [
    ({"planned_end": dt.date(2022, 12, 31)}, "planned_end"),
    ({"decision_date": timezone.localdate() + dt.timedelta(days=1)}, "decision_date"),
    ({"funding": {"defence_budget": D(-1), "enterprise": D(5)}}, "defence_budget"),
    ({"funding": {"defence_budget": D(0)}}, "funding"),
    ({"funding": {"gold": D(5)}}, "funding"),
])
def test_a_decision_is_checked(world: World, change: dict[str, Any], field: str) -> None:
    project = _project(world)
    with pytest.raises(ValidationError) as raised:
        _approve(world, project, **change)
    assert field in raised.value.message_dict
    assert not ProjectVersion.objects.exists()
    project.refresh_from_db()
    assert project.total_investment == 0


def test_the_schedule_and_total_are_not_edited_and_another_unit_does_not_write(
        world: World) -> None:
    project = _project(world)
    with pytest.raises(ValidationError):
        services.update_project(world.enterprise, project, total_investment=D(5))
    with pytest.raises(ValidationError) as raised:
        services.update_project(world.other, project, name="Khác")
    assert "project" in raised.value.message_dict
    with pytest.raises(ValidationError):
        _project(world, code="DA-2", owner_unit=world.org.enterprise_b)
    services.update_project(world.enterprise, project, name="Tên mới", key_project=True)
    project.refresh_from_db()
    assert (project.name, project.key_project) == ("Tên mới", True)


def test_a_project_with_records_is_not_deleted(world: World) -> None:
    project = _project(world)
    _approve(world, project)
    with pytest.raises(ValidationError):
        services.delete_project(world.enterprise, project)
    bare = _project(world, code="DA-2")
    services.delete_project(world.enterprise, bare)
    assert not Project.objects.filter(code="DA-2").exists()


# --- milestones and disbursement (services) -------------------------------------------------


def test_milestones_are_reached_in_their_order_and_not_in_the_future(world: World) -> None:
    project = _project(world)
    design = services.plan_milestone(world.enterprise, project, kind=MilestoneKind.DESIGN,
                                     planned_on=dt.date(2023, 6, 30))
    again = services.plan_milestone(world.enterprise, project, kind=MilestoneKind.DESIGN,
                                    planned_on=dt.date(2023, 7, 31), note="Lùi một tháng")
    assert again.pk == design.pk and again.planned_on == dt.date(2023, 7, 31)
    contract = services.plan_milestone(world.enterprise, project, kind=MilestoneKind.CONTRACT,
                                       planned_on=dt.date(2023, 9, 30))
    services.reach_milestone(world.enterprise, design, on_date=dt.date(2023, 8, 15))
    with pytest.raises(ValidationError) as raised:
        services.reach_milestone(world.enterprise, contract, on_date=dt.date(2023, 8, 1))
    assert "on_date" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.reach_milestone(world.enterprise, contract,
                                 on_date=timezone.localdate() + dt.timedelta(days=1))
    assert "on_date" in raised.value.message_dict
    services.reach_milestone(world.enterprise, contract, on_date=dt.date(2023, 8, 15))
    design.refresh_from_db()
    with pytest.raises(ValidationError):
        services.delete_milestone(world.enterprise, design)


def test_a_quarter_is_recorded_once_and_progress_does_not_go_back(world: World) -> None:
    project = _project(world)
    q1 = services.record_disbursement(world.enterprise, project, year=2023, quarter=1,
                                      planned=D(10000), disbursed=D(8000), executed=D(7000),
                                      progress=10, obstacles="")
    q1b = services.record_disbursement(world.enterprise, project, year=2023, quarter=1,
                                       planned=D(10000), disbursed=D(9000), executed=D(7000),
                                       progress=12, obstacles="Giải phóng mặt bằng")
    assert q1b.pk == q1.pk and q1b.disbursed == D(9000)
    services.record_disbursement(world.enterprise, project, year=2023, quarter=3,
                                 planned=D(5000), disbursed=0, executed=0, progress=30)
    for quarter, progress in ((2, 11), (2, 31), (4, 20)):
        with pytest.raises(ValidationError) as raised:
            services.record_disbursement(world.enterprise, project, year=2023,
                                         quarter=quarter, planned=D(1), progress=progress)
        assert "progress" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.record_disbursement(world.enterprise, project, year=2023, quarter=2,
                                     planned=D(-1), progress=20)
    assert "planned" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.record_disbursement(world.enterprise, project, year=2023, quarter=2,
                                     planned=D(1), progress=101)
    assert "progress" in raised.value.message_dict
    assert project.disbursements.count() == 2


# --- flags and figures on hand-built data -----------------------------------------------------

TODAY = dt.date(2024, 8, 20)  # the third quarter runs: two have ended


def test_plan_against_actual_per_milestone(world: World) -> None:
    project = ProjectFactory(owner_unit=world.org.enterprise_a, planned_end=dt.date(2026, 1, 1))
    on_time = MilestoneFactory(project=project, kind=MilestoneKind.APPROVAL,
                               planned_on=dt.date(2023, 1, 10), actual_on=dt.date(2023, 1, 10))
    late_reached = MilestoneFactory(project=project, kind=MilestoneKind.DESIGN,
                                    planned_on=dt.date(2023, 6, 30),
                                    actual_on=dt.date(2023, 7, 30))
    late_open = MilestoneFactory(project=project, kind=MilestoneKind.CONTRACT,
                                 planned_on=dt.date(2024, 8, 1))
    not_due = MilestoneFactory(project=project, kind=MilestoneKind.CONSTRUCTION,
                               planned_on=dt.date(2025, 6, 30))
    rows = {r.milestone.pk: r.days_late
            for r in selectors.milestone_rows(project.milestones.all(), TODAY)}
    assert rows == {on_time.pk: 0, late_reached.pk: 30, late_open.pk: 19, not_due.pk: 0}
    late = set(Milestone.objects.filter(selectors.late_milestone(TODAY))
               .values_list("pk", flat=True))
    assert late == {late_reached.pk, late_open.pk}
    # judged before the contract was due, only the design was late
    assert set(Milestone.objects.filter(selectors.late_milestone(dt.date(2024, 7, 1)))
               .values_list("pk", flat=True)) == {late_reached.pk}


def test_behind_schedule_on_hand_built_data(world: World) -> None:
    unit = world.org.enterprise_a

    def project(code: str, end: dt.date, **kwargs: Any) -> Project:
        return ProjectFactory(code=code, owner_unit=unit, planned_end=end,
                              status=ProjectStatus.IMPLEMENTING, **kwargs)

    on_track = project("ON", dt.date(2025, 12, 31))
    MilestoneFactory(project=on_track, kind=MilestoneKind.DESIGN,
                     planned_on=dt.date(2024, 3, 1), actual_on=dt.date(2024, 2, 1))
    late_milestone = project("LATE", dt.date(2025, 12, 31))
    MilestoneFactory(project=late_milestone, kind=MilestoneKind.DESIGN,
                     planned_on=dt.date(2024, 3, 1))
    overrun = project("OVERRUN", dt.date(2024, 6, 30))
    handed_over = project("DONE", dt.date(2024, 6, 30))
    MilestoneFactory(project=handed_over, kind=MilestoneKind.OPERATION,
                     planned_on=dt.date(2024, 5, 1), actual_on=dt.date(2024, 6, 1))
    flagged = dict(selectors.with_figures(Project.objects.all(), on=TODAY)
                   .values_list("code", "is_behind"))
    assert flagged == {"ON": False, "LATE": True, "OVERRUN": True, "DONE": False}
    assert overrun.pk and late_milestone.pk


def test_slow_disbursement_on_hand_built_data(world: World) -> None:
    unit = world.org.enterprise_a
    slow = ProjectFactory(code="SLOW", owner_unit=unit)
    brisk = ProjectFactory(code="BRISK", owner_unit=unit)
    early = ProjectFactory(code="EARLY", owner_unit=unit)
    for quarter, planned, disbursed in ((1, 10000, 6000), (2, 10000, 9000), (3, 20000, 0)):
        DisbursementFactory(project=slow, year=2024, quarter=quarter, planned=D(planned),
                            disbursed=D(disbursed))  # 15 000 of 20 000 ended: 75 %
    for quarter, planned, disbursed in ((1, 10000, 7000), (2, 10000, 8000), (3, 20000, 1000)):
        DisbursementFactory(project=brisk, year=2024, quarter=quarter, planned=D(planned),
                            disbursed=D(disbursed))  # 16 000 of 20 000: 80 %, not slow
    DisbursementFactory(project=early, year=2024, quarter=3, planned=D(50000),
                        disbursed=D(0))  # nothing planned for a quarter ended
    DisbursementFactory(project=slow, year=2023, quarter=4, planned=D(5000),
                        disbursed=D(5000), executed=D(4000), progress=20)
    rows = {p.code: p for p in selectors.with_figures(Project.objects.all(), on=TODAY)}
    assert {code: p.is_slow for code, p in rows.items()} == {
        "SLOW": True, "BRISK": False, "EARLY": False}
    assert (rows["SLOW"].planned_year, rows["SLOW"].disbursed_year,
            rows["SLOW"].planned_ended, rows["SLOW"].disbursed_total) == (
        D(40000), D(15000), D(20000), D(20000))
    assert selectors.rate(D(15000), D(40000)) == D("37.5")
    # the year before is judged whole: fully disbursed, not slow
    last_year = {p.code: p.is_slow
                 for p in selectors.with_figures(Project.objects.all(), 2023, on=TODAY)}
    assert last_year["SLOW"] is False


def test_figures_count_only_what_the_reader_may_see(world: World, make_user: Any,
                                                    django_assert_num_queries: Any) -> None:
    unit = world.org.enterprise_a

    def approved(code: str, level: int = 0, **kwargs: Any) -> Project:
        project = ProjectFactory(code=code, owner_unit=kwargs.pop("owner_unit", unit),
                                 classification=level, status=ProjectStatus.IMPLEMENTING,
                                 planned_end=dt.date(2026, 12, 31), **kwargs)
        ProjectVersionFactory(project=project, number=0, decision_date=dt.date(2023, 1, 1))
        DisbursementFactory(project=project, year=2024, quarter=1, planned=D(10000),
                            disbursed=D(5000), executed=D(4000))
        return project

    approved("OPEN", key_project=True)
    approved("SECRET", Classification.SECRET)
    approved("OTHER", owner_unit=world.org.enterprise_b)
    late = approved("LATE")
    MilestoneFactory(project=late, kind=MilestoneKind.DESIGN, planned_on=dt.date(2024, 1, 31))
    done = approved("DONE")
    MilestoneFactory(project=done, kind=MilestoneKind.OPERATION,
                     planned_on=dt.date(2024, 6, 1), actual_on=dt.date(2024, 5, 1))
    ProjectFactory(code="PREP", owner_unit=unit)  # not approved: not counted
    low = make_user(["leadership"], world.org.root, Classification.CONFIDENTIAL)
    high = make_user(["leadership"], world.org.root, Classification.SECRET)
    seen = selectors.project_figures(low, 2024, today=TODAY)
    assert (seen.projects, seen.key_projects, seen.in_progress, seen.completed,
            seen.behind_schedule, seen.slow) == (4, 1, 3, 1, 1, 4)
    assert (seen.planned, seen.disbursed, seen.executed, seen.rate) == (
        D(40000), D(20000), D(16000), D("50.0"))
    all_of_it = selectors.project_figures(high, 2024, today=TODAY)
    assert (all_of_it.projects, all_of_it.planned) == (5, D(50000))
    mine = selectors.project_figures(world.enterprise, 2024, today=TODAY)
    assert mine.projects == 3  # its own, below its clearance
    narrowed = selectors.project_figures(high, 2024, unit=world.org.enterprise_b, today=TODAY)
    assert (narrowed.projects, narrowed.planned) == (1, D(10000))
    with django_assert_num_queries(2):
        selectors.project_figures(high, 2024, today=TODAY)


def test_a_past_year_judges_its_fourth_quarter_too(world: World) -> None:
    """Judged on 31/12, a past year has ended all four quarters: a project that disbursed
    70 % of the year's plan is slow (the fourth quarter's plan was left out before)."""
    project = ProjectFactory(code="Q4", owner_unit=world.org.enterprise_a)
    for quarter in (1, 2, 3, 4):
        DisbursementFactory(project=project, year=2025, quarter=quarter, planned=D(10000),
                            disbursed=D(10000) if quarter < 4 else D(0))
    assert selectors.quarters_ended(2025, dt.date(2025, 12, 31)) == 4
    assert selectors.quarters_ended(2025, dt.date(2025, 12, 30)) == 3
    assert selectors.quarters_ended(2025, dt.date(2025, 3, 31)) == 1
    row = selectors.with_figures(Project.objects.filter(pk=project.pk), 2025,
                                 on=dt.date(2025, 12, 31)).get()
    assert (row.planned_ended, row.is_slow) == (D(40000), True)  # 30.000 of 40.000: 75 %


def test_an_edit_from_a_stale_page_keeps_the_latest_decisions_schedule(world: World) -> None:
    stale = _project(world)
    fresh = Project.objects.get(pk=stale.pk)
    _approve(world, fresh)
    services.update_project(world.enterprise, stale, name="Tên mới của dự án")
    stale.refresh_from_db()
    assert stale.name == "Tên mới của dự án"
    assert (stale.total_investment, stale.planned_end) == (D("120000"), dt.date(2025, 12, 31))
