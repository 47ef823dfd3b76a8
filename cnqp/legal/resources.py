"""The registered resources of legal work: lists, detail pages, exports, API routes and
permission probes come from these declarations (core/records). Who acts for a draft's lead
unit writes it, takes its steps and sends its rounds; the steps are written only by the step
(`record_step`), never edited; the register is written by who acts for the unit responsible."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.legal import filters as flt
from cnqp.legal import forms as f
from cnqp.legal import services
from cnqp.legal.choices import Stage
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument


def _acts_for(field: str) -> Any:
    def acts(user: User, obj: Any) -> bool:
        target: Any = obj
        for part in field.split("__")[:-1]:
            target = getattr(target, part)
        last = field.split("__")[-1]
        return units_in_reach(user).filter(pk=getattr(target, f"{last}_id")).exists()

    return acts


drafts = register(Resource(
    model=LegalDraft, slug="drafts",
    columns=[Column("title", link=True), Column("kind"),
             Column("lead_unit.code", label=_("Lead unit"), sort="lead_unit__code"),
             Column("plan_year"), Column("deadline"), Column("current_stage"),
             Column("stage_on"), Column("issued_number"), Column("classification")],
    detail_fields=["kind", "title", "lead_unit", "authority", "plan_year", "deadline",
                   "current_stage", "started_on", "stage_on", "issued_number", "issued_on",
                   "notes", "classification"],
    export_fields=["kind", "title", "lead_unit.code", "authority", "plan_year", "deadline",
                   "current_stage", "started_on", "stage_on", "issued_number", "issued_on",
                   "notes", "classification"],
    api_fields=["id", "kind", "title", "lead_unit_id", "authority", "plan_year", "deadline",
                "current_stage", "started_on", "stage_on", "issued_number", "issued_on",
                "notes", "classification"],
    filterset=flt.LegalDraftFilter, form=f.LegalDraftForm, update_form=f.LegalDraftChangeForm,
    create=services.create_draft, update=services.update_draft, delete=services.delete_draft,
    default_sort="-plan_year", writable_by=_acts_for("lead_unit"),
    editable=lambda obj: obj.issued_on is None,
    actions=(
        Action("step", "legal.change_legaldraft", services.record_step, form=f.StepForm,
               done_message=_("Step recorded."), label=_("Record a step"),
               offered=lambda obj: obj.current_stage != Stage.ISSUED),
    ),
))

steps = register(Resource(
    model=DraftingStep, slug="steps",
    columns=[Column("date"), Column("draft.title", label=_("Draft"), link=True,
                                    sort="draft__title"),
             Column("stage"), Column("decision"),
             Column("draft.lead_unit.code", label=_("Lead unit"),
                    sort="draft__lead_unit__code")],
    detail_fields=["draft", "stage", "date", "decision", "note"],
    export_fields=["date", "draft.title", "draft.kind", "stage", "decision", "note",
                   "draft.lead_unit.code"],
    api_fields=["id", "draft_id", "stage", "date", "decision", "note"],
    filterset=flt.DraftingStepFilter, default_sort="-date", searchable=False,
))

rounds = register(Resource(
    model=ConsultationRound, slug="rounds",
    columns=[Column("sent_on"), Column("draft.title", label=_("Draft"), link=True,
                                       sort="draft__title"),
             Column("number"), Column("stage", label=_("Consulted on")),
             Column("external_bodies"), Column("responses_due"),
             Column("responses_received"), Column("closed_on")],
    detail_fields=["draft", "number", "stage", "sent_on", "responses_due", "units",
                   "external_bodies", "responses_received", "closed_on", "note"],
    export_fields=["sent_on", "draft.title", "number", "stage", "external_bodies",
                   "responses_due", "responses_received", "closed_on", "note"],
    api_fields=["id", "draft_id", "number", "stage", "sent_on", "responses_due",
                "external_bodies", "responses_received", "closed_on", "note"],
    filterset=flt.ConsultationRoundFilter, form=f.RoundForm, update_form=f.RoundChangeForm,
    create=services.create_round, update=services.update_round, delete=services.delete_round,
    default_sort="-sent_on", searchable=False, writable_by=_acts_for("draft__lead_unit"),
    actions=(
        Action("close", "legal.change_consultationround", services.close_round,
               form=f.CloseRoundForm, done_message=_("Round closed."),
               label=_("Close the round"), offered=lambda obj: obj.closed_on is None),
    ),
))

instruments = register(Resource(
    model=LegalInstrument, slug="instruments",
    columns=[Column("number", link=True), Column("title", link=True), Column("kind"),
             Column("authority"), Column("issued_on"), Column("effective_from"),
             Column("status", label=pgettext_lazy("legal", "Status")),
             Column("review_due_on"), Column("unit.code", label=_("Unit responsible"),
                                             sort="unit__code"),
             Column("classification")],
    detail_fields=["number", "kind", "title", "authority", "issued_on", "effective_from",
                   "status", "ended_on", "review_due_on", "unit", "draft", "notes",
                   "classification"],
    export_fields=["number", "kind", "title", "authority", "issued_on", "effective_from",
                   "status", "ended_on", "review_due_on", "unit.code", "notes",
                   "classification"],
    api_fields=["id", "number", "kind", "title", "authority", "issued_on", "effective_from",
                "status", "ended_on", "review_due_on", "unit_id", "draft_id", "notes",
                "classification"],
    filterset=flt.LegalInstrumentFilter, form=f.LegalInstrumentForm,
    create=services.create_instrument, update=services.update_instrument,
    delete=services.delete_instrument, default_sort="-issued_on",
    writable_by=_acts_for("unit"),
))
