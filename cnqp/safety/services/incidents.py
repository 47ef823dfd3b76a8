"""Incidents: reported → under investigation → concluded → closed. The counts of people are
kept from the casualties, and the severity suggested from the dated scale, in the transaction
that changes them; a person confirms the severity, with a reason when it is not the one
suggested. The statutory summary reads the conclusions (labour accident, cause, factor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.documents.models import ProductType
from cnqp.production.models import PlanItem
from cnqp.quality.models import CorrectiveAction
from cnqp.research.models import ResearchProject
from cnqp.safety.choices import IncidentStatus, Outcome
from cnqp.safety.models import (
    DAMAGE_FIELDS,
    Casualty,
    CauseCode,
    Incident,
    IncidentKind,
    InjuryFactor,
    SafetyAsset,
    SeverityClass,
)
from cnqp.safety.models.reference import valid_on_q
from cnqp.safety.services.actions import open_actions, open_safety_action
from cnqp.safety.services.common import check_acts_for, check_after, day, lock, next_code, required

S = IncidentStatus


def suggest_severity(on: dt.date, *, deaths: int, serious: int,
                     damage: int) -> SeverityClass | None:
    """The most serious class of the scale in force on `on` whose criteria the figures meet."""
    for severity in SeverityClass.objects.filter(valid_on_q(on)).order_by("rank", "code"):
        if severity.met_by(deaths=deaths, serious=serious, damage=damage):
            return severity
    return None


def _recount(actor: User | None, incident: Incident) -> Incident:
    """The people counts from the casualties, and the suggestion that follows from them."""
    counts = incident.casualties.aggregate(
        deaths=Count("pk", filter=Q(outcome=Outcome.DEATH)),
        serious_injuries=Count("pk", filter=Q(outcome=Outcome.SERIOUS)),
        minor_injuries=Count("pk", filter=Q(outcome=Outcome.MINOR)),
        days_off=Sum("days_off", default=0))
    suggestion = suggest_severity(incident.occurred_at.date(), deaths=counts["deaths"],
                                  serious=counts["serious_injuries"],
                                  damage=incident.damage_total)
    changed = {k: v for k, v in {**counts, "suggested_severity": suggestion}.items()
               if getattr(incident, k) != v}
    return writes.update(actor, incident, changed) if changed else incident


def _check_incident(unit: OrgUnit, kind: IncidentKind, occurred_at: dt.datetime,
                    asset: SafetyAsset | None) -> None:
    errors: dict[str, str] = {}
    when = timezone.localtime(occurred_at).date() if timezone.is_aware(occurred_at) \
        else occurred_at.date()
    if occurred_at > timezone.now():
        errors["occurred_at"] = _("The date cannot be in the future.")
    if not kind.valid_on(when):
        errors["kind"] = _("This kind of incident was not in use on %(date)s.") % {
            "date": when.strftime("%d/%m/%Y")}
    if asset is not None and not asset.unit.path.startswith(unit.path):
        errors["asset"] = _("The asset is another unit's.")
    if errors:
        raise ValidationError(errors)


def record_incident(actor: User | None, *, kind: IncidentKind, title: str,
                    occurred_at: dt.datetime, unit: OrgUnit, activity: str, description: str,
                    site: str = "", asset: SafetyAsset | None = None,
                    product_type: ProductType | None = None,
                    research_project: ResearchProject | None = None,
                    plan_item: PlanItem | None = None, immediate_action: str = "",
                    damage_property: int = 0, damage_medical: int = 0, damage_wages: int = 0,
                    damage_compensation: int = 0, damage_other: int = 0,
                    classification: int = 0) -> Incident:
    check_acts_for(actor, unit, "unit")
    _check_incident(unit, kind, occurred_at, asset)
    with transaction.atomic():
        incident = writes.create(actor, Incident(
            code=next_code(Incident, "SC", timezone.localtime(occurred_at).year), kind=kind,
            title=title, occurred_at=occurred_at, unit=unit, activity=activity,
            description=description, site=site, asset=asset, product_type=product_type,
            research_project=research_project, plan_item=plan_item,
            immediate_action=immediate_action, damage_property=damage_property,
            damage_medical=damage_medical, damage_wages=damage_wages,
            damage_compensation=damage_compensation, damage_other=damage_other,
            classification=classification))
        return _recount(actor, incident)


INCIDENT_EDITABLE = frozenset({"kind", "title", "occurred_at", "site", "activity", "asset",
                               "product_type", "research_project", "plan_item", "description",
                               "immediate_action", "classification", *DAMAGE_FIELDS})


def update_incident(actor: User | None, incident: Incident, **data: Any) -> Incident:
    changed = {k: v for k, v in data.items() if v != getattr(incident, k, None)}
    fixed = sorted(set(changed) - INCIDENT_EDITABLE)
    if fixed:
        raise ValidationError({name: _("Fixed once the incident is recorded.")
                               for name in fixed})
    if incident.status == S.CLOSED:
        raise ValidationError(_("A closed incident no longer changes."))
    _check_incident(incident.unit, changed.get("kind", incident.kind),
                    changed.get("occurred_at", incident.occurred_at),
                    changed.get("asset", incident.asset))
    with transaction.atomic():
        incident = writes.update(actor, lock(incident), changed)
        return _recount(actor, incident)


def delete_incident(actor: User | None, incident: Incident) -> None:
    with transaction.atomic():
        incident = lock(incident)
        if incident.status != S.REPORTED:
            raise ValidationError(_("Only an incident not yet investigated is deleted."))
        for casualty in incident.casualties.all():
            writes.delete(actor, casualty)
        writes.delete(actor, incident)


# --- casualties --------------------------------------------------------------------------------


def _open(incident: Incident) -> Incident:
    incident = lock(incident)
    if incident.status == S.CLOSED:
        raise ValidationError({"incident": _("The incident is closed.")})
    return incident


def add_casualty(actor: User | None, *, incident: Incident, outcome: str, name: str = "",
                 sex: str = "unknown", birth_year: int | None = None, occupation: str = "",
                 years_in_job: int | None = None, trained: bool | None = None,
                 under_management: bool = True, days_off: int = 0,
                 injury: str = "") -> Casualty:
    if outcome == Outcome.DEATH and days_off:
        raise ValidationError({"days_off": _("A death has no days off work.")})
    with transaction.atomic():
        incident = _open(incident)
        check_acts_for(actor, incident.unit, "incident")
        casualty = writes.create(actor, Casualty(
            incident=incident, outcome=outcome, name=name, sex=sex, birth_year=birth_year,
            occupation=occupation, years_in_job=years_in_job, trained=trained,
            under_management=under_management, days_off=days_off, injury=injury))
        _recount(actor, incident)
        return casualty


def update_casualty(actor: User | None, casualty: Casualty, **data: Any) -> Casualty:
    changed = {k: v for k, v in data.items() if v != getattr(casualty, k, None)}
    if "incident" in changed:
        raise ValidationError({"incident": _("Record the person under the other incident.")})
    if changed.get("outcome", casualty.outcome) == Outcome.DEATH and changed.get(
            "days_off", casualty.days_off):
        raise ValidationError({"days_off": _("A death has no days off work.")})
    with transaction.atomic():
        incident = _open(casualty.incident)
        casualty = writes.update(actor, casualty, changed)
        _recount(actor, incident)
        return casualty


def delete_casualty(actor: User | None, casualty: Casualty) -> None:
    with transaction.atomic():
        incident = _open(casualty.incident)
        writes.delete(actor, casualty)
        _recount(actor, incident)


# --- severity and investigation ----------------------------------------------------------------


def confirm_severity(actor: User | None, incident: Incident, *, severity: SeverityClass,
                     reason: str = "") -> Incident:
    """A person settles the severity: the suggestion, or another class with the reason."""
    with transaction.atomic():
        incident = _open(incident)
        if not severity.valid_on(timezone.localtime(incident.occurred_at).date()):
            raise ValidationError({"severity": _("This class was not in the scale on the day of "
                                                 "the incident.")})
        if severity.pk != incident.suggested_severity_id and not reason.strip():
            raise ValidationError({"reason": _(
                "The class differs from the one the criteria suggest (%(suggested)s): say "
                "why.") % {"suggested": incident.suggested_severity or "—"}})
        return writes.update(actor, incident, {
            "severity": severity, "severity_reason": reason.strip(),
            "severity_confirmed_by": actor if actor is not None and actor.pk else None})


def open_investigation(actor: User | None, incident: Incident, *,
                       on_date: dt.date | None = None, level: str, team: str) -> Incident:
    when = day(on_date)
    required(team, "team")
    with transaction.atomic():
        incident = lock(incident)
        if incident.status != S.REPORTED:
            raise ValidationError({"status": _("The investigation is already open.")})
        check_after(when, timezone.localtime(incident.occurred_at).date(), "on_date",
                    _("The investigation opens after the incident."))
        return writes.update(actor, incident, {
            "status": S.INVESTIGATING, "investigation_level": level,
            "investigation_team": team.strip(), "investigation_started_on": when})


def conclude_incident(actor: User | None, incident: Incident, *,
                      on_date: dt.date | None = None, conclusion: str, work_accident: bool,
                      cause: CauseCode | None = None, injury_factor: InjuryFactor | None = None,
                      article39_allowance: bool = False,
                      persons_at_fault: str = "") -> Incident:
    when = day(on_date)
    required(conclusion, "conclusion")
    with transaction.atomic():
        incident = lock(incident)
        errors: dict[str, str] = {}
        if incident.status != S.INVESTIGATING:
            errors["status"] = _("An incident is concluded after its investigation.")
        elif incident.severity_id is None:
            errors["severity"] = _("Confirm the severity before concluding.")
        if work_accident and cause is None:
            errors["cause"] = _("A labour accident is counted by its main cause: choose it.")
        if article39_allowance and not work_accident:
            errors["article39_allowance"] = _("The allowance is for a labour accident.")
        if errors:
            raise ValidationError(errors)
        check_after(when, incident.investigation_started_on, "on_date",
                    _("The conclusion is dated before the investigation opened."))
        return writes.update(actor, incident, {
            "status": S.CONCLUDED, "concluded_on": when, "conclusion": conclusion.strip(),
            "work_accident": work_accident, "cause": cause, "injury_factor": injury_factor,
            "article39_allowance": article39_allowance,
            "persons_at_fault": persons_at_fault.strip()})


def close_incident(actor: User | None, incident: Incident, *,
                   on_date: dt.date | None = None) -> Incident:
    when = day(on_date)
    with transaction.atomic():
        incident = lock(incident)
        if incident.status != S.CONCLUDED:
            raise ValidationError({"status": _("An incident is closed once concluded.")})
        pending = open_actions(incident)
        if pending:
            raise ValidationError({"status": _(
                "%(count)s of its corrective actions are not closed yet.") % {"count": pending}})
        check_after(when, incident.concluded_on, "on_date",
                    _("The closing date is before the conclusion."))
        return writes.update(actor, incident, {"status": S.CLOSED, "closed_on": when})


def open_incident_action(actor: User | None, incident: Incident, *, title: str,
                         owner_unit: OrgUnit, due_date: dt.date, owner: User | None = None,
                         description: str = "") -> CorrectiveAction:
    with transaction.atomic():
        incident = _open(incident)
        check_acts_for(actor, incident.unit, "unit")
        return open_safety_action(actor, incident,
                                  raised_on=timezone.localtime(incident.occurred_at).date(),
                                  title=title, owner_unit=owner_unit, due_date=due_date,
                                  owner=owner, description=description)
