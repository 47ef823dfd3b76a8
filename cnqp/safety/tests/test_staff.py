"""Safety staff and training: a certificate valid for its course's validity unless it says
less; expiring and expired certificates flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.safety import selectors, services
from cnqp.safety.choices import SafetyRoleKind
from cnqp.safety.models import Course, TrainingRecord, TrainingSession
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db


def session(world: SafetyWorld, end_on: dt.date = dt.date(2024, 1, 31)) -> TrainingSession:
    return services.create_session(world.staff_a, course=world.ref.course,
                                   unit=world.org.enterprise_a,
                                   start_on=end_on - dt.timedelta(days=2), end_on=end_on,
                                   provider="Trung tâm huấn luyện ATVSLĐ")


def test_expiry_from_the_course_validity(world: SafetyWorld) -> None:
    course = world.ref.course  # 24 months
    assert services.certificate_expiry(course, dt.date(2024, 1, 31)) == dt.date(2026, 1, 31)
    assert services.certificate_expiry(course, dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)
    # the certificate's own earlier date wins, a later one does not extend it
    assert services.certificate_expiry(course, dt.date(2024, 1, 31),
                                       dt.date(2025, 6, 30)) == dt.date(2025, 6, 30)
    assert services.certificate_expiry(course, dt.date(2024, 1, 31),
                                       dt.date(2027, 1, 1)) == dt.date(2026, 1, 31)


def test_a_pass_earns_a_certificate_issued_at_the_end_of_the_session(
        world: SafetyWorld) -> None:
    record = services.record_training(world.staff_a, session=session(world),
                                      person="Nguyễn Văn Bình", certificate_number="ATLĐ-12")
    assert record.issued_on == dt.date(2024, 1, 31)
    assert record.expires_on == dt.date(2026, 1, 31)
    stated = services.record_training(world.staff_a, session=record.session, person="Trần Thị C",
                                      issued_on=dt.date(2024, 2, 5),
                                      expires_on=dt.date(2025, 2, 5))
    assert stated.expires_on == dt.date(2025, 2, 5)


def test_a_fail_earns_none(world: SafetyWorld) -> None:
    held = session(world)
    failed = services.record_training(world.staff_a, session=held, person="Lê Văn D",
                                      passed=False)
    assert failed.issued_on is None and failed.expires_on is None
    with pytest.raises(ValidationError) as refused:
        services.record_training(world.staff_a, session=held, person="Lê Văn E", passed=False,
                                 certificate_number="X-1")
    assert "passed" in refused.value.message_dict


def test_impossible_dates_are_refused(world: SafetyWorld) -> None:
    held = session(world)
    with pytest.raises(ValidationError) as refused:
        services.record_training(world.staff_a, session=held, person="A",
                                 issued_on=dt.date(2024, 1, 1))
    assert "issued_on" in refused.value.message_dict  # before the session ended
    with pytest.raises(ValidationError) as refused:
        services.record_training(world.staff_a, session=held, person="A",
                                 expires_on=dt.date(2024, 1, 31))
    assert "expires_on" in refused.value.message_dict
    assert not TrainingRecord.objects.exists()


def test_changing_the_issue_date_recomputes_the_expiry(world: SafetyWorld) -> None:
    record = services.record_training(world.staff_a, session=session(world), person="A")
    moved = services.update_training(world.staff_a, record, issued_on=dt.date(2024, 3, 15))
    assert moved.expires_on == dt.date(2026, 3, 15)


def test_a_course_not_in_force_is_not_held(world: SafetyWorld) -> None:
    old = Course.objects.create(code="HL-CU", name="Khoá cũ", group=world.ref.course.group,
                                validity_months=12, valid_from=dt.date(2011, 1, 1),
                                valid_to=dt.date(2016, 12, 31))
    with pytest.raises(ValidationError) as refused:
        services.create_session(world.staff_a, course=old, unit=world.org.enterprise_a,
                                start_on=dt.date(2020, 1, 1), end_on=dt.date(2020, 1, 2),
                                provider="X")
    assert "course" in refused.value.message_dict


def test_expiring_and_expired_flags(world: SafetyWorld) -> None:
    held = session(world)
    record = services.record_training(world.staff_a, session=held, person="A",
                                      expires_on=dt.date(2025, 1, 31))
    flag = selectors.expiring_soon
    assert not flag(record, dt.date(2024, 12, 31))  # 31 days ahead
    assert flag(record, dt.date(2025, 1, 1))
    assert flag(record, dt.date(2025, 1, 31))  # its last day
    assert not flag(record, dt.date(2025, 2, 1))  # expired: no longer "expiring"
    due = selectors.falls_due(world.staff_a, world.org.enterprise_a, dt.date(2025, 2, 1))
    assert list(due.certificates) == [record]  # but still due: it lapsed
    later = selectors.falls_due(world.staff_a, world.org.enterprise_a, dt.date(2026, 2, 2))
    assert not later.certificates.exists()  # a year after it lapsed, no longer a reminder
    assert not selectors.falls_due(world.staff_b, None, dt.date(2025, 2, 1)).certificates.exists()


def test_roles_end_after_they_start_and_belong_to_the_actors_units(world: SafetyWorld) -> None:
    role = services.create_role(world.staff_a, person="Phạm Văn G", unit=world.org.workshop_a1,
                                kind=SafetyRoleKind.PART_TIME, start_on=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.update_role(world.staff_a, role, end_on=dt.date(2022, 12, 31))
    assert "end_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_role(world.staff_b, person="X", unit=world.org.enterprise_a,
                             kind=SafetyRoleKind.FIRE_TEAM, start_on=dt.date(2023, 1, 1))
    assert "unit" in refused.value.message_dict
