"""The figures on hand-built data: the period against the same period a year before, by kind
(the safety module's sessions as the safety kind, counted once), by organising and by
participating unit; scoping and classification; the report section and the panel."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.safety.filters import SessionFilter
from cnqp.training import report
from cnqp.training.choices import SAFETY
from cnqp.training.figures import training_figures
from cnqp.training.metrics import courses_link
from cnqp.training.tests.conftest import World

YEAR = ReportPeriod.annual(2023)


def _build(world: World) -> None:
    a, b, px1 = world.org.enterprise_a, world.org.enterprise_b, world.org.workshop_a1
    world.course(a, title="Lớp A", sent=[(a, 30, 28), (px1, 10, None)])
    world.course(b, kind="specialised", on=dt.date(2023, 9, 1), title="Lớp B",
                 sent=[(b, 20, 20)], classification=Classification.CONFIDENTIAL)
    world.course(world.btm, kind="professional", on=dt.date(2023, 3, 1), title="Lớp C",
                 sent=[(a, 5, 5), (b, 6, 4)])
    world.course(a, title="Lớp F", on=dt.date(2023, 11, 2), sent=[(a, 8, 8)],
                 classification=Classification.SECRET)
    world.course(a, title="Lớp D", on=dt.date(2022, 6, 1), sent=[(a, 15, 15)])  # year before
    world.course(b, kind="specialised", on=dt.date(2021, 6, 1), sent=[(b, 9, 9)])  # neither
    world.safety(a, on=dt.date(2023, 4, 3), people=3, failed=1)
    world.safety(b, on=dt.date(2022, 4, 3), people=2)


def test_the_figures_against_the_year_before(world: World) -> None:
    _build(world)
    training_figures(world.leader, YEAR)  # the reader's roles, read once
    with CaptureQueriesContext(connection) as queries:
        training_figures(world.leader, YEAR)
    world.course(world.org.workshop_a1, on=dt.date(2021, 1, 5),
                 sent=[(world.org.workshop_a1, 3, 3), (world.org.enterprise_b, 2, 2)])
    world.safety(world.org.enterprise_b, on=dt.date(2021, 2, 1))
    with CaptureQueriesContext(connection) as again:
        training_figures(world.leader, YEAR)
    assert len(again) == len(queries) <= 14
    f = training_figures(world.leader, YEAR)
    assert (f.now.courses, f.now.participants, f.now.assessed, f.now.passed) == (5, 82, 72, 67)
    assert (f.previous.courses, f.previous.participants, f.previous.passed) == (2, 17, 17)
    assert (f.pass_rate, f.previous_pass_rate) == (93.1, 100.0)
    kinds = {k: (r.courses, r.participants, r.passed, r.previous_courses,
                 r.previous_participants) for k, r in f.by_kind.items()}
    assert kinds == {"specialised": (1, 20, 20, 0, 0), "technical": (2, 48, 36, 1, 15),
                     "safety": (1, 3, 2, 1, 2), "professional": (1, 11, 9, 0, 0)}
    organisers = {r.code: (r.courses, r.participants, r.previous_courses,
                           r.previous_participants) for r in f.by_organiser}
    assert organisers == {"Z111": (3, 51, 1, 15), "Z113": (1, 20, 1, 2), "BTM": (1, 11, 0, 0)}
    sent = {r.code: (r.participants, r.previous_participants) for r in f.by_participant_unit}
    assert sent == {"Z111": (56, 15), "Z113": (26, 2)}
    assert [(h.title, h.participants) for h in f.highlights] == [
        ("Lớp A", 40), ("Lớp B", 20), ("Lớp C", 11), ("Lớp F", 8)]
    assert f.classification == Classification.SECRET


def test_the_safety_sessions_are_counted_once_as_the_safety_kind(world: World) -> None:
    world.safety(world.org.enterprise_a, on=dt.date(2023, 4, 3), people=4)
    world.safety(world.org.workshop_a1, on=dt.date(2023, 10, 3), people=2)
    f = training_figures(world.leader, YEAR)
    assert (f.now.courses, f.now.participants) == (2, 6)
    assert f.by_kind["safety"].courses == 2
    assert sum(r.courses for r in f.by_kind.values()) == f.now.courses


def test_a_unit_sees_its_own_and_what_it_took_part_in(world: World) -> None:
    _build(world)
    own = training_figures(world.enterprise, YEAR)  # Z111, Mật: not F; C through its line
    assert (own.now.courses, own.now.participants) == (3, 48)
    assert own.classification == Classification.UNCLASSIFIED
    other = training_figures(world.other, YEAR)  # Z113: B, and its own line of C
    assert (other.now.courses, other.now.participants) == (2, 26)
    assert other.previous.courses == 1  # its safety session
    narrowed = training_figures(world.leader, YEAR, world.org.enterprise_a)
    assert (narrowed.now.courses, narrowed.now.participants) == (3, 51)
    assert {r.code: r.participants for r in narrowed.by_participant_unit} == {
        "Z111": 41, "Z111-PX1": 10}


def test_a_reader_below_the_level_does_not_count_it(world: World, make_user) -> None:
    _build(world)
    low = make_user(["leadership"], world.org.root, Classification.UNCLASSIFIED)
    f = training_figures(low, YEAR)
    assert (f.now.courses, f.now.participants) == (3, 54)  # A, C and the safety session


def test_the_report_section_and_the_panel(world: World) -> None:
    _build(world)
    with translation.override("en"):  # the Vietnamese comes from the catalogue's msgids
        section = report.build_section(world.leader, YEAR, None)
    assert section.key == "training" and section.classification == Classification.SECRET
    first = section.paragraphs[0]
    assert first == ("In 2023, 5 training courses and classes were held with 82 participants "
                     "(1 specialised classes, 2 technical classes, 1 occupational safety and "
                     "health classes, 1 professional classes); 93,1% passed; compared with year "
                     "2022: 2 classes, 17 participants.")
    assert "Lớp A (Nhà máy Z111, 40 participants)" in section.paragraphs[1]
    by_kind, by_organiser, by_unit = section.tables
    assert by_unit.rows[0][1:] == [56, 15]
    assert by_kind.rows[-1][1:] == [5, 82, 67, 2, 17]
    assert [row[0] for row in by_organiser.rows] == ["Bộ Tham mưu", "Nhà máy Z111",
                                                      "Nhà máy Z113"]
    assert section.charts[0].series[1][1] == [1, 2, 1, 1]
    (panel,) = [p for p in dashboard._collect(world.leader, 2023) if p.key == "training"]
    values = {f.key: (f.value, f.previous) for f in panel.figures}
    assert values["training.courses"] == (5, 2) and values["training.kind.safety"] == (1, 1)
    assert "started_from=2023-01-01" in panel.figures[0].url
    assert "/safety/sessions/" in panel.charts[0].links[1][2]
    assert metrics.measure(["training.courses"], world.enterprise,
                           YEAR)["training.courses"].value == 3


def test_an_empty_period(world: World) -> None:
    with translation.override("en"):
        section = report.build_section(world.leader, ReportPeriod.annual(2015), None)
        narrowed = report.build_section(world.leader, ReportPeriod.annual(2015),
                                        world.org.enterprise_a)
    assert section.paragraphs == ["In 2015, no training course or class was held."]
    assert narrowed.paragraphs == ["In 2015, Nhà máy Z111 held no training course or class."]
    assert not section.tables
    assert [p for p in dashboard._collect(world.leader, 2015) if p.key == "training"] == []


def test_other_units_records_are_not_credited_to_the_unit_itself(world: World) -> None:
    """A unit's own row holds its own records only: a BTM course Z111 only attended, or Z113's
    people in a course of Z111's subtree, go to the "other units" row, never to "Z111
    (itself)"."""
    _build(world)
    a, b, px1 = world.org.enterprise_a, world.org.enterprise_b, world.org.workshop_a1
    world.course(px1, title="Lớp G", on=dt.date(2023, 6, 5), sent=[(a, 4, 4), (b, 7, 7)])

    def rows(table: list) -> dict:
        return {("*" if r.other else r.code): (r.courses, r.participants, r.previous_courses,
                                               r.previous_participants) for r in table}

    own = training_figures(world.enterprise, YEAR)  # Z111's reader: C is BTM's, seen by its line
    assert rows(own.by_organiser) == {"Z111": (2, 43, 1, 15), "Z111-PX1": (1, 11, 0, 0),
                                      "*": (1, 5, 0, 0)}
    assert sum(r.courses for r in own.by_organiser) == own.now.courses
    assert rows(own.by_participant_unit) == {  # Z113's line in its workshop's course
        "Z111": (0, 42, 0, 15), "Z111-PX1": (0, 10, 0, 0), "*": (0, 7, 0, 0)}
    assert sum(r.participants for r in own.by_organiser) == own.now.participants
    narrowed = training_figures(world.leader, YEAR, a)  # Z113's 7 people in Lớp G
    assert rows(narrowed.by_participant_unit) == {
        "Z111": (0, 45, 0, 15), "Z111-PX1": (0, 10, 0, 0), "*": (0, 7, 0, 0)}
    assert sum(r.participants for r in narrowed.by_participant_unit) == narrowed.now.participants
    assert rows(narrowed.by_organiser)["Z111"] == (3, 51, 1, 15)
    everyone = training_figures(world.leader, YEAR)  # the directorate: nothing is outside
    assert not any(r.other for r in everyone.by_organiser + everyone.by_participant_unit)
    with translation.override("en"):
        section = report.build_section(world.enterprise, YEAR, None)
    assert [row[0] for row in section.tables[1].rows] == [
        "Nhà máy Z111 (itself)", "Phân xưởng cơ khí", "Other units"]


def _zeros(text: str) -> list[str]:
    return re.findall(r"(?<![\d.,])0(?= )", text)


def test_no_figure_is_printed_as_a_zero(world: World) -> None:
    """Courses without participants recorded, this year and the year before: no "0 ..."."""
    a = world.org.enterprise_a
    world.course(a, title="Lớp H", on=dt.date(2023, 3, 1), sent=[])
    world.course(a, title="Lớp I", on=dt.date(2022, 3, 1), sent=[])
    world.course(a, title="Lớp J", on=dt.date(2021, 3, 1), sent=[(a, 5, 0)])
    with translation.override("en"):
        now = report.build_section(world.leader, YEAR, None).paragraphs
        unit = report.build_section(world.leader, YEAR, a).paragraphs
        later = report.build_section(world.leader, ReportPeriod.annual(2024), None).paragraphs
        failed = report.build_section(world.leader, ReportPeriod.annual(2021), None).paragraphs
    assert now == ["In 2023, 1 training courses and classes were held (1 technical classes), "
                   "their participants not yet recorded; compared with year 2022: 1 classes."]
    assert unit[0].startswith("In 2023, Nhà máy Z111 held 1 training courses and classes (")
    assert later == ["In 2024, no training course or class was held; in year 2023: 1 classes."]
    assert failed[0] == ("In 2021, 1 training courses and classes were held with 5 participants "
                         "(1 technical classes); none of those assessed passed; none in year "
                         "2020.")
    for text in now + unit + later + failed:
        assert not _zeros(text), text


def test_the_safety_link_follows_the_period_as_far_as_the_list_filters(world: World) -> None:
    """The safety sessions list filters by year only (safety/filters.py SessionFilter): a
    half-year opens its year, a period over two years every year; by start dates once the
    list has `started_from`/`started_to`."""
    half = ReportPeriod(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    across = ReportPeriod(dt.date(2022, 7, 1), dt.date(2023, 6, 30))
    a = world.org.enterprise_a
    if "started_from" in SessionFilter.base_filters:
        assert "started_from=2023-01-01&started_to=2023-06-30" in courses_link(SAFETY)(half, a)
        return
    assert courses_link(SAFETY)(half, a).endswith(f"?year=2023&unit={a.pk}")
    assert courses_link(SAFETY, previous=True)(half, None).endswith("?year=2022")
    assert courses_link(SAFETY)(across, None).endswith("/safety/sessions/")
    assert "started_from=2023-01-01&started_to=2023-06-30" in courses_link()(half, None)
