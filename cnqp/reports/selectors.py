"""Reads of generated reports, through the one scoping mechanism."""

from __future__ import annotations

from django.db.models import QuerySet

from cnqp.core.models import User
from cnqp.reports.models import GeneratedReport


def visible_reports(user: User) -> QuerySet[GeneratedReport]:
    from cnqp.reports.resources import generated

    return generated.queryset(user).select_related("created_by", "unit", "job")
