"""The figures on hand-built data: the period against the same period a year before, in a
constant number of queries; classification and units (a reader below a record's level or of
another unit neither sees nor counts it, nor learns its country); the report section and the
dashboard panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cnqp.cooperation import report, services
from cnqp.cooperation.choices import AgreementStatus, ContractCategory, Direction, EventKind
from cnqp.cooperation.figures import billions, cooperation_figures, growth
from cnqp.cooperation.filters import AgreementFilter, ExhibitionFilter
from cnqp.cooperation.models import Agreement, Delegation, Exhibition, ExportContract
from cnqp.cooperation.tests.conftest import World
from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod

YEAR = ReportPeriod.annual(2023)
B = 1_000_000_000


def _build(world: World) -> None:
    a, b = world.org.enterprise_a, world.org.enterprise_b
    nga = world.agreement("Liên bang Nga", dt.date(2023, 3, 15),
                          classification=Classification.CONFIDENTIAL)
    world.agreement("Ấn Độ", dt.date(2023, 6, 20))
    world.agreement("Liên bang Nga", dt.date(2023, 8, 16), classification=Classification.SECRET)
    world.agreement("Belarus", dt.date(2023, 10, 11), unit=a,
                    classification=Classification.CONFIDENTIAL)
    world.agreement("Israel", dt.date(2022, 5, 1), valid_until=dt.date(2023, 6, 30))  # expired
    world.agreement("Hàn Quốc", None, status=AgreementStatus.NEGOTIATING)
    for due, done in ((dt.date(2023, 5, 1), dt.date(2023, 4, 20)),  # done in 2023
                      (dt.date(2023, 9, 1), None),  # overdue at the end of 2023
                      (dt.date(2024, 3, 1), None)):  # not due yet
        services.create_follow_up(None, agreement=nga, action="Triển khai", owner_unit=a,
                                  due_on=due, done_on=done)
    world.delegation(Direction.OUTGOING, dt.date(2023, 5, 10), members=6)
    world.delegation(Direction.OUTGOING, dt.date(2023, 9, 1), members=4,
                     classification=Classification.SECRET, country="Israel")
    world.delegation(Direction.INCOMING, dt.date(2023, 11, 2), members=8)
    world.delegation(Direction.OUTGOING, dt.date(2022, 7, 1), members=3)  # a year before
    world.exhibition("Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023", dt.date(2023, 8, 14),
                     entries=((a, 5), (b, 4)))
    world.exhibition("IDEX 2023", dt.date(2023, 2, 20), kind=EventKind.EXHIBITION,
                     country="Các Tiểu vương quốc Ả Rập thống nhất", entries=((a, 2),))
    world.exhibition("Hội chợ Công Thương 2023", dt.date(2023, 10, 12), kind=EventKind.FAIR,
                     international=False, country="Việt Nam", place="Nam Định",
                     entries=((b, 3),))
    world.exhibition("ARMY-2022", dt.date(2022, 8, 15), entries=((a, 6),))
    world.contract(120 * B, dt.date(2023, 4, 1), category=ContractCategory.DEFENCE,
                   classification=Classification.CONFIDENTIAL)
    world.contract(30 * B + 500_000_000, dt.date(2023, 7, 1))
    world.contract(50 * B, dt.date(2023, 9, 1), unit=b, category=ContractCategory.DEFENCE,
                   classification=Classification.SECRET)
    world.contract(100 * B, dt.date(2022, 9, 1))  # a year before
    world.contract(7 * B, dt.date(2021, 9, 1))  # neither


def test_the_figures_against_the_year_before(world: World) -> None:
    _build(world)
    cooperation_figures(world.leader, YEAR)  # the reader's roles, read once
    with CaptureQueriesContext(connection) as queries:
        cooperation_figures(world.leader, YEAR)
    world.contract(B, dt.date(2023, 2, 2))
    world.delegation(Direction.INCOMING, dt.date(2023, 2, 2))
    world.exhibition("Triển lãm thêm", dt.date(2023, 3, 3), entries=((world.org.workshop_a1, 1),))
    with CaptureQueriesContext(connection) as again:
        cooperation_figures(world.leader, YEAR)
    assert len(again) == len(queries) <= 10
    ExportContract.objects.filter(value=B).delete()
    Delegation.objects.filter(start=dt.date(2023, 2, 2)).delete()
    Exhibition.objects.filter(name="Triển lãm thêm").delete()

    f = cooperation_figures(world.leader, YEAR)
    now, before = f.now, f.previous
    assert (now.agreements, now.countries, now.in_force) == (4, 3, 4)
    assert f.country_names == ["Liên bang Nga", "Ấn Độ", "Belarus"]
    assert (before.agreements, before.in_force) == (1, 1)
    assert (now.follow_ups_done, now.follow_ups_overdue) == (1, 1)
    assert (now.delegations_out, now.delegations_in, now.members_out, now.members_in) == (
        2, 1, 10, 8)
    assert (before.delegations_out, before.members_out) == (1, 3)
    assert (now.events, now.international, now.domestic, now.abroad) == (3, 2, 1, 2)
    assert f.by_kind == {"forum": 1, "exhibition": 1, "fair": 1}
    assert f.previous_by_kind == {"forum": 1, "exhibition": 0, "fair": 0}
    assert (now.units, now.products, before.units, before.products) == (2, 14, 1, 6)
    assert f.headline is not None and f.headline.name.endswith("ARMY-2023")
    assert (f.headline.units, f.headline.products, f.other_international) == (2, 9, 1)
    assert f.events[0].name == "IDEX 2023"
    assert (now.contracts, now.defence_contracts, now.economic_contracts) == (3, 2, 1)
    assert (now.value, now.value_billion, now.defence_billion) == (200_500_000_000, 200.5,
                                                                   170.0)
    assert (before.contracts, before.value_billion) == (1, 100.0)
    assert f.value_growth == 100.5
    assert f.classification == Classification.SECRET


def test_lower_clearance_and_other_units_neither_see_nor_count(world: World,
                                                               make_user) -> None:
    _build(world)
    low = make_user(["leadership"], world.org.root, Classification.UNCLASSIFIED)
    f = cooperation_figures(low, YEAR)
    assert (f.now.agreements, f.now.countries) == (1, 1)  # only India's
    assert f.country_names == ["Ấn Độ"]
    assert (f.now.delegations_out, f.now.members_out) == (1, 6)
    assert (f.now.contracts, f.now.value_billion) == (1, 30.5)
    assert f.now.follow_ups_done == 0  # as classified as their agreement
    staff = cooperation_figures(world.staff, YEAR)  # Mật: not the Tối mật ones
    assert (staff.now.agreements, staff.now.delegations_out, staff.now.contracts) == (3, 1, 2)
    assert "Israel" not in [e.country for e in staff.events]
    own = cooperation_figures(world.other, YEAR)  # Z113: its own records only
    assert (own.now.agreements, own.now.delegations_out, own.now.contracts) == (0, 0, 0)
    assert (own.now.events, own.now.units, own.now.products) == (2, 1, 7)  # it took part
    assert own.country_names == []
    narrowed = cooperation_figures(world.leader, YEAR, world.org.enterprise_a)
    assert (narrowed.now.agreements, narrowed.country_names) == (1, ["Belarus"])
    assert (narrowed.now.events, narrowed.now.units, narrowed.now.products) == (2, 1, 7)
    assert narrowed.now.follow_ups_overdue == 1  # Z111 is in charge of them


def test_the_report_section_and_the_panel(world: World) -> None:
    _build(world)
    section = report.build_section(world.leader, YEAR, None)
    assert section.key == "cooperation" and section.classification == Classification.SECRET
    first, shows, contracts = section.paragraphs
    assert "04" in first and "03" in first and "Liên bang Nga, Ấn Độ, Belarus" in first
    assert "ARMY-2023" in shows and "Liên bang Nga" in shows
    assert "200,5" in contracts and "100,5" in contracts
    events, by_category = section.tables
    assert [row[0] for row in events.rows] == [
        "IDEX 2023", "Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023", "Hội chợ Công Thương 2023"]
    assert events.rows[1][3:] == [2, 9]
    assert by_category.rows[-1][1:] == [3, "200,5", 1, "100,0"]
    assert section.charts[0].series[1][1] == [1, 1, 1]
    (panel,) = [p for p in dashboard._collect(world.leader, 2023) if p.key == "cooperation"]
    values = {fig.key: (fig.value, fig.previous) for fig in panel.figures}
    assert values["cooperation.agreements"] == (4, 1)
    assert values["cooperation.value_billion"] == (200.5, 100.0)
    assert "signed_after=2023-01-01" in panel.figures[0].url
    assert "category=defence" in panel.charts[0].links[0][0]
    low = metrics.measure(["cooperation.agreements"], world.other, YEAR)
    assert low["cooperation.agreements"].value == 0


def test_an_empty_period(world: World) -> None:
    section = report.build_section(world.leader, ReportPeriod.annual(2015), None)
    assert not section.tables and not section.charts and len(section.paragraphs) == 3
    assert [p for p in dashboard._collect(world.leader, 2015) if p.key == "cooperation"] == []


def test_planned_delegations_and_events_are_not_counted_as_done(world: World) -> None:
    """A period running past today counts what happened by today: a delegation or an event
    planned ahead is not done, and an agreement is in force today, not on a future day."""
    today = timezone.localdate()
    period = ReportPeriod(today - dt.timedelta(days=30), today + dt.timedelta(days=60))
    ahead = today + dt.timedelta(days=10)
    world.delegation(Direction.OUTGOING, ahead)
    world.delegation(Direction.INCOMING, today - dt.timedelta(days=3))
    world.exhibition("Triển lãm sắp tới", ahead, entries=((world.org.enterprise_a, 4),))
    world.agreement("Belarus", today - dt.timedelta(days=400),
                    valid_until=today + dt.timedelta(days=20))  # in force today
    f = cooperation_figures(world.leader, period)
    assert (f.now.delegations_out, f.now.delegations_in) == (0, 1)
    assert (f.now.events, f.now.units, f.now.products, f.events) == (0, 0, 0, [])
    assert f.now.in_force == 1
    link = metrics.measure(["cooperation.delegations_out"], world.leader, period)[
        "cooperation.delegations_out"].url
    assert f"started_before={today.isoformat()}" in link


def test_billions_and_growth_round_half_up(world: World) -> None:
    world.contract(1_250_000_000, dt.date(2023, 6, 1))
    world.contract(810_000_000, dt.date(2023, 7, 1), unit=world.org.enterprise_b)
    world.contract(1_600_000_000, dt.date(2022, 6, 1))  # 2.060 against 1.600: +28.75 %
    f = cooperation_figures(world.leader, YEAR)
    assert billions(1_250_000_000) == 1.3 and billions(1_050_000_000) == 1.1
    assert growth(1_012_500_000, 1_000_000_000) == 1.3  # 1.25 %
    assert f.value_growth == 28.8 and f.now.value_billion == 2.1
    ExportContract.objects.exclude(value=1_250_000_000).delete()
    with translation.override("en"):
        contracts = report.build_section(world.leader, YEAR, None).paragraphs[2]
    assert "worth 1,3 billion VND" in contracts


def test_spellings_of_a_country_count_once(world: World) -> None:
    world.agreement("Liên bang Nga", dt.date(2023, 3, 15))
    world.agreement("Nga", dt.date(2023, 5, 15))
    world.agreement("LB Nga", dt.date(2022, 5, 15))
    f = cooperation_figures(world.leader, YEAR)
    assert (f.now.agreements, f.now.countries, f.country_names) == (2, 1, ["Liên bang Nga"])


def test_country_names_and_events_in_vietnamese_order(world: World) -> None:
    """Ties (as many agreements, signed the same day; events starting the same day) in
    Vietnamese order on both databases: Ấn Độ before Belarus."""
    for country in ("Belarus", "Ấn Độ"):
        world.agreement(country, dt.date(2023, 3, 15))
        world.exhibition(f"{country} Expo", dt.date(2023, 4, 1))
    f = cooperation_figures(world.leader, YEAR)
    assert f.country_names == ["Ấn Độ", "Belarus"]
    assert [row.name for row in f.events] == ["Ấn Độ Expo", "Belarus Expo"]


def test_the_level_counts_what_only_the_year_before_shows(world: World) -> None:
    """A Tối mật agreement in force only at the end of the year before, a Tối mật follow-up
    overdue only then: the section counts them (previous.*), so it is marked Tối mật."""
    world.agreement("Israel", dt.date(2021, 1, 10), status=AgreementStatus.EXPIRED,
                    valid_until=dt.date(2023, 5, 1), classification=Classification.SECRET)
    f = cooperation_figures(world.leader, YEAR)
    assert (f.now.in_force, f.previous.in_force) == (0, 1)
    assert f.classification == Classification.SECRET
    Agreement.objects.all().delete()
    ended = world.agreement("Séc", dt.date(2021, 1, 10), status=AgreementStatus.TERMINATED,
                            classification=Classification.SECRET)
    services.create_follow_up(None, agreement=ended, action="Báo cáo",
                              owner_unit=world.org.enterprise_a, due_on=dt.date(2022, 8, 1),
                              done_on=dt.date(2023, 3, 1))
    quarter = ReportPeriod(dt.date(2023, 7, 1), dt.date(2023, 9, 30))
    f = cooperation_figures(world.leader, quarter)
    assert (f.now.follow_ups_overdue, f.previous.follow_ups_overdue) == (0, 1)
    assert f.now.follow_ups_done == f.previous.follow_ups_done == 0
    assert f.classification == Classification.SECRET


ZERO = re.compile(r"(?<![\d.,])0(?=[ %])")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_zero_is_said_in_words(world: World, language: str) -> None:
    """One delegation out and none in, none the year before; an event without products;
    contracts of one category only, none the year before: no "0 đoàn vào", "0 sản phẩm",
    "0 hợp đồng", "0 tỷ đồng"."""
    world.delegation(Direction.OUTGOING, dt.date(2023, 5, 10))
    event = world.exhibition("Hội chợ Công Thương 2023", dt.date(2023, 10, 12),
                             kind=EventKind.FAIR, international=False, country="Việt Nam",
                             place="Nam Định")
    services.create_entry(None, exhibition=event, unit=world.org.enterprise_a)
    world.exhibition("ARMY-2022", dt.date(2022, 8, 15), entries=((world.org.enterprise_b, 0),))
    world.contract(3 * B, dt.date(2023, 6, 1))
    with translation.override(language):
        paragraphs = report.build_section(world.leader, YEAR, None).paragraphs
    for text in paragraphs:
        assert not ZERO.search(text), text
    world.contract(40_000_000, dt.date(2022, 6, 1))  # 0.04 billion: not "0,0"
    with translation.override(language):
        contracts = report.build_section(world.leader, YEAR, None).paragraphs[2]
    assert not ZERO.search(contracts) and not re.search(r"(?<![\d.,])0,0", contracts)
    assert "0,1" in contracts  # under 0,1 billion


def test_the_events_are_listed_with_commas_and_one_and(world: World) -> None:
    a = world.org.enterprise_a
    world.exhibition("Diễn đàn ARMY-2023", dt.date(2023, 8, 14), entries=((a, 5),))
    world.exhibition("IDEX 2023", dt.date(2023, 2, 20), kind=EventKind.EXHIBITION,
                     country="Các Tiểu vương quốc Ả Rập thống nhất", entries=((a, 2),))
    world.exhibition("Hội chợ 2023", dt.date(2023, 10, 12), kind=EventKind.FAIR,
                     international=False, country="Việt Nam", place="Nam Định",
                     entries=((a, 1),))
    with translation.override("en"):
        shows = report.build_section(world.leader, YEAR, None).paragraphs[1]
    assert ("ARMY-2023 in Liên bang Nga, 1 other international fairs and exhibitions and 1 "
            "domestic fairs") in shows
    with translation.override("en"):
        assert report.listing(["a"]) == "a" and report.listing(["a", "b"]) == "a and b"


def test_the_abroad_figure_links_to_the_events_abroad(world: World) -> None:
    _build(world)
    figure = metrics.measure(["cooperation.abroad"], world.leader, YEAR)["cooperation.abroad"]
    assert "abroad=true" in figure.url
    query = dict(part.split("=") for part in figure.url.split("?")[1].split("&"))
    listed = ExhibitionFilter(query, queryset=Exhibition.objects.all()).qs
    assert listed.count() == figure.value == 2
    assert ExhibitionFilter({"abroad": "false"}, queryset=Exhibition.objects.all()).qs.count() == 1
    nga = AgreementFilter({"country": "nga"}, queryset=Agreement.objects.all()).qs
    assert nga.count() == 2
