"""The cards of safety's record pages (cnqp/core/records/panels.py): what hangs off a record
(an asset's regimes and inspections, an incident's casualties and actions, a finding's history
across campaigns...), and on quality's corrective actions the finding or incident they were
raised from. Each card lists only what the user may see, as the lists do."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.records.panels import RecordPanel, related_panel
from cnqp.quality.models import CorrectiveAction
from cnqp.quality.resources import actions as corrective_actions
from cnqp.safety import resources as r
from cnqp.safety.models import (
    ActionOrigin,
    Finding,
    Incident,
    ReviewCampaign,
    ReviewVisit,
    SafetyAsset,
    SafetyPlan,
    SafetyRule,
    TrainingSession,
)
from cnqp.safety.selectors import asset_state_on


def panels(user: User, obj: Any) -> list[RecordPanel]:
    maker = _PANELS.get(type(obj))
    return maker(user, obj) if maker is not None else []


def _asset(user: User, asset: SafetyAsset) -> list[RecordPanel]:
    today = timezone.localdate()
    states = asset_state_on(asset, today)
    return [
        RecordPanel(_("Inspection regimes today"), "safety/panels/regimes.html",
                    {"states": states, "today": today},
                    alert=any(not s.covered for s in states)
                    and asset.status != "decommissioned"),
        related_panel(user, r.inspections, {"asset": asset}, _("Inspections of the asset"),
                      add_query=f"asset={asset.pk}", without=("asset.code",)),
        related_panel(user, r.incidents, {"asset": asset}, _("Incidents involving it")),
        related_panel(user, r.findings, {"asset": asset}, _("Findings")),
    ]


def _actions(user: User, **origin: Any) -> RecordPanel:
    ids = ActionOrigin.objects.filter(**origin).values("action_id")
    return related_panel(user, corrective_actions, {"pk__in": ids}, _("Corrective actions"),
                         without=("nonconformance.code",))


def _incident(user: User, incident: Incident) -> list[RecordPanel]:
    cards = []
    asset = incident.asset
    if asset is not None and scope_queryset(SafetyAsset.objects.filter(pk=asset.pk),
                                            user).exists():
        day = timezone.localtime(incident.occurred_at).date()
        unmet = [s for s in asset_state_on(asset, day) if not s.covered]
        if unmet:
            cards.append(RecordPanel(_("The asset was overdue for inspection that day"),
                                     "safety/panels/regimes.html",
                                     {"states": unmet, "today": day}, alert=True))
    return [*cards,
            related_panel(user, r.casualties, {"incident": incident}, _("Casualties"),
                          add_query=f"incident={incident.pk}", without=("incident.code",)),
            _actions(user, incident=incident)]


def _history(finding: Finding) -> list[Finding]:
    """The finding as each campaign recorded it, first to this one. A carried-over finding
    keeps its unit and first-found campaign and date, so its whole chain is one query; the
    links pick it out of that set."""
    kin = {f.pk: f for f in Finding.objects.filter(
        unit_id=finding.unit_id, first_found_in_id=finding.first_found_in_id,
        first_found_on=finding.first_found_on).select_related("campaign")}
    chain = [finding]
    while chain[-1].carried_over_from_id in kin:
        chain.append(kin.pop(chain[-1].carried_over_from_id))  # type: ignore[index]
    return chain[::-1]


def _finding(user: User, finding: Finding) -> list[RecordPanel]:
    chain = _history(finding)
    cards = []
    if len(chain) > 1:
        visible = set(scope_queryset(Finding.objects.filter(pk__in=[f.pk for f in chain]),
                                     user).values_list("pk", flat=True))
        cards.append(RecordPanel(
            _("Carried over from campaign to campaign"), "safety/panels/chain.html",
            {"chain": [(f, f.pk in visible) for f in chain], "current": finding.pk},
            shown=((Finding, [f for f in chain if f.pk in visible]),)))
    return [*cards, _actions(user, finding=finding)]


def _origin(user: User, action: CorrectiveAction) -> list[RecordPanel]:
    origin = ActionOrigin.objects.filter(action=action).first()
    if origin is None:
        return []
    record: Finding | Incident | None = origin.finding or origin.incident
    model = Finding if origin.finding_id else Incident
    if record is None or not scope_queryset(model.objects.filter(pk=record.pk), user).exists():
        return []
    slug = "findings" if origin.finding_id else "incidents"
    return [RecordPanel(_("Raised from"), "safety/panels/origin.html",
                        {"record": record, "url_name": f"safety:{slug}-detail"},
                        shown=((model, [record]),))]


_PANELS: dict[type, Any] = {
    SafetyAsset: _asset,
    Incident: _incident,
    Finding: _finding,
    CorrectiveAction: _origin,
    SafetyPlan: lambda user, plan: [
        related_panel(user, r.drills, {"plan": plan}, _("Drills"), add_query=f"plan={plan.pk}",
                      without=("plan.code", "plan.unit.code")),
        related_panel(user, r.findings, {"plan": plan}, _("Findings"))],
    SafetyRule: lambda user, rule: [
        RecordPanel(_("Files"), "safety/panels/rule_files.html", {
            "files": list(scope_queryset(rule.files.all(), user)), "rule": rule}),
        related_panel(user, r.briefings, {"rule": rule}, _("Briefings"),
                      add_query=f"rule={rule.pk}", without=("rule.number",))],
    TrainingSession: lambda user, session: [
        related_panel(user, r.certificates, {"session": session}, _("Certificates"),
                      add_query=f"session={session.pk}")],
    ReviewCampaign: lambda user, campaign: [
        RecordPanel(_("Units covered"), "safety/panels/units.html",
                    {"units": list(campaign.units.order_by("code"))}),
        related_panel(user, r.visits, {"campaign": campaign}, _("Visits"),
                      add_query=f"campaign={campaign.pk}", without=("campaign.code",)),
        related_panel(user, r.findings, {"campaign": campaign}, _("Findings"),
                      add_query=f"campaign={campaign.pk}")],
    ReviewVisit: lambda user, visit: [
        related_panel(user, r.answers, {"visit": visit}, _("Checklist answers"),
                      add_query=f"visit={visit.pk}",
                      without=("visit.campaign.code", "visit.unit.code")),
        related_panel(user, r.findings, {"visit": visit}, _("Findings"),
                      add_query=f"visit={visit.pk}&campaign={visit.campaign_id}"
                                f"&unit={visit.unit_id}")],
}
