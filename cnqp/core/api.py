"""Core API: /api/core/org-units (every signed-in user reads; administrators write) and
/api/core/users (administrators), /api/core/audit (auditors, read only), /api/core/jobs
(background jobs and their progress, read only), /api/core/notifications (the reader's unit's
notices; read one, or all at once), /api/core/me, /api/core/search (every module's records
matching some words, as the search page finds them)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import Field

from cnqp.core import notifications as notices
from cnqp.core.access.scoping import classification_of
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Input
from cnqp.core.site import search

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


class SearchParams(Input):
    q: str = Field(max_length=search.MAX_LENGTH, description="Search words (accents ignored)")


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    classification: int


class SearchGroupOut(Schema):
    module: str
    module_label: str
    resource: str
    label: str
    count: int = Field(description=f"Matches, counted up to {search.COUNT_CAP + 1}")
    capped: bool = Field(description=f"More than {search.COUNT_CAP} matches")
    list_url: str
    results: list[SearchHitOut]


class SearchOut(Schema):
    query: str
    groups: list[SearchGroupOut]


@router.get("/search", response={200: SearchOut, 422: ErrorOut}, operation_id="core_search",
            tags=["Search"], summary="Search every module the user may view")
def search_all(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """The first records of each resource matching the words and how many match, grouped by
    module in the menu's order, scoped as the search page (core/site/search.py)."""
    query = params.q.strip()
    if search.refusal(query):
        raise ValidationError({"q": _("Type at least %(n)s characters.")
                               % {"n": search.MIN_LENGTH}})
    return {"query": query, "groups": [
        {"module": module.app_label, "module_label": module.label,
         "resource": group.resource.slug, "label": group.resource.label_plural,
         "count": group.count, "capped": group.capped, "list_url": group.list_url,
         "results": [{"id": hit.record.pk, "title": hit.title, "url": hit.url,
                      "classification": classification_of(hit.record)} for hit in group.hits]}
        for module in search.search_everywhere(request.user, query) for group in module.groups]}
