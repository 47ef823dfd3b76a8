"""What a list is narrowed by, said as the reader reads it: one chip per active filter ("Trạng
thái: Đang mở", the choice's label, never its code; the record's name, never its id), each with
the query string that removes it, and the query string that removes them all.

The values come from the bound filter form after the list was filtered, so a chip costs no
query: a record chosen in a filter was already fetched when the form was validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model
from django.http import QueryDict
from django.utils.translation import gettext as _

from cnqp.core.text import format_date

if TYPE_CHECKING:
    from django_filters import FilterSet

# the query keys of the list itself (paging, order, export), which are not filters
LIST_KEYS = ("page", "per_page", "sort", "export")


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    remove: str  # the query string without this filter


def active_filters(filterset: FilterSet | None, query: QueryDict,
                   searchable: bool) -> list[Chip]:
    """The chips of the filters `query` sets (the search first), in the form's order."""
    chips = []
    q = query.get("q", "").strip() if searchable else ""
    if q:
        chips.append(Chip(_("Search"), q, without(query, ["q"])))
    if filterset is None:
        return chips
    form = filterset.form
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        keys = _keys(name, field)
        if not any(query.get(k, "") for k in keys) or name in form.errors:
            continue
        shown = _shown(field, cleaned.get(name), query.getlist(name))
        if shown:
            chips.append(Chip(str(field.label or name), shown, without(query, keys)))
    return chips


def without(query: QueryDict, keys: Iterable[str]) -> str:
    """The query string with `keys` (and the page, which no longer means the same) removed."""
    rest = query.copy()
    for key in [*keys, "page"]:
        rest.pop(key, None)
    return rest.urlencode()


def cleared(query: QueryDict) -> str:
    """The query string with every filter and the search removed; the order and the page size
    stay, as the reader chose them."""
    rest = QueryDict(mutable=True)
    for key in ("sort", "per_page"):
        value = query.get(key)
        if value:
            rest[key] = str(value)
    return rest.urlencode()


def filter_keys(filterset: FilterSet | None, searchable: bool) -> list[str]:
    keys = ["q"] if searchable else []
    if filterset is not None:
        for name, field in filterset.form.fields.items():
            keys += _keys(name, field)
    return keys


def _keys(name: str, field: forms.Field) -> list[str]:
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):  # a range: name_min, name_max
        suffixes: list[str] = getattr(widget, "widgets_names", [])
        return [f"{name}{suffix}" for suffix in suffixes]
    return [name]


def _shown(field: forms.Field, value: Any, raw: list[str]) -> str:
    """The value as the filter shows it: a choice's label, a record's name, a date as
    dd/mm/yyyy, a list joined."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list | tuple) and value and isinstance(value[0], Model):
        return ", ".join(str(v) for v in value)
    choices = _choices(field)
    if choices:
        picked = [choices.get(str(v), str(v)) for v in raw if v != ""]
        return ", ".join(picked)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, slice):  # a range filter
        ends = [format_date(v) if isinstance(v, dt.date) else str(v)
                for v in (value.start, value.stop) if v is not None]
        return " \u2013 ".join(ends)  # an en dash
    return str(value) if value not in (None, "") else ""


def _choices(field: forms.Field) -> dict[str, str]:
    """The labels of a field's choices by their submitted value (a select of a boolean filter
    declares them on its widget)."""
    if isinstance(field, forms.ModelChoiceField):
        return {}
    found = getattr(field, "choices", None) or getattr(field.widget, "choices", None)
    if not found:
        return {}
    flat: dict[str, str] = {}
    for key, label in found:
        if isinstance(label, list | tuple):  # an optgroup
            flat.update({str(k): str(v) for k, v in label})
        else:
            flat[str(key)] = str(label)
    return flat
