"""The API's schemas derived from a resource: its output (`api_fields`, typed from the model),
and its inputs (the operation's form: the same validation as the pages).

Every input, a body or a query, a generated one or an app's own, is an `Input`: a string with a
NUL character is refused (PostgreSQL cannot store one and SQLite would: both databases answer
alike), and so is a float that is not finite. Numbers are bounded: an id is 1 to 2^63 - 1 (`Id`,
`PathId`), any other integer within the 64 bits every database stores (`Int64`), a form's
number within its own bounds, its column's range and its digits, a string within its form
field's length or the longest text a record keeps (`settings.CNQP_MAX_TEXT_LENGTH`). An input
out of bounds is a 422 naming its field, before any code behind the route runs.

No `from __future__ import annotations` here: pydantic reads the annotations at runtime.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Optional

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy
from ninja import Path, Schema
from pydantic import ConfigDict, Field, create_model, field_validator
from pydantic_core import PydanticCustomError

from cnqp.core.records.display import field_at
from cnqp.core.records.masking import relation_of, shown
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.records.writes import integer_range


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


def schema_base(resource: Resource) -> str:
    """The name a resource's schemas start with: its model's, or, when another app registers
    a model of the same name (directives' and performance's Indicator), the app's label before
    it, so the OpenAPI document names each once."""
    name = resource.model.__name__
    if sum(1 for other in resources() if other.model.__name__ == name) > 1:
        return f"{resource.app_label.capitalize()}{name}"
    return name


def output_schema(resource: Resource) -> type[Schema]:
    fields: dict[str, Any] = {name: (output_field(resource.model, name), ...)
                              for name in resource.api_fields}
    return create_model(f"{schema_base(resource)}Out", __base__=Schema, **fields)


INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
PathId = Annotated[int, Path(..., ge=1, le=INT64_MAX)]
NUL_REFUSED = gettext_lazy("Null characters are not allowed.")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_nul(v) for v in value)
    return False  # a nested Input checked its own fields; numbers, dates, files


class Input(Schema):
    """What every route reads from a request (its body or its query): no NUL in any string,
    no infinite or NaN float. Extra query parameters are the list routes' filters."""

    model_config = ConfigDict(allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("nul", str(NUL_REFUSED))
        return value


def text(max_length: int | None = None) -> Any:
    """A string of at most `max_length` characters (default: the longest text a record
    keeps)."""
    return Annotated[str, Field(max_length=max_length or settings.CNQP_MAX_TEXT_LENGTH)]


Code = Annotated[str, Field(max_length=32)]  # a unit's or a product type's code
Line = Annotated[str, Field(max_length=255)]  # a name, a title, a place
Text = Annotated[str, Field(max_length=settings.CNQP_MAX_TEXT_LENGTH)]  # a note, a reason


def _form_field_type(field: forms.Field, model_field: Any = None) -> Any:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[Id]
    if isinstance(field, forms.ModelChoiceField):
        return Id
    if isinstance(field, forms.MultipleChoiceField):
        return list[str]
    if isinstance(field, forms.TypedChoiceField) and (
        field.coerce is int
        # A model IntegerField with choices (clearance) coerces with its own to_python.
        or isinstance(getattr(field.coerce, "__self__", None), models.IntegerField)
    ):
        return Int64
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return bool
    # Before IntegerField: Django's DecimalField and FloatField are subclasses of it.
    if isinstance(field, forms.DecimalField):
        return Annotated[Decimal, Field(max_digits=field.max_digits,
                                        decimal_places=field.decimal_places)]
    if isinstance(field, forms.FloatField):
        return float
    if isinstance(field, forms.IntegerField):
        # The form's bounds within its column's (the same on every database: writes.py).
        low, high = (model_field is not None and integer_range(model_field)) or (INT64_MIN,
                                                                                 INT64_MAX)
        if isinstance(field.min_value, int):
            low = max(low, field.min_value)
        if isinstance(field.max_value, int):
            high = min(high, field.max_value)
        return Annotated[int, Field(ge=low, le=high)]
    if isinstance(field, forms.DateTimeField):
        return dt.datetime
    if isinstance(field, forms.DateField):
        return dt.date
    # At most its form field's length, or the text limit for a model's TextField (a form's
    # own text, a list of serial numbers say, is bounded by the request's size).
    if getattr(field, "max_length", None):
        return text(field.max_length)  # type: ignore[attr-defined]
    if isinstance(model_field, models.TextField):
        return text()
    return str


def _model_field(form_class: Any, name: str) -> Any:
    """The model field a model form's field edits, if any."""
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


class StrictInput(Input):
    """A request body names only fields it may set: an unknown one (a typo, a field an edit
    does not change) is refused by name, never accepted and ignored."""

    model_config = ConfigDict(extra="forbid")


def form_schema(name: str, form_class: Any, partial: bool) -> type[Schema]:
    """The request body of an endpoint whose input a Django form (class) validates."""
    fields: dict[str, Any] = {}
    for field_name, field in form_class.base_fields.items():
        ftype = _form_field_type(field, _model_field(form_class, field_name))
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
    return form_schema(f"{schema_base(resource)}{'Patch' if partial else 'In'}", form_class,
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
