"""The registered resources of training: lists, detail pages, exports, API routes and
permission probes come from these declarations (core/records). Who acts for a course's
organising unit writes the course and its participants by unit; the units above it and the
units that took part read them. Safety training is the safety module's (its sessions); the
course list says so and links to them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.training import filters as flt
from cnqp.training import forms as f
from cnqp.training import services
from cnqp.training.models import Participation, TrainingCourse


def _organises(user: User, obj: Any) -> bool:
    organiser = obj.organiser_id if isinstance(obj, TrainingCourse) else obj.course.organiser_id
    return units_in_reach(user).filter(pk=organiser).exists()


courses = register(Resource(
    model=TrainingCourse, slug="courses",
    columns=[Column("start"), Column("end"), Column("title", link=True), Column("kind"),
             Column("organiser.code", label=_("Organised by"), sort="organiser__code"),
             Column("place"), Column("classification")],
    detail_fields=["title", "kind", "organiser", "start", "end", "place", "trainer",
                   "description", "results", "classification"],
    export_fields=["start", "end", "title", "kind", "organiser.code", "organiser.name",
                   "place", "trainer", "description", "results", "classification"],
    api_fields=["id", "title", "kind", "organiser_id", "start", "end", "place", "trainer",
                "description", "results", "classification"],
    filterset=flt.CourseFilter, form=f.CourseForm, update_form=f.CourseChangeForm,
    create=services.create_course, update=services.update_course,
    delete=services.delete_course, default_sort="-start",
    writable_by=_organises,
))

participations = register(Resource(
    model=Participation, slug="participations",
    columns=[Column("course.title", label=_("Training course"), link=True,
                    sort="course__title"),
             Column("course.start", label=_("From"), sort="course__start"),
             Column("unit.code", label=_("Participating unit"), sort="unit__code"),
             Column("participants"), Column("passed"), Column("note")],
    detail_fields=["course", "unit", "participants", "passed", "note"],
    export_fields=["course.title", "course.kind", "course.organiser.code", "course.start",
                   "course.end", "unit.code", "unit.name", "participants", "passed", "note"],
    api_fields=["id", "course_id", "unit_id", "participants", "passed", "note"],
    filterset=flt.ParticipationFilter, form=f.ParticipationForm,
    update_form=f.ParticipationChangeForm,
    create=services.add_participation, update=services.update_participation,
    delete=services.delete_participation, default_sort="-course__start", searchable=False,
    writable_by=_organises,
))
