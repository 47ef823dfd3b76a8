"""Science and technology: research projects (đề tài, nhiệm vụ KHCN) with their history of
steps, and technical-improvement initiatives (sáng kiến cải tiến kỹ thuật)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.documents.models import ProductType
from cnqp.research.choices import (
    EXECUTING,
    Grade,
    ProjectLevel,
    ProjectStatus,
    ProjectType,
    RecognitionLevel,
    Step,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

BUDGET_FIELDS = ("budget_state", "budget_defense", "budget_enterprise", "budget_other")


def _budget(label: _StrPromise) -> models.PositiveBigIntegerField[int, int]:
    return models.PositiveBigIntegerField(label, default=0, help_text=_("Million VND."))


class ResearchProject(SearchableModel, TimestampedModel):
    """Đề tài, nhiệm vụ KHCN. Its status and end date change only through the lifecycle steps
    of `services.py`, each recorded as a `ProjectEvent` with its date and decision number."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=500)
    level = models.CharField(_("level"), max_length=16, choices=ProjectLevel.choices,
                             db_index=True)
    project_type = models.CharField(_("type"), max_length=16, choices=ProjectType.choices,
                                    default=ProjectType.TOPIC)
    host_unit = models.ForeignKey(OrgUnit, verbose_name=_("host unit"),
                                  on_delete=models.PROTECT, related_name="research_projects")
    principal_investigator = models.CharField(_("principal investigator"), max_length=255)
    members = models.TextField(_("members"), blank=True, help_text=_("One name per line."))
    product_type = models.ForeignKey(ProductType, verbose_name=_("related product type"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="research_projects")
    budget_state = _budget(_("state budget"))
    budget_defense = _budget(_("defence budget"))
    budget_enterprise = _budget(_("enterprise funds"))
    budget_other = _budget(_("other sources"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    # The end date in force: the planned end, moved by each extension.
    current_end = models.DateField(_("end date in force"), db_index=True)
    status = models.CharField(_("stage"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.PROPOSED, db_index=True)
    classification = ClassificationField()
    summary = models.TextField(_("summary"), blank=True)

    search_fields = ("code", "title", "principal_investigator")
    scope = Scope(unit="host_unit", classification="classification")

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-planned_start", "code"]
        # Opening, extending, suspending, cancelling, evaluating and declaring a project
        # eligible are decisions of the managing bodies, not of the host unit.
        permissions = [("decide_researchproject",
                        _("Can record management decisions on research projects"))]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")),
                                   name="research_project_planned_period"),
            models.CheckConstraint(condition=Q(current_end__gte=F("planned_end")),
                                   name="research_project_end_not_before_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def budget_total(self) -> int:
        return sum(getattr(self, name) for name in BUDGET_FIELDS)

    @property
    def is_overdue(self) -> bool:
        """In execution past its end date in force (flagged in lists and on the page)."""
        return self.status in EXECUTING and self.current_end < timezone.localdate()

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]

    @property
    def members_text(self) -> str:
        return "; ".join(self.member_list)


class ProjectEvent(models.Model):
    """One step of a project's history. Append-only: the timeline and every period figure are
    computed from these rows (the step, its date, the stage before and after)."""

    project = models.ForeignKey(ResearchProject, verbose_name=_("research project"),
                                on_delete=models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    on_date = models.DateField(_("date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    from_status = models.CharField(_("stage before"), max_length=16,
                                   choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("stage after"), max_length=16,
                                 choices=ProjectStatus.choices)
    note = models.TextField(_("note"), blank=True)
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    council = models.CharField(_("acceptance council"), max_length=255, blank=True)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True)
    producing_unit = models.ForeignKey(OrgUnit, verbose_name=_("producing unit"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    product_type = models.ForeignKey(ProductType, verbose_name=_("product type"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # False for a proposal entered without its date: dated the day it was entered until the
    # step that follows it, if dated earlier, dates it (services.create_project)
    date_given = models.BooleanField(_("date given"), default=True, editable=False)

    scope = Scope(unit="project__host_unit", classification="project__classification")

    class Meta:
        verbose_name = _("project step")
        verbose_name_plural = _("project steps")
        ordering = ["project", "on_date", "id"]
        indexes = [models.Index(fields=["step", "on_date"]),
                   models.Index(fields=["project", "on_date", "id"])]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_step_display()} {self.on_date:%d/%m/%Y}"


class Initiative(SearchableModel, TimestampedModel):
    """Sáng kiến cải tiến kỹ thuật, counted in the year it was recognised."""

    title = models.CharField(_("title"), max_length=500)
    authors = models.TextField(_("authors"), help_text=_("One name per line."))
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    benefit = models.PositiveBigIntegerField(_("benefit (VND)"), default=0)
    recognition_level = models.CharField(_("recognition level"), max_length=16,
                                         choices=RecognitionLevel.choices,
                                         default=RecognitionLevel.UNIT)
    decision_number = models.CharField(_("recognition decision"), max_length=64, blank=True)
    classification = ClassificationField()

    search_fields = ("title", "authors")
    scope = Scope(unit="unit", classification="classification")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "title"]
        constraints = [models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100),
                                              name="research_initiative_year")]

    def __str__(self) -> str:
        return self.title
