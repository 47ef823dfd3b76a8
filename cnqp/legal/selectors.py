"""Reads of legal work, scoped: what the reader may not see does not exist for them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.legal.choices import IN_FORCE
from cnqp.legal.models import ConsultationRound, LegalDraft, LegalInstrument

REVIEW_SOON_DAYS = 90  # "due for review" on the register's page: within this many days


def visible_drafts(user: User) -> QuerySet[LegalDraft]:
    return scope_queryset(LegalDraft.objects.all(), user)


def visible_rounds(user: User) -> QuerySet[ConsultationRound]:
    return scope_queryset(ConsultationRound.objects.all(), user)


def visible_instruments(user: User) -> QuerySet[LegalInstrument]:
    return scope_queryset(LegalInstrument.objects.all(), user)


def year_before(day: dt.date) -> dt.date:
    """The same day a year before (29/02 becomes 28/02)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def in_progress_q(start: dt.date, end: dt.date) -> Q:
    """Drafts being drafted some time in [start, end]: started by its end, not issued before
    its start."""
    return (Q(started_on__isnull=False, started_on__lte=end)
            & (Q(issued_on__isnull=True) | Q(issued_on__gte=start)))


def overdue_q(day: dt.date) -> Q:
    """Drafts whose deadline passed before `day` and that were not issued by then."""
    return (Q(deadline__lt=day)
            & (Q(issued_on__isnull=True) | Q(issued_on__gt=day)))


def in_force_q(day: dt.date) -> Q:
    """Documents of the register in force on `day`: in effect, not yet replaced or repealed."""
    return (Q(effective_from__lte=day)
            & (Q(ended_on__isnull=True, status__in=list(IN_FORCE)) | Q(ended_on__gt=day)))


def due_for_review_q(day: dt.date) -> Q:
    """In force on `day`, their review due by then."""
    return in_force_q(day) & Q(review_due_on__lte=day)
