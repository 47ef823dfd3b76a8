"""Quality's hand-offs, told: who must act next learns of it by a notice to their unit, sent
by the service that made the hand-off, inside its transaction (`core.notifications`).

- a field report filed: the producing enterprise and the directorate's quality department
  (the departments whose domains include `quality`: `core.units.departments_for`);
- a field report triaged (a non-conformance opened, or closed with its reason): the reporting
  unit;
- a non-conformance opened: the responsible enterprise;
- a corrective action assigned (created, or its responsible unit changed): that unit;
- a corrective action falling due or overdue (`remind_due`, the daily duty): that unit.

Each notice links to the record and is as classified as the record, so a user below its level
never learns of it; each recipient can open the record (the scopes name them: a report's
reporting unit and producer, a non-conformance's enterprise, an action's responsible unit).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.choices import NotificationLevel
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.text import format_date
from cnqp.core.units import departments_for
from cnqp.quality.choices import ActionStatus, Severity
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance

if TYPE_CHECKING:
    from cnqp.core.models import User

DOMAIN = "quality"  # the departments whose domains include it triage and follow up
REMINDER_DAYS = 7  # an action's responsible unit is told a week before its due date


def _first_line(text: str, length: int = 200) -> str:
    line = text.strip().split("\n")[0]
    return line if len(line) <= length else line[:length - 1] + "…"


def report_filed(report: FieldReport) -> list[Notice]:
    """The producer and the quality department, told of a new report to triage."""
    link = reverse("quality:field-reports-detail", args=[report.pk])
    title = _("Field report %(code)s: %(product)s failed at %(unit)s") % {
        "code": report.code, "product": report.product_type.code,
        "unit": report.reporting_unit.code}
    text = f"{report.get_severity_display()}. {_first_line(report.symptom)}"
    level = (NotificationLevel.DANGER if report.severity == Severity.CRITICAL
             else NotificationLevel.WARNING)
    units = [report.enterprise, *[d for d in departments_for(DOMAIN)
                                  if d.pk != report.enterprise_id]]
    return [Notice(unit=unit, title=title, text=text, link=link, level=level,
                   classification=report.classification) for unit in units]


def report_triaged(report: FieldReport, nc: NonConformance | None = None) -> list[Notice]:
    """The reporting unit, told what became of its report; not the non-conformance's number,
    which is the producer's record (the reporting unit does not see it)."""
    if nc is not None:
        title = _("Field report %(code)s: a non-conformance was opened") % {
            "code": report.code}
        text = _("The producer %(unit)s is dealing with the defect.") % {
            "unit": report.enterprise.code}
    else:
        title = _("Field report %(code)s closed without non-conformance") % {
            "code": report.code}
        text = report.close_reason
    return [Notice(unit=report.reporting_unit, title=title, text=text,
                   link=reverse("quality:field-reports-detail", args=[report.pk]),
                   classification=report.classification)]


def nonconformance_opened(nc: NonConformance) -> list[Notice]:
    """The responsible enterprise, told of a non-conformance opened on it."""
    return [Notice(unit=nc.enterprise, title=_("Non-conformance %(code)s opened: %(title)s") % {
        "code": nc.code, "title": nc.title}, text=nc.get_severity_display(),
        link=reverse("quality:nonconformances-detail", args=[nc.pk]),
        level=NotificationLevel.WARNING, classification=nc.classification)]


def action_assigned(action: CorrectiveAction) -> list[Notice]:
    """The responsible unit, told of an action it must carry out."""
    return [Notice(unit=action.owner_unit, title=_(
        "Corrective action %(code)s assigned to your unit") % {"code": action.code},
        text=_("%(title)s. Due %(due)s.") % {"title": action.title,
                                           "due": format_date(action.due_date)},
        link=reverse("quality:actions-detail", args=[action.pk]),
        level=NotificationLevel.WARNING, classification=action.classification)]


def tell(actor: User | None, notices: list[Notice]) -> None:
    """Send, as `actor` (None: the system), inside the caller's transaction."""
    if notices:
        send_notifications(actor, notices)


def actions_due(today: dt.date, horizon: int = REMINDER_DAYS) -> list[CorrectiveAction]:
    """The actions of non-conformances not closed whose due date is within `horizon` days or
    past: one query. Safety's actions are safety's to remind (`safety.remind_due`)."""
    return list(CorrectiveAction.objects
                .filter(nonconformance__isnull=False,
                        due_date__lte=today + dt.timedelta(days=horizon))
                .exclude(status=ActionStatus.CLOSED)
                .select_related("owner_unit").order_by("due_date", "pk"))


def due_reminder(action: CorrectiveAction, today: dt.date) -> Notice:
    overdue = action.due_date < today
    title = (_("Corrective action %(code)s overdue since %(date)s") if overdue
             else _("Corrective action %(code)s due on %(date)s")) % {
        "code": action.code, "date": format_date(action.due_date)}
    return Notice(unit=action.owner_unit, title=title, text=action.title,
                  link=reverse("quality:actions-detail", args=[action.pk]),
                  level=NotificationLevel.DANGER if overdue else NotificationLevel.WARNING,
                  classification=action.classification,
                  key=f"quality.due:action:{action.pk}:{action.due_date.isoformat()}:"
                      f"{'overdue' if overdue else 'soon'}")


def remind_due(today: dt.date, horizon: int = REMINDER_DAYS) -> int:
    """Tell each responsible unit, as the system, of its actions due within `horizon` days
    (once) and overdue (once more), per action and due date; a due date moved is a new
    reminder. A constant number of queries: the actions, the keys sent, the insert and its
    audit entry. How many notices were sent."""
    notices = [due_reminder(action, today) for action in actions_due(today, horizon)]
    return len(send_notifications(None, notices)) if notices else 0
