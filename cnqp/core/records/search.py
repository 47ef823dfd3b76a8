"""Accent- and case-insensitive search over a model's folded `search_text` column."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cnqp.core.text import search_terms


def apply_search(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Every term must appear: "nghiem thu" finds "Nghiệm thu", "qd" finds "QĐ"."""
    if not query or not hasattr(queryset.model, "search_text"):
        return queryset
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset
