"""History entered later (issue 20): a return's review steps take the day they happened,
never in the future, never before the step they follow; the audit entry keeps when and by
whom the step was entered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.models import AuditEntry, Notification
from cnqp.performance import services
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db

SUBMITTED = dt.date(2024, 3, 20)


def _submitted(world: World) -> Submission:
    submission = services.open_return(world.enterprise, unit=world.org.enterprise_a, year=2023,
                                      period_kind="year", period_number=1, scenario="actual")
    services.save_values(world.enterprise, submission, values=YEAR_VALUES)
    return services.submit_return(world.enterprise, submission, on_date=SUBMITTED)


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def test_a_return_sent_back_on_paper_carries_its_day_and_tells_nobody(world: World) -> None:
    submission = services.return_for_correction(world.reviewer, _submitted(world),
                                                reason="Thiếu giải trình",
                                                on_date=dt.date(2024, 3, 22))
    assert submission.status == ReturnStatus.RETURNED
    assert _day(submission.reviewed_at) == dt.date(2024, 3, 22)
    assert not Notification.objects.exists()
    entry = AuditEntry.objects.filter(object_id=str(submission.pk),
                                      changes__has_key="reviewed_at").latest("pk")
    assert entry.actor == world.reviewer and _day(entry.at) == timezone.localdate()


@pytest.mark.parametrize("when", ["tomorrow", "before"])
def test_a_return_is_not_sent_back_in_the_future_or_before_its_submission(
        world: World, when: str) -> None:
    submission = _submitted(world)
    on_date = (timezone.localdate() + dt.timedelta(days=1) if when == "tomorrow"
               else SUBMITTED - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        services.return_for_correction(world.reviewer, submission, reason="Thiếu",
                                       on_date=on_date)
    assert list(raised.value.message_dict) == ["on_date"]
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.SUBMITTED


def test_a_return_is_not_locked_before_it_was_accepted(world: World) -> None:
    submission = services.accept_return(world.reviewer, _submitted(world),
                                        on_date=dt.date(2024, 3, 25))
    with pytest.raises(ValidationError) as raised:
        services.lock_return(world.reviewer, submission, on_date=dt.date(2024, 3, 24))
    assert list(raised.value.message_dict) == ["on_date"]
    with pytest.raises(ValidationError) as raised:
        services.lock_return(world.reviewer, submission,
                             on_date=timezone.localdate() + dt.timedelta(days=1))
    assert list(raised.value.message_dict) == ["on_date"]
    locked = services.lock_return(world.reviewer, submission, on_date=dt.date(2024, 3, 25))
    assert _day(locked.locked_at) == dt.date(2024, 3, 25) and locked.locked_at is not None
    assert locked.reviewed_at is not None and locked.locked_at >= locked.reviewed_at
