"""Writing training courses and their participants by unit.

A course is recorded once it has begun: its start is not in the future, its end not before its
start (it may be later than today while the course is under way). Its kind is one of this
app's (chuyên ngành, kỹ thuật, nghiệp vụ): safety training is recorded as a session of the
safety module, which the figures count as the safety kind, so it is refused here. Whoever
writes a course, or its participants, acts for its organising unit.

A participation names a unit once per course, with at least one participant; the number who
passed is at most the participants, and is given only once the course has ended. A course with
participants is deleted together with them (each deletion audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, check_not_future, only
from cnqp.core.text import format_date
from cnqp.training.choices import COURSE_KINDS, SAFETY
from cnqp.training.models import Participation, TrainingCourse

COURSE_FIELDS = frozenset({"title", "kind", "start", "end", "place", "trainer", "description",
                           "results", "classification"})
PARTICIPATION_FIELDS = frozenset({"participants", "passed", "note"})


def _changed(row: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != getattr(row, k, None)}


# --- courses ------------------------------------------------------------------------------


def _check_course(kind: str, start: dt.date, end: dt.date) -> None:
    if kind == SAFETY:
        raise ValidationError({"kind": _("Safety training is recorded as a training session "
                                         "of the safety module: it is counted from there.")})
    if kind not in COURSE_KINDS:
        raise ValidationError({"kind": _("Choose the kind of course.")})
    check_not_future(start, "start")
    if end < start:
        raise ValidationError({"end": _("The course ends before it starts.")})


def create_course(actor: User | None, *, title: str, kind: str, organiser: OrgUnit,
                  start: dt.date, end: dt.date, place: str = "", trainer: str = "",
                  description: str = "", results: str = "",
                  classification: int = 0) -> TrainingCourse:
    check_acts_for(actor, organiser, "organiser")
    _check_course(kind, start, end)
    return writes.create(actor, TrainingCourse(
        title=title, kind=kind, organiser=organiser, start=start, end=end, place=place,
        trainer=trainer, description=description, results=results,
        classification=classification))


def update_course(actor: User | None, course: TrainingCourse, **data: Any) -> TrainingCourse:
    """Everything but its organising unit (a wrong unit: delete and record it again). A course
    whose participants passed keeps its end in the past."""
    check_acts_for(actor, course.organiser, "organiser")
    only(COURSE_FIELDS, data)
    end = data.get("end", course.end)
    _check_course(data.get("kind", course.kind), data.get("start", course.start), end)
    if end > timezone.localdate() and course.participations.filter(passed__isnull=False).exists():
        raise ValidationError({"end": _("Results are recorded for this course: it has "
                                        "ended.")})
    return writes.update(actor, course, _changed(course, data))


def delete_course(actor: User | None, course: TrainingCourse) -> None:
    check_acts_for(actor, course.organiser, "organiser")
    with transaction.atomic():
        for row in course.participations.all():
            writes.delete(actor, row)
        writes.delete(actor, course)


# --- participants by unit -----------------------------------------------------------------


def _check_counts(course: TrainingCourse, participants: int, passed: int | None) -> None:
    errors: dict[str, str] = {}
    if participants is None or participants < 1:
        errors["participants"] = _("At least one participant.")
    if passed is not None:
        if participants is not None and passed > participants:
            errors["passed"] = _("At most the %(participants)d participants.") % {
                "participants": participants}
        elif course.end > timezone.localdate():
            errors["passed"] = _("The course ends on %(date)s: its results come after.") % {
                "date": format_date(course.end)}
    if errors:
        raise ValidationError(errors)


def add_participation(actor: User | None, *, course: TrainingCourse, unit: OrgUnit,
                      participants: int, passed: int | None = None,
                      note: str = "") -> Participation:
    check_acts_for(actor, course.organiser, "course")
    _check_counts(course, participants, passed)
    if Participation.objects.filter(course=course, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already listed for this course: change "
                                         "its line.") % {"unit": unit.name}})
    return writes.create(actor, Participation(course=course, unit=unit,
                                              participants=participants, passed=passed,
                                              note=note))


def update_participation(actor: User | None, row: Participation,
                         **data: Any) -> Participation:
    """The counts and the note; not the course nor the unit."""
    check_acts_for(actor, row.course.organiser, "course")
    only(PARTICIPATION_FIELDS, data)
    _check_counts(row.course, data.get("participants", row.participants),
                  data.get("passed", row.passed))
    return writes.update(actor, row, _changed(row, data))


def delete_participation(actor: User | None, row: Participation) -> None:
    check_acts_for(actor, row.course.organiser, "course")
    writes.delete(actor, row)
