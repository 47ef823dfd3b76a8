from __future__ import annotations

from typing import Any

from django import template

from cnqp.reports import document

register = template.Library()


@register.filter
def cell_text(value: Any) -> str:
    """A table cell as the DOCX prints it (1.234.567)."""
    return document.cell_text(value)


@register.filter
def is_figure(value: Any) -> bool:
    """Right-aligned, as in the DOCX."""
    return document.is_figure(value)
