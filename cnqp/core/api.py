"""Core API: /api/core/org-units (every signed-in user reads; administrators write) and
/api/core/users (administrators), /api/core/audit (auditors, read only), /api/core/jobs
(background jobs and their progress, read only), /api/core/notifications (the reader's unit's
notices; read one, or all at once), /api/core/me."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from cnqp.core import notifications as notices
from cnqp.core.records.api.routes import app_router

router = app_router("core")


class ReadAllOut(Schema):
    marked: int
    unread: int


@router.post("/notifications/read-all", response=ReadAllOut,
             operation_id="core_notifications_read_all", tags=["Notifications"],
             summary="Mark every notification the user sees as read")
def read_all(request: HttpRequest) -> dict[str, int]:
    user: Any = request.user
    marked = notices.mark_all_read(user) if user.has_perm("core.view_notification") else 0
    return {"marked": marked, "unread": notices.unread_count(user)}


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    org_unit: str
    clearance: int
    roles: list[str]


@router.get("/me", response=MeOut, operation_id="core_me", tags=["Users"],
            summary="The authenticated user")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {"id": user.pk, "username": user.username, "full_name": user.full_name,
            "org_unit": user.org_unit.code, "clearance": user.clearance,
            "roles": sorted(user.role_codes)}
