"""Sorting a list by a column: text in Vietnamese order on both databases."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.functions import Collate

from cnqp.core.records.display import field_at


def ordering_expression(model: type[models.Model], sort_field: str, descending: bool) -> Any:
    found = field_at(model, sort_field)
    expression: Any = F(sort_field)
    if isinstance(found, models.CharField | models.TextField) and not found.choices:
        expression = Collate(expression, "vi")  # Vietnamese order on both databases
    return expression.desc() if descending else expression.asc()
