"""The API's schemas derived from a resource: its output (`api_fields`, typed from the model),
and its inputs (the operation's form: the same validation as the pages).

No `from __future__ import annotations` here: pydantic reads the annotations at runtime.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from django import forms
from django.db import models
from ninja import Schema
from pydantic import ConfigDict, create_model

from cnqp.core.records.display import field_at
from cnqp.core.records.masking import relation_of, shown
from cnqp.core.records.resource import Resource


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


def output_field(model: type[models.Model], name: str) -> Any:
    """The type of an output key: every key is always sent (required); its value may be null
    only where the model allows it (a nullable column, or an attribute the model computes)."""
    found = field_at(model, name[:-3] if name.endswith("_id") else name)
    if found is None:
        return Optional[Any]  # noqa: UP045 (pydantic needs the runtime form)
    ftype = _model_field_type(found)
    maskable = relation_of(model, name) is not None  # null when the reader may not see it
    return Optional[ftype] if found.null or maskable else ftype  # noqa: UP045


def output_schema(resource: Resource) -> type[Schema]:
    fields: dict[str, Any] = {name: (output_field(resource.model, name), ...)
                              for name in resource.api_fields}
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


class StrictInput(Schema):
    """A request body names only fields it may set: an unknown one (a typo, a field an edit
    does not change) is refused by name, never accepted and ignored."""

    model_config = ConfigDict(extra="forbid")


def form_schema(name: str, form_class: Any, partial: bool) -> type[Schema]:
    """The request body of an endpoint whose input a Django form (class) validates."""
    fields: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        ftype = _form_field_type(field)
        if partial or not field.required:
            fields[field_name] = (Optional[ftype], None)  # noqa: UP045
        else:
            fields[field_name] = (ftype, ...)
    return create_model(name, __base__=StrictInput, **fields)


def input_schema(resource: Resource, operation: str) -> type[Schema]:
    """The body of a create ("In", as the form requires it) or an update ("Patch", every field
    optional: what is not sent keeps its value)."""
    form_class = resource.form_class(operation)
    assert form_class is not None
    partial = operation == "update"
    return form_schema(f"{resource.model.__name__}{'Patch' if partial else 'In'}", form_class,
                       partial)


def serialise(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The record's output keys; a related record the reader may not see is null."""
    out = {}
    for name in names:
        value = getattr(obj, name, None) if shown(obj, name) else None
        if isinstance(value, models.Model):
            value = value.pk
        out[name] = value
    return out
