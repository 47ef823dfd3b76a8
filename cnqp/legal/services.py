"""Writing legal work: the drafts and their steps, the consultation rounds, the register.

A draft moves only forward through the stages (`record_step`): a step names a stage after the
draft's current one (skipping ahead is allowed: a decision or a guideline needs no appraisal),
dated on or after the previous step and not in the future. A draft starts with its proposal or
its drafting; a law, ordinance, decree or circular is issued only after a consultation step;
the issue step names the number as printed, fills `issued_number` and `issued_on` and files
the document in the register (`LegalInstrument`), in the same transaction. Each refusal is a
ValidationError naming the field, and nothing is written.

A consultation round is sent once the draft has started: at its proposal, a law's or decree's
proposal dossier is itself put to consultation (hồ sơ đề nghị xây dựng); from its drafting, the
text is, and the first such round records the draft's consultation step on the day it is sent.

The register's documents are in force from `effective_from` until `ended_on`: a replaced or
repealed document says from when, one in force has no end; its review is due five years after
it took effect unless a date is given. Whoever writes acts for the record's unit (the lead
unit, the unit responsible)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, check_not_future, lock, only
from cnqp.core.records.probes import check_not_probing, note_taken
from cnqp.core.text import clean_text, format_date, nfc
from cnqp.legal.choices import (
    CONSULTED_KINDS,
    FIRST_STAGES,
    IN_FORCE,
    InstrumentStatus,
    Stage,
)
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument

REVIEW_YEARS = 5  # a document's review is due this long after it took effect, by default

DRAFT_FIELDS = frozenset({"kind", "title", "authority", "plan_year", "deadline", "notes",
                          "classification"})
ROUND_FIELDS = frozenset({"sent_on", "responses_due", "units", "external_bodies",
                          "responses_received", "closed_on", "note"})
INSTRUMENT_FIELDS = frozenset({"number", "kind", "title", "authority", "issued_on",
                               "effective_from", "status", "ended_on", "review_due_on", "unit",
                               "notes", "classification"})


def normal_number(value: str | None) -> str:
    """A number and symbol as stored: composed (NFC), trimmed, in capitals as printed
    ("15/2021/tt-bqp" is 15/2021/TT-BQP), so that the register holds each number once whatever
    the case it was typed in, on SQLite as on PostgreSQL."""
    return clean_text(nfc(value or "")).upper()


def _changed(row: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != getattr(row, k, None)}


def _stage(value: int | None) -> str:
    return str(Stage(value).label) if value is not None else ""


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- drafts -------------------------------------------------------------------------------


def _check_draft(plan_year: int, deadline: dt.date | None) -> None:
    if deadline is not None and deadline.year != plan_year:
        raise ValidationError({"deadline": _("The deadline falls in the plan year "
                                             "%(year)s.") % {"year": plan_year}})


def create_draft(actor: User | None, *, kind: str, title: str, lead_unit: OrgUnit,
                 authority: str, plan_year: int, deadline: dt.date | None = None,
                 notes: str = "", classification: int = Classification.UNCLASSIFIED
                 ) -> LegalDraft:
    check_acts_for(actor, lead_unit, "lead_unit")
    _check_draft(plan_year, deadline)
    return writes.create(actor, LegalDraft(
        kind=kind, title=title, lead_unit=lead_unit, authority=authority, plan_year=plan_year,
        deadline=deadline, notes=notes or "", classification=classification))


def update_draft(actor: User | None, draft: LegalDraft, **data: Any) -> LegalDraft:
    """Its kind, title, authority, plan, notes and level; not its lead unit, and its stage
    only through its steps. Once issued, only its notes change: its kind and title are the
    register's, and its deadline, plan year, authority and level are what its past figures
    (issued on time or late) were counted by."""
    check_acts_for(actor, draft.lead_unit, "lead_unit")
    only(DRAFT_FIELDS, data)
    changed = _changed(draft, {k: ("" if v is None and k == "notes" else v)
                               for k, v in data.items()})
    if draft.issued_on is not None:
        frozen = sorted(set(changed) - {"notes"})
        if frozen:
            raise ValidationError({name: _("The document is issued: this no longer changes.")
                                   for name in frozen})
    _check_draft(changed.get("plan_year", draft.plan_year),
                 changed.get("deadline", draft.deadline))
    return writes.update(actor, draft, changed)


def delete_draft(actor: User | None, draft: LegalDraft) -> None:
    """With its steps and rounds; an issued draft stays (the register names it)."""
    check_acts_for(actor, draft.lead_unit, "lead_unit")
    if draft.issued_on is not None:
        raise ValidationError(_("The document is issued and in the register: it is not "
                                "deleted."))
    with transaction.atomic():
        for step in list(draft.steps.all()):
            writes.delete(actor, step)
        for consultation in list(draft.rounds.all()):
            writes.delete(actor, consultation)
        writes.delete(actor, draft)


def _check_step(draft: LegalDraft, stage: int, date: dt.date, issued_number: str) -> None:
    """The rules of a step, one field each (module docstring)."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    current = draft.current_stage
    if current is not None and stage <= current:
        raise ValidationError({"stage": _(
            "The stage %(stage)s must come after the current stage %(current)s.") % {
            "stage": _stage(stage), "current": _stage(current)}})
    if current is None and stage not in FIRST_STAGES:
        raise ValidationError({"stage": _(
            "A draft starts with its proposal or its drafting, not at %(stage)s.") % {
            "stage": _stage(stage)}})
    check_not_future(date, "date")
    if draft.stage_on is not None and date < draft.stage_on:
        raise ValidationError({"date": _(
            "The previous step (%(stage)s) is dated %(date)s: this one cannot be earlier.") % {
            "stage": _stage(current), "date": format_date(draft.stage_on)}})
    if stage == Stage.ISSUED:
        if not issued_number.strip():
            raise ValidationError({"issued_number": _("Give the number the document was "
                                                      "issued under.")})
        if (draft.kind in CONSULTED_KINDS
                and not draft.steps.filter(stage=Stage.CONSULTATION).exists()):
            raise ValidationError({"stage": _(
                "A %(kind)s is issued only after it has been put to consultation.") % {
                "kind": draft.get_kind_display()}})
    elif issued_number.strip():
        raise ValidationError({"issued_number": _("A number is given only when the document "
                                                  "is issued.")})


def _check_number_free(actor: User | None, number: str) -> None:
    """The number is not in the register yet. Checked before the step's transaction: a number
    taken by a document the writer may not see is audited as a probe (core/records/probes.py),
    and that entry must outlive the refusal; repeated probes refuse the writer for a while."""
    if actor is not None:
        check_not_probing(actor)
    if LegalInstrument.objects.filter(number=number).exists():
        if actor is not None:
            note_taken(actor, LegalInstrument, {"number": number})
        raise ValidationError({"issued_number": _("This number is already recorded.")})


def record_step(actor: User | None, draft: LegalDraft, *, stage: int, date: dt.date,
                decision: str = "", note: str = "", issued_number: str = "",
                effective_from: dt.date | None = None, review_due_on: dt.date | None = None
                ) -> DraftingStep:
    """The draft reaches `stage` on `date`. The issue step (`Stage.ISSUED`) names the number,
    and optionally when the document takes effect (default: the day it is issued) and when
    its review is due; it files the document in the register."""
    check_acts_for(actor, draft.lead_unit, "lead_unit")
    stage = int(stage)
    issued_number = normal_number(issued_number)
    if stage == Stage.ISSUED and issued_number:
        _check_number_free(actor, issued_number)
    with transaction.atomic():
        draft = lock(draft)
        _check_step(draft, stage, date, issued_number)
        step = writes.create(actor, DraftingStep(draft=draft, stage=stage, date=date,
                                                 decision=decision or "", note=note or ""))
        changes: dict[str, Any] = {"current_stage": stage, "stage_on": date}
        if draft.started_on is None:
            changes["started_on"] = date
        if stage == Stage.ISSUED:
            changes.update(issued_number=issued_number, issued_on=date)
        writes.update(actor, draft, changes)
        if stage == Stage.ISSUED:
            create_instrument(
                actor, number=issued_number, kind=draft.kind, title=draft.title,
                authority=draft.authority, issued_on=date,
                effective_from=effective_from or date, review_due_on=review_due_on,
                unit=draft.lead_unit, classification=draft.classification, draft=draft)
    return step


# --- consultation rounds ------------------------------------------------------------------


def _check_round(draft: LegalDraft, sent_on: dt.date, responses_due: dt.date | None,
                 closed_on: dt.date | None) -> None:
    check_not_future(sent_on, "sent_on")
    if draft.started_on is None:
        raise ValidationError({"draft": _("The draft has not started: record its proposal or "
                                          "its drafting first.")})
    if draft.issued_on is not None:
        raise ValidationError({"draft": _("The document is already issued.")})
    if sent_on < draft.started_on:
        raise ValidationError({"sent_on": _("The draft started on %(date)s: a round is sent "
                                            "no earlier.") % {
            "date": format_date(draft.started_on)}})
    if responses_due is not None and responses_due < sent_on:
        raise ValidationError({"responses_due": _("The responses are due after the round is "
                                                  "sent.")})
    if closed_on is not None:
        check_not_future(closed_on, "closed_on")
        if closed_on < sent_on:
            raise ValidationError({"closed_on": _("The round closes after it is sent.")})


def create_round(actor: User | None, *, draft: LegalDraft, sent_on: dt.date,
                 responses_due: dt.date | None = None, units: Any = (),
                 external_bodies: str = "", responses_received: int = 0,
                 closed_on: dt.date | None = None, note: str = "") -> ConsultationRound:
    """Round n+1 of the draft. Sent from the drafting on, the first round records the draft's
    consultation step on `sent_on` (which then may not precede the last step)."""
    check_acts_for(actor, draft.lead_unit, "draft")
    units = list(units or [])
    if not units and not (external_bodies or "").strip():
        raise ValidationError({"units": _("Name the units or the bodies consulted.")})
    with transaction.atomic():
        draft = lock(draft)
        _check_round(draft, sent_on, responses_due, closed_on)
        stage = draft.current_stage or Stage.PROPOSAL
        if stage == Stage.DRAFTING:
            record_step(actor, draft, stage=Stage.CONSULTATION, date=sent_on,
                        note=_("Round %(number)s sent.") % {"number": 1})
            draft.refresh_from_db()
            stage = Stage.CONSULTATION
        elif draft.stage_on is not None and sent_on < draft.stage_on:
            raise ValidationError({"sent_on": _(
                "The round was sent at the stage %(stage)s, reached on %(date)s: it is not "
                "dated before.") % {"stage": _stage(stage), "date": format_date(draft.stage_on)}})
        last = draft.rounds.order_by("-number").values_list("number", flat=True).first()
        row = ConsultationRound(
            draft=draft, number=(last or 0) + 1, stage=stage, sent_on=sent_on,
            responses_due=responses_due, external_bodies=external_bodies or "",
            responses_received=responses_received or 0, closed_on=closed_on, note=note or "")

        def related(saved: ConsultationRound) -> dict[str, Any]:
            saved.units.set(units)
            return {"units": sorted(unit.code for unit in units)}

        return writes.create(actor, row, related=related,
                             related_level=draft.classification)


def _step_dates(draft: LegalDraft) -> dict[int, dt.date]:
    return dict(draft.steps.values_list("stage", "date"))


def _recorded_consultation(row: ConsultationRound, steps: dict[int, dt.date]) -> bool:
    """Whether the round recorded its draft's consultation step (create_round): the first round
    at that stage, sent the day of the step."""
    if row.stage != Stage.CONSULTATION or steps.get(Stage.CONSULTATION) != row.sent_on:
        return False
    return not row.draft.rounds.filter(stage=Stage.CONSULTATION,
                                       number__lt=row.number).exists()


def _check_round_stage(row: ConsultationRound, sent_on: dt.date,
                       steps: dict[int, dt.date]) -> None:
    """A round is sent within its stage: not before the step that reached it, not after the
    step that left it."""
    reached = steps.get(row.stage)
    if reached is not None and sent_on < reached:
        raise ValidationError({"sent_on": _(
            "The round was sent at the stage %(stage)s, reached on %(date)s: it is not dated "
            "before.") % {"stage": _stage(row.stage), "date": format_date(reached)}})
    later = sorted((stage, day) for stage, day in steps.items() if stage > row.stage)
    if later and sent_on > later[0][1]:
        raise ValidationError({"sent_on": _(
            "The draft reached the stage %(stage)s on %(date)s: a round of the stage before "
            "is not dated after.") % {"stage": _stage(later[0][0]),
                                      "date": format_date(later[0][1])}})


def update_round(actor: User | None, row: ConsultationRound, **data: Any) -> ConsultationRound:
    """Its dates, whom it consulted and what came back; not its draft or number. Not once the
    document is issued; the round stays dated within its stage, and the round that recorded
    the draft's consultation step keeps that step's date."""
    check_acts_for(actor, row.draft.lead_unit, "draft")
    only(ROUND_FIELDS, data)
    units = data.pop("units", None)
    with transaction.atomic():
        draft = lock(row.draft)
        row = ConsultationRound.objects.select_related("draft").get(pk=row.pk)
        row.draft = draft
        if draft.issued_on is not None:
            raise ValidationError({"draft": _("The document is already issued.")})
        merged = {name: data.get(name, getattr(row, name))
                  for name in ("sent_on", "responses_due", "closed_on", "external_bodies")}
        before = sorted(row.units.values_list("code", flat=True))
        after = sorted(unit.code for unit in units) if units is not None else before
        if not after and not (merged["external_bodies"] or "").strip():
            raise ValidationError({"units": _("Name the units or the bodies consulted.")})
        check_not_future(merged["sent_on"], "sent_on")
        if merged["sent_on"] < (draft.started_on or merged["sent_on"]):
            raise ValidationError({"sent_on": _("The draft started on %(date)s: a round is "
                                                "sent no earlier.") % {
                "date": format_date(draft.started_on)}})
        steps = _step_dates(draft)
        if merged["sent_on"] != row.sent_on and _recorded_consultation(row, steps):
            raise ValidationError({"sent_on": _(
                "This round recorded the draft's consultation step on %(date)s: it keeps that "
                "date.") % {"date": format_date(row.sent_on)}})
        if merged["sent_on"] != row.sent_on:
            _check_round_stage(row, merged["sent_on"], steps)
        if merged["responses_due"] is not None and merged["responses_due"] < merged["sent_on"]:
            raise ValidationError({"responses_due": _("The responses are due after the round "
                                                      "is sent.")})
        if merged["closed_on"] is not None:
            check_not_future(merged["closed_on"], "closed_on")
            if merged["closed_on"] < merged["sent_on"]:
                raise ValidationError({"closed_on": _("The round closes after it is sent.")})
        changed = _changed(row, {k: ("" if v is None and k in ("external_bodies", "note")
                                     else v) for k, v in data.items()})
        writes.update(actor, row, changed)
        if units is not None and after != before:
            row.units.set(list(units))
            audit.record(AuditAction.UPDATE, actor=actor, obj=row,
                         changes={"units": [before, after]})
    return row


def close_round(actor: User | None, row: ConsultationRound, *, closed_on: dt.date,
                responses_received: int) -> ConsultationRound:
    """The round's answers are in: how many, and when it closed."""
    return update_round(actor, row, closed_on=closed_on, responses_received=responses_received)


def delete_round(actor: User | None, row: ConsultationRound) -> None:
    """Not once the document is issued, nor the round that recorded the consultation step."""
    check_acts_for(actor, row.draft.lead_unit, "draft")
    with transaction.atomic():
        draft = lock(row.draft)
        row = ConsultationRound.objects.get(pk=row.pk)
        row.draft = draft
        if draft.issued_on is not None:
            raise ValidationError(_("The document is already issued."))
        if _recorded_consultation(row, _step_dates(draft)):
            raise ValidationError(_("This round recorded the draft's consultation step: it is "
                                    "not deleted."))
        writes.delete(actor, row)


# --- the register -------------------------------------------------------------------------


def _check_instrument(row: LegalInstrument) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if isinstance(row.issued_on, dt.date) and row.issued_on > today:
        errors["issued_on"] = _("The date cannot be in the future.")
    if (isinstance(row.issued_on, dt.date) and isinstance(row.effective_from, dt.date)
            and row.effective_from < row.issued_on):
        errors["effective_from"] = _("A document takes effect on or after the day it is "
                                     "issued.")
    ended = row.status not in IN_FORCE
    if ended and row.ended_on is None:
        errors["ended_on"] = _("Say from when a replaced or repealed document is no longer in "
                               "force.")
    elif not ended and row.ended_on is not None:
        errors["ended_on"] = _("A document in force has no end: leave this empty.")
    elif (row.ended_on is not None and isinstance(row.effective_from, dt.date)
          and row.ended_on < row.effective_from):
        errors["ended_on"] = _("It ends after it took effect.")
    elif row.ended_on is not None and row.ended_on > today:
        errors["ended_on"] = _("The date cannot be in the future.")
    if (row.review_due_on is not None and isinstance(row.effective_from, dt.date)
            and row.review_due_on < row.effective_from):
        errors["review_due_on"] = _("A review falls after the document took effect.")
    if errors:
        raise ValidationError(errors)


def create_instrument(actor: User | None, *, number: str, kind: str, title: str,
                      authority: str, issued_on: dt.date, effective_from: dt.date | None = None,
                      status: str = InstrumentStatus.IN_FORCE, ended_on: dt.date | None = None,
                      review_due_on: dt.date | None = None, unit: OrgUnit, notes: str = "",
                      classification: int = Classification.UNCLASSIFIED,
                      draft: LegalDraft | None = None) -> LegalInstrument:
    check_acts_for(actor, unit, "unit")
    effective_from = effective_from or issued_on
    row = LegalInstrument(
        number=normal_number(number), kind=kind, title=title, authority=authority,
        issued_on=issued_on,
        effective_from=effective_from, status=status, ended_on=ended_on,
        review_due_on=review_due_on or (years_after(effective_from, REVIEW_YEARS)
                                        if isinstance(effective_from, dt.date) else None),
        unit=unit, notes=notes or "", classification=classification, draft=draft)
    _check_instrument(row)
    return writes.create(actor, row)


def update_instrument(actor: User | None, row: LegalInstrument, **data: Any) -> LegalInstrument:
    """Any of its fields (its status as it is amended, replaced or repealed); the unit
    responsible changes to one the writer acts for too. One filed by its draft keeps its
    number, kind and title (the draft's)."""
    check_acts_for(actor, row.unit, "unit")
    only(INSTRUMENT_FIELDS, data)
    if "unit" in data:
        check_acts_for(actor, data["unit"], "unit")
    if "number" in data:
        data["number"] = normal_number(data["number"])
    changed = _changed(row, {k: ("" if v is None and k == "notes" else v)
                             for k, v in data.items()})
    if row.draft_id is not None:
        for name in ("number", "kind", "title"):
            if name in changed:
                raise ValidationError({name: _("The document was issued from its draft: this "
                                               "changes only there.")})
    probe = LegalInstrument(**{**{f.attname: getattr(row, f.attname)
                                  for f in row._meta.concrete_fields}, **changed})
    _check_instrument(probe)
    return writes.update(actor, row, changed)


def delete_instrument(actor: User | None, row: LegalInstrument) -> None:
    check_acts_for(actor, row.unit, "unit")
    if row.draft_id is not None:
        raise ValidationError(_("The document was issued from a draft: mark it replaced or "
                                "repealed instead."))
    writes.delete(actor, row)
