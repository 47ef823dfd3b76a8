"""The figures on hand-built data: the period against the same period a year before, by level,
title and unit, movements; scoping and classification; the report section and the panel."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.awards import report, services
from cnqp.awards.choices import MovementKind
from cnqp.awards.figures import award_figures
from cnqp.awards.models import Award
from cnqp.awards.tests.conftest import World
from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod

YEAR = ReportPeriod.annual(2023)


def _build(world: World) -> None:
    a, b, workshop = world.org.enterprise_a, world.org.enterprise_b, world.org.workshop_a1
    world.award("co-tong-cuc", a)
    world.award("bk-thu-tuong", a, on=dt.date(2023, 3, 1))
    world.award("cstd-co-so", workshop, person="Trần Văn Bình")
    world.award("lao-dong-tien-tien", b, person="Lê Thị Mai")
    world.award("don-vi-quyet-thang", b, classification=Classification.CONFIDENTIAL)
    world.award("co-tong-cuc", b, on=dt.date(2022, 12, 20))  # a year before
    world.award("cstd-co-so", a, on=dt.date(2022, 12, 20), person="Phạm Văn Cường")
    world.award("giay-khen", a, on=dt.date(2021, 12, 20))  # neither
    services.create_movement(world.staff, name="Phong trào Thi đua Quyết thắng",
                             kind=MovementKind.REGULAR, launching_unit=world.org.root,
                             start=dt.date(2010, 1, 1))
    services.create_movement(world.staff, name="Đợt thi đua năm", kind=MovementKind.CAMPAIGN,
                             launching_unit=world.org.root, start=dt.date(2023, 3, 1),
                             end=dt.date(2023, 9, 30))
    services.create_movement(world.staff, name="Đợt cũ", kind=MovementKind.CAMPAIGN,
                             launching_unit=world.org.root, start=dt.date(2021, 3, 1),
                             end=dt.date(2021, 9, 30))


def test_the_figures_against_the_year_before(world: World) -> None:
    _build(world)
    award_figures(world.leader, YEAR)  # the reader's roles, read once
    with CaptureQueriesContext(connection) as queries:
        award_figures(world.leader, YEAR)
    for n in range(5):  # more awards, the same queries
        world.award("giay-khen", world.org.workshop_a1, person=f"Người {n}")
    with CaptureQueriesContext(connection) as again:
        award_figures(world.leader, YEAR)
    assert len(again) == len(queries) <= 10
    Award.objects.filter(title__code="giay-khen", decision_date__year=2023).delete()
    f = award_figures(world.leader, YEAR)
    assert (f.now.awards, f.now.collective, f.now.individual) == (5, 3, 2)
    assert (f.now.titles, f.now.commendations) == (4, 1)
    assert (f.previous.awards, f.previous.collective, f.previous.individual) == (2, 1, 1)
    assert f.of_previous == 250.0
    assert f.by_level == {"state": 1, "ministry": 0, "directorate": 1, "unit": 3}
    assert f.previous_by_level == {"state": 0, "ministry": 0, "directorate": 1, "unit": 1}
    rows = {r.code: (r.awards, r.collective, r.individual, r.previous) for r in f.by_title}
    assert rows["co-tong-cuc"] == (1, 1, 0, 1) and rows["cstd-co-so"] == (1, 0, 1, 1)
    assert "giay-khen" not in rows
    units = {r.code: (r.awards, r.collective, r.individual, r.previous) for r in f.by_unit}
    assert units == {"Z111": (3, 2, 1, 1), "Z113": (2, 1, 1, 1)}  # the workshop in Z111
    assert (f.movements_active, f.movements_launched) == (2, 1)
    assert f.movement_names == ["Phong trào Thi đua Quyết thắng", "Đợt thi đua năm"]
    assert [(h.unit, h.title) for h in f.highlights] == [
        ("Nhà máy Z111", "Bằng khen của Thủ tướng Chính phủ"),
        ("Nhà máy Z111", "Cờ thi đua của Tổng cục Công nghiệp quốc phòng")]
    assert f.classification == Classification.CONFIDENTIAL


def test_a_unit_sees_its_own_and_a_subtree_is_narrowed(world: World) -> None:
    _build(world)
    own = award_figures(world.enterprise, YEAR)
    assert (own.now.awards, own.previous.awards) == (3, 1)
    assert own.classification == Classification.UNCLASSIFIED
    assert own.movements_active == 2  # launched above it: it takes part
    narrowed = award_figures(world.leader, YEAR, world.org.enterprise_a)
    assert narrowed.now.awards == 3
    assert {r.code: r.awards for r in narrowed.by_unit} == {"Z111": 2, "Z111-PX1": 1}
    assert narrowed.movements_active == 0  # none launched in Z111's subtree


def test_a_reader_below_the_level_does_not_count_it(world: World, make_user) -> None:
    _build(world)
    low = make_user(["leadership"], world.org.root, Classification.UNCLASSIFIED)
    assert award_figures(low, YEAR).now.awards == 4


def test_the_report_section_and_the_panel(world: World) -> None:
    _build(world)
    section = report.build_section(world.leader, YEAR, None)
    assert section.key == "awards" and section.classification == Classification.CONFIDENTIAL
    assert len(section.paragraphs) == 4  # movements, awards, by level, highlights
    assert "250,0" in section.paragraphs[1] and "Nhà máy Z111" in section.paragraphs[3]
    by_title, by_unit = section.tables
    assert by_title.rows[-1][2:] == [3, 2, 5, 2]
    assert [row[0] for row in by_unit.rows] == ["Nhà máy Z111", "Nhà máy Z113"]
    assert section.charts[0].series[0][1] == [1, 0, 1, 3]
    (panel,) = dashboard._collect(world.leader, 2023) and [
        p for p in dashboard._collect(world.leader, 2023) if p.key == "awards"]
    values = {f.key: (f.value, f.previous) for f in panel.figures}
    assert values["awards.awards"] == (5, 2) and values["awards.individual"] == (2, 1)
    assert "decided_after=2023-01-01" in panel.figures[0].url
    assert "level=state" in panel.charts[0].links[0][0]
    assert metrics.measure(["awards.awards"], world.enterprise, YEAR)["awards.awards"].value == 3


def test_an_empty_period(world: World) -> None:
    section = report.build_section(world.leader, ReportPeriod.annual(2015), None)
    assert not section.tables and len(section.paragraphs) == 2
    assert [p for p in dashboard._collect(world.leader, 2015) if p.key == "awards"] == []
