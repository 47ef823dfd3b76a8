"""The life of a return: open, fill, submit (checks by field, nothing written on a failure),
return, accept, lock, amend (explanation required, the earlier version kept and counted until
the amendment is accepted)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cnqp.core.models import AuditEntry, Notification
from cnqp.performance import services
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission, Value
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db


def _draft(world: World, **values: object) -> Submission:
    submission = services.open_return(world.enterprise, unit=world.org.enterprise_a, year=2023,
                                      period_kind="year", period_number=1, scenario="actual")
    services.save_values(world.enterprise, submission, values={**YEAR_VALUES, **values})
    return submission


def test_submit_names_each_failing_field_and_writes_nothing(world: World) -> None:
    submission = _draft(world, profit_after_tax=Decimal(50_000), headcount=0,
                        women=Decimal(-1))
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.submit_return(world.enterprise, submission)
    assert set(raised.value.message_dict) == {"women"}  # a negative value first
    services.save_values(world.enterprise, submission, values={"women": 0})
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.submit_return(world.enterprise, submission)
    errors = raised.value.message_dict
    assert set(errors) == {"profit_after_tax", "headcount"}
    assert "trước thuế" in errors["profit_after_tax"][0]
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.DRAFT and submission.submitted_at is None
    assert AuditEntry.objects.count() == audits
    assert not Notification.objects.exists()


def test_a_missing_value_is_named(world: World) -> None:
    submission = _draft(world)
    services.save_values(world.enterprise, submission, values={"equity": ""})
    with pytest.raises(ValidationError) as raised:
        services.submit_return(world.enterprise, submission)
    assert set(raised.value.message_dict) == {"equity"}


def test_a_large_change_needs_an_explanation(world: World) -> None:
    world.file(year=2022, by=world.enterprise)
    submission = _draft(world, revenue_defence=Decimal(1_200_000))
    with pytest.raises(ValidationError) as raised:
        services.submit_return(world.enterprise, submission)
    assert set(raised.value.message_dict) == {"revenue_defence"}
    assert "+100,0%" in raised.value.message_dict["revenue_defence"][0]
    services.save_values(world.enterprise, submission, values={},
                         explanations={"revenue_defence": "Hợp đồng đóng tàu mới"})
    services.submit_return(world.enterprise, submission)
    assert Submission.objects.get(pk=submission.pk).status == ReturnStatus.SUBMITTED


def test_accept_lock_and_a_locked_return_is_not_edited(world: World) -> None:
    submission = _draft(world)
    services.submit_return(world.enterprise, submission)
    with pytest.raises(PermissionDenied):
        services.accept_return(world.enterprise, submission)
    services.accept_return(world.reviewer, submission)
    services.lock_return(world.reviewer, submission)
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.LOCKED and submission.locked_at
    with pytest.raises(ValidationError):
        services.save_values(world.enterprise, submission, values={"equity": 1})
    with pytest.raises(ValidationError):
        services.update_return(world.enterprise, submission, note="đổi")
    assert Value.objects.get(submission=submission, indicator__code="equity").value == 500_000


def test_an_amendment_needs_an_explanation_and_keeps_the_earlier_version(world: World) -> None:
    first = world.file(by=world.enterprise)
    services.lock_return(world.reviewer, first)
    with pytest.raises(ValidationError) as raised:
        services.amend_return(world.enterprise, first, explanation=" ")
    assert "explanation" in raised.value.message_dict
    amendment = services.amend_return(world.enterprise, first,
                                      explanation="Số liệu sau kiểm toán nội bộ")
    assert amendment.version == 2 and not amendment.is_current
    services.save_values(world.enterprise, amendment, values={"equity": 520_000})
    services.submit_return(world.enterprise, amendment)
    first.refresh_from_db()
    assert first.is_current  # still counted until the amendment is accepted
    services.accept_return(world.reviewer, amendment)
    first.refresh_from_db()
    amendment.refresh_from_db()
    assert (first.is_current, amendment.is_current) == (False, True)
    assert first.status == ReturnStatus.LOCKED
    assert Value.objects.get(submission=first, indicator__code="equity").value == 500_000
    assert Value.objects.get(submission=amendment, indicator__code="equity").value == 520_000


def test_return_for_correction_tells_the_enterprise(world: World) -> None:
    submission = _draft(world)
    services.submit_return(world.enterprise, submission)
    with pytest.raises(ValidationError):
        services.return_for_correction(world.reviewer, submission, reason="")
    services.return_for_correction(world.reviewer, submission, reason="Thiếu giải trình")
    notice = Notification.objects.get(org_unit=world.org.enterprise_a)
    assert "trả lại" in notice.title and notice.text == "Thiếu giải trình"
    assert Notification.objects.filter(org_unit=world.planning).count() == 1  # the submission


def test_only_reporting_enterprises_file_and_actuals_wait_for_the_period_end(
        world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.open_return(None, unit=world.org.workshop_a1, year=2023, period_kind="year",
                             period_number=1, scenario="actual")
    assert "unit" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.open_return(None, unit=world.org.enterprise_a, year=2099, period_kind="year",
                             period_number=1, scenario="actual")
    with pytest.raises(ValidationError) as raised:
        services.open_return(world.other, unit=world.org.enterprise_a, year=2023,
                             period_kind="year", period_number=1, scenario="plan")
    assert "unit" in raised.value.message_dict


def test_every_rule_names_a_shipped_indicator() -> None:
    from cnqp.performance.models import Indicator
    from cnqp.performance.validation import rule_codes

    assert rule_codes() <= set(Indicator.objects.values_list("code", flat=True))


def test_history_entered_later_tells_nobody(world: World) -> None:
    """A return filed on paper in 2024 and entered now is nobody's work: no notice to the
    planning department or back to the enterprise; a live submission tells them."""
    import datetime as dt

    old = _draft(world)
    services.submit_return(world.enterprise, old, on_date=dt.date(2024, 3, 20))
    services.accept_return(world.reviewer, old, on_date=dt.date(2024, 3, 25))
    assert not Notification.objects.exists()
    live = services.open_return(world.enterprise, unit=world.org.enterprise_a, year=2023,
                                period_kind="year", period_number=1, scenario="plan")
    services.save_values(world.enterprise, live, values=YEAR_VALUES)
    services.submit_return(world.enterprise, live)
    assert Notification.objects.filter(org_unit=world.planning).count() == 1


def test_a_return_dated_today_is_never_stamped_after_now(world: World,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A step dated today was stamped at noon: filed at 01:00 (Hanoi), eleven hours ahead of
    the clock (the demo's "nothing dated after today" failed every night)."""
    import datetime as dt

    from django.utils import timezone

    one_am = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(1)))
    monkeypatch.setattr(timezone, "now", lambda: one_am)
    submission = _draft(world)
    submitted = services.submit_return(world.enterprise, submission,
                                       on_date=timezone.localdate())
    assert submitted.submitted_at == one_am
