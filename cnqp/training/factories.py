"""One factory per training model. The permission suite passes scope paths as keyword
arguments (`organiser=`, `course__organiser=`, `course__classification=`)."""

from __future__ import annotations

import datetime as dt

import factory

from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.training import choices
from cnqp.training.models import Participation, TrainingCourse


@register_factory
class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    title = factory.Sequence(lambda n: f"Lớp huấn luyện {n}")
    kind = choices.CourseKind.TECHNICAL
    organiser = factory.SubFactory(OrgUnitFactory)
    start = dt.date(2023, 5, 8)
    end = dt.date(2023, 5, 12)


@register_factory
class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    course = factory.SubFactory(TrainingCourseFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    participants = 20
    passed = 18
