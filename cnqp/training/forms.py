"""Forms of training. Record forms offer only what the user may see and, as the organising
unit, only the units they act for (ScopedModelForm); the cleaned keys are the service's keyword
names (records/resource.py). The kinds offered are this app's: safety training is recorded in
the safety module."""

from __future__ import annotations

from typing import Any

from django import forms

from cnqp.core.records.forms import ScopedModelForm, units_user_may_own
from cnqp.training.models import Participation, TrainingCourse

TEXTAREA = forms.Textarea(attrs={"rows": 3})
COURSE_FIELDS = ["title", "kind", "organiser", "start", "end", "place", "trainer",
                 "description", "results", "classification"]


class CourseForm(ScopedModelForm):
    owner_fields = ("organiser",)

    class Meta:
        model = TrainingCourse
        fields = COURSE_FIELDS
        widgets = {"description": TEXTAREA, "results": TEXTAREA}


class CourseChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = TrainingCourse
        fields = [name for name in COURSE_FIELDS if name != "organiser"]
        widgets = {"description": TEXTAREA, "results": TEXTAREA}


class ParticipationForm(ScopedModelForm):
    """A unit's participants in a course the user's unit organised (or one below it)."""

    owner_fields = ()

    class Meta:
        model = Participation
        fields = ["course", "unit", "participants", "passed", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ModelChoiceField) and course.queryset is not None
        course.queryset = course.queryset.filter(
            organiser__in=units_user_may_own(self.user))


class ParticipationChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Participation
        fields = ["participants", "passed", "note"]
