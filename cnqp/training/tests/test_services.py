"""The training rules: kinds (safety training is the safety module's), dates, who acts for the
organiser, participation counts (passed ≤ participants, one line per unit), audit, and a
course deleted with its participants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.models import AuditEntry
from cnqp.training import services
from cnqp.training.forms import CourseForm
from cnqp.training.models import Participation, TrainingCourse
from cnqp.training.tests.conftest import World


def _fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def test_a_course_and_its_participants_are_recorded_and_audited(world: World) -> None:
    course = world.course(by=world.enterprise, sent=[(world.org.enterprise_a, 30, 29),
                                                     (world.org.workshop_a1, 12, None)])
    assert course.participations.count() == 2
    assert AuditEntry.objects.filter(object_type="training.trainingcourse",
                                     object_id=str(course.pk), actor=world.enterprise).exists()
    assert AuditEntry.objects.filter(object_type="training.participation").count() == 2


def test_safety_training_is_not_a_course_kind(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.course(kind="safety")
    assert _fields(excinfo) == {"kind"}
    assert "phân hệ An toàn" in excinfo.value.message_dict["kind"][0]
    form = CourseForm(user=world.staff)
    assert "safety" not in [value for value, _label in form.fields["kind"].choices]
    assert not TrainingCourse.objects.exists()


def test_dates(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        world.course(on=today + dt.timedelta(days=1))
    assert _fields(excinfo) == {"start"}
    with pytest.raises(ValidationError) as excinfo:
        services.create_course(None, title="Lớp", kind="technical",
                               organiser=world.org.enterprise_a, start=dt.date(2023, 5, 8),
                               end=dt.date(2023, 5, 1))
    assert _fields(excinfo) == {"end"}
    # under way: begun, ends later; its results come after it ends
    running = world.course(on=today - dt.timedelta(days=1), days=10, sent=[])
    with pytest.raises(ValidationError) as excinfo:
        services.add_participation(None, course=running, unit=world.org.enterprise_a,
                                   participants=10, passed=9)
    assert _fields(excinfo) == {"passed"}
    services.add_participation(None, course=running, unit=world.org.enterprise_a,
                               participants=10)


@pytest.mark.parametrize(("participants", "passed", "field"), [
    (0, None, "participants"),
    (10, 11, "passed"),
])
def test_participation_counts(world: World, participants: int, passed: int | None,
                              field: str) -> None:
    course = world.course(sent=[])
    with pytest.raises(ValidationError) as excinfo:
        services.add_participation(world.enterprise, course=course,
                                   unit=world.org.enterprise_a, participants=participants,
                                   passed=passed)
    assert field in _fields(excinfo)
    assert not Participation.objects.exists()


def test_one_line_per_unit_and_course(world: World) -> None:
    course = world.course(sent=[(world.org.enterprise_a, 10, 10)])
    with pytest.raises(ValidationError) as excinfo:
        services.add_participation(None, course=course, unit=world.org.enterprise_a,
                                   participants=5)
    assert _fields(excinfo) == {"unit"}
    line = course.participations.get()
    with pytest.raises(ValidationError) as excinfo:
        services.update_participation(None, line, passed=12)
    assert _fields(excinfo) == {"passed"}
    with pytest.raises(ValidationError):
        services.update_participation(None, line, unit=world.org.enterprise_b)
    services.update_participation(None, line, participants=12, passed=12)
    line.refresh_from_db()
    assert (line.participants, line.passed) == (12, 12)


def test_an_enterprise_writes_only_its_own_courses(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        world.course(world.org.enterprise_b, by=world.enterprise)
    assert _fields(excinfo) == {"organiser"}
    course = world.course(world.org.enterprise_b, by=world.other)
    with pytest.raises(ValidationError) as excinfo:
        services.add_participation(world.enterprise, course=course,
                                   unit=world.org.enterprise_a, participants=3)
    assert _fields(excinfo) == {"course"}
    with pytest.raises(ValidationError):
        services.delete_course(world.enterprise, course)
    with pytest.raises(ValidationError):
        services.update_course(world.other, course, organiser=world.org.enterprise_a)


def test_a_course_is_deleted_with_its_participants(world: World) -> None:
    course = world.course(sent=[(world.org.enterprise_a, 10, 9), (world.org.enterprise_b, 4, 4)])
    services.delete_course(world.enterprise, course)
    assert not TrainingCourse.objects.exists() and not Participation.objects.exists()
    assert AuditEntry.objects.filter(object_type="training.participation",
                                     action="delete").count() == 2
