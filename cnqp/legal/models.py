"""Legal work (công tác pháp chế): the legal documents the directorate drafts, step by step
through the ordered stages of drafting, with the rounds of consultation they are put to, and
the register of the sector's regulatory documents (văn bản quy phạm pháp luật) in force.

A draft is seen by its lead unit and the units above it (the directorate's roles see every
unit), up to the reader's clearance; its steps and consultation rounds are seen with it (their
scope is the draft's). An instrument of the register is seen by the unit responsible for it
and those above it. `current_stage`, `started_on` and `stage_on` are kept by the services from
the draft's steps (lists and filters read them); `issued_number` and `issued_on` are set by
the issue step, which files the instrument in the register in the same transaction."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.legal.choices import DocumentKind, InstrumentStatus, Stage, document_name


class LegalDraft(SearchableModel, TimestampedModel):
    kind = models.CharField(pgettext_lazy("legal", "kind"), max_length=16,
                            choices=DocumentKind.choices, db_index=True)
    title = models.CharField(pgettext_lazy("legal", "title"), max_length=500,
                             help_text=_("A law or ordinance by its name (“Công nghiệp quốc "
                                         "phòng, an ninh và động viên công nghiệp”), other "
                                         "documents by their subject."))
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text=_("The unit leading the drafting; it and the units "
                                              "above it see the draft."))
    authority = models.CharField(_("issuing authority"), max_length=255,
                                 help_text=_("Quốc hội, Chính phủ, Bộ Quốc phòng, Tổng cục "
                                             "CNQP…"))
    plan_year = models.PositiveSmallIntegerField(_("plan year"), db_index=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True,
                                help_text=_("When the plan wants it issued, in the plan year."))
    current_stage = models.PositiveSmallIntegerField(
        _("current stage"), choices=Stage.choices, null=True, blank=True, editable=False,
        db_index=True)
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False,
                                  db_index=True)
    stage_on = models.DateField(_("stage reached on"), null=True, blank=True, editable=False)
    issued_number = models.CharField(_("issued number"), max_length=64, blank=True,
                                     editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False,
                                 db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    classification = ClassificationField()

    search_fields = ("title", "authority", "issued_number", "notes")
    scope = Scope(unit="lead_unit")

    class Meta:
        verbose_name = _("legal document in drafting")
        verbose_name_plural = _("legal documents in drafting")
        ordering = ["-plan_year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        """As the reports name it: “Luật Công nghiệp quốc phòng, …”, “Thông tư về “…””."""
        return document_name(self.kind, self.title)


class DraftingStep(TimestampedModel):
    """A stage the draft reached, on a date, by a decision (its number, or the outcome)."""

    draft = models.ForeignKey(LegalDraft, verbose_name=_("draft"), on_delete=models.CASCADE,
                              related_name="steps")
    stage = models.PositiveSmallIntegerField(pgettext_lazy("legal", "stage"),
                                             choices=Stage.choices)
    date = models.DateField(_("date"), db_index=True)
    decision = models.CharField(_("decision or outcome"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="draft__lead_unit", classification="draft__classification")

    class Meta:
        verbose_name = _("drafting step")
        verbose_name_plural = _("drafting steps")
        ordering = ["draft", "stage"]
        constraints = [models.UniqueConstraint(fields=["draft", "stage"],
                                               name="legal_step_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.draft.title} · {self.get_stage_display()}"


class ConsultationRound(TimestampedModel):
    """A round of consultation on a draft (or, at its proposal, on its proposal dossier): whom
    it was sent to, when the answers were due, how many came back, when it closed."""

    draft = models.ForeignKey(LegalDraft, verbose_name=_("draft"), on_delete=models.CASCADE,
                              related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"), editable=False)
    stage = models.PositiveSmallIntegerField(
        _("consulted on"), choices=Stage.choices, editable=False,
        help_text=_("The draft's stage when the round was sent: its proposal dossier, or its "
                    "text."))
    sent_on = models.DateField(_("sent on"), db_index=True)
    responses_due = models.DateField(_("responses due"), null=True, blank=True)
    units = models.ManyToManyField(OrgUnit, verbose_name=_("units consulted"), blank=True,
                                   related_name="+")
    external_bodies = models.CharField(
        _("bodies consulted"), max_length=500, blank=True,
        help_text=_("Outside the directorate: “các bộ, ngành, địa phương”, the Ministry of "
                    "Justice…"))
    responses_received = models.PositiveSmallIntegerField(_("responses received"), default=0)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="draft__lead_unit", classification="draft__classification")

    class Meta:
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        ordering = ["-sent_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"],
                                               name="legal_round_number_once")]

    def __str__(self) -> str:
        return f"{self.draft.title} · {self.number}"


class LegalInstrument(SearchableModel, TimestampedModel):
    """A regulatory document of the sector in the register: as printed ("15/2021/TT-BQP"), in
    force from `effective_from` until `ended_on` (replaced or repealed)."""

    number = models.CharField(_("number and symbol"), max_length=64, unique=True)
    kind = models.CharField(pgettext_lazy("legal", "kind"), max_length=16,
                            choices=DocumentKind.choices, db_index=True)
    title = models.CharField(pgettext_lazy("legal", "title"), max_length=500)
    authority = models.CharField(_("issuing authority"), max_length=255)
    issued_on = models.DateField(_("issued on"), db_index=True)
    effective_from = models.DateField(_("effective from"))
    status = models.CharField(pgettext_lazy("legal", "status"), max_length=16,
                              choices=InstrumentStatus.choices,
                              default=InstrumentStatus.IN_FORCE, db_index=True)
    ended_on = models.DateField(_("no longer in force from"), null=True, blank=True,
                                help_text=_("For a replaced or repealed document."))
    review_due_on = models.DateField(_("review due on"), null=True, blank=True, db_index=True,
                                     help_text=_("Empty: five years after it took effect."))
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit responsible"),
                             on_delete=models.PROTECT, related_name="+")
    draft = models.OneToOneField(LegalDraft, verbose_name=_("drafted as"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="instrument", editable=False)
    notes = models.TextField(_("notes"), blank=True)
    classification = ClassificationField()

    search_fields = ("number", "title", "authority", "notes")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("legal instrument")
        verbose_name_plural = _("register of legal instruments")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
