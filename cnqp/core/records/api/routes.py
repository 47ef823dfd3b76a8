"""API endpoints generated from a registered resource: list (search, filters, sort, paging),
detail, create, update and delete. They read through the resource's scoped queryset and write
through its form and service functions, exactly as the HTML views do.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

import copy
import datetime as dt
from decimal import Decimal
from typing import Any, Optional, cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import create_model

from cnqp.core import audit
from cnqp.core.access.scoping import get_visible_or_404
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.display import field_at
from cnqp.core.records.registry import Action, Resource
from cnqp.core.records.search import apply_search
from cnqp.core.records.views.lists import ordering_expression

MAX_LIMIT = 500


class ListParams(Schema):
    q: str = ""
    sort: str = ""
    limit: int = 50
    offset: int = 0


def _model_field_type(field: Any) -> Any:
    if field is None:
        return Any
    if isinstance(field, models.ForeignKey):
        return int
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField | models.AutoField):
        return int
    if isinstance(field, models.FloatField):
        return float
    if isinstance(field, models.DecimalField):
        return Decimal
    if isinstance(field, models.DateTimeField):
        return dt.datetime
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.JSONField):
        return Any
    return str


def output_schema(resource: Resource) -> type[Schema]:
    fields: dict[str, Any] = {}
    for name in resource.api_fields:
        model_name = name[:-3] if name.endswith("_id") else name
        ftype = _model_field_type(field_at(resource.model, model_name))
        fields[name] = (Optional[ftype], None)  # noqa: UP045 (pydantic needs the runtime form)
    return create_model(f"{resource.model.__name__}Out", __base__=Schema, **fields)


def _form_field_type(field: forms.Field) -> Any:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[int]
    if isinstance(field, forms.ModelChoiceField):
        return int
    if isinstance(field, forms.MultipleChoiceField):
        return list[str]
    if isinstance(field, forms.TypedChoiceField) and (
        field.coerce is int
        # A model IntegerField with choices (clearance) coerces with its own to_python.
        or isinstance(getattr(field.coerce, "__self__", None), models.IntegerField)
    ):
        return int
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return bool
    if isinstance(field, forms.IntegerField):
        return int
    if isinstance(field, forms.DecimalField):
        return Decimal
    if isinstance(field, forms.FloatField):
        return float
    if isinstance(field, forms.DateTimeField):
        return dt.datetime
    if isinstance(field, forms.DateField):
        return dt.date
    return str


def form_schema(name: str, form_class: Any, partial: bool) -> type[Schema]:
    """The request body of an endpoint whose input a Django form (class) validates."""
    fields: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        ftype = _form_field_type(field)
        if partial or not field.required:
            fields[field_name] = (Optional[ftype], None)  # noqa: UP045
        else:
            fields[field_name] = (ftype, ...)
    return create_model(name, __base__=Schema, **fields)


def input_schema(resource: Resource, partial: bool) -> type[Schema]:
    assert resource.form is not None
    suffix = "Patch" if partial else "In"
    return form_schema(f"{resource.model.__name__}{suffix}", resource.form, partial)


def serialise(obj: models.Model, names: list[str]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, models.Model):
            value = value.pk
        out[name] = value
    return out


def _form_data(resource: Resource, obj: Any, payload: dict[str, Any],
               user: User) -> dict[str, Any]:
    """Form data: the record's current values as its form shows them (for a partial update)
    or the model's defaults (for a new record: an omitted `is_active` must not read as an
    unticked box), overlaid by the payload.

    Current values come from the form's `initial`, which holds its model fields and what its
    own `__init__` declares (a user's roles), never other columns of the record: the stored
    password hash once went into the write-only password field and became the password."""
    assert resource.form is not None
    data: dict[str, Any] = {}
    if obj is None:
        for name in resource.form.base_fields:
            model_field = field_at(resource.model, name)
            if model_field is not None and model_field.concrete and model_field.has_default():
                data[name] = model_field.get_default()
    else:
        form = resource.form(instance=obj, user=user)
        for name, field in form.fields.items():
            # not get_initial_for_field: it drops microseconds, which would read as a change
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            if isinstance(value, list | tuple):
                value = [v.pk if isinstance(v, models.Model) else v for v in value]
            elif isinstance(value, models.Model):
                value = value.pk
            data[name] = value
    for name, value in payload.items():
        if value is not None:
            data[name] = value
    return {k: v for k, v in data.items() if v is not None}


def _validated(resource: Resource, request: HttpRequest, obj: Any,
               payload: dict[str, Any]) -> dict[str, Any]:
    assert resource.form is not None
    instance = copy.copy(obj) if obj is not None else None
    user = cast(User, request.user)  # the API authenticated it
    form = resource.form(data=_form_data(resource, obj, payload, user), instance=instance,
                         user=user)
    if not form.is_valid():
        raise ValidationError({field: errors for field, errors in form.errors.items()})
    return dict(form.cleaned_data)


def add_resource_routes(router: Router, resource: Resource) -> None:
    slug = resource.slug
    op = f"{resource.app_label}_{slug.replace('-', '_')}"
    Out = output_schema(resource)
    names = list(resource.api_fields)
    tags = [resource.label_plural]

    def scoped(request: HttpRequest) -> Any:
        return resource.queryset(request.user)  # type: ignore[arg-type]

    ListOut = create_model(f"{resource.model.__name__}Page", __base__=Schema,
                           count=(int, ...), limit=(int, ...), offset=(int, ...),
                           items=(list[Out], ...))  # type: ignore[valid-type]

    @router.get(f"/{slug}", response={200: ListOut, 422: ErrorOut}, operation_id=f"{op}_list",
                tags=tags, summary=f"List {resource.model._meta.verbose_name_plural}")
    def list_items(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
        queryset = resource.list_queryset(request.user)
        if resource.filterset is not None:
            queryset = resource.filterset(request.GET, queryset=queryset, request=request).qs
        if resource.searchable:
            queryset = apply_search(queryset, params.q)
        key = params.sort.lstrip("-")
        allowed = {c.sort_field for c in resource.columns if c.sort_field} | {"id"}
        if key in allowed:
            queryset = queryset.order_by(
                ordering_expression(resource.model, key, params.sort.startswith("-")), "-pk")
        else:
            queryset = queryset.order_by(resource.default_sort)
        limit = min(max(params.limit, 1), MAX_LIMIT)
        offset = max(params.offset, 0)
        page = list(queryset[offset:offset + limit])
        audit.record_listing(request.user, resource.model, page)  # type: ignore[arg-type]
        return {"count": queryset.count(), "limit": limit, "offset": offset,
                "items": [serialise(obj, names) for obj in page]}

    @router.get(f"/{slug}/{{int:item_id}}", response={200: Out, 404: ErrorOut},
                operation_id=f"{op}_get", tags=tags,
                summary=f"Get one {resource.model._meta.verbose_name}")
    def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
        obj = get_visible_or_404(scoped(request), request.user, pk=item_id)  # type: ignore[arg-type]
        audit.record_read(AuditAction.VIEW, actor=request.user, obj=obj)  # type: ignore[arg-type]
        return serialise(obj, names)

    if resource.form is not None and resource.create is not None:
        In = input_schema(resource, partial=False)

        @router.post(f"/{slug}", response={201: Out, 403: ErrorOut, 422: ErrorOut},
                     operation_id=f"{op}_create", tags=tags,
                     summary=f"Create a {resource.model._meta.verbose_name}")
        def create_item(request: HttpRequest, payload: In) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
            if not request.user.has_perm(resource.perm("add")):
                raise PermissionDenied
            data = _validated(resource, request, None, payload.dict())  # type: ignore[attr-defined]
            assert resource.create is not None
            obj = resource.create(request.user, data)  # type: ignore[arg-type]
            return Status(201, serialise(obj, names))

    if resource.form is not None and resource.update is not None:
        Patch = input_schema(resource, partial=True)

        @router.patch(f"/{slug}/{{int:item_id}}", response={200: Out, 403: ErrorOut,
                                                             404: ErrorOut, 422: ErrorOut},
                      operation_id=f"{op}_update", tags=tags,
                      summary=f"Change a {resource.model._meta.verbose_name}")
        def update_item(request: HttpRequest, item_id: int, payload: Patch) -> dict[str, Any]:  # type: ignore[valid-type]
            obj = get_visible_or_404(scoped(request), request.user, pk=item_id)  # type: ignore[arg-type]
            if not request.user.has_perm(resource.perm("change")):
                raise PermissionDenied
            sent = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
            data = _validated(resource, request, obj, sent)
            assert resource.update is not None
            obj = resource.update(request.user, obj, data)  # type: ignore[arg-type]
            return serialise(obj, names)

    for action in resource.actions:
        add_action_route(router, resource, action, Out)

    if resource.delete is not None:

        @router.delete(f"/{slug}/{{int:item_id}}", response={204: None, 403: ErrorOut,
                                                              404: ErrorOut, 422: ErrorOut},
                       operation_id=f"{op}_delete", tags=tags,
                       summary=f"Delete a {resource.model._meta.verbose_name}")
        def delete_item(request: HttpRequest, item_id: int) -> HttpResponse:
            obj = get_visible_or_404(scoped(request), request.user, pk=item_id)  # type: ignore[arg-type]
            if not request.user.has_perm(resource.perm("delete")):
                raise PermissionDenied
            assert resource.delete is not None
            resource.delete(request.user, obj)  # type: ignore[arg-type]
            return HttpResponse(status=204)


def add_action_route(router: Router, resource: Resource, action: Action, out: Any) -> None:
    """POST /<slug>/{id}/<action>: the same rules as the UI's ObjectActionView."""
    op = f"{resource.app_label}_{resource.slug.replace('-', '_')}_{action.name}"
    responses = {200: out, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
    names = list(resource.api_fields)

    def run(request: HttpRequest, item_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        obj = get_visible_or_404(resource.queryset(request.user), request.user, pk=item_id)
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        data: dict[str, Any] = {}
        if action.form is not None:
            form = action.form(data=payload)
            if not form.is_valid():
                raise ValidationError(dict(form.errors.items()))
            data = form.cleaned_data
        return serialise(action.call(cast(User, request.user), obj, data), names)

    path = f"/{resource.slug}/{{int:item_id}}/{action.name}"
    summary = f"{action.name.capitalize()} a {resource.model._meta.verbose_name}"
    if action.form is None:

        @router.post(path, response=responses, operation_id=op, tags=[resource.label_plural],
                     summary=summary)
        def bare(request: HttpRequest, item_id: int) -> dict[str, Any]:
            return run(request, item_id, {})

    else:
        Payload = form_schema(f"{op.title().replace('_', '')}In", action.form, partial=False)

        @router.post(path, response=responses, operation_id=op, tags=[resource.label_plural],
                     summary=summary)
        def with_payload(request: HttpRequest, item_id: int,
                         payload: Payload) -> dict[str, Any]:  # type: ignore[valid-type]
            return run(request, item_id, payload.dict())  # type: ignore[attr-defined]
