"""Enterprise performance and investment.

Returns (báo cáo kết quả sản xuất kinh doanh): each enterprise submits, for a period and a
scenario (plan, revised plan, estimate, actual, audited), one value per entered indicator; the
planning department accepts it, then it is locked. A correction after acceptance is an
amendment: a new version of the same return with its explanation, counted once accepted, the
earlier versions kept. The indicators are data (`Indicator`): what is entered, what is a total
of parts, what is a ratio of summed parts (average income = payroll ÷ headcount ÷ months), so
the directorate's figures are computed from the values, never averaged from averages. When a
return is due is data too (`Schedule`).

Investment projects (dự án đầu tư): the project with its approved versions (the original
decision, then each adjustment with its decision and funding by source), its milestones with
planned and actual dates, and its disbursement per quarter against the capital plan.

A return is seen by its enterprise and the units above it; a project by its owner unit and the
units above it; both up to the reader's clearance."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.core.text import format_decimal
from cnqp.performance.choices import (
    DueFrom,
    FundingSource,
    IndicatorKind,
    MeasureUnit,
    MilestoneKind,
    PeriodKind,
    ProjectGroup,
    ProjectStatus,
    ReturnStatus,
    Scenario,
)
from cnqp.performance.periods import Period, period_label

YEAR_RANGE = [MinValueValidator(1990), MaxValueValidator(2100)]


# --- reference data ---------------------------------------------------------------------------


class Indicator(TimestampedModel):
    """A line of the return (chỉ tiêu). Reference data: no unit owns it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=16,
                                       choices=MeasureUnit.choices)
    kind = models.CharField(_("how it is obtained"), max_length=16,
                            choices=IndicatorKind.choices, default=IndicatorKind.ENTERED)
    part_of = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="parts",
                                help_text=_("The total this indicator adds up to."))
    numerator = models.ForeignKey("self", verbose_name=_("numerator"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    denominator = models.ForeignKey("self", verbose_name=_("denominator"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    per_month = models.BooleanField(_("per month"), default=False,
                                    help_text=_("A ratio divided again by the months of the "
                                                "period (income per person per month)."))
    may_be_negative = models.BooleanField(_("may be negative"), default=False)
    checks_change = models.BooleanField(
        _("explain large changes"), default=True,
        help_text=_("A change beyond the allowed band against the same period of the previous "
                    "year needs an explanation."))
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0,
                                                validators=[MaxValueValidator(3)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Schedule(TimestampedModel):
    """When the returns of a period kind and scenario are due, and whether every enterprise
    owes one (a revised plan is filed only when the plan is revised). Reference data."""

    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    scenario = models.CharField(pgettext_lazy("return", "scenario"), max_length=16,
                                choices=Scenario.choices)
    due_from = models.CharField(_("counted from"), max_length=8, choices=DueFrom.choices,
                                default=DueFrom.END)
    due_days = models.SmallIntegerField(_("days"), help_text=_(
        "Days after the start or the end of the period (negative: before it)."))
    lock_after_days = models.PositiveSmallIntegerField(
        _("locked after (days)"), default=30,
        help_text=_("An accepted return is locked this many days after its due date."))
    expected = models.BooleanField(_("owed by every enterprise"), default=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("return schedule")
        verbose_name_plural = _("return schedules")
        ordering = ["period_kind", "scenario"]
        constraints = [models.UniqueConstraint(fields=["period_kind", "scenario"],
                                               name="performance_schedule_once")]

    def __str__(self) -> str:
        return f"{self.get_period_kind_display()} · {self.get_scenario_display()}"


class Programme(TimestampedModel):
    """A programme investment projects belong to (chương trình mục tiêu CNQP...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("investment programme")
        verbose_name_plural = _("investment programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


# --- returns ----------------------------------------------------------------------------------


class Submission(SearchableModel, TimestampedModel):
    """One version of an enterprise's return for a period and a scenario. The figures count
    the current version once it is accepted; an amendment is the next version, current from
    its acceptance."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_RANGE)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_number = models.PositiveSmallIntegerField(
        _("period number"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)])
    scenario = models.CharField(pgettext_lazy("return", "scenario"), max_length=16,
                                choices=Scenario.choices)
    version = models.PositiveSmallIntegerField(pgettext_lazy("return", "version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    amends = models.OneToOneField("self", verbose_name=_("amends"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="amended_by")
    explanation = models.TextField(_("explanation"), blank=True,
                                   help_text=_("Why an accepted return is amended."))
    status = models.CharField(_("status"), max_length=16, choices=ReturnStatus.choices,
                              default=ReturnStatus.DRAFT, db_index=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.TextField(_("review note"), blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    classification = ClassificationField()

    search_fields = ("note", "explanation", "review_note")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("performance return")
        verbose_name_plural = _("performance returns")
        ordering = ["-year", "period_kind", "-period_number", "unit__code", "scenario",
                    "-version"]
        permissions = [("review_submission", "Can accept, return and lock performance returns")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "period_kind", "period_number", "scenario", "version"],
                name="performance_submission_version_once"),
            models.UniqueConstraint(
                fields=["unit", "year", "period_kind", "period_number", "scenario"],
                condition=Q(is_current=True), name="performance_submission_one_current"),
        ]
        indexes = [models.Index(fields=["year", "period_kind", "period_number", "scenario"],
                                name="performance_submission_period")]

    def __str__(self) -> str:
        text = (f"{self.unit.code} · {self.period_label} · {self.get_scenario_display()}")
        return text if self.version == 1 else f"{text} · v{self.version}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.period_kind, self.period_number)

    @property
    def period(self) -> Period:
        return Period(self.year, PeriodKind(self.period_kind), self.period_number)


class Value(models.Model):
    """A value of an entered indicator in a return, with its explanation (giải trình) when a
    check asks for one."""

    submission = models.ForeignKey(Submission, verbose_name=_("return"),
                                   on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)
    explanation = models.TextField(_("explanation"), blank=True)

    scope = Scope(unit="submission__unit", classification="submission__classification")

    class Meta:
        verbose_name = _("return value")
        verbose_name_plural = _("return values")
        ordering = ["submission", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"],
                                               name="performance_value_once")]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {format_decimal(self.value)}"  # 1.234,5: not 1234.500


# --- investment projects ----------------------------------------------------------------------


class Project(SearchableModel, TimestampedModel):
    """An investment project (dự án đầu tư). Its schedule and total investment are those of its
    latest approved version (`ProjectVersion`), kept here by the service that records it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("investor"),
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("Chủ đầu tư: the unit that carries it out."))
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="projects")
    key_project = models.BooleanField(_("key project"), default=False)
    group = models.CharField(_("project group"), max_length=16, choices=ProjectGroup.choices)
    location = models.CharField(_("location"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.PREPARING, db_index=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    total_investment = models.DecimalField(_("total investment (million đồng)"), default=0,
                                           max_digits=18, decimal_places=3)
    classification = ClassificationField()

    search_fields = ("code", "name", "location", "description")
    scope = Scope(unit="owner_unit")

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectVersion(TimestampedModel):
    """The project as a decision approved it: version 0 the approval (phê duyệt dự án), each
    later one an adjustment (điều chỉnh) with its reason. Never edited once a later version
    exists."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    authority = models.CharField(_("approved by"), max_length=255)
    reason = models.TextField(_("reason for the adjustment"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned completion"))

    scope = Scope(unit="project__owner_unit", classification="project__classification")

    class Meta:
        verbose_name = _("project decision")
        verbose_name_plural = _("project decisions")
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="performance_version_once")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.decision_number}"


class ProjectFunding(models.Model):
    """The investment a version approves from one funding source."""

    version = models.ForeignKey(ProjectVersion, verbose_name=_("project decision"),
                                on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("funding source"), max_length=16,
                              choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (million đồng)"), max_digits=18, decimal_places=3)

    scope = Scope(unit="version__project__owner_unit",
                  classification="version__project__classification")

    class Meta:
        verbose_name = _("project funding")
        verbose_name_plural = _("project funding")
        ordering = ["version", "source"]
        constraints = [models.UniqueConstraint(fields=["version", "source"],
                                               name="performance_funding_once")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class Milestone(TimestampedModel):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=16, choices=MilestoneKind.choices)
    planned_on = models.DateField(_("planned on"))
    actual_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="project__owner_unit", classification="project__classification")

    class Meta:
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")
        ordering = ["project", "planned_on"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"],
                                               name="performance_milestone_once")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.get_kind_display()}"


class Disbursement(TimestampedModel):
    """A quarter of a project: the capital planned for it, what was disbursed and executed,
    the physical progress at its end, and what holds it back."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="disbursements")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_RANGE)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    planned = models.DecimalField(_("capital plan (million đồng)"), max_digits=18,
                                  decimal_places=3)
    disbursed = models.DecimalField(_("disbursed (million đồng)"), default=0, max_digits=18,
                                    decimal_places=3)
    executed = models.DecimalField(_("value executed (million đồng)"), default=0,
                                   max_digits=18, decimal_places=3)
    progress = models.PositiveSmallIntegerField(
        _("physical progress (%)"), default=0, validators=[MaxValueValidator(100)])
    obstacles = models.TextField(_("obstacles and proposals"), blank=True)

    scope = Scope(unit="project__owner_unit", classification="project__classification")

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["project", "-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "quarter"],
                                               name="performance_disbursement_once")]

    def __str__(self) -> str:
        return f"{self.project.code} · {period_label(self.year, PeriodKind.QUARTER, self.quarter)}"
