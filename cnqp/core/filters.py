from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.roles import ROLES
from cnqp.core.choices import (
    AuditAction,
    AuditSource,
    Classification,
    JobStatus,
    NotificationLevel,
    OrgUnitKind,
)
from cnqp.core.models import AuditEntry, Job, Notification, OrgUnit, User
from cnqp.core.notifications import read_by, with_read_state
from cnqp.core.records.filters import RecordFilterSet
from cnqp.core.selectors import classified_q, lockout_q


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter whose empty choice reads "All" (not Django's "Unknown")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select(choices=[("", _("All")), ("true", _("Yes")),
                                                          ("false", _("No"))]))
        super().__init__(*args, **kwargs)


class OrgUnitFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("Parent unit"),
        queryset=OrgUnit.objects.exclude(kind=OrgUnitKind.USER_UNIT),
        empty_label=_("All"),
    )
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "is_active"]


class UserFilter(RecordFilterSet):
    org_unit = django_filters.ModelChoiceFilter(label=_("Org unit"),
                                                queryset=OrgUnit.objects.all(),
                                                empty_label=_("All"))
    roles = django_filters.ChoiceFilter(label=_("Role"), field_name="roles__code",
                                        choices=[(c, r.label) for c, r in ROLES.items()])
    clearance = django_filters.ChoiceFilter(label=_("Clearance"), choices=Classification.choices)
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["org_unit", "roles", "clearance", "is_active"]


class AuditEntryFilter(RecordFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=AuditSource.choices)
    actor_name = django_filters.CharFilter(label=_("Username"), lookup_expr="iexact")
    object_type = django_filters.CharFilter(label=_("Record type"), lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("Record id"))
    classification = django_filters.ChoiceFilter(label=_("Classification"),
                                                 choices=Classification.choices)
    since = django_filters.DateFilter(label=_("From date"), field_name="at",
                                      lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To date"), field_name="at",
                                      lookup_expr="date__lte")
    classified = YesNoFilter(label=_("Classified"), method="filter_classified")
    lockout = YesNoFilter(label=_("Account locked"), method="filter_lockout")

    class Meta:
        model = AuditEntry
        fields = ["action", "source", "actor_name", "object_type", "object_id", "classification"]

    def filter_classified(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(classified_q()) if value else queryset.exclude(classified_q())

    def filter_lockout(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(lockout_q()) if value else queryset.exclude(lockout_q())


class JobFilter(RecordFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JobStatus.choices)
    mine = YesNoFilter(label=_("Started by me"), method="filter_mine")
    since = django_filters.DateFilter(label=_("From date"), field_name="created_at",
                                      lookup_expr="date__gte")

    class Meta:
        model = Job
        fields = ["status"]

    def filter_mine(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None or self.user is None:
            return queryset
        user = self.user
        return queryset.filter(created_by=user) if value else queryset.exclude(created_by=user)


class NotificationFilter(RecordFilterSet):
    """Every list of notifications carries the reader's own read state (`read`)."""

    annotates = ("read",)

    unread = YesNoFilter(label=_("Unread"), method="filter_unread")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=NotificationLevel.choices)
    since = django_filters.DateFilter(label=_("From date"), field_name="at",
                                      lookup_expr="date__gte")

    class Meta:
        model = Notification
        fields = ["level"]

    @property
    def qs(self) -> Any:
        queryset = super().qs
        user = self.user
        return with_read_state(queryset, user) if user is not None else queryset

    def filter_unread(self, queryset: Any, name: str, value: bool | None) -> Any:
        user = self.user
        if value is None or user is None:
            return queryset
        return queryset.exclude(read_by(user)) if value else queryset.filter(read_by(user))
