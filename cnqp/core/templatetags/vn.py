"""Template filters for Vietnamese figures and dates; builtins, so every template has them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cnqp.core.access.scoping import classification_of
from cnqp.core.choices import Classification
from cnqp.core.text import format_date, format_datetime, format_decimal, format_number, long_date

register = template.Library()


@register.filter
def vn_number(value: Any, decimals: int = 0) -> str:
    try:
        return format_number(value, int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return "" if value is None else str(value)


@register.filter
def vn_decimal(value: Any) -> str:
    """A stored decimal with its own places, Vietnamese comma: 12,5, never 12,500000."""
    try:
        return format_decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return "" if value is None else str(value)


@register.filter
def vn_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return format_datetime(timezone.localtime(value) if timezone.is_aware(value) else value)
    return format_date(value) if isinstance(value, dt.date) else ""


@register.filter
def vn_long_date(value: Any, place: str = "Hà Nội") -> str:
    return long_date(value, place) if isinstance(value, dt.date) else ""


@register.filter
def marking(level: Any) -> SafeString | str:
    """The secrecy marking of a classified record, in red; nothing for unclassified ones."""
    try:
        level = Classification(int(level))
    except (TypeError, ValueError):
        return ""
    if level == Classification.UNCLASSIFIED:
        return ""
    return format_html('<span class="badge marking marking-{}">{}</span>', int(level), level.label)


@register.filter
def record_marking(obj: Any) -> SafeString | str:
    """The red marking of any record, its level read through its model's scope."""
    return marking(classification_of(obj)) if obj is not None else ""


@register.filter
def record_level(obj: Any) -> str:
    """The record's level as text ("Tối mật"), or "" for an unclassified record."""
    level = classification_of(obj) if obj is not None else 0
    return str(Classification(level).label) if level else ""


@register.filter
def get_attr(obj: Any, name: str) -> Any:
    return getattr(obj, name, "")
