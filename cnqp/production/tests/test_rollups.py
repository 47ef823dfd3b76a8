"""The rollups (cnqp/core/figures/rollups.py, cnqp/production/rollups.py) always equal a
recount from the raw records: after creates, edits, deletes, sign-offs, deliveries and a bulk
import on random data, every rollup row matches and every figure read from them (production,
quality, serials received) equals the figure counted from the records, for readers of every
kind and for periods cut anywhere in a month."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cnqp.core.choices import Classification
from cnqp.core.figures import rollups
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import AuditEntry
from cnqp.production import services
from cnqp.production.bulk import InspectionImport
from cnqp.production.choices import PlanItemKind
from cnqp.production.models import Inspection, InspectionDay, OutputDay, SerialUnit
from cnqp.production.report import production_figures, received_figures
from cnqp.production.rollups import DELIVERIES, INSPECTIONS, OUTPUT
from cnqp.production.tests.conftest import YEAR, World, accept, make_item, make_plan
from cnqp.quality.figures import quality_figures
from cnqp.quality.selectors import Period

PERIODS = [  # whole year, quarters, periods cut inside months, a single day, none whole
    (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
    (dt.date(YEAR, 4, 1), dt.date(YEAR, 6, 30)),
    (dt.date(YEAR, 3, 17), dt.date(YEAR, 8, 4)),
    (dt.date(YEAR, 5, 2), dt.date(YEAR, 5, 28)),
    (dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 1)),
    (dt.date(YEAR - 1, 12, 20), dt.date(YEAR, 1, 10)),
]


def _day(rng: random.Random) -> dt.date:
    return dt.date(YEAR, 1, 2) + dt.timedelta(days=rng.randrange(300))  # items start 2/1


def _readers(world: World, make_user: Any) -> list[Any]:
    """All-seeing readers of two clearances, an enterprise and a user unit (whose need to
    know reaches past its units once something is delivered to it)."""
    return [world.admin,
            make_user(["leadership"], world.org.root, Classification.UNCLASSIFIED,
                      username="lanhdao.thap"),
            world.staff, make_user(["user_unit_staff"], world.org.user_unit, username="sd")]


def _assert_rollups_equal_recount(world: World, readers: list[Any]) -> None:
    for rollup in (OUTPUT, INSPECTIONS, DELIVERIES):
        assert rollups.differences(rollup) == [], rollup.key
    for user in readers:
        for start, end in PERIODS:
            for unit in (None, world.org.enterprise_a):
                rolled = (production_figures(user, start, end, unit),
                          quality_figures(user, Period(start, end), enterprise=unit),
                          received_figures(user, ReportPeriod(start, end), unit))
                with rollups.bypassed():
                    counted = (production_figures(user, start, end, unit),
                               quality_figures(user, Period(start, end), enterprise=unit),
                               received_figures(user, ReportPeriod(start, end), unit))
                assert rolled == counted, (user.username, start, end, unit)


def _make_output(world: World, rng: random.Random) -> list[Any]:
    """Serials of two enterprises under production and repair items, a few classified,
    made on random days, inspected (some failing, some not signed off)."""
    made: list[Any] = []
    plan = make_plan(world)
    for kind in (PlanItemKind.PRODUCTION, PlanItemKind.REPAIR):
        item = services.start_plan_item(
            world.staff, make_item(world, plan, kind=kind, quantity=40),
            on_date=dt.date(YEAR, 1, 2))
        for index in range(6):
            batch = services.create_serials(
                world.admin, plan_item=item, revision=world.revision, made_date=_day(rng),
                prefix=f"{kind[0].upper()}{index}-", count=rng.randint(1, 4),
                classification=rng.choice((0, 0, 0, Classification.SECRET)))
            made += batch
    for unit in made:
        roll = rng.random()
        day = unit.made_date + dt.timedelta(days=rng.randrange(20))
        if roll < 0.2:
            accept(world, unit.node, passed=False, date=day)
        if roll < 0.85:
            accept(world, unit.node, date=day, sign=rng.random() < 0.8)
    return made


@pytest.fixture
def readers(world: World, make_user: Any) -> list[Any]:
    return _readers(world, make_user)


def test_rollups_equal_the_recount_through_every_kind_of_change(world, readers):
    rng = random.Random(20261207)
    made = _make_output(world, rng)
    _assert_rollups_equal_recount(world, readers)
    assert OutputDay.objects.filter(whole_month=True).exists()  # both grains are kept

    # edits that move a serial to another day and level
    for unit in rng.sample(made, 5):
        services.update_serial(world.admin, SerialUnit.objects.get(pk=unit.pk),
                               made_date=_day(rng), classification=rng.choice((0, 2)))
    # a sign-off after the fact, an inspection deleted
    waiting = Inspection.objects.filter(result="passed", signed_off_at__isnull=True).first()
    services.sign_off_acceptance(world.representative, waiting)
    services.delete_inspection(world.admin, Inspection.objects.filter(
        signed_off_at__isnull=True).first())
    _assert_rollups_equal_recount(world, readers)

    # deliveries: recorded, redated, one deleted
    accepted = [s for s in SerialUnit.objects.filter(
        node__inspections__signed_off_at__isnull=False).distinct().order_by("pk")]
    late = dt.date(YEAR, 12, 1)
    first = services.create_delivery(world.staff, document_number="01/BBGN",
                                     enterprise=world.org.enterprise_a,
                                     recipient=world.org.user_unit, date=late,
                                     serials=accepted[:4])
    second = services.create_delivery(world.staff, document_number="02/BBGN",
                                      enterprise=world.org.enterprise_a,
                                      recipient=world.org.user_unit, date=late,
                                      serials=accepted[4:7])
    services.update_delivery(world.staff, first, date=dt.date(YEAR, 12, 15))
    services.delete_delivery(world.staff, second)
    _assert_rollups_equal_recount(world, readers)

    # a bulk import of inspections, in the import's transaction
    header = ("Loại đối tượng,Chủng loại,Đơn vị,Số hiệu,Mẫu kiểm tra,Ngày kiểm tra,Công đoạn,"
              "Người kiểm tra,Ghi chú,Giá trị 1,Giá trị 2")
    lines = [f"serial,{world.product_type.code},,{unit.serial_number},{world.template.code},"
             f"{_day(rng):%d/%m/%Y},,,,\"7,64\",{rng.choice((715, 600))}"
             for unit in rng.sample(made, 8)]
    result = InspectionImport(world.staff).run(
        io.BytesIO(("\n".join([header, *lines]) + "\n").encode()), "kiem-tra.csv")
    assert result.ok, result.errors
    _assert_rollups_equal_recount(world, readers)


def test_the_readers_the_rollups_answer_for(world, readers):
    admin, low, enterprise, user_unit = readers
    assert rollups.covers(OUTPUT, admin) and rollups.covers(OUTPUT, low)
    # nothing delivered to their units yet: their unit rule alone says what they see
    assert rollups.covers(OUTPUT, enterprise) and rollups.covers(OUTPUT, user_unit)
    made = _make_output(world, random.Random(5))
    accepted = SerialUnit.objects.filter(
        pk__in=[s.pk for s in made], node__inspections__signed_off_at__isnull=False).first()
    services.create_delivery(world.staff, document_number="03/BBGN",
                             enterprise=world.org.enterprise_a,
                             recipient=world.org.user_unit, date=dt.date(YEAR, 12, 1),
                             serials=[accepted])
    # the user unit now also sees a serial made elsewhere: its figures come from the records
    assert not rollups.covers(OUTPUT, user_unit) and rollups.covers(OUTPUT, enterprise)
    _assert_rollups_equal_recount(world, readers)
    with rollups.bypassed():
        assert not rollups.covers(OUTPUT, admin)


def test_a_rebuild_equals_the_rows_kept_up_to_date(world, readers):
    _make_output(world, random.Random(7))
    kept = sorted(InspectionDay.objects.values_list(
        "unit_id", "day", "whole_month", "classification", "stage", "product_type_id",
        "total", "passed", "failed"))
    assert rollups.rebuild(INSPECTIONS) == len(kept)
    assert sorted(InspectionDay.objects.values_list(
        "unit_id", "day", "whole_month", "classification", "stage", "product_type_id",
        "total", "passed", "failed")) == kept


@pytest.mark.parametrize(("start", "end", "months", "days"), [
    # a year: its twelve months, no day
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), (dt.date(2024, 1, 1), dt.date(2024, 12, 1)),
     []),
    # cut at both ends: the months inside, the days outside them
    (dt.date(2024, 3, 17), dt.date(2024, 8, 4), (dt.date(2024, 4, 1), dt.date(2024, 7, 1)),
     [(dt.date(2024, 3, 17), dt.date(2024, 3, 31)), (dt.date(2024, 8, 1), dt.date(2024, 8, 4))]),
    # inside one month: days only
    (dt.date(2024, 5, 2), dt.date(2024, 5, 28), None, [(dt.date(2024, 5, 2),
                                                        dt.date(2024, 5, 28))]),
])
def test_a_period_reads_its_whole_months_and_the_days_at_its_edges(start, end, months, days):
    every_day = [start - dt.timedelta(days=40) + dt.timedelta(days=n) for n in range(400)]
    month_rows = sorted({d.replace(day=1) for d in every_day})
    condition = rollups.within(start, end)

    def chosen(row: dict[str, Any]) -> bool:  # the Q, evaluated on a row in Python
        return _matches(condition, row)

    picked_months = [m for m in month_rows if chosen({"whole_month": True, "day": m})]
    picked_days = [d for d in every_day if chosen({"whole_month": False, "day": d})]
    if months is None:
        assert picked_months == []
    else:
        assert (picked_months[0], picked_months[-1]) == months
        assert len(picked_months) == (months[1].year - months[0].year) * 12 + \
            months[1].month - months[0].month + 1
    expected = [d for d in every_day if any(a <= d <= b for a, b in days)]
    assert picked_days == expected


def _matches(condition: Any, row: dict[str, Any]) -> bool:
    """A Q of exact, gte, lt and lte lookups on `row`, as the database would read it."""
    results = []
    for child in condition.children:
        if hasattr(child, "children"):
            results.append(_matches(child, row))
            continue
        key, value = child
        field, _sep, lookup = key.partition("__")
        have = row[field]
        results.append({"": have == value, "gte": have >= value, "lt": have < value,
                        "lte": have <= value}[lookup])
    found = any(results) if condition.connector == "OR" else all(results)
    return not found if condition.negated else found


def test_the_command_finds_a_rollup_gone_wrong_and_rebuilds_it(world, readers):
    _make_output(world, random.Random(3))
    out = io.StringIO()
    call_command("rebuild_rollups", "--check", stdout=out)
    assert "production.outputday: ok" in out.getvalue()
    OutputDay.objects.filter(whole_month=False).first().delete()  # rows lost in a restore
    with pytest.raises(CommandError, match=r"production\.outputday"):
        call_command("rebuild_rollups", "--check", stdout=io.StringIO())
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert rollups.differences(OUTPUT) == []
    assert AuditEntry.objects.filter(object_type="rollup",
                                     object_repr="production.outputday").exists()
