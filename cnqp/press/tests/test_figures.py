"""The press figures on hand-built data: the period's items by kind, the same period a year
before and the ratio, the round number exceeded, by unit and by outlet; scoped to the reader
and their clearance; the report section and the dashboard panel print them."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.press import report
from cnqp.press.figures import press_figures, round_floor, times
from cnqp.press.tests.conftest import World

YEAR = ReportPeriod.annual(2023)


def _seed(world: World) -> None:
    org = world.org
    for _n in range(3):
        world.add(org.enterprise_a, on=dt.date(2023, 2, 1))
    world.add(org.workshop_a1, on=dt.date(2023, 12, 31), kind="news", outlet="VTV1")
    world.add(org.enterprise_b, on=dt.date(2023, 1, 1), kind="report", outlet="VTV1")
    world.add(org.root, on=dt.date(2023, 6, 1), kind="documentary", outlet="VTV1")
    world.add(org.enterprise_a, on=dt.date(2022, 6, 1))
    world.add(org.enterprise_b, on=dt.date(2022, 12, 31), kind="news")
    world.add(org.enterprise_a, on=dt.date(2021, 6, 1))  # two years before: not counted
    world.add(org.enterprise_a, on=dt.date(2024, 1, 1))  # after: not counted


def test_the_figures_of_a_year_against_the_year_before(world: World) -> None:
    _seed(world)
    f = press_figures(world.staff, YEAR)
    assert (f.total, f.previous_total, f.ratio, f.total_floor) == (6, 2, 3.0, 6)
    assert f.by_kind == {"article": 3, "report": 1, "documentary": 1, "news": 1}
    assert f.previous_by_kind == {"article": 1, "report": 0, "documentary": 0, "news": 1}
    assert [(r.code, r.total, r.previous, r.own) for r in f.by_unit] == [
        ("TCCNQP", 1, 0, True), ("Z111", 4, 1, False), ("Z113", 1, 1, False)]
    assert [(r.outlet, r.total) for r in f.by_outlet] == [
        ("Báo Quân đội nhân dân", 3), ("VTV1", 3)]


def test_a_unit_and_a_half_year(world: World) -> None:
    _seed(world)
    f = press_figures(world.staff, ReportPeriod.half_year(2023), world.org.enterprise_a)
    assert (f.total, f.previous_total, f.ratio) == (3, 1, 3.0)
    assert [(r.code, r.total, r.previous) for r in f.by_unit] == [("Z111", 3, 1)]
    f = press_figures(world.staff, YEAR, world.org.enterprise_a)
    assert [(r.code, r.total, r.own) for r in f.by_unit] == [
        ("Z111", 3, True), ("Z111-PX1", 1, False)]


def test_the_reader_counts_only_what_they_may_see(world: World) -> None:
    _seed(world)
    world.add(world.org.enterprise_a, on=dt.date(2023, 3, 3),
              classification=Classification.SECRET)
    assert press_figures(world.staff, YEAR).total == 7
    f = press_figures(world.staff, YEAR)
    assert f.classification == Classification.SECRET
    mine = press_figures(world.enterprise, YEAR)  # confidential: not the secret item
    assert (mine.total, mine.previous_total) == (4, 1)
    assert mine.classification == 0
    assert press_figures(world.other, YEAR).total == 1


def test_no_previous_year_has_no_ratio_and_rounding(world: World) -> None:
    world.add(on=dt.date(2023, 1, 5))
    assert press_figures(world.staff, YEAR).ratio is None
    assert times(1037, 576) == 1.8 and times(3, 2) == 1.5 and times(1, 0) is None
    assert [round_floor(n) for n in (1043, 1000, 999, 576, 99, 0)] == [
        1000, 1000, 900, 500, 99, 0]


def test_queries_do_not_grow_with_the_items(world: World) -> None:
    _seed(world)
    with CaptureQueriesContext(connection) as few:
        press_figures(world.staff, YEAR)
    for _n in range(10):
        world.add(world.org.enterprise_b, outlet="Báo Nhân Dân")
    with CaptureQueriesContext(connection) as many:
        press_figures(world.staff, YEAR)
    assert len(many) == len(few)


def test_the_metrics_and_their_links(world: World) -> None:
    _seed(world)
    measured = metrics.measure(["press.items", "press.news", "press.times"], world.staff, YEAR)
    assert measured["press.items"].value == 6 and measured["press.news"].value == 1
    assert measured["press.times"].value == 3.0
    assert measured["press.news"].url == (
        "/press/items/?published_from=2023-01-01&published_to=2023-12-31&kind=news")


def test_the_section_words_the_figures(world: World) -> None:
    _seed(world)
    section = report.build_section(world.staff, YEAR, None)
    assert "6" in section.paragraphs[0] and "3,0" in section.paragraphs[0]
    assert "2023" in section.paragraphs[0] and "2022" in section.paragraphs[0]
    assert section.tables[0].rows[-1][1:] == [6, 2]
    assert section.tables[1].rows == [["Báo Quân đội nhân dân", 3], ["VTV1", 3]]
    unit = report.build_section(world.staff, YEAR, world.org.enterprise_a)
    assert world.org.enterprise_a.name in unit.paragraphs[0]
    assert report.whose_figures(world.staff, None)[1] is True
    assert report.whose_figures(world.enterprise, None) == (world.org.enterprise_a.name, False)
    empty = report.build_section(world.staff, ReportPeriod.annual(2019), None)
    assert len(empty.paragraphs) == 1 and not empty.tables


def test_more_than_a_round_thousand(world: World) -> None:
    from cnqp.press.figures import PressFigures

    figures = PressFigures(start=YEAR.start, end=YEAR.end, total=1037, total_floor=1000,
                           by_kind={"article": 1037}, previous_total=576, ratio=1.8)
    text = report.paragraphs(figures, YEAR, "toàn Tổng cục", True)[0]
    assert "1.000" in text and "1.037" not in text and "1,8" in text


def test_the_dashboard_panel(world: World) -> None:
    _seed(world)
    (panel,) = [p for p in dashboard._collect(world.staff, 2023) if p.key == "press"]
    by_key = {f.key: f for f in panel.figures}
    assert (by_key["press.items"].value, by_key["press.items"].previous) == (6, 2)
    assert by_key["press.report"].url.endswith("kind=report")
    assert panel.charts[0].links[1][0].endswith("published_to=2023-12-31&kind=article")
    assert not [p for p in dashboard._collect(world.staff, 2010) if p.key == "press"]
