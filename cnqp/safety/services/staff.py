"""Safety staff and training: roles held by decision; sessions of a course; each person's
result and certificate, valid for the course's validity unless the certificate says less."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core.dates import add_months
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.safety.models import Course, SafetyRole, TrainingRecord, TrainingSession
from cnqp.safety.services.common import check_acts_for, check_after, check_not_future, lock


def create_role(actor: User | None, *, person: str, unit: OrgUnit, kind: str,
                start_on: dt.date, position: str = "", decision_number: str = "",
                end_on: dt.date | None = None, classification: int = 0) -> SafetyRole:
    check_acts_for(actor, unit, "unit")
    check_after(end_on, start_on, "end_on", _("The role ends before it starts."))
    return writes.create(actor, SafetyRole(
        person=person, unit=unit, kind=kind, start_on=start_on, position=position,
        decision_number=decision_number, end_on=end_on, classification=classification))


def update_role(actor: User | None, role: SafetyRole, **data: Any) -> SafetyRole:
    changed = {k: v for k, v in data.items() if v != getattr(role, k, None)}
    if "unit" in changed:
        check_acts_for(actor, changed["unit"], "unit")
    check_after(changed.get("end_on", role.end_on), changed.get("start_on", role.start_on),
                "end_on", _("The role ends before it starts."))
    return writes.update(actor, role, changed)


def delete_role(actor: User | None, role: SafetyRole) -> None:
    writes.delete(actor, role)


def create_session(actor: User | None, *, course: Course, unit: OrgUnit, start_on: dt.date,
                   end_on: dt.date, provider: str, cost: int = 0,
                   classification: int = 0) -> TrainingSession:
    check_acts_for(actor, unit, "unit")
    check_after(end_on, start_on, "end_on", _("The session ends before it starts."))
    if not course.valid_on(start_on):
        raise ValidationError({"course": _("The course was not in force on %(date)s.") % {
            "date": start_on.strftime("%d/%m/%Y")}})
    return writes.create(actor, TrainingSession(
        course=course, unit=unit, start_on=start_on, end_on=end_on, provider=provider,
        cost=cost, classification=classification))


def update_session(actor: User | None, session: TrainingSession,
                   **data: Any) -> TrainingSession:
    changed = {k: v for k, v in data.items() if v != getattr(session, k, None)}
    if ({"course", "unit"} & set(changed)) and session.records.exists():
        raise ValidationError({name: _("The session has results: its course and unit stay.")
                               for name in {"course", "unit"} & set(changed)})
    check_after(changed.get("end_on", session.end_on),
                changed.get("start_on", session.start_on), "end_on",
                _("The session ends before it starts."))
    return writes.update(actor, session, changed)


def delete_session(actor: User | None, session: TrainingSession) -> None:
    writes.delete(actor, session)  # refused while it has results


def certificate_expiry(course: Course, issued_on: dt.date,
                       stated: dt.date | None = None) -> dt.date:
    """The issue date plus the course's validity, or the certificate's own earlier date."""
    expiry = add_months(issued_on, course.validity_months)
    return min(expiry, stated) if stated is not None else expiry


def record_training(actor: User | None, *, session: TrainingSession, person: str,
                    passed: bool = True, employee_number: str = "",
                    certificate_number: str = "", issued_on: dt.date | None = None,
                    expires_on: dt.date | None = None) -> TrainingRecord:
    """A person's result in a session. A pass earns a certificate, issued at the end of the
    session unless dated otherwise; a fail earns none."""
    errors: dict[str, str] = {}
    if passed:
        issued_on = issued_on or session.end_on
        if issued_on < session.end_on:
            errors["issued_on"] = _("The certificate is issued after the session ends.")
        elif expires_on is not None and expires_on <= issued_on:
            errors["expires_on"] = _("The certificate expires before it is issued.")
    elif certificate_number or issued_on or expires_on:
        errors["passed"] = _("A person who did not pass receives no certificate.")
    if errors:
        raise ValidationError(errors)
    if issued_on is not None:
        check_not_future(issued_on, "issued_on")
    with transaction.atomic():
        session = lock(session)
        check_acts_for(actor, session.unit, "session")
        return writes.create(actor, TrainingRecord(
            session=session, person=person, passed=passed, employee_number=employee_number,
            certificate_number=certificate_number, issued_on=issued_on if passed else None,
            expires_on=certificate_expiry(session.course, issued_on, expires_on)
            if passed and issued_on else None))


def update_training(actor: User | None, record: TrainingRecord, **data: Any) -> TrainingRecord:
    changed = {k: v for k, v in data.items() if v != getattr(record, k, None)}
    if "session" in changed:
        raise ValidationError({"session": _("Record the result in the other session instead.")})
    if {"issued_on", "expires_on"} & set(changed) and record.passed:
        issued = changed.get("issued_on", record.issued_on) or record.session.end_on
        changed["issued_on"] = issued
        changed["expires_on"] = certificate_expiry(record.session.course, issued,
                                                   changed.get("expires_on"))
    return writes.update(actor, record, changed)


def delete_training(actor: User | None, record: TrainingRecord) -> None:
    writes.delete(actor, record)
