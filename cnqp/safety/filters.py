"""List filters of production safety. A unit filter takes the unit's subtree, as the figures
do; `overdue`/`due_within` read the same dates as the falls-due page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.filters import YesNoFilter
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.safety.choices import (
    Activity,
    AssetStatus,
    CampaignKind,
    FindingSeverity,
    FindingStatus,
    IncidentStatus,
    InspectionResult,
    PlanKind,
    PlanStatus,
    RuleKind,
    RuleStatus,
    SafetyRoleKind,
)
from cnqp.safety.models import (
    AssetCategory,
    AssetInspection,
    Casualty,
    Drill,
    Finding,
    Incident,
    IncidentKind,
    ReviewCampaign,
    ReviewVisit,
    RuleBriefing,
    SafetyAsset,
    SafetyPlan,
    SafetyRole,
    SafetyRule,
    SafetyRuleFile,
    SeverityClass,
    TrainingRecord,
    TrainingSession,
    VisitAnswer,
)
from cnqp.safety.models.reviews import OPEN_FINDING

_unit = subtree_filter
_choice = choice_filter


def _reference(model: type[Model], label: Any, field_name: str = "") -> Any:
    return django_filters.ModelChoiceFilter(label=label, queryset=model._default_manager.all(),
                                            empty_label=_("All"), **(
                                                {"field_name": field_name} if field_name else {}))


class SafetyFilterSet(RecordFilterSet):
    """Unit filters take the subtree (RecordFilterSet.filter_subtree)."""


def _year(field: str) -> Any:
    return django_filters.NumberFilter(label=_("Year"), field_name=field, lookup_expr="year")


class ReferenceFilter(RecordFilterSet):
    """A reference table: the rows in force on a date."""

    valid_on = django_filters.DateFilter(label=_("In force on"), method="filter_valid_on")

    def filter_valid_on(self, queryset: QuerySet[Any], name: str,
                        value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value),
                               valid_from__lte=value)


def reference_filter(model: type[Model]) -> type[ReferenceFilter]:
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (ReferenceFilter,),
                {"Meta": meta, "__module__": __name__})


class RuleFilter(SafetyFilterSet):
    kind = _choice(RuleKind.choices, _("Kind"))
    status = _choice(RuleStatus.choices)
    issuer = _unit("issuer__path", _("Issued by"))

    class Meta:
        model = SafetyRule
        fields = ["kind", "status"]


class RuleFileFilter(RecordFilterSet):
    rule = django_filters.NumberFilter(label=_("Safety rule"))

    class Meta:
        model = SafetyRuleFile
        fields = ["rule"]


class BriefingFilter(SafetyFilterSet):
    rule = django_filters.NumberFilter(label=_("Safety rule"))
    unit = _unit("unit__path")
    year = _year("held_on")

    class Meta:
        model = RuleBriefing
        fields = ["rule"]


class RoleFilter(SafetyFilterSet):
    kind = _choice(SafetyRoleKind.choices, _("Role"))
    unit = _unit("unit__path")

    class Meta:
        model = SafetyRole
        fields = ["kind"]


class SessionFilter(SafetyFilterSet):
    unit = _unit("unit__path")
    year = _year("start_on")

    class Meta:
        model = TrainingSession
        fields = ["course"]


class CertificateFilter(SafetyFilterSet):
    session = django_filters.NumberFilter(label=_("Training session"))
    unit = _unit("session__unit__path")
    expired = YesNoFilter(label=_("Expired"), method="filter_expired")
    expiring = YesNoFilter(label=_("Expiring within 30 days"), method="filter_expiring")

    class Meta:
        model = TrainingRecord
        fields = ["session", "passed"]

    def filter_expired(self, queryset: QuerySet[Any], name: str,
                       value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        expired = Q(expires_on__lt=timezone.localdate())
        return queryset.filter(expired) if value else queryset.exclude(expired)

    def filter_expiring(self, queryset: QuerySet[Any], name: str,
                        value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        soon = Q(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30))
        return queryset.filter(soon) if value else queryset.exclude(soon)


class AssetFilter(SafetyFilterSet):
    category = _reference(AssetCategory, _("Category"))
    status = _choice(AssetStatus.choices)
    unit = _unit("unit__path")
    overdue = YesNoFilter(label=_("Inspection overdue"), method="filter_overdue")

    class Meta:
        model = SafetyAsset
        fields = ["category", "status"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str,
                       value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        overdue = Q(next_due__lt=timezone.localdate(), status=AssetStatus.IN_SERVICE)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class InspectionFilter(SafetyFilterSet):
    asset = django_filters.NumberFilter(label=_("Asset"))
    result = _choice(InspectionResult.choices, _("Result"))
    unit = _unit("asset__unit__path")
    year = _year("inspected_on")

    class Meta:
        model = AssetInspection
        fields = ["asset", "result"]


class PlanFilter(SafetyFilterSet):
    kind = _choice(PlanKind.choices, _("Kind"))
    status = _choice(PlanStatus.choices)
    unit = _unit("unit__path")

    class Meta:
        model = SafetyPlan
        fields = ["kind", "status", "year"]


class DrillFilter(SafetyFilterSet):
    plan = django_filters.NumberFilter(label=_("Plan"))
    unit = _unit("plan__unit__path")
    year = _year("held_on")

    class Meta:
        model = Drill
        fields = ["plan"]


class CampaignFilter(SafetyFilterSet):
    kind = _choice(CampaignKind.choices, _("Kind"))

    class Meta:
        model = ReviewCampaign
        fields = ["kind", "year"]


class VisitFilter(SafetyFilterSet):
    campaign = django_filters.NumberFilter(label=_("Campaign"))
    unit = _unit("unit__path")

    class Meta:
        model = ReviewVisit
        fields = ["campaign"]


class AnswerFilter(RecordFilterSet):
    visit = django_filters.NumberFilter(label=_("Visit"))

    class Meta:
        model = VisitAnswer
        fields = ["visit", "answer"]


class FindingFilter(SafetyFilterSet):
    campaign = _reference(ReviewCampaign, _("Campaign"))
    first_found_in = _reference(ReviewCampaign, _("First found in"))
    severity = _choice(FindingSeverity.choices, _("Severity"))
    status = _choice(FindingStatus.choices)
    unit = _unit("unit__path", _("Unit responsible"))
    open = YesNoFilter(label=_("Still open"), method="filter_open")

    class Meta:
        model = Finding
        fields = ["campaign", "severity", "status"]

    def filter_open(self, queryset: QuerySet[Any], name: str,
                    value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        still = Q(status__in=OPEN_FINDING)
        return queryset.filter(still) if value else queryset.exclude(still)


class IncidentFilter(SafetyFilterSet):
    kind = _reference(IncidentKind, _("Kind"))
    severity = _reference(SeverityClass, _("Severity"))
    activity = _choice(Activity.choices, _("Activity"))
    status = _choice(IncidentStatus.choices)
    unit = _unit("unit__path")
    year = _year("occurred_at")

    class Meta:
        model = Incident
        fields = ["kind", "severity", "activity", "status"]


class CasualtyFilter(RecordFilterSet):
    incident = django_filters.NumberFilter(label=_("Incident"))

    class Meta:
        model = Casualty
        fields = ["incident", "outcome"]
