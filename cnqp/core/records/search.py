"""Accent- and case-insensitive search over a model's folded `search_text` column."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cnqp.core.text import search_terms


def apply_search(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Every term must appear: "nghiem thu" finds "Nghiệm thu", "qd" finds "QĐ". A NUL
    character matches nothing (no text keeps one; PostgreSQL refused the query with a 500)."""
    if not query or not hasattr(queryset.model, "search_text"):
        return queryset
    if "\x00" in query:
        return queryset.none()
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset
