"""The periods returns cover: a month, quarter, half-year or year, its dates, its label as the
reports print it ("Quý III/2026", "6 tháng đầu năm 2026"), the same period a year before, and
when its return is due under a schedule."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cnqp.performance.choices import MONTHS_IN_PERIOD, PERIODS_IN_YEAR, DueFrom, PeriodKind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: PeriodKind
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= PERIODS_IN_YEAR[self.kind]:
            raise ValueError(f"{self.kind} {self.number} does not exist.")

    @property
    def months(self) -> int:
        return MONTHS_IN_PERIOD[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.number * self.months
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return period_label(self.year, self.kind, self.number)

    def year_before(self) -> Period:
        return Period(self.year - 1, self.kind, self.number)

    def previous(self) -> Period:
        """The period just before this one, of the same kind."""
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, PERIODS_IN_YEAR[self.kind])

    def due_on(self, due_from: str, days: int) -> dt.date:
        anchor = self.start if due_from == DueFrom.START else self.end
        return anchor + dt.timedelta(days=days)

    @classmethod
    def matching(cls, start: dt.date, end: dt.date) -> Period | None:
        """The return period whose dates are exactly `start`..`end` (a report's period), or
        None when none is (a custom range)."""
        if start.year != end.year:
            return None
        for kind in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH):
            for number in range(1, PERIODS_IN_YEAR[kind] + 1):
                period = cls(start.year, kind, number)
                if (period.start, period.end) == (start, end):
                    return period
        return None

    @classmethod
    def containing(cls, day: dt.date, kind: PeriodKind) -> Period:
        return cls(day.year, kind, (day.month - 1) // MONTHS_IN_PERIOD[kind] + 1)


def period_label(year: int, kind: str, number: int) -> str:
    if kind == PeriodKind.YEAR:
        return _("year %(year)s") % {"year": year}
    if kind == PeriodKind.HALF:
        if number == 1:
            return _("first half of %(year)s") % {"year": year}
        return _("second half of %(year)s") % {"year": year}
    if kind == PeriodKind.QUARTER:
        return _("quarter %(roman)s/%(year)s") % {"roman": ROMAN[number], "year": year}
    return _("month %(month)s/%(year)s") % {"month": f"{number:02d}", "year": year}
