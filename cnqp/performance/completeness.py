"""Completeness of the returns of a period and scenario: which enterprises have submitted, on
time or late, and which have not (DHIS2's reporting rate and reporting rate on time).

Who is expected: every active reporting enterprise (`units.reporting_enterprises`) the reader
may ask for (`units.units_in_reach`: an enterprise's staff see their own enterprise only, the
directorate's roles every one; the org tree itself is readable by all, so its scope does not
decide this), and an inactive one that nevertheless filed. A schedule that not every
enterprise owes (`Schedule.expected` false: a revised plan) expects only those that filed.

Each line holds the enterprise's current version of the return (the accepted one while an
amendment is in progress) and when the return was first submitted: the first submission, not
the last correction, says whether it came on time, i.e. on or before the schedule's due date
(`services.returns.due_date`; without a schedule nothing is late). A return sent back for
correction was received (it came, and on time or late); a draft was not.

Counts: expected (the lines), received (submitted once: submitted, returned, accepted or
locked), on time and late (of those received), missing (not received: no return or a draft;
overdue when the due date has passed), accepted (accepted or locked). The reporting rate is
received ÷ expected, the on-time rate on time ÷ expected (as DHIS2 counts them).

Classified returns: a return above the reader's clearance does not exist for them (every read
is `scope_queryset`), so its enterprise shows as missing to that reader. Counting it as
received without a link would tell the reader that a return exists, and its existence (an
enterprise reporting on a classified line of business) may itself be classified; the rule
that a hidden record is absent is the one every list, count and figure follows.

Two queries whatever the number of enterprises (the units, the returns with their first
submission as a subquery), and one for the schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import reporting_enterprises, units_in_reach
from cnqp.performance.choices import COUNTED, PeriodKind, ReturnStatus, Scenario
from cnqp.performance.models import Schedule, Submission
from cnqp.performance.periods import Period

VIEW_PERMISSION = "performance.view_submission"


class State(models.TextChoices):
    """Where an enterprise's return stands, in the order the page lists them: what is missing
    first."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft, not submitted")
    RETURNED = "returned", _("Returned for correction")
    LATE = "late", _("Submitted late")
    ON_TIME = "on_time", _("Submitted on time")
    ACCEPTED_LATE = "accepted_late", _("Accepted, submitted late")
    ACCEPTED_ON_TIME = "accepted_on_time", _("Accepted, submitted on time")


ORDER = {state: n for n, state in enumerate(State.values)}
MISSING = (State.NOT_STARTED, State.DRAFT)
ACCEPTED = (State.ACCEPTED_LATE, State.ACCEPTED_ON_TIME)


@dataclass(frozen=True)
class Line:
    """One expected enterprise. `submission` is its current version of the return, if the
    reader may see one."""

    unit: OrgUnit
    state: State
    submission: Submission | None = None
    first_submitted: dt.datetime | None = None
    days_late: int = 0  # received: days after the due date; missing: days overdue so far

    @property
    def received(self) -> bool:
        return self.first_submitted is not None

    @property
    def missing(self) -> bool:
        return not self.received

    @property
    def late(self) -> bool:
        return self.received and self.days_late > 0

    @property
    def on_time(self) -> bool:
        return self.received and self.days_late == 0

    @property
    def overdue(self) -> bool:
        return self.missing and self.days_late > 0

    @property
    def accepted(self) -> bool:
        return self.state in ACCEPTED


@dataclass(frozen=True)
class Completeness:
    period: Period
    scenario: str
    due_on: dt.date | None
    today: dt.date
    owed_by_all: bool  # the schedule says every enterprise owes this return
    lines: list[Line] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def received(self) -> int:
        return sum(1 for line in self.lines if line.received)

    @property
    def on_time(self) -> int:
        return sum(1 for line in self.lines if line.on_time)

    @property
    def late(self) -> int:
        return sum(1 for line in self.lines if line.late)

    @property
    def missing(self) -> int:
        return sum(1 for line in self.lines if line.missing)

    @property
    def overdue(self) -> int:
        return sum(1 for line in self.lines if line.overdue)

    @property
    def accepted(self) -> int:
        return sum(1 for line in self.lines if line.accepted)

    @property
    def is_past_due(self) -> bool:
        return self.due_on is not None and self.today > self.due_on

    @property
    def rate(self) -> Decimal | None:
        """Received ÷ expected, in per cent with one decimal (None: nothing expected)."""
        return _percent(self.received, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.on_time, self.expected)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def schedule_of(period: Period, scenario: str) -> Schedule | None:
    return Schedule.objects.filter(period_kind=period.kind, scenario=scenario).first()


def returns_of(user: User, period: Period, scenario: str) -> models.QuerySet[Submission]:
    """The returns of the period and scenario `user` may see (every version)."""
    if not user.has_perm(VIEW_PERMISSION):
        return Submission.objects.none()
    return scope_queryset(Submission.objects.filter(
        year=period.year, period_kind=period.kind, period_number=period.number,
        scenario=scenario), user)


def _state(submission: Submission | None, late: bool) -> State:
    if submission is None:
        return State.NOT_STARTED
    if submission.status in COUNTED:
        return State.ACCEPTED_LATE if late else State.ACCEPTED_ON_TIME
    if submission.status == ReturnStatus.RETURNED:
        return State.RETURNED
    if submission.status == ReturnStatus.SUBMITTED:
        return State.LATE if late else State.ON_TIME
    return State.DRAFT


def completeness(user: User, period: Period, scenario: str,
                 today: dt.date | None = None) -> Completeness:
    """The completeness of the returns of `period` and `scenario` as `user` sees it."""
    today = today or timezone.localdate()
    schedule = schedule_of(period, scenario)
    due_on = period.due_on(schedule.due_from, schedule.due_days) if schedule else None
    owed_by_all = schedule.expected if schedule else False
    visible = returns_of(user, period, scenario)
    first = (visible.filter(unit=OuterRef("unit"), submitted_at__isnull=False)
             .order_by("submitted_at").values("submitted_at")[:1])
    current = {s.unit_id: s for s in visible.filter(is_current=True)
               .only("pk", "unit_id", "status", "version", "classification", "submitted_at",
                     "year", "period_kind", "period_number", "scenario")
               .annotate(first_submitted=Subquery(first))}
    filed = visible.values("unit_id")
    units = reporting_enterprises().filter(
        pk__in=units_in_reach(user).values("pk"))
    units = units.filter(Q(pk__in=filed) | Q(is_active=True)) if owed_by_all else units.filter(
        pk__in=filed)
    lines = []
    for unit in units.order_by("code"):
        submission = current.get(unit.pk)
        submitted = getattr(submission, "first_submitted", None)
        if submitted is not None:
            days = (timezone.localtime(submitted).date() - due_on).days if due_on else 0
        else:
            days = (today - due_on).days if due_on else 0
        days = max(days, 0)
        lines.append(Line(unit=unit, state=_state(submission, submitted is not None and days > 0),
                          submission=submission, first_submitted=submitted, days_late=days))
    lines.sort(key=lambda line: ORDER[line.state])
    return Completeness(period=period, scenario=scenario, due_on=due_on, today=today,
                        owed_by_all=owed_by_all, lines=lines)


def latest_due_period(today: dt.date, scenario: str = Scenario.ACTUAL) -> Period:
    """The page's default: the latest quarter whose return of `scenario` is past due under
    its schedule, else the latest such year, else this year."""
    schedules = {s.period_kind: s for s in Schedule.objects.filter(scenario=scenario)}
    for kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        schedule = schedules.get(kind)
        if schedule is None:
            continue
        period = Period.containing(today, kind)
        for _step in range(8):
            if period.due_on(schedule.due_from, schedule.due_days) < today:
                return period
            period = period.previous()
    return Period(today.year, PeriodKind.YEAR)
