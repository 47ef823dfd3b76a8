"""Calendar arithmetic the standard library lacks, and the moment of a step dated afterwards."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative); the month's last day when it has
    no such day: 31/01 + 1 month is 28/02 (29/02 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _day_of(value: dt.date | dt.datetime) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def moment(on_date: dt.date | None, *, field: str,
           after: dt.date | dt.datetime | None = None,
           after_message: str | None = None) -> dt.datetime:
    """When a step happened, for a step a person may record afterwards (ten years of history
    entered at once): now when no date is given or the date is today; a past day reads as its
    noon (local time), never before `after` when that is a moment of the same day. A date in
    the future, or before the day of `after` (the step it follows), is refused naming `field`.
    The audit entry of the write keeps when it was entered, and by whom."""
    today = timezone.localdate()
    if on_date is not None and on_date > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    if on_date is not None and after is not None and on_date < _day_of(after):
        raise ValidationError({field: after_message or (_(
            "The date is before the step it follows (%(date)s).")
            % {"date": _day_of(after).strftime("%d/%m/%Y")})})
    if on_date is None or on_date == today:
        return timezone.now()
    noon = timezone.make_aware(dt.datetime.combine(on_date, dt.time(12)))
    # a step of the same day as the one it follows comes after it, not at noon before it
    return max(noon, after) if isinstance(after, dt.datetime) else noon
