"""Reads of production safety, every one through the scoping. The state of an asset on a day
is computed from its inspections in SQL (one `Exists` per asset row, no query per asset)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.quality.choices import ActionStatus
from cnqp.quality.models import CorrectiveAction
from cnqp.safety.choices import AssetStatus, InspectionResult, PlanStatus, RuleStatus
from cnqp.safety.models import (
    OPEN_FINDING,
    AssetInspection,
    Finding,
    InspectionRegime,
    SafetyAsset,
    SafetyPlan,
    SafetyRule,
    TrainingRecord,
    valid_on_q,
)

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User

HORIZON_DAYS = 30


def in_service_on(day: dt.date) -> Q:
    """Assets in service on `day` (out of service after a failure still counts: it is due)."""
    return Q(in_service_on__lte=day) & (Q(decommissioned_on__isnull=True)
                                       | Q(decommissioned_on__gt=day))


def unmet_regimes(day: dt.date) -> QuerySet[InspectionRegime]:
    """For the asset of the outer query: the regimes of its category in force on `day` whose
    last inspection on or before `day` does not cover it (none since it went into service,
    failed, or due before `day`)."""
    latest = (AssetInspection.objects
              .filter(asset=OuterRef(OuterRef("pk")), regime__kind=OuterRef("kind"),
                      inspected_on__lte=day)
              .order_by("-inspected_on", "-pk"))
    return (InspectionRegime.objects
            .filter(valid_on_q(day), category=OuterRef("category"))
            .annotate(last_due=Subquery(latest.values("next_due")[:1]),
                      last_result=Subquery(latest.values("result")[:1]),
                      asset_since=ExpressionWrapper(OuterRef("in_service_on"),
                                                output_field=DateField()))
            .filter(Q(last_due__isnull=True, asset_since__lt=day) | Q(last_due__lt=day)
                    | Q(last_result=InspectionResult.FAILED)))


def with_state_on(assets: QuerySet[SafetyAsset], day: dt.date) -> QuerySet[SafetyAsset]:
    """Each asset with `overdue_on_day`: in service on `day` and not covered by an inspection
    under every regime of its category then in force."""
    return assets.annotate(overdue_on_day=ExpressionWrapper(
        Exists(unmet_regimes(day)) & Q(in_service_on(day)), output_field=BooleanField()))


def visible_assets(user: User, unit: OrgUnit | None = None) -> QuerySet[SafetyAsset]:
    return within_unit(scope_queryset(SafetyAsset.objects.all(), user), unit)


def overdue_assets(user: User, day: dt.date,
                   unit: OrgUnit | None = None) -> QuerySet[SafetyAsset]:
    return (visible_assets(user, unit).filter(in_service_on(day))
            .filter(Exists(unmet_regimes(day))).order_by("next_due", "code"))


@dataclass(frozen=True)
class RegimeState:
    regime: InspectionRegime
    last: AssetInspection | None
    covered: bool


def asset_state_on(asset: SafetyAsset, day: dt.date) -> list[RegimeState]:
    """Regime by regime, whether the asset's inspections covered `day` (shown on an incident:
    was the asset overdue when it happened?). Two queries: the regimes with their last
    inspection's id, then those inspections."""
    regimes = list(InspectionRegime.objects.filter(valid_on_q(day), category=asset.category_id)
                   .annotate(last_id=Subquery(
                       AssetInspection.objects.filter(asset=asset, regime__kind=OuterRef("kind"),
                                                      inspected_on__lte=day)
                       .order_by("-inspected_on", "-pk").values("pk")[:1]))
                   .order_by("kind"))
    found = AssetInspection.objects.in_bulk([r.last_id for r in regimes  # type: ignore[attr-defined]
                                             if r.last_id is not None])  # type: ignore[attr-defined]
    states = []
    for regime in regimes:
        last = found.get(regime.last_id)  # type: ignore[attr-defined]
        covered = (last.result != InspectionResult.FAILED and last.next_due >= day
                   if last is not None else day <= asset.in_service_on)
        states.append(RegimeState(regime, last, covered))
    return states


# --- falls due ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FallsDue:
    """What falls due within the horizon, or is overdue: one queryset per kind of record, each
    one query, whatever the number of rows."""

    assets: QuerySet[SafetyAsset]
    certificates: QuerySet[TrainingRecord]
    plans: QuerySet[SafetyPlan]
    rules: QuerySet[SafetyRule]
    findings: QuerySet[Finding]
    actions: QuerySet[CorrectiveAction]

    @property
    def total(self) -> int:
        return sum(qs.count() for qs in (self.assets, self.certificates, self.plans,
                                         self.rules, self.findings, self.actions))


def due_records(today: dt.date, horizon: int = HORIZON_DAYS) -> FallsDue:
    """Everything that falls due by `today + horizon` or is overdue, unscoped: the reminders'
    source (the system tells each owning unit) and the base of `falls_due`. A certificate is
    due while it is its holder's latest for that course and unit, up to a year after it
    expired (a renewal replaces it; an older lapse is no longer a reminder)."""
    until = today + dt.timedelta(days=horizon)
    renewed = TrainingRecord.objects.filter(
        person=OuterRef("person"), session__unit=OuterRef("session__unit"),
        session__course=OuterRef("session__course"), passed=True,
        expires_on__gt=OuterRef("expires_on"))
    return FallsDue(
        assets=(SafetyAsset.objects.filter(next_due__lte=until)
                .exclude(status=AssetStatus.DECOMMISSIONED)
                .select_related("unit", "category").order_by("next_due", "code")),
        certificates=(TrainingRecord.objects
                      .filter(passed=True, expires_on__lte=until,
                              expires_on__gte=today - dt.timedelta(days=365))
                      .exclude(Exists(renewed))
                      .select_related("session__course", "session__unit")
                      .order_by("expires_on", "person", "pk")),
        plans=(SafetyPlan.objects.filter(status__in=(PlanStatus.APPROVED, PlanStatus.IN_FORCE),
                                         review_due__lte=until)
               .select_related("unit").order_by("review_due", "code")),
        rules=(SafetyRule.objects.filter(status=RuleStatus.IN_FORCE, review_due__lte=until)
               .select_related("issuer").order_by("review_due", "number")),
        findings=(Finding.objects.filter(status__in=OPEN_FINDING, due_date__lte=until)
                  .select_related("unit", "campaign").order_by("due_date", "code")),
        actions=(CorrectiveAction.objects.filter(safety_origin__isnull=False,
                                                 due_date__lte=until)
                 .exclude(status=ActionStatus.CLOSED)
                 .select_related("owner_unit", "source_unit").order_by("due_date", "code")),
    )


def falls_due(user: User, unit: OrgUnit | None = None, today: dt.date | None = None,
              horizon: int = HORIZON_DAYS) -> FallsDue:
    """What `user` may see of `due_records`, in `unit`'s subtree (None: all they see). A
    corrective action falls due in the unit made responsible as well as in the unit whose
    finding or incident it remedies."""
    due = due_records(today or timezone.localdate(), horizon)

    def scoped(qs: QuerySet) -> QuerySet:  # type: ignore[type-arg]
        return within_unit(scope_queryset(qs, user), unit)

    actions = scope_queryset(due.actions, user)
    if unit is not None:
        actions = actions.filter(Q(owner_unit__path__startswith=unit.path)
                                 | Q(source_unit__path__startswith=unit.path))
    return FallsDue(assets=scoped(due.assets), certificates=scoped(due.certificates),
                    plans=scoped(due.plans), rules=scoped(due.rules),
                    findings=scoped(due.findings), actions=actions)


def first_found(user: User, years: tuple[int, ...]) -> QuerySet[Finding]:
    """Findings first found in the campaigns of `years` and still open, wherever their chain
    now stands: "tồn tại phát hiện trong đợt tổng rà soát 2017, 2019"."""
    return scope_queryset(Finding.objects.filter(first_found_in__year__in=years,
                                                 status__in=OPEN_FINDING), user)


def expiring_soon(record: TrainingRecord, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (record.expires_on is not None
            and today <= record.expires_on <= today + dt.timedelta(days=HORIZON_DAYS))

