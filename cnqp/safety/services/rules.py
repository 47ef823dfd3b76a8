"""The safety rules register: draft → in force → superseded (by the rule that replaces it) or
annulled; reviews move the review date on; briefings record that a unit was briefed. A rule
binds the unit that issued it and every unit under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.stored import create_with_files
from cnqp.core.uploads import check_upload, clean_name
from cnqp.documents.files import FILE_TYPES
from cnqp.safety.choices import RuleStatus
from cnqp.safety.models import RuleBriefing, SafetyRule, SafetyRuleFile
from cnqp.safety.services.common import check_acts_for, check_after, day, lock, required

MAX_FILES = 10


def create_rule(actor: User | None, *, number: str, title: str, kind: str, issuer: OrgUnit,
                issued_on: dt.date, effective_on: dt.date, coverage: str = "",
                review_due: dt.date | None = None, supersedes: SafetyRule | None = None,
                classification: int = 0) -> SafetyRule:
    check_acts_for(actor, issuer, "issuer")
    check_after(effective_on, issued_on, "effective_on",
                _("A rule takes effect on or after the day it is issued."))
    check_after(review_due, effective_on, "review_due",
                _("The review is due after the rule takes effect."))
    if supersedes is not None and supersedes.status != RuleStatus.IN_FORCE:
        raise ValidationError({"supersedes": _("Only a rule in force is superseded.")})
    return writes.create(actor, SafetyRule(
        number=number, title=title, kind=kind, issuer=issuer, issued_on=issued_on,
        effective_on=effective_on, coverage=coverage, review_due=review_due,
        supersedes=supersedes, classification=classification))


RULE_EDITABLE = frozenset({"title", "coverage", "review_due", "classification"})
RULE_EDITABLE_AS_DRAFT = RULE_EDITABLE | {"number", "kind", "issuer", "issued_on",
                                          "effective_on", "supersedes"}


def update_rule(actor: User | None, rule: SafetyRule, **data: Any) -> SafetyRule:
    changed = {k: v for k, v in data.items() if v != getattr(rule, k, None)}
    editable = RULE_EDITABLE_AS_DRAFT if rule.status == RuleStatus.DRAFT else RULE_EDITABLE
    fixed = sorted(set(changed) - editable)
    if fixed:
        raise ValidationError({name: _("Fixed once the rule is issued.") for name in fixed})
    if "issuer" in changed:
        check_acts_for(actor, changed["issuer"], "issuer")
    check_after(changed.get("effective_on", rule.effective_on),
                changed.get("issued_on", rule.issued_on), "effective_on",
                _("A rule takes effect on or after the day it is issued."))
    return writes.update(actor, rule, changed)


def delete_rule(actor: User | None, rule: SafetyRule) -> None:
    with transaction.atomic():
        if lock(rule).status != RuleStatus.DRAFT:
            raise ValidationError(_("Only a draft is deleted; an issued rule stays on record."))
        SafetyRuleFile.objects.filter(rule=rule).delete()  # a draft's files go with it
        writes.delete(actor, rule)


def issue_rule(actor: User | None, rule: SafetyRule) -> SafetyRule:
    """In force from its effective date; the rule it supersedes ends that day."""
    with transaction.atomic():
        rule = lock(rule)
        if rule.status != RuleStatus.DRAFT:
            raise ValidationError({"status": _("Only a draft is issued.")})
        check_acts_for(actor, rule.issuer, "issuer")
        if rule.supersedes is not None:
            old = lock(rule.supersedes)
            if old.status != RuleStatus.IN_FORCE:
                raise ValidationError({"supersedes": _("The rule it supersedes is no longer "
                                                       "in force.")})
            writes.update(actor, old, {"status": RuleStatus.SUPERSEDED,
                                       "ended_on": rule.effective_on})
        return writes.update(actor, rule, {"status": RuleStatus.IN_FORCE})


def annul_rule(actor: User | None, rule: SafetyRule, *, on_date: dt.date | None = None,
               reason: str) -> SafetyRule:
    when = day(on_date)
    required(reason, "reason")
    with transaction.atomic():
        rule = lock(rule)
        if rule.status != RuleStatus.IN_FORCE:
            raise ValidationError({"status": _("Only a rule in force is annulled.")})
        check_acts_for(actor, rule.issuer, "issuer")
        check_after(when, rule.effective_on, "on_date",
                    _("The date is before the rule took effect."))
        return writes.update(actor, rule, {"status": RuleStatus.ANNULLED, "ended_on": when,
                                           "end_reason": reason.strip()})


def review_rule(actor: User | None, rule: SafetyRule, *, on_date: dt.date | None = None,
                next_review: dt.date) -> SafetyRule:
    """Reviewed and kept: the next review date."""
    when = day(on_date)
    with transaction.atomic():
        rule = lock(rule)
        if rule.status != RuleStatus.IN_FORCE:
            raise ValidationError({"status": _("Only a rule in force is reviewed.")})
        check_acts_for(actor, rule.issuer, "issuer")
        check_after(next_review, when + dt.timedelta(days=1), "next_review",
                    _("The next review is after this one."))
        return writes.update(actor, rule, {"review_due": next_review})


def add_rule_files(actor: User | None, rule: SafetyRule, *,
                   files: Sequence[File]) -> list[SafetyRuleFile]:
    """The rule's text (PDF, Office files), checked before anything is written."""
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if rule.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(max)s files per rule.") % {
            "max": MAX_FILES}})
    checked = []
    for upload in files:
        name = clean_name(upload.name or "")
        kind = check_upload(name, upload, FILE_TYPES, settings.CNQP_MAX_UPLOAD_BYTES, "files")
        checked.append((name, upload, kind.content_type))
    uploader = actor if actor is not None and actor.pk else None
    return create_with_files(actor, [
        (SafetyRuleFile(rule=rule, original_name=name, content_type=content_type,
                        uploaded_by=uploader), name, upload)
        for name, upload, content_type in checked], settings.CNQP_MAX_UPLOAD_BYTES)


def record_briefing(actor: User | None, *, rule: SafetyRule, unit: OrgUnit, held_on: dt.date,
                    attendees: int, presenter: str, note: str = "") -> RuleBriefing:
    errors: dict[str, str] = {}
    if rule.status == RuleStatus.DRAFT:
        errors["rule"] = _("A draft is not briefed; issue it first.")
    elif held_on < rule.issued_on:
        errors["held_on"] = _("The briefing is before the rule was issued.")
    if not unit.path.startswith(rule.issuer.path):
        errors["unit"] = _("The rule does not bind this unit: it binds %(issuer)s and the units "
                           "under it.") % {"issuer": rule.issuer.name}
    if errors:
        raise ValidationError(errors)
    check_acts_for(actor, unit, "unit")
    day(held_on)
    return writes.create(actor, RuleBriefing(rule=rule, unit=unit, held_on=held_on,
                                             attendees=attendees, presenter=presenter,
                                             note=note))


def update_briefing(actor: User | None, briefing: RuleBriefing, **data: Any) -> RuleBriefing:
    changed = {k: v for k, v in data.items() if v != getattr(briefing, k, None)}
    for fixed in ("rule", "unit"):
        if fixed in changed:
            raise ValidationError({fixed: _("Record another briefing instead.")})
    if "held_on" in changed:
        day(changed["held_on"])
    return writes.update(actor, briefing, changed)


def delete_briefing(actor: User | None, briefing: RuleBriefing) -> None:
    writes.delete(actor, briefing)
