"""Reads of press coverage, scoped: an item the reader may not see does not exist for them."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.press.models import PressItem


def visible_items(user: User) -> QuerySet[PressItem]:
    return scope_queryset(PressItem.objects.all(), user)


def year_before(day: dt.date) -> dt.date:
    """The same day a year before (29/02 becomes 28/02)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
