"""Resolutions and their follow-up: a directive (nghị quyết, chỉ thị, kết luận, kế hoạch,
chương trình hành động) with its items (objectives, breakthrough areas, annual priorities,
tasks), the indicators that bind an item to a registered metric or to a person's assessment,
the tasks assigned to units with their progress reports, and the review conferences that
freeze the figures they judged.

A directive is seen by the unit that holds it and every unit under it (a resolution of the
directorate's Party committee binds every unit); a task by its lead and supporting units
and the directive's holder, each with the units above them. A review's frozen figures carry
the level of the records they counted, so a reader of lower clearance does not see them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.access.scoping import Scope, issued_above, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.figures.metrics import metrics
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.directives.choices import (
    TONES,
    Assessment,
    DirectiveKind,
    DirectiveStatus,
    ItemKind,
    ReviewKind,
    ReviewStatus,
    TargetKind,
    TaskStatus,
)


class Directive(SearchableModel, TimestampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=DirectiveKind.choices)
    number = models.CharField(_("number and symbol"), max_length=64, unique=True,
                              help_text=_("As printed: 147-NQ/ĐU, 08-NQ/TW, 382/NQ-ĐUQSTW."))
    issuer = models.CharField(_("issuing body"), max_length=255,
                              help_text=_("Bộ Chính trị, Quân ủy Trung ương, Đảng ủy Tổng cục…"))
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=pgettext_lazy("directive", "held by"),
                                   on_delete=models.PROTECT,
                                   related_name="+",
                                   help_text=_("The unit that follows it up; it and every unit "
                                               "under it read it."))
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=16, choices=DirectiveStatus.choices,
                              default=DirectiveStatus.IN_FORCE, db_index=True)
    implements = models.ForeignKey("self", verbose_name=_("implements"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="implemented_by")
    continues = models.ForeignKey("self", verbose_name=_("continues"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="continued_by")
    classification = ClassificationField()

    search_fields = ("number", "title", "issuer", "summary")
    scope = Scope(unit="owner_unit", extra=issued_above("owner_unit"))

    class Meta:
        verbose_name = _("resolution or directive")
        verbose_name_plural = _("resolutions and directives")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DirectiveFile(TimestampedModel):
    """The directive's text, stored with its SHA-256 (checked again on every download)."""

    directive = models.ForeignKey(Directive, verbose_name=_("resolution or directive"),
                                  on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to="directives/%Y/%m/", max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="directive__owner_unit", classification="directive__classification",
                  extra=issued_above("directive__owner_unit"))

    class Meta:
        verbose_name = _("directive file")
        verbose_name_plural = _("directive files")
        ordering = ["directive", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DirectiveItem(TimestampedModel):
    """An objective, breakthrough area, annual priority or task of a directive, numbered as
    printed ("(1)", "2.3")."""

    directive = models.ForeignKey(Directive, verbose_name=_("resolution or directive"),
                                  on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    ordinal = models.CharField(_("number"), max_length=16, blank=True)
    text = models.TextField(_("content"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True,
                                            help_text=_("For an annual priority."))
    position = models.PositiveIntegerField(_("order"), default=0)

    scope = Scope(unit="directive__owner_unit", classification="directive__classification",
                  extra=issued_above("directive__owner_unit"))

    class Meta:
        verbose_name = _("objective or item")
        verbose_name_plural = _("objectives and items")
        ordering = ["directive", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.ordinal} {self.text[:80]}".strip()


class Indicator(TimestampedModel):
    """A target of an item: bound to a registered metric (`metric_key`), judged by
    `target_kind` against `target_value` or the baseline period's figure, over its period; or
    qualitative, assessed by a person with evidence."""

    item = models.ForeignKey(DirectiveItem, verbose_name=_("objective or item"),
                             on_delete=models.PROTECT, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=500)
    metric_key = models.CharField(_("figure"), max_length=100, blank=True,
                                  help_text=_("The registered figure it is measured by; empty "
                                              "for a qualitative indicator."))
    target_kind = models.CharField(_("kind of target"), max_length=16,
                                   choices=TargetKind.choices)
    target_value = models.DecimalField(_("target value"), max_digits=18, decimal_places=2,
                                       null=True, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("figures of"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("Empty: every unit the reader may see."))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    scope = Scope(unit="item__directive__owner_unit",
                  classification="item__directive__classification",
                  extra=issued_above("item__directive__owner_unit"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["item__directive", "item__position", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_bound(self) -> bool:
        return bool(self.metric_key)

    @property
    def metric_decimals(self) -> int:
        """How many decimals its figure is printed with: the metric's."""
        found = metrics().get(self.metric_key) if self.metric_key else None
        return found.decimals if found is not None else 0


class IndicatorAssessment(TimestampedModel):
    """A person's verdict on a qualitative indicator, with its evidence; the latest counts."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    verdict = models.CharField(_("assessment"), max_length=16, choices=Assessment.choices)
    evidence = models.TextField(_("evidence"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="indicator__item__directive__owner_unit",
                  classification="indicator__item__directive__classification",
                  extra=issued_above("indicator__item__directive__owner_unit"))

    class Meta:
        verbose_name = _("indicator assessment")
        verbose_name_plural = _("indicator assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.get_verdict_display()}"


def _task_reach(user: User) -> Q:
    """Need to know: besides its lead unit (and those above it), a task is seen by its
    supporting units and those above them, and by the directive's holder and those above it;
    not by every unit the directive binds (one enterprise's tasks are not another's). The
    supporting units through a subquery, so the join never multiplies rows."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    supporting = Task.objects.filter(
        supporting_units__path__startswith=user.org_unit.path).values("pk")
    return Q(pk__in=supporting) | within_unit_of("directive__owner_unit")(user)


class Task(SearchableModel, TimestampedModel):
    """A task assigned to a lead unit, with supporting units and a deadline; its status is
    one of the four buckets of QĐ 42/2014/QĐ-TTg, computed from the deadline and the day it
    was completed."""

    directive = models.ForeignKey(Directive, verbose_name=_("resolution or directive"),
                                  on_delete=models.PROTECT, related_name="tasks")
    item = models.ForeignKey(DirectiveItem, verbose_name=_("objective or item"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=500)
    expected_output = models.TextField(_("expected output"), blank=True)
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="+")
    supporting_units = models.ManyToManyField(OrgUnit, verbose_name=_("supporting units"),
                                              blank=True, related_name="+")
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    classification = ClassificationField()

    search_fields = ("title", "expected_output")
    scope = Scope(unit="lead_unit", extra=_task_reach)

    class Meta:
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline", "completed_on"], name="directives_task_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def bucket_label(self) -> str:
        """The bucket annotated by `selectors.task_status` (the lists annotate it)."""
        bucket = getattr(self, "bucket", None)
        return str(TaskStatus(bucket).label) if bucket else ""


class TaskReport(TimestampedModel):
    """A periodic progress report on a task by its lead unit."""

    task = models.ForeignKey(Task, verbose_name=_("assigned task"), on_delete=models.PROTECT,
                             related_name="reports")
    reported_on = models.DateField(_("reported on"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    text = models.TextField(_("report"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="task__lead_unit", classification="task__classification",
                  extra=lambda user: Q(task__in=Task.objects.filter(_task_reach(user))))

    class Meta:
        verbose_name = _("task progress report")
        verbose_name_plural = _("task progress reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} · {self.progress}%"


class Review(SearchableModel, TimestampedModel):
    """A review conference (sơ kết, tổng kết) of one or more directives over a period,
    compared with an earlier one. Holding it freezes every indicator's figures in
    `ReviewFigure` rows that never change afterwards."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    directives = models.ManyToManyField(Directive, verbose_name=_("resolutions reviewed"),
                                        related_name="reviews")
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=pgettext_lazy("directive", "held by"),
                                   on_delete=models.PROTECT,
                                   related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    compare_start = models.DateField(_("compared with, from"), null=True, blank=True)
    compare_end = models.DateField(_("compared with, to"), null=True, blank=True)
    held_on = models.DateField(_("held on"))
    chair = models.CharField(_("chaired by"), max_length=255, blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ReviewStatus.choices,
                              default=ReviewStatus.DRAFT, editable=False, db_index=True)
    frozen_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True,
                                     editable=False)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("frozen by"),
                                  null=True, blank=True, editable=False,
                                  on_delete=models.PROTECT, related_name="+")
    classification = ClassificationField()

    search_fields = ("title", "chair", "conclusions")
    scope = Scope(unit="owner_unit", extra=issued_above("owner_unit"))

    class Meta:
        verbose_name = _("review conference")
        verbose_name_plural = _("review conferences")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class FrozenRow(models.Model):
    """A row written once: the ORM refuses to change or delete it."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError(f"{self._meta.label} rows are frozen: they never change")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self._meta.label} rows are frozen: they are never deleted")


class ReviewFigure(FrozenRow):
    """One indicator as the review judged it: its target, the figure of the period and of the
    earlier period (totals and the number of years each covers), the verdict, and the links
    to the records counted, as they were when the figures were frozen."""

    review = models.ForeignKey(Review, verbose_name=_("review conference"),
                               on_delete=models.PROTECT, related_name="figures")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("order"))
    directive_number = models.CharField(_("number and symbol"), max_length=64)
    item_text = models.TextField(_("objective or item"))
    indicator_name = models.CharField(_("indicator"), max_length=500)
    metric_key = models.CharField(_("figure"), max_length=100, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    target_kind = models.CharField(_("kind of target"), max_length=16,
                                   choices=TargetKind.choices)
    target_text = models.CharField(pgettext_lazy("indicator", "target"), max_length=255)
    value = models.DecimalField(_("figure of the period"), max_digits=20, decimal_places=4,
                                null=True, blank=True)
    previous_value = models.DecimalField(_("figure of the earlier period"), max_digits=20,
                                         decimal_places=4, null=True, blank=True)
    years = models.DecimalField(_("years in the period"), max_digits=6, decimal_places=2)
    previous_years = models.DecimalField(_("years in the earlier period"), max_digits=6,
                                         decimal_places=2, null=True, blank=True)
    assessment = models.CharField(_("assessment"), max_length=16, choices=Assessment.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    url = models.CharField(_("records counted"), max_length=1000, blank=True)
    previous_url = models.CharField(_("records counted, earlier period"), max_length=1000,
                                    blank=True)
    classification = ClassificationField()
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    scope = Scope(unit="review__owner_unit", extra=issued_above("review__owner_unit"))

    class Meta:
        verbose_name = _("frozen review figure")
        verbose_name_plural = _("frozen review figures")
        ordering = ["review", "position"]
        constraints = [models.UniqueConstraint(fields=["review", "indicator"],
                                               name="directives_one_figure_per_indicator")]

    def __str__(self) -> str:
        return f"{self.review} · {self.indicator_name}"

    @property
    def decimals(self) -> int:
        return 0 if self.value is None or self.value == self.value.to_integral() else 1

    @property
    def per_year(self) -> Decimal | None:
        return self.value / self.years if self.value is not None and self.years else None

    @property
    def previous_per_year(self) -> Decimal | None:
        if self.previous_value is None or not self.previous_years:
            return None
        return self.previous_value / self.previous_years

    @property
    def per_year_change(self) -> Decimal | None:
        """The change of the yearly average against the earlier period's, in per cent:
        periods of unequal length compare per year."""
        now, before = self.per_year, self.previous_per_year
        if now is None or not before:
            return None
        return (now - before) * 100 / before

    @property
    def tone(self) -> str:
        return TONES[self.assessment]

