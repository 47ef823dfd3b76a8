"""Reading values of records for lists, details and exports: dotted paths, choice labels,
Vietnamese formats, and the select_related a list needs so that it runs no per-row query."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.records.masking import shown
from cnqp.core.text import format_date, format_datetime, format_decimal, format_number


def field_at(model: type[models.Model], path: str) -> models.Field[Any, Any] | None:
    """The model field a dotted or __ path ends at, or None for a property."""
    current: type[models.Model] = model
    found: Any = None
    for part in path.replace(".", "__").split("__"):
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if found.is_relation and found.related_model is not None:
            current = found.related_model
    return found


def select_related_for(model: type[models.Model], paths: list[str]) -> list[str]:
    """The to-one relations the given paths traverse, for select_related."""
    related: set[str] = set()
    for path in paths:
        current: type[models.Model] = model
        chain: list[str] = []
        for part in path.replace(".", "__").split("__"):
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (f.many_to_one or f.one_to_one) or f.related_model is None:
                break
            chain.append(part)
            related.add("__".join(chain))
            current = f.related_model
    return sorted(related)


def stored_value(obj: Any, path: str) -> Any:
    """The stored value at a dotted or __ path (no choice labels): for rules, not display."""
    value = obj
    for part in path.replace("__", ".").split("."):
        if value is None:
            return None
        value = getattr(value, part, None)
    return value


def raw_value(obj: Any, path: str) -> Any:
    """The value to show at a dotted path: a choice's label, a manager's items joined; empty
    when it shows a related record the reader may not see (masking.py)."""
    if not shown(obj, path):
        return None
    value = obj
    parts = path.split(".")
    for i, part in enumerate(parts):
        if value is None:
            return None
        if i == len(parts) - 1 and isinstance(value, models.Model):
            display = getattr(value, f"get_{part}_display", None)
            if callable(display):
                return display()
        value = getattr(value, part, None)
    if isinstance(value, models.Manager):
        return ", ".join(str(v) for v in value.all())
    return value() if callable(value) and not isinstance(value, models.Model) else value


def is_year(path: str) -> bool:
    """A year is written 2026, never 2.026 (year, year_made, birth_year)."""
    last = path.split(".")[-1]
    return last == "year" or last.endswith("_year") or last.startswith("year_")


def shown_text(obj: Any, path: str) -> str:
    """The text of what `obj` shows at `path` (raw_value), a year as its four digits."""
    return text_at(path, raw_value(obj, path))


def text_at(path: str, value: Any) -> str:
    """The one rule for a value shown under a name, on pages, in histories and in CSV: a
    year as its four digits (2026, never 2.026), anything else as `as_text` writes it."""
    if is_year(path) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return as_text(value)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return format_datetime(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Decimal):
        return format_decimal(value)  # its own places, never the column's six
    if isinstance(value, float):
        return format_number(value, 2).rstrip("0").rstrip(",")
    if isinstance(value, dict | list):  # stored JSON (an audit entry's changes): as JSON
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def export_value(value: Any) -> Any:
    """Spreadsheets keep numbers and dates as such (formatted by the sheet), the rest as text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    return str(value)

