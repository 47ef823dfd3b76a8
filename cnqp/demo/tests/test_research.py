"""The research demo: the figures the directorate's reports quote for 2021 and 2023 come out
exactly, the other years are plausible, histories obey the lifecycle, need to know shows.

On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt
import random
import re
from itertools import pairwise

from django.db.models import F
from django.utils import timezone, translation

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.models import AuditEntry, User
from cnqp.research import demo_plan
from cnqp.research.choices import ProjectLevel, ProjectStatus, Step
from cnqp.research.models import Initiative, ProjectEvent, ResearchProject
from cnqp.research.report import render_section, research_figures
from cnqp.research.selectors import overdue_now, visible_projects

SIGNS = {ProjectLevel.NATIONAL: "QĐ-BKHCN", ProjectLevel.MINISTRY: "QĐ-BQP",
         ProjectLevel.DIRECTORATE: "QĐ-TCCNQP"}
LEVEL_CODES = {ProjectLevel.NATIONAL: "QG", ProjectLevel.MINISTRY: "BQP",
               ProjectLevel.DIRECTORATE: "TC"}


def year(user: User, y: int):
    return research_figures(user, dt.date(y, 1, 1), dt.date(y, 12, 31))


def test_the_2021_figures_are_those_of_the_report(users):
    boss = users["thutruong"]
    assert boss.clearance == Classification.TOP_SECRET and boss.sees_all_units
    f = year(boss, 2021)
    assert (f.in_execution, f.opened, f.completed, f.accepted, f.eligible_o, f.o_series) == \
        (127, 43, 30, 20, 15, 11)


def test_the_2023_figures_are_those_of_the_report(users):
    f = year(users["thutruong"], 2023)
    assert f.in_execution == 150
    assert f.by_level["in_execution"] == {"national": 16, "ministry": 52, "directorate": 82,
                                          "grassroots": 0}
    assert (f.accepted, f.applied) == (32, 28)


def test_every_year_is_plausible(users):
    boss = users["thutruong"]
    series = {y: year(boss, y) for y in range(2011, 2026)}
    for y, f in series.items():
        assert 70 <= f.in_execution <= 170, y
        assert 20 <= f.opened <= 60, y
        assert f.completed and f.accepted, y
        assert 40 <= f.initiatives <= 80 and f.initiative_benefit > 0, y
        assert f.by_level["in_execution"]["grassroots"] == 0, y
    assert series[2011].in_execution < series[2016].in_execution < series[2021].in_execution
    assert all(series[y].in_execution >= 135 for y in (2023, 2024, 2025))
    total = {name: sum(getattr(f, name) for f in series.values())
             for name in ("extended", "suspended", "cancelled", "failed_acceptance")}
    assert all(total.values()), total


def test_some_projects_are_running_late_proposed_or_suspended_now(users):
    projects = ResearchProject.objects.all()
    assert overdue_now(projects).count() >= 3
    assert projects.filter(status=ProjectStatus.IN_PROGRESS).count() >= 60
    assert projects.filter(status=ProjectStatus.PROPOSED).count() >= 3
    statuses = set(projects.values_list("status", flat=True))
    assert set(ProjectStatus) - {ProjectStatus.OPENED, ProjectStatus.SUSPENDED} <= statuses
    assert projects.filter(current_end__gt=F("planned_end")).count() >= 10  # extended


def test_histories_follow_the_lifecycle(users):
    today = timezone.localdate()
    events = ProjectEvent.objects.select_related("project", "producing_unit").order_by(
        "project", "on_date", "id")
    by_project: dict[int, list[ProjectEvent]] = {}
    for event in events:
        by_project.setdefault(event.project_id, []).append(event)
    assert len(by_project) == ResearchProject.objects.count()
    for history in by_project.values():
        project = history[0].project
        assert history[0].step == Step.PROPOSE
        assert all(a.on_date <= b.on_date for a, b in pairwise(history)), project.code
        assert all(a.to_status == b.from_status for a, b in pairwise(history)), project.code
        assert history[-1].on_date <= today and history[-1].to_status == project.status
        for event in history:
            if event.decision_number:
                assert re.fullmatch(rf"\d+/{SIGNS[project.level]}", event.decision_number)
            if event.step in (Step.O_SERIES, Step.APPLY):
                assert event.producing_unit.kind in (OrgUnitKind.ENTERPRISE,
                                                     OrgUnitKind.INSTITUTE)
            if event.step in (Step.ELIGIBLE_O, Step.O_SERIES, Step.APPLY):
                assert project.product_type_id is not None, project.code
        opened = next((e.on_date for e in history if e.step == Step.OPEN),
                      project.planned_start)
        assert re.fullmatch(rf"(DT|NV|DA)\.{opened.year}\.{LEVEL_CODES[project.level]}\.\d\d",
                            project.code)
    opened = ResearchProject.objects.filter(events__step=Step.OPEN)
    assert opened.filter(planned_start__year__lt=2011).exists()


def test_projects_are_described_realistically(users):
    projects = list(ResearchProject.objects.select_related("host_unit"))
    hosts = {p.host_unit.code for p in projects}
    assert {"VVK", "VCN", "VTPTN", "Z111", "Z113"} <= hosts
    for p in projects:
        assert re.match(r"(Đại tá|Thiếu tướng|Thượng tá|Trung tá|Thiếu tá)?,? ?"
                        r"(PGS\.TS\.|TS\.|ThS\.|KS\.) \w+", p.principal_investigator), p
        assert 2 <= len(p.member_list) <= 6
        assert p.budget_total > 0
        assert p.title.startswith(("Nghiên cứu", "Hoàn thiện", "Dự án", "Tiếp nhận")), p.title
    levels = {level: sum(p.classification == level for p in projects)
              for level in Classification}
    assert levels[Classification.UNCLASSIFIED] + levels[Classification.CONFIDENTIAL] > \
        0.7 * len(projects)
    assert 0 < levels[Classification.TOP_SECRET] < levels[Classification.SECRET]
    with_product = sum(p.product_type_id is not None for p in projects)
    assert 0.5 * len(projects) < with_product < len(projects)
    assert Initiative.objects.filter(unit__code="Z111").exists()


def test_enterprise_users_see_their_own_projects(users):
    for name, code in (("z111", "Z111"), ("z113", "Z113"), ("vienvk", "VVK")):
        user = users[name]
        seen = visible_projects(user)
        assert seen.count() >= 5, name
        assert set(seen.values_list("host_unit__code", flat=True)) == {code}
        assert not seen.filter(classification__gt=user.clearance).exists()
    mine = year(users["z111"], 2023)
    assert 0 < mine.in_execution < 150


def test_the_2023_section_quotes_the_report(users):
    with translation.override("vi"):
        section = render_section(year(users["thutruong"], 2023))
    text = section.paragraphs[0]
    assert text.startswith("Thực hiện 150 đề tài, nhiệm vụ KHCN các cấp (16 cấp quốc gia, "
                           "52 cấp Bộ Quốc phòng, 82 cấp Tổng cục)")
    assert "đã đánh giá, nghiệm thu 32 đề tài, nhiệm vụ" in text
    assert "có 28 đề tài, nhiệm vụ được áp dụng vào sản xuất" in text


def test_the_2021_section_quotes_the_report(users):
    with translation.override("vi"):
        text = render_section(year(users["thutruong"], 2021)).paragraphs[0]
    assert "Thực hiện 127 đề tài, nhiệm vụ KHCN các cấp" in text
    assert "trong đó mở mới 43 đề tài, nhiệm vụ; hoàn thành 30 đề tài" in text
    assert ("nghiệm thu 20 đề tài, nhiệm vụ, trong đó 15 đề tài đủ điều kiện sản xuất loạt "
            "“O” và 11 sản phẩm sản xuất loạt “O”") in text


def test_every_write_is_audited(users):
    created = AuditEntry.objects.filter(action="create")
    for model in (ResearchProject, ProjectEvent, Initiative):
        label = model._meta.label_lower
        assert created.filter(object_type=label).count() == model.objects.count(), label


def test_the_plan_is_deterministic_and_hits_the_quotes_for_other_seeds():
    products = [demo_plan.Product(f"VKBB-{i:02d}", f"Súng mẫu {i}", ("Z111", "VVK"))
                for i in range(1, 30)]
    today = dt.date(2026, 11, 22)

    def fingerprint(seed: int) -> list[tuple[object, ...]]:
        plan = demo_plan.plan_projects(random.Random(seed), today, products)
        return [(p.code, p.host, [(e.step, e.on, e.decision) for e in p.events]) for p in plan]

    assert fingerprint(5) == fingerprint(5)
    for seed in (1, 2, 3):
        fingerprint(seed)  # raises PlanError if a quoted figure were missed
