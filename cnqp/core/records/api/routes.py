"""API routes generated from the registered resources: list (search, filters, sort, paging),
detail, create, update, delete and each action, as thin layers over the resource's record
operations (`browse`, `get_for`, `read`, `perform`), the same gate as the pages. An app's
api.py gets them all with `router = app_router("<app>")` and adds its own routes to it.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field, create_model

from cnqp.core import audit
from cnqp.core.models import User
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.schemas import (
    INT64_MAX,
    Input,
    PathId,
    form_schema,
    input_schema,
    output_schema,
    schema_base,
    serialise,
)
from cnqp.core.records.counting import page_rows, total_of
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Action, Resource

MAX_LIMIT = 500


class ListParams(Input):
    """A list's paging, search and sort; its filters are the other query parameters."""

    q: str = Field("", max_length=200, description="Search words (accents ignored)")
    sort: str = Field("", max_length=64, description="A sortable column; `-` before: descending")
    limit: int = Field(50, ge=1, le=INT64_MAX,
                       description=f"Records per page; more than {MAX_LIMIT} gives {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=INT64_MAX, description="Records skipped")


def app_router(app_label: str) -> Router:
    """A router with the routes of every resource the app registers."""
    router = Router()
    for resource in resources(app_label):
        add_resource_routes(router, resource)
    return router


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # the API authenticated it


def add_resource_routes(router: Router, resource: Resource) -> None:
    slug = resource.slug
    op = f"{resource.app_label}_{slug.replace('-', '_')}"
    Out = output_schema(resource)
    names = list(resource.api_fields)
    tags = [resource.label_plural]
    verbose = resource.model._meta.verbose_name

    ListOut = create_model(f"{schema_base(resource)}Page", __base__=Schema,
                           count=(int, ...), count_estimated=(bool, False),
                           limit=(int, ...), offset=(int, ...),
                           items=(list[Out], ...))  # type: ignore[valid-type]

    @router.get(f"/{slug}", response={200: ListOut, 422: ErrorOut}, operation_id=f"{op}_list",
                tags=tags, summary=f"List {resource.model._meta.verbose_name_plural}")
    def list_items(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
        user = _user(request)
        queryset = resource.browse(user, request.GET).queryset
        limit, offset = min(params.limit, MAX_LIMIT), params.offset
        page = page_rows(queryset, offset, offset + limit)
        audit.record_listing(user, resource.model, page)
        total = total_of(queryset)
        return {"count": total.value, "count_estimated": total.estimated,
                "limit": limit, "offset": offset,
                "items": [serialise(obj, names) for obj in page]}

    @router.get(f"/{slug}/{{int:item_id}}", response={200: Out, 404: ErrorOut, 422: ErrorOut},
                operation_id=f"{op}_get", tags=tags, summary=f"Get one {verbose}")
    def get_item(request: HttpRequest, item_id: PathId) -> dict[str, Any]:
        return serialise(resource.read(_user(request), item_id), names)

    if resource.offers("create"):
        In = input_schema(resource, "create")

        @router.post(f"/{slug}", response={201: Out, 403: ErrorOut, 422: ErrorOut},
                     operation_id=f"{op}_create", tags=tags, summary=f"Create a {verbose}")
        def create_item(request: HttpRequest, payload: In) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
            obj = resource.perform(_user(request), "create", None,
                                   payload.dict(), partial=True)  # type: ignore[attr-defined]
            return Status(201, serialise(obj, names))

    if resource.offers("update"):
        Patch = input_schema(resource, "update")

        @router.patch(f"/{slug}/{{int:item_id}}", response={200: Out, 403: ErrorOut,
                                                             404: ErrorOut, 422: ErrorOut},
                      operation_id=f"{op}_update", tags=tags, summary=f"Change a {verbose}")
        def update_item(request: HttpRequest, item_id: PathId,
                        payload: Patch) -> dict[str, Any]:  # type: ignore[valid-type]
            user = _user(request)
            obj = resource.get_for(user, item_id, "update")
            sent = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
            return serialise(resource.perform(user, "update", obj, sent, partial=True), names)

    for action in resource.actions:
        add_action_route(router, resource, action, Out)

    if resource.offers("delete"):

        @router.delete(f"/{slug}/{{int:item_id}}", response={204: None, 403: ErrorOut,
                                                              404: ErrorOut, 422: ErrorOut},
                       operation_id=f"{op}_delete", tags=tags, summary=f"Delete a {verbose}")
        def delete_item(request: HttpRequest, item_id: PathId) -> HttpResponse:
            user = _user(request)
            resource.perform(user, "delete", resource.get_for(user, item_id, "delete"))
            return HttpResponse(status=204)


def add_action_route(router: Router, resource: Resource, action: Action, out: Any) -> None:
    """POST /<slug>/{id}/<action>: the same operation as the page's action route; it answers
    with the record as the action left it."""
    op = f"{resource.app_label}_{resource.slug.replace('-', '_')}_{action.name}"
    responses = {200: out, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
    names = list(resource.api_fields)

    def run(request: HttpRequest, item_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        user = _user(request)
        obj = resource.get_for(user, item_id, action.name)
        result = resource.perform(user, action.name, obj, payload)
        if not isinstance(result, resource.model):  # a step that made another record
            obj.refresh_from_db()
            result = obj
        return serialise(result, names)

    path = f"/{resource.slug}/{{int:item_id}}/{action.name}"
    summary = f"{action.name.capitalize()} a {resource.model._meta.verbose_name}"
    if action.form is None:

        @router.post(path, response=responses, operation_id=op, tags=[resource.label_plural],
                     summary=summary)
        def bare(request: HttpRequest, item_id: PathId) -> dict[str, Any]:
            return run(request, item_id, {})

    elif not any(field.required for field in action.form.base_fields.values()):
        # every field optional (a step's date, today when left out): the body may be left out
        # too, so a client that took the step without one before still can
        MaybePayload = form_schema(f"{op.title().replace('_', '')}In", action.form, partial=False)

        @router.post(path, response=responses, operation_id=op, tags=[resource.label_plural],
                     summary=summary)
        def optional_payload(request: HttpRequest, item_id: PathId,
                             payload: MaybePayload | None = None  # type: ignore[valid-type]
                             ) -> dict[str, Any]:
            return run(request, item_id,
                       payload.dict() if payload is not None else {})  # type: ignore[attr-defined]

    else:
        Payload = form_schema(f"{op.title().replace('_', '')}In", action.form, partial=False)

        @router.post(path, response=responses, operation_id=op, tags=[resource.label_plural],
                     summary=summary)
        def with_payload(request: HttpRequest, item_id: PathId,
                         payload: Payload) -> dict[str, Any]:  # type: ignore[valid-type]
            return run(request, item_id, payload.dict())  # type: ignore[attr-defined]
