"""Reading performance returns: a return's values with its totals and ratios (computed by
`compute.derive`, never stored), the same period of the year before, the versions of a return
and what an amendment changes against the version it amends, and whether it came on time.

Each read is a fixed number of queries, whatever the number of indicators or versions, and
goes through the scoping: a version the reader may not see (filed above their clearance) is
neither listed nor compared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.performance import compute
from cnqp.performance.choices import IndicatorKind
from cnqp.performance.models import Indicator, Submission
from cnqp.performance.models import Value as StoredValue
from cnqp.performance.validation import previous_values


@dataclass(frozen=True)
class Row:
    """A line of a return as its pages show it."""

    indicator: Indicator
    value: Decimal | None
    explanation: str
    previous: Decimal | None  # the same period of the year before, when checked against it

    @property
    def computed(self) -> bool:
        return self.indicator.kind != IndicatorKind.ENTERED

    @property
    def code(self) -> str:
        return self.indicator.code


def indicators() -> list[Indicator]:
    """Every indicator in the return's order (one query)."""
    return list(Indicator.objects.order_by("order", "code"))


def stored(submission: Submission) -> dict[str, StoredValue]:
    """The values entered in the return, by indicator code (one query)."""
    return {v.indicator.code: v for v in
            StoredValue.objects.filter(submission=submission).select_related("indicator")}


def rows_of(submission: Submission, values: dict[str, Decimal | None],
            explanations: dict[str, str], *, user: User | None,
            with_previous: bool = True) -> list[Row]:
    """Every indicator with `values` (entered ones, by code) and the totals and ratios derived
    from them; with the same period of the year before when asked (two queries more)."""
    lines = compute.lines()
    derived = compute.derive(values, submission.period.months, lines)
    before: dict[str, Decimal | None] = {}
    if with_previous:
        found = dict(previous_values(submission, user))
        if found:
            before = compute.derive(found, submission.period.months, lines)
    return [Row(i, derived.get(i.code), explanations.get(i.code, ""), before.get(i.code))
            for i in indicators()]


def return_rows(submission: Submission, *, user: User | None,
                with_previous: bool = True) -> list[Row]:
    """The return's values as stored, with its totals and ratios (and the year before as
    `user` may see it: a classified return above their clearance does not exist for them)."""
    entered = stored(submission)
    return rows_of(submission, {code: v.value for code, v in entered.items()},
                   {code: v.explanation for code, v in entered.items()}, user=user,
                   with_previous=with_previous)


def versions(user: User, submission: Submission) -> QuerySet[Submission]:
    """The versions of the same return (enterprise, period, scenario) the reader may see,
    the first one first."""
    return scope_queryset(Submission.objects.filter(
        unit_id=submission.unit_id, year=submission.year, period_kind=submission.period_kind,
        period_number=submission.period_number, scenario=submission.scenario), user
    ).order_by("version")


@dataclass(frozen=True)
class Change:
    """An indicator whose value an amendment changes."""

    indicator: Indicator
    before: Decimal | None
    after: Decimal | None
    explanation: str  # the amendment's explanation of this value

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        change = self.change
        if change is None or not self.before:
            return None
        return change * 100 / abs(self.before)


def amended(user: User, submission: Submission) -> Submission | None:
    """The version an amendment amends, if the reader may see it."""
    if submission.amends_id is None:
        return None
    return scope_queryset(Submission.objects.filter(pk=submission.amends_id), user).first()


def diff(user: User, submission: Submission) -> list[Change] | None:
    """What an amendment changes against the version it amends, totals and ratios included,
    in the return's order; None when it amends nothing the reader may see."""
    earlier = amended(user, submission)
    if earlier is None:
        return None
    before = {row.code: row for row in return_rows(earlier, user=user, with_previous=False)}
    after = return_rows(submission, user=user, with_previous=False)
    return [Change(row.indicator, before[row.code].value, row.value, row.explanation)
            for row in after if before[row.code].value != row.value]


# --- on time or late --------------------------------------------------------------------------

ON_TIME, LATE, OVERDUE, PENDING = "on_time", "late", "overdue", "pending"


def timeliness(submission: Submission, today: dt.date) -> str:
    """Whether the return came by its due date: on time, late, overdue (not submitted and the
    day has passed) or pending; "" when no schedule gives a due date, or for an amendment (a
    correction of a return filed already, not a late one)."""
    if submission.due_on is None or submission.amends_id is not None:
        return ""
    if submission.submitted_at is not None:
        day = timezone.localtime(submission.submitted_at).date()
        return ON_TIME if day <= submission.due_on else LATE
    return OVERDUE if today > submission.due_on else PENDING


def on_time(today: dt.date) -> Case:
    """`timeliness` as an annotation, for lists: true when submitted by the due date, false
    when submitted after it or not submitted and overdue, null otherwise."""
    return Case(
        When(Q(due_on__isnull=True) | Q(amends__isnull=False), then=Value(None)),
        When(submitted_at__isnull=False,
             then=Case(When(Q(submitted_day__lte=F("due_on")), then=Value(True)),
                       default=Value(False))),
        When(due_on__lt=today, then=Value(False)),
        default=Value(None), output_field=BooleanField(null=True))


def listed(queryset: QuerySet[Submission], today: dt.date) -> QuerySet[Submission]:
    """A list of returns as the lists show them: whether each came on time, and a sort key
    that puts the current versions first, the latest year first among them."""
    return queryset.annotate(submitted_day=TruncDate("submitted_at")).annotate(
        on_time=on_time(today),
        current_first=Case(When(is_current=True, then=F("year") + 10000), default=F("year"),
                           output_field=IntegerField()))
