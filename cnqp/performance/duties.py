"""The performance app's daily duties (`core.jobs.duties`): reminders of the returns due and
overdue, and the lock of accepted returns once their schedule's grace has passed.

`performance.remind_returns`: for every schedule every enterprise owes, the periods whose due
date is within the next `AHEAD` days or past by at most `BACK` days; each active reporting
enterprise that has not submitted the return (none, or a draft) is told once before the due
date and once after it, and the reviewing departments once after it how many are missing.
Each notice has a key (`performance.due:<unit>:<year>-<kind>-<n>:<scenario>:before|after`,
`performance.missing:...`), so a second run, or a second worker, tells nobody twice. A
return sent back for correction was submitted: its enterprise has been told already.

Cost: one query for the schedules, one for the enterprises, one per schedule for the returns
submitted in its periods, and the notices' few, whatever the number of enterprises and
returns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cnqp.core.choices import NotificationLevel
from cnqp.core.jobs.duties import duty
from cnqp.core.models import OrgUnit
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.text import format_date
from cnqp.core.units import departments_for, reporting_enterprises
from cnqp.performance.choices import PERIODS_IN_YEAR, PeriodKind, Scenario
from cnqp.performance.models import Schedule, Submission
from cnqp.performance.periods import Period
from cnqp.performance.services import lock_due_returns

AHEAD = 7  # days before the due date the enterprises are reminded
BACK = 60  # days after the due date a period is still reminded of
DOMAIN = "performance"


def periods_due(schedule: Schedule, today: dt.date) -> list[tuple[Period, dt.date]]:
    """The periods of `schedule` due from `BACK` days ago to `AHEAD` days ahead, with their
    due dates (a due date may fall in the year after the period, or before its end)."""
    kind = PeriodKind(schedule.period_kind)
    found = []
    for year in range(today.year - 2, today.year + 2):
        for number in range(1, PERIODS_IN_YEAR[kind] + 1):
            period = Period(year, kind, number)
            due = period.due_on(schedule.due_from, schedule.due_days)
            if today - dt.timedelta(days=BACK) <= due <= today + dt.timedelta(days=AHEAD):
                found.append((period, due))
    return found


def _key(period: Period, scenario: str) -> str:
    return f"{period.year}-{period.kind}-{period.number}:{scenario}"


def _link(period: Period, scenario: str) -> str:
    query: dict[str, str | int] = {"year": period.year, "period_kind": str(period.kind),
                                   "period_number": period.number, "scenario": scenario}
    return f"{reverse('performance:completeness')}?{urlencode(query)}"


def _what(period: Period, scenario: str) -> str:
    return _("%(period)s, %(scenario)s") % {"period": period.label,
                                           "scenario": Scenario(scenario).label}


def _reminder(unit: OrgUnit, period: Period, scenario: str, due: dt.date,
              today: dt.date) -> Notice:
    what = _what(period, scenario)
    if due >= today:
        days = (due - today).days
        if days == 0:
            title = _("Performance return due today: %(what)s") % {"what": what}
        else:
            title = ngettext("Performance return due in %(days)s day: %(what)s",
                             "Performance return due in %(days)s days: %(what)s", days) % {
                "days": days, "what": what}
        return Notice(unit=unit, title=title, link=_link(period, scenario),
                      text=_("Due on %(date)s.") % {"date": format_date(due)},
                      level=NotificationLevel.WARNING,
                      key=f"performance.due:{unit.pk}:{_key(period, scenario)}:before")
    return Notice(unit=unit, title=_("Performance return overdue since %(date)s: %(what)s") % {
        "date": format_date(due), "what": what}, link=_link(period, scenario),
        level=NotificationLevel.DANGER,
        key=f"performance.due:{unit.pk}:{_key(period, scenario)}:after")


def remind_returns(today: dt.date) -> int:
    """Tell the enterprises that have not submitted of their returns due soon or overdue, and
    the reviewing departments how many are missing once the due date has passed; how many
    notices were sent."""
    schedules = list(Schedule.objects.filter(expected=True).order_by("period_kind",
                                                                     "scenario"))
    due = [(schedule, periods_due(schedule, today)) for schedule in schedules]
    due = [(schedule, periods) for schedule, periods in due if periods]
    if not due:
        return 0
    enterprises = list(reporting_enterprises().filter(is_active=True).order_by("code"))
    departments = departments_for(DOMAIN)
    notices = []
    for schedule, periods in due:
        submitted: dict[tuple[int, int], set[int]] = defaultdict(set)
        rows = Submission.objects.filter(
            period_kind=schedule.period_kind, scenario=schedule.scenario,
            year__in={period.year for period, _due in periods},
            period_number__in={period.number for period, _due in periods},
            submitted_at__isnull=False).values_list("year", "period_number", "unit_id")
        for year, number, unit_id in rows.distinct():
            submitted[year, number].add(unit_id)
        for period, due_on in periods:
            missing = [unit for unit in enterprises
                       if unit.pk not in submitted[period.year, period.number]]
            notices += [_reminder(unit, period, schedule.scenario, due_on, today)
                        for unit in missing]
            if missing and due_on < today:
                notices += [Notice(
                    unit=department, title=ngettext(
                        "%(count)s enterprise has not submitted its return: %(what)s",
                        "%(count)s enterprises have not submitted their returns: %(what)s",
                        len(missing)) % {"count": len(missing),
                                         "what": _what(period, schedule.scenario)},
                    text=", ".join(unit.code for unit in missing),
                    link=_link(period, schedule.scenario), level=NotificationLevel.WARNING,
                    key=f"performance.missing:{_key(period, schedule.scenario)}")
                    for department in departments]
    return len(send_notifications(None, notices)) if notices else 0


@duty("performance.remind_returns")
def remind(today: dt.date) -> int:
    """Each enterprise told once before and once after the due date of a return it has not
    submitted; the reviewing departments once after it of how many are missing."""
    return remind_returns(today)


@duty("performance.lock_returns")
def lock(today: dt.date) -> int:
    """The accepted returns whose schedule's grace after the due date has passed, locked."""
    return lock_due_returns(today)
