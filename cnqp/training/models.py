"""Training courses and classes (lớp huấn luyện, tập huấn, đào tạo) and their participants by
unit.

A course is organised by a unit (`organiser`) and held from `start` to `end`; the units that
sent people to it are its participations (how many people, how many passed). A course is
recorded once it has begun (its start is not in the future; its end may be, while it is under
way). Safety training is not recorded here: the safety app's training sessions are counted as
the safety kind by the figures (figures.py), so no safety course is entered twice.

A course is seen by its organiser and the units above it, and by the units that took part in it
(and those above them), up to the reader's clearance. A participation is seen by the course's
organiser (and above) and by the participating unit (and above), at the course's level."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.access.scoping import Scope, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.training.choices import CourseKind


def attended(user: User) -> Q:
    """The `extra` rule of a course: the courses a unit of the reader's (or below) took part
    in, as a subquery (one row per course)."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    return Q(pk__in=Participation.objects.filter(
        unit__path__startswith=user.org_unit.path).values("course_id"))


class TrainingCourse(SearchableModel, TimestampedModel):
    title = models.CharField(pgettext_lazy("training", "title"), max_length=500)
    kind = models.CharField(pgettext_lazy("training", "kind"), max_length=16,
                            choices=CourseKind.choices, db_index=True,
                            help_text=_("Safety training is recorded in the safety module."))
    organiser = models.ForeignKey(OrgUnit,
                                  verbose_name=pgettext_lazy("training", "organised by"),
                                  on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("from"), db_index=True)
    end = models.DateField(_("to"))
    place = models.CharField(pgettext_lazy("training", "place"), max_length=255, blank=True)
    trainer = models.CharField(_("trainer or provider"), max_length=255, blank=True)
    description = models.TextField(_("content"), blank=True)
    results = models.TextField(pgettext_lazy("training", "results"), blank=True,
                               help_text=_("As the closing report says it: “đạt yêu cầu”, "
                                           "grades."))
    classification = ClassificationField()

    search_fields = ("title", "place", "trainer", "description")
    scope = Scope(unit="organiser", extra=attended)

    class Meta:
        verbose_name = pgettext_lazy("training", "training course")
        verbose_name_plural = pgettext_lazy("training", "training courses")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["organiser", "start"], name="training_course_unit_day")]

    def __str__(self) -> str:
        return self.title


class Participation(TimestampedModel):
    """The people a unit sent to a course: how many, and how many passed (empty: not
    assessed)."""

    course = models.ForeignKey(TrainingCourse,
                               verbose_name=pgettext_lazy("training", "training course"),
                               on_delete=models.PROTECT, related_name="participations")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("participating unit"),
                             on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(pgettext_lazy("training", "participants"),
                                               validators=[MinValueValidator(1)])
    passed = models.PositiveIntegerField(_("passed"), null=True, blank=True,
                                         help_text=_("Empty: not assessed."))
    note = models.CharField(_("result note"), max_length=500, blank=True)

    scope = Scope(unit="course__organiser", classification="course__classification",
                  extra=within_unit_of("unit"))

    class Meta:
        verbose_name = pgettext_lazy("training", "participation")
        verbose_name_plural = _("participants by unit")
        ordering = ["course", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["course", "unit"],
                                               name="training_participation_once")]

    def __str__(self) -> str:
        return f"{self.course} · {self.unit.code}"
