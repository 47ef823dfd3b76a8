"""Review campaigns, their visits and checklists, and findings: open → in remediation →
claimed fixed → closed by the verification of a unit other than the owner (a failed
verification sends it back to remediation). A finding still open when a later campaign covers
its unit is carried into it: a new finding continuing the old one, which keeps its history and
where the chain was first found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction, NotificationLevel
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records import writes
from cnqp.quality.choices import ActionStatus
from cnqp.quality.models import CorrectiveAction
from cnqp.safety.choices import FindingStatus
from cnqp.safety.models import (
    OPEN_FINDING,
    ActionOrigin,
    ChecklistCriterion,
    Finding,
    ReviewCampaign,
    ReviewVisit,
    SafetyAsset,
    SafetyPlan,
    SafetyRule,
    VisitAnswer,
)
from cnqp.safety.services.actions import open_actions, open_safety_action
from cnqp.safety.services.common import (
    check_acts_for,
    check_after,
    day,
    lock,
    next_code,
    outside_unit,
    required,
)

F = FindingStatus


# --- campaigns and visits ----------------------------------------------------------------------


def create_campaign(actor: User | None, *, code: str, name: str, kind: str, year: int,
                    lead_unit: OrgUnit, units: Sequence[OrgUnit], start_on: dt.date,
                    end_on: dt.date, decision_number: str = "",
                    classification: int = 0) -> ReviewCampaign:
    check_acts_for(actor, lead_unit, "lead_unit")
    check_after(end_on, start_on, "end_on", _("The campaign ends before it starts."))
    if not units:
        raise ValidationError({"units": _("Name the units the campaign covers.")})
    campaign = ReviewCampaign(code=code, name=name, kind=kind, year=year, lead_unit=lead_unit,
                              start_on=start_on, end_on=end_on, decision_number=decision_number,
                              classification=classification)

    def covered(saved: ReviewCampaign) -> dict[str, Any]:
        saved.units.set(units)
        return {"units": sorted(u.code for u in units)}

    return writes.create(actor, campaign, related=covered)


def update_campaign(actor: User | None, campaign: ReviewCampaign,
                    **data: Any) -> ReviewCampaign:
    units = data.pop("units", None)
    changed = {k: v for k, v in data.items() if v != getattr(campaign, k, None)}
    if "lead_unit" in changed:
        check_acts_for(actor, changed["lead_unit"], "lead_unit")
    check_after(changed.get("end_on", campaign.end_on),
                changed.get("start_on", campaign.start_on), "end_on",
                _("The campaign ends before it starts."))
    with transaction.atomic():
        campaign = writes.update(actor, campaign, changed)
        if units is not None:
            before = sorted(campaign.units.values_list("code", flat=True))
            after = sorted(u.code for u in units)
            if not units:
                raise ValidationError({"units": _("Name the units the campaign covers.")})
            if before != after:
                visited = set(campaign.visits.values_list("unit__code", flat=True))
                dropped = sorted(visited - set(after))
                if dropped:
                    raise ValidationError({"units": _(
                        "Units already visited stay covered: %(units)s.") % {
                        "units": ", ".join(dropped)}})
                campaign.units.set(units)
                audit.record(AuditAction.UPDATE, actor=actor, obj=campaign,
                             changes={"units": [before, after]})
        return campaign


def delete_campaign(actor: User | None, campaign: ReviewCampaign) -> None:
    with transaction.atomic():
        campaign.units.clear()
        writes.delete(actor, campaign)  # refused once it has visits or findings


def covered_paths(campaign: ReviewCampaign) -> list[str]:
    return list(campaign.units.values_list("path", flat=True))


def covers(campaign: ReviewCampaign, unit: OrgUnit, paths: list[str] | None = None) -> bool:
    """Whether the campaign covers `unit`: named, or under a unit it names."""
    return any(unit.path.startswith(path)
               for path in (covered_paths(campaign) if paths is None else paths))


def record_visit(actor: User | None, *, campaign: ReviewCampaign, unit: OrgUnit,
                 visited_on: dt.date, team: str, summary: str = "") -> ReviewVisit:
    errors: dict[str, str] = {}
    if not covers(campaign, unit):
        errors["unit"] = _("The campaign does not cover this unit.")
    if not campaign.start_on <= visited_on <= campaign.end_on:
        errors["visited_on"] = _("The visit is outside the campaign's dates (%(start)s to "
                                 "%(end)s).") % {"start": campaign.start_on.strftime("%d/%m/%Y"),
                                                 "end": campaign.end_on.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    day(visited_on)
    check_acts_for(actor, campaign.lead_unit, "campaign")
    return writes.create(actor, ReviewVisit(campaign=campaign, unit=unit, visited_on=visited_on,
                                            team=team, summary=summary))


def update_visit(actor: User | None, visit: ReviewVisit, **data: Any) -> ReviewVisit:
    changed = {k: v for k, v in data.items() if v != getattr(visit, k, None)}
    for fixed in ("campaign", "unit"):
        if fixed in changed:
            raise ValidationError({fixed: _("Record another visit instead.")})
    if "visited_on" in changed:
        day(changed["visited_on"])
    return writes.update(actor, visit, changed)


def delete_visit(actor: User | None, visit: ReviewVisit) -> None:
    with transaction.atomic():
        VisitAnswer.objects.filter(visit=visit).delete()
        writes.delete(actor, visit)  # refused once findings name it


def answer_criterion(actor: User | None, visit: ReviewVisit, *, criterion: ChecklistCriterion,
                     answer: str, note: str = "") -> VisitAnswer:
    """The answer to one criterion, its text kept as asked; answering again replaces it."""
    if not criterion.valid_on(visit.visited_on):
        raise ValidationError({"criterion": _("The criterion was not in force on the day of the "
                                              "visit.")})
    check_acts_for(actor, visit.campaign.lead_unit, "visit")
    with transaction.atomic():
        existing = VisitAnswer.objects.filter(visit=visit,
                                              criterion_code=criterion.code).first()
        if existing is not None:
            return writes.update(actor, existing, {"answer": answer, "note": note})
        return writes.create(actor, VisitAnswer(
            visit=visit, criterion=criterion, criterion_code=criterion.code,
            criterion_text=criterion.text, answer=answer, note=note))


# --- findings ----------------------------------------------------------------------------------


def _assigned(finding: Finding, carried: bool = False) -> Notice:
    title = (_("Finding %(code)s carried into %(campaign)s") if carried
             else _("Finding %(code)s assigned to your unit")) % {
        "code": finding.code, "campaign": finding.campaign.code if finding.campaign else ""}
    return Notice(unit=finding.unit, title=title,
                  text=_("%(title)s. Due %(due)s.") % {
                      "title": finding.title, "due": finding.due_date.strftime("%d/%m/%Y")},
                  link=reverse("safety:findings-detail", args=[finding.pk]),
                  level=NotificationLevel.WARNING, classification=finding.classification)


def _check_links(unit: OrgUnit, asset: SafetyAsset | None, plan: SafetyPlan | None,
                 rule: SafetyRule | None) -> None:
    errors = {}
    if asset is not None and not asset.unit.path.startswith(unit.path):
        errors["asset"] = _("The asset is another unit's.")
    if plan is not None and not plan.unit.path.startswith(unit.path):
        errors["plan"] = _("The plan is another unit's.")
    if rule is not None and not unit.path.startswith(rule.issuer.path):
        errors["rule"] = _("The rule does not bind this unit.")
    if errors:
        raise ValidationError(errors)


def create_finding(actor: User | None, *, unit: OrgUnit, title: str, severity: str,
                   found_on: dt.date, due_date: dt.date, description: str = "",
                   campaign: ReviewCampaign | None = None, visit: ReviewVisit | None = None,
                   asset: SafetyAsset | None = None, plan: SafetyPlan | None = None,
                   rule: SafetyRule | None = None, classification: int = 0) -> Finding:
    """A finding of a visit (its campaign and unit), of a campaign, or of another check; the
    unit responsible is told."""
    errors: dict[str, str] = {}
    if visit is not None:
        if campaign is not None and campaign.pk != visit.campaign_id:
            errors["visit"] = _("The visit is of another campaign.")
        campaign = visit.campaign
        if unit.pk != visit.unit_id and not unit.path.startswith(visit.unit.path):
            errors["unit"] = _("The visit was to another unit.")
    if campaign is not None and not covers(campaign, unit):
        errors.setdefault("unit", _("The campaign does not cover this unit."))
    if due_date < found_on:
        errors["due_date"] = _("The due date is before the finding.")
    if errors:
        raise ValidationError(errors)
    day(found_on)
    _check_links(unit, asset, plan, rule)
    if campaign is not None:
        check_acts_for(actor, campaign.lead_unit, "campaign")
    else:
        check_acts_for(actor, unit, "unit")
    with transaction.atomic():
        finding = writes.create(actor, Finding(
            code=next_code(Finding, "TT", found_on.year), unit=unit, title=title,
            severity=severity, found_on=found_on, due_date=due_date, description=description,
            campaign=campaign, visit=visit, asset=asset, plan=plan, rule=rule,
            first_found_in=campaign, first_found_on=found_on, classification=classification))
        send_notifications(actor, [_assigned(finding)])
        return finding


FINDING_EDITABLE = frozenset({"title", "description", "severity", "due_date", "asset", "plan",
                              "rule", "classification"})


def update_finding(actor: User | None, finding: Finding, **data: Any) -> Finding:
    changed = {k: v for k, v in data.items() if v != getattr(finding, k, None)}
    fixed = sorted(set(changed) - FINDING_EDITABLE)
    if fixed:
        raise ValidationError({name: _("Fixed once the finding is recorded.") for name in fixed})
    if finding.status not in OPEN_FINDING:
        raise ValidationError(_("A closed or carried-over finding no longer changes."))
    if "due_date" in changed and changed["due_date"] < finding.found_on:
        raise ValidationError({"due_date": _("The due date is before the finding.")})
    _check_links(finding.unit, changed.get("asset", finding.asset),
                 changed.get("plan", finding.plan), changed.get("rule", finding.rule))
    return writes.update(actor, finding, changed)


def delete_finding(actor: User | None, finding: Finding) -> None:
    with transaction.atomic():
        finding = lock(finding)
        if finding.status != F.OPEN or finding.carried_over_from_id is not None:
            raise ValidationError(_("Only a new finding is deleted; one being remedied stays on "
                                    "record."))
        writes.delete(actor, finding)


def _step(finding: Finding, allowed: tuple[str, ...], verb: str) -> Finding:
    finding = lock(finding)
    if finding.status not in allowed:
        raise ValidationError({"status": _(
            "Finding %(code)s is %(status)s: it cannot be %(verb)s.") % {
            "code": finding.code, "status": finding.get_status_display().lower(),
            "verb": verb}})
    return finding


def start_remediation(actor: User | None, finding: Finding) -> Finding:
    with transaction.atomic():
        finding = _step(finding, (F.OPEN,), _("started on"))
        check_acts_for(actor, finding.unit, "unit")
        return writes.update(actor, finding, {"status": F.IN_REMEDIATION})


def claim_fixed(actor: User | None, finding: Finding, *, on_date: dt.date | None = None,
                note: str) -> Finding:
    """The unit responsible says it is fixed and what it did; its actions closed first."""
    when = day(on_date)
    required(note, "note")
    with transaction.atomic():
        finding = _step(finding, (F.OPEN, F.IN_REMEDIATION), _("claimed fixed"))
        check_acts_for(actor, finding.unit, "unit")
        check_after(when, finding.found_on, "on_date", _("The date is before the finding."))
        pending = open_actions(finding)
        if pending:
            raise ValidationError({"status": _(
                "%(count)s of its corrective actions are not closed yet.") % {"count": pending}})
        return writes.update(actor, finding, {"status": F.CLAIMED_FIXED, "claimed_on": when,
                                              "claim_note": note.strip()})


def verify_finding(actor: User | None, finding: Finding, *, on_date: dt.date | None = None,
                   accepted: bool, note: str) -> Finding:
    """Closed only by this verification, by a unit other than the one responsible; a fix not
    accepted goes back to remediation."""
    when = day(on_date)
    required(note, "note")
    with transaction.atomic():
        finding = _step(finding, (F.CLAIMED_FIXED,), _("verified"))
        if actor is not None and not outside_unit(actor, finding.unit):
            raise ValidationError({"verified_by": _(
                "The unit responsible for a finding does not verify its own fix: another unit "
                "does.")})
        check_after(when, finding.claimed_on, "on_date",
                    _("The verification is dated before the fix was claimed."))
        verifier = actor if actor is not None and actor.pk else None
        if not accepted:
            return writes.update(actor, finding, {
                "status": F.IN_REMEDIATION, "claimed_on": None,
                "verification_note": note.strip(), "verified_by": verifier,
                "verifier_unit": verifier.org_unit if verifier else None})
        return writes.update(actor, finding, {
            "status": F.CLOSED, "closed_on": when, "verification_note": note.strip(),
            "verified_by": verifier, "verifier_unit": verifier.org_unit if verifier else None})


def carry_over(actor: User | None, finding: Finding, *, campaign: ReviewCampaign,
               due_date: dt.date | None = None) -> Finding:
    """Into a later campaign that covers its unit: a new finding continuing this one (same
    unit, title and links, first found where this chain was), this one marked carried over.
    Its open actions follow it."""
    with transaction.atomic():
        finding = _step(finding, OPEN_FINDING, _("carried over"))
        errors: dict[str, str] = {}
        if finding.campaign is not None and campaign.start_on <= finding.campaign.start_on:
            errors["campaign"] = _("A finding is carried into a later campaign.")
        elif not covers(campaign, finding.unit):
            errors["campaign"] = _("The campaign does not cover the unit responsible.")
        if errors:
            raise ValidationError(errors)
        check_acts_for(actor, campaign.lead_unit, "campaign")
        found_on = max(campaign.start_on, finding.found_on)
        successor = writes.create(actor, Finding(
            code=next_code(Finding, "TT", found_on.year), unit=finding.unit,
            title=finding.title, description=finding.description, severity=finding.severity,
            found_on=found_on, due_date=max(due_date or finding.due_date, found_on),
            campaign=campaign, asset=finding.asset, plan=finding.plan, rule=finding.rule,
            status=F.IN_REMEDIATION if finding.status != F.OPEN else F.OPEN,
            carried_over_from=finding, first_found_in=finding.first_found_in,
            first_found_on=finding.first_found_on, classification=finding.classification))
        writes.update(actor, finding, {"status": F.CARRIED_OVER})
        for link in ActionOrigin.objects.filter(finding=finding).exclude(
                action__status=ActionStatus.CLOSED):
            writes.update(actor, link, {"finding": successor})
        send_notifications(actor, [_assigned(successor, carried=True)])
        return successor


def carry_over_open(actor: User | None, campaign: ReviewCampaign) -> list[Finding]:
    """Every finding still open in the units the campaign covers, from earlier campaigns."""
    earlier = (Finding.objects.filter(status__in=OPEN_FINDING,
                                      campaign__start_on__lt=campaign.start_on)
               .select_related("unit", "campaign").order_by("code"))
    paths = covered_paths(campaign)
    return [carry_over(actor, f, campaign=campaign) for f in earlier
            if covers(campaign, f.unit, paths)]


def open_finding_action(actor: User | None, finding: Finding, *, title: str,
                        owner_unit: OrgUnit, due_date: dt.date, owner: User | None = None,
                        description: str = "") -> CorrectiveAction:
    with transaction.atomic():
        finding = _step(finding, (F.OPEN, F.IN_REMEDIATION), _("given an action"))
        check_acts_for(actor, finding.unit, "unit")
        action = open_safety_action(actor, finding, raised_on=finding.found_on, title=title,
                                    owner_unit=owner_unit, due_date=due_date, owner=owner,
                                    description=description)
        if finding.status == F.OPEN:
            writes.update(actor, finding, {"status": F.IN_REMEDIATION})
        return action
