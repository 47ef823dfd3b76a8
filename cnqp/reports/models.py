"""A generated report: who asked for what, when, and the files made (the history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import TimestampedModel
from cnqp.reports.choices import ReportFormat, ReportKind


class GeneratedReport(TimestampedModel):
    """One periodic report, generated in the background (`job`) from the records its
    requester could see then. `content` is the report as built (document.Report.to_json),
    so the page shows what the files hold, whatever changed in the records since.

    `history_labels` names what its history records beside its fields (the files' hashes).

    Owned by the requester's unit; its level is the highest level of what it printed, so a
    report of classified figures is as hidden as they are."""

    history_labels = {"files": _("files generated (SHA-256)")}

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    unit = models.ForeignKey("core.OrgUnit", verbose_name=_("reported unit"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("Empty: the whole directorate."))
    sections = models.JSONField(_("sections"), default=list)
    formats = models.JSONField(_("formats"), default=list)
    number = models.CharField(_("number and symbol"), max_length=64)
    document_date = models.DateField(_("document date"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                   on_delete=models.PROTECT, related_name="+")
    owner_unit = models.ForeignKey("core.OrgUnit", verbose_name=_("org unit"),
                                   on_delete=models.PROTECT, related_name="+")
    job = models.ForeignKey("core.Job", verbose_name=_("background job"), null=True,
                            blank=True, on_delete=models.SET_NULL, related_name="+")
    classification = ClassificationField()
    docx_path = models.CharField(max_length=255, blank=True, editable=False)
    docx_sha256 = models.CharField(_("DOCX SHA-256"), max_length=64, blank=True)
    pdf_path = models.CharField(max_length=255, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx_path = models.CharField(max_length=255, blank=True, editable=False)
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    scope = Scope(unit="owner_unit", classification="classification")

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner_unit", "document_date"],
                                name="reports_owner_date")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def file_path(self, fmt: str) -> str:
        return str(getattr(self, f"{ReportFormat(fmt).value}_path"))

    def file_sha256(self, fmt: str) -> str:
        return str(getattr(self, f"{ReportFormat(fmt).value}_sha256"))

    @property
    def unit_label(self) -> str:
        """The reported unit, or the whole directorate (no unit chosen)."""
        return str(self.unit) if self.unit_id else str(_("The whole directorate"))

    @property
    def available_formats(self) -> list[str]:
        return [f.value for f in ReportFormat if self.file_path(f.value)]

    @property
    def is_ready(self) -> bool:
        return self.generated_at is not None
