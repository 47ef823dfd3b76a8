"""The daily duties: reminders of returns due and overdue (each once, never to an enterprise
that submitted; the reviewing departments once of how many are missing), and the lock of
accepted returns past their grace."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.factories import OrgUnitFactory
from cnqp.core.jobs.duties import run_duties
from cnqp.core.models import Notification, OrgUnit
from cnqp.performance import services
from cnqp.performance.choices import PeriodKind, ReturnStatus
from cnqp.performance.duties import periods_due, remind_returns
from cnqp.performance.models import Schedule, Submission
from cnqp.performance.periods import Period
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db

Q1_KEY = "2023-quarter-1:actual"  # quarter I/2023, actual: due 20/04/2023
BEFORE = dt.date(2023, 4, 15)
AFTER = dt.date(2023, 4, 25)


def submit(world: World, unit: OrgUnit, on: dt.date, *, accept: bool = False) -> Submission:
    submission = services.open_return(None, unit=unit, year=2023, period_kind="quarter",
                                      period_number=1, scenario="actual")
    services.save_values(None, submission, values=YEAR_VALUES)
    services.submit_return(None, submission, on_date=on)
    if accept:
        services.accept_return(world.reviewer, submission, on_date=on)
    submission.refresh_from_db()
    return submission


def q1_notices() -> dict[tuple[str, str], Notification]:
    return {(n.org_unit.code, n.key): n for n in
            Notification.objects.filter(key__contains=Q1_KEY).select_related("org_unit")}


def test_the_periods_due_are_those_within_a_week_ahead_and_sixty_days_back() -> None:
    quarter = Schedule.objects.get(period_kind="quarter", scenario="actual")
    assert periods_due(quarter, dt.date(2023, 4, 13)) == [
        (Period(2023, PeriodKind.QUARTER, 1), dt.date(2023, 4, 20))]
    assert periods_due(quarter, dt.date(2023, 4, 12)) == []
    assert periods_due(quarter, dt.date(2023, 6, 19)) == [
        (Period(2023, PeriodKind.QUARTER, 1), dt.date(2023, 4, 20))]
    assert periods_due(quarter, dt.date(2023, 6, 20)) == []
    year = Schedule.objects.get(period_kind="year", scenario="actual")  # end + 90 days
    assert periods_due(year, dt.date(2024, 4, 1)) == [
        (Period(2023, PeriodKind.YEAR), dt.date(2024, 3, 30))]


def test_an_enterprise_that_has_not_submitted_is_reminded_once_before_and_once_after(
        world: World) -> None:
    a, b = world.org.enterprise_a, world.org.enterprise_b
    submit(world, a, dt.date(2023, 4, 10))
    services.open_return(None, unit=b, year=2023, period_kind="quarter", period_number=1,
                         scenario="actual")  # a draft is not a return received
    assert remind_returns(BEFORE) > 0
    sent = q1_notices()
    assert set(sent) == {("Z113", f"performance.due:{b.pk}:{Q1_KEY}:before")}
    notice = sent["Z113", f"performance.due:{b.pk}:{Q1_KEY}:before"]
    assert "5" in notice.title and notice.level == "warning"
    assert "period_kind=quarter" in notice.link and "period_number=1" in notice.link
    assert remind_returns(BEFORE) == 0
    assert remind_returns(dt.date(2023, 4, 17)) == 0  # "before" is said once

    assert remind_returns(AFTER) > 0
    after = q1_notices()
    assert set(after) - set(sent) == {
        ("Z113", f"performance.due:{b.pk}:{Q1_KEY}:after"),
        ("KHDT", f"performance.missing:{Q1_KEY}")}
    assert after["Z113", f"performance.due:{b.pk}:{Q1_KEY}:after"].level == "danger"
    assert after["KHDT", f"performance.missing:{Q1_KEY}"].text == "Z113"
    assert remind_returns(AFTER) == 0
    assert remind_returns(dt.date(2023, 5, 10)) == 0  # "after" is said once too
    assert not Notification.objects.filter(org_unit=world.org.workshop_a1).exists()


def test_nobody_is_reminded_once_every_enterprise_has_submitted(world: World) -> None:
    submit(world, world.org.enterprise_a, dt.date(2023, 4, 10))
    submit(world, world.org.enterprise_b, dt.date(2023, 4, 22))
    remind_returns(AFTER)
    assert q1_notices() == {}


def test_the_duty_is_registered_and_costs_the_same_for_more_enterprises(
        world: World) -> None:
    runs = run_duties(AFTER, names=["performance.remind_returns"])
    assert runs[0].error == "" and runs[0].done > 0

    def count(day: dt.date) -> int:
        with CaptureQueriesContext(connection) as queries:
            remind_returns(day)
        return len(queries)

    few = count(dt.date(2023, 4, 26))  # nothing new to say
    for n in range(5):
        OrgUnitFactory(code=f"Z20{n}", name=f"Nhà máy Z20{n}", parent=world.org.root)
    assert count(dt.date(2023, 4, 27)) > few  # the newcomers told, in a few queries
    assert count(dt.date(2023, 4, 28)) == few


def test_the_lock_duty_locks_an_accepted_return_past_its_grace_only(world: World) -> None:
    accepted = submit(world, world.org.enterprise_a, dt.date(2023, 4, 10), accept=True)
    submitted = submit(world, world.org.enterprise_b, dt.date(2023, 4, 12))
    assert accepted.due_on is not None  # 20/04/2023; the grace is 30 days
    runs = run_duties(dt.date(2023, 5, 20), names=["performance.lock_returns"])
    assert runs[0].done == 0
    accepted.refresh_from_db()
    assert accepted.status == ReturnStatus.ACCEPTED
    runs = run_duties(dt.date(2023, 5, 21), names=["performance.lock_returns"])
    assert runs[0].error == "" and runs[0].done == 1
    accepted.refresh_from_db()
    submitted.refresh_from_db()
    assert accepted.status == ReturnStatus.LOCKED and accepted.locked_at is not None
    assert submitted.status == ReturnStatus.SUBMITTED
