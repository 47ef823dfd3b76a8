from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def is_number(value: Any) -> bool:
    """A table cell that prints as a figure (right-aligned, 1.234.567); text stays text."""
    return isinstance(value, int | float) and not isinstance(value, bool)
