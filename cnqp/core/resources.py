"""The core app's resources: org units, users (administrators), the audit log (auditors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cnqp.core import notifications as notices
from cnqp.core import services
from cnqp.core.filters import (
    AuditEntryFilter,
    JobFilter,
    NotificationFilter,
    OrgUnitFilter,
    UserFilter,
)
from cnqp.core.forms import OrgUnitForm, ResetSecondFactorForm, UserForm
from cnqp.core.models import AuditEntry, Job, Notification, OrgUnit, User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource

org_units = register(Resource(
    model=OrgUnit,
    slug="org-units",
    columns=[
        Column("code", link=True),
        Column("name", link=True),
        Column("kind"),
        Column("parent.name", label=_("Parent unit"), sort="parent__name"),
        Column("is_active"),
    ],
    detail_fields=["code", "name", "short_name", "kind", "parent", "domains", "address",
                   "head_title", "head_name", "is_active"],
    export_fields=["code", "name", "short_name", "kind", "parent.code", "domains", "address",
                   "head_title", "head_name", "is_active"],
    api_fields=["id", "code", "name", "short_name", "kind", "parent_id", "path", "domains",
                "is_active"],
    filterset=OrgUnitFilter,
    form=OrgUnitForm,
    create=services.create_org_unit,
    update=services.update_org_unit,
    delete=services.delete_org_unit,
    default_sort="path",
))

users = register(Resource(
    model=User,
    slug="users",
    columns=[
        Column("username", link=True),
        Column("full_name", link=True),
        Column("org_unit.name", label=_("Org unit"), sort="org_unit__name"),
        Column("roles", label=_("Roles"), sort=None),
        Column("clearance"),
        Column("is_active"),
    ],
    detail_fields=["username", "full_name", "email", "title", "org_unit", "roles", "clearance",
                   "is_active", "totp_enabled", "locked_until", "last_login", "date_joined"],
    api_fields=["id", "username", "full_name", "email", "title", "org_unit_id", "clearance",
                "is_active", "totp_enabled"],
    filterset=UserFilter,
    form=UserForm,
    create=services.create_user,
    update=services.update_user,
    base_queryset=lambda: User.objects.prefetch_related("roles"),
    default_sort="username",
    actions=(Action("reset_second_factor", "core.change_user", services.reset_second_factor,
                    form=ResetSecondFactorForm, label=_("Reset the second factor"),
                    done_message=_("Second factor reset: the user sets it up again."),
                    offered=lambda user: user.totp_enabled,
                    taken_by=services.may_reset_second_factor,
                    confirm=_("The user's authenticator and recovery codes will stop working. "
                              "Continue?")),),
))

audit_log = register(Resource(
    model=AuditEntry,
    slug="audit",
    columns=[
        Column("at", link=True),
        Column("actor_name"),
        Column("address"),
        Column("source"),
        Column("action"),
        Column("object_type_label", label=_("Record type"), sort="object_type"),
        Column("object_repr"),
        Column("classification"),
    ],
    detail_fields=["at", "actor_name", "address", "source", "action",
                   Column("object_type_label", label=_("Record type")),
                   "object_id", "object_repr", "classification", "changes", "prev_hash",
                   "entry_hash"],
    export_fields=["id", "at", "actor_name", "address", "source", "action", "object_type",
                   "object_id", "object_repr", "classification", "changes", "entry_hash"],
    api_fields=["id", "at", "actor_name", "address", "source", "action", "object_type",
                "object_id", "object_repr", "classification", "changes"],
    filterset=AuditEntryFilter,
    searchable=False,
    default_sort="-id",
))

jobs = register(Resource(
    model=Job,
    slug="jobs",
    columns=[
        Column("label", link=True),
        Column("status"),
        Column("phase"),
        Column("created_by.username", label=_("Started by"), sort="created_by__username"),
        Column("created_at"),
        Column("finished_at"),
        Column("classification"),
    ],
    # status, times and outcome live in the progress card, which refreshes while the job runs
    detail_fields=["label", "input_name", "created_by", "owner_unit", "created_at",
                   "classification"],
    api_fields=["id", "kind", "label", "status", "phase", "done", "total", "result", "error",
                "input_name", "output_name", "output_sha256", "created_by_id", "created_at",
                "started_at", "finished_at", "classification"],
    filterset=JobFilter,
    base_queryset=lambda: Job.objects.select_related("created_by"),
    searchable=False,
    detail_template="core/job_detail.html",
    default_sort="-id",
))


notifications = register(Resource(
    model=Notification,
    slug="notifications",
    columns=[
        Column("at", link=True),
        Column("title", link=True),
        Column("level"),
        Column("org_unit.name", label=_("Addressed to"), sort="org_unit__name"),
        Column("read", label=_("Read"), sort="read"),
        Column("classification"),
    ],
    detail_fields=["at", "title", "text", "level", "org_unit", "created_by", "classification"],
    export_fields=["id", "at", "title", "text", "level", "org_unit.code", "link", "read",
                   "classification"],
    api_fields=["id", "at", "title", "text", "link", "level", "org_unit_id", "classification"],
    filterset=NotificationFilter,
    searchable=False,
    detail_template="core/notification_detail.html",
    view_permission="core.view_notification",
    default_sort="-at",
    actions=(Action("read", "core.view_notification", notices.mark_read,
                    done_message=_("Marked as read.")),),
))
