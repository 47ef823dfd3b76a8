"""What falls due, as lines (the "falls due" page shows them) and as reminders: each owning
unit is told once per record and due date when an inspection, a certificate, a plan's or a
rule's review, a finding or a corrective action falls due within 30 days or is overdue.

`remind_due` is safety's daily duty (`safety/duties.py`): it reads everything due, unscoped
(the system tells every unit), and sends one notice per record in one `send_notifications`
call; each notice has the key `safety.due:<kind>:<id>:<due date>`, so running it again the
same day, on two workers or on the next day tells nobody twice, and a due date moved on (an
inspection recorded, a review done, a finding given more time) is a new reminder when the new
date comes near. Its cost does not grow with the records: six reads and the keys already sent
(9 queries with the transaction's, when nothing is new), then the insert and its audit entry
(14 on SQLite, 15 on PostgreSQL; SQLite inserts in batches of about a hundred rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from cnqp.core.choices import NotificationLevel
from cnqp.core.models import OrgUnit
from cnqp.core.notifications import Notice, send_notifications
from cnqp.safety.selectors import HORIZON_DAYS, FallsDue, due_records

KINDS = ("assets", "certificates", "plans", "rules", "findings", "actions")


@dataclass(frozen=True)
class DueLine:
    kind: str  # one of KINDS
    record: Model
    code: str
    what: str  # "Inspection of CT-01 Cầu trục 5 tấn"
    unit: OrgUnit  # the unit that must act
    due: dt.date
    link: str  # the record's page ("" while it has none)
    classification: int

    def overdue(self, today: dt.date) -> bool:
        return self.due < today

    def days(self, today: dt.date) -> int:
        """Days until it falls due; negative when overdue."""
        return (self.due - today).days


def record_link(url_name: str, pk: int) -> str:
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:  # a resource without its pages yet: the line stays, unlinked
        return ""


def _asset(asset: Any) -> DueLine:
    return DueLine("assets", asset, asset.code, _("Inspection of %(asset)s") % {
        "asset": f"{asset.code} {asset.name}"}, asset.unit, asset.next_due,
        record_link("safety:assets-detail", asset.pk), asset.classification)


def _certificate(record: Any) -> DueLine:
    session = record.session
    return DueLine("certificates", record, record.certificate_number or session.course.code,
                   _("Certificate of %(person)s (%(course)s)") % {
                       "person": record.person, "course": session.course.name},
                   session.unit, record.expires_on,
                   record_link("safety:certificates-detail", record.pk),
                   session.classification)


def _plan(plan: Any) -> DueLine:
    return DueLine("plans", plan, plan.code, _("Review of plan %(plan)s") % {
        "plan": f"{plan.code} {plan.title}"}, plan.unit, plan.review_due,
        record_link("safety:plans-detail", plan.pk), plan.classification)


def _rule(rule: Any) -> DueLine:
    return DueLine("rules", rule, rule.number, _("Review of rule %(rule)s") % {
        "rule": f"{rule.number} {rule.title}"}, rule.issuer, rule.review_due,
        record_link("safety:rules-detail", rule.pk), rule.classification)


def _finding(finding: Any) -> DueLine:
    return DueLine("findings", finding, finding.code, _("Finding %(finding)s") % {
        "finding": f"{finding.code} {finding.title}"}, finding.unit, finding.due_date,
        record_link("safety:findings-detail", finding.pk), finding.classification)


def _action(action: Any) -> DueLine:
    return DueLine("actions", action, action.code, _("Corrective action %(action)s") % {
        "action": f"{action.code} {action.title}"}, action.owner_unit, action.due_date,
        record_link("quality:actions-detail", action.pk), action.classification)


LINES: dict[str, Callable[[Any], DueLine]] = {
    "assets": _asset, "certificates": _certificate, "plans": _plan, "rules": _rule,
    "findings": _finding, "actions": _action}


def lines_of(kind: str, records: QuerySet[Any] | list[Any]) -> list[DueLine]:
    return [LINES[kind](record) for record in records]


def due_lines(due: FallsDue) -> Iterator[DueLine]:
    for kind in KINDS:
        yield from lines_of(kind, getattr(due, kind))


def reminder(line: DueLine, today: dt.date) -> Notice:
    overdue = line.overdue(today)
    title = (_("%(what)s: overdue since %(date)s") if overdue
             else _("%(what)s: due on %(date)s")) % {
        "what": line.what, "date": line.due.strftime("%d/%m/%Y")}
    return Notice(unit=line.unit, title=title, link=line.link,
                  level=NotificationLevel.DANGER if overdue else NotificationLevel.WARNING,
                  classification=line.classification,
                  key=f"safety.due:{line.kind}:{line.record.pk}:{line.due.isoformat()}")


def remind_due(today: dt.date, horizon: int = HORIZON_DAYS) -> int:
    """Tell each owning unit, as the system, what falls due by `today + horizon` or is
    overdue, once per record and due date; how many notices were sent."""
    notices = [reminder(line, today) for line in due_lines(due_records(today, horizon))]
    return len(send_notifications(None, notices))
