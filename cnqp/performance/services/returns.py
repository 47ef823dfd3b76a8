"""Writing performance returns: open, fill, submit, return, accept, lock, amend.

The enterprise opens its return for a period and a scenario, enters one value per entered
indicator and submits it; the checks of `validation.py` run then, each error on its
indicator, and nothing moves when one fails. The planning department (the permission
`performance.review_submission`) returns it with a reason or accepts it; an accepted return
is locked, by hand or by the daily duty once its schedule says so. A locked or accepted return
is never edited again: a correction is an amendment, the next version, opened with its
explanation, filled from the accepted values, submitted and accepted like the first; it
becomes the version the figures count only when accepted. Every step is audited, and the
enterprise and the reviewing departments are told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction, NotificationLevel
from cnqp.core.dates import moment
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, lock
from cnqp.core.units import departments_for, reporting_enterprises
from cnqp.performance.choices import (
    EDITABLE,
    OUTTURNS,
    PERIODS_IN_YEAR,
    PeriodKind,
    ReturnStatus,
    Scenario,
)
from cnqp.performance.compute import entered_codes, lines
from cnqp.performance.models import Indicator, Schedule, Submission, Value
from cnqp.performance.periods import Period
from cnqp.performance.validation import errors_of

REVIEW_PERMISSION = "performance.review_submission"
DOMAIN = "performance"


def _link(submission: Submission) -> str:
    return reverse("performance:returns-detail", args=[submission.pk])


def _check_reviewer(actor: User | None) -> None:
    if actor is not None and not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied


def _check_status(submission: Submission, allowed: tuple[str, ...], message: str) -> None:
    if submission.status not in allowed:
        raise ValidationError({"status": message})


def due_date(period: Period, scenario: str) -> dt.date | None:
    """When the return of `period` and `scenario` is due under its schedule (None: no
    schedule says)."""
    schedule = Schedule.objects.filter(period_kind=period.kind, scenario=scenario).first()
    return period.due_on(schedule.due_from, schedule.due_days) if schedule else None


def _period(year: int, period_kind: str, period_number: int) -> Period:
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Unknown period.")})
    if not 1 <= period_number <= PERIODS_IN_YEAR[PeriodKind(period_kind)]:
        raise ValidationError({"period_number": _(
            "A year has %(count)s periods of this kind.") % {
            "count": PERIODS_IN_YEAR[PeriodKind(period_kind)]}})
    return Period(year, PeriodKind(period_kind), period_number)


def open_return(actor: User | None, *, unit: OrgUnit, year: int, period_kind: str,
                period_number: int, scenario: str, classification: int = 0,
                note: str = "") -> Submission:
    """A new draft return. The unit is a reporting enterprise the writer acts for; what
    happened (estimate, actual, audited) is reported once the period has begun, an actual or
    audited return once it has ended."""
    check_acts_for(actor, unit, "unit")
    if not reporting_enterprises().filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("%(code)s does not file performance returns: only "
                                         "enterprises do, and a workshop reports through its "
                                         "enterprise.") % {"code": unit.code}})
    period = _period(year, period_kind, period_number)
    today = timezone.localdate()
    if scenario in OUTTURNS and period.start > today:
        raise ValidationError({"year": _("The period has not begun: only a plan can be "
                                         "filed for it.")})
    if scenario in (Scenario.ACTUAL, Scenario.AUDITED) and period.end >= today:
        raise ValidationError({"scenario": _("The period has not ended: file an estimate "
                                             "until it has.")})
    if Submission.objects.filter(unit=unit, year=year, period_kind=period_kind,
                                 period_number=period_number, scenario=scenario).exists():
        raise ValidationError({"scenario": _("This return exists already: open it, or "
                                             "amend it once accepted.")})
    return writes.create(actor, Submission(
        unit=unit, year=year, period_kind=period_kind, period_number=period_number,
        scenario=scenario, due_on=due_date(period, scenario), classification=classification,
        note=note))


def update_return(actor: User | None, submission: Submission, **data: Any) -> Submission:
    """Only its note and classification change; its identity never does."""
    check_acts_for(actor, submission.unit, "unit")
    _check_status(submission, EDITABLE, _("Only a draft or returned return is edited."))
    changed = {k: v for k, v in data.items() if k in ("note", "classification", "explanation")}
    return writes.update(actor, submission, changed)


def delete_return(actor: User | None, submission: Submission) -> None:
    """Only a draft that was never submitted goes (an unused amendment too)."""
    check_acts_for(actor, submission.unit, "unit")
    if submission.status != ReturnStatus.DRAFT or submission.submitted_at is not None:
        raise ValidationError({"status": _("Only a draft never submitted is deleted.")})
    with transaction.atomic():
        Value.objects.filter(submission=submission).delete()
        writes.delete(actor, submission)


def _decimal(code: str, raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError({code: _("Enter a number.")}) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 15:
        raise ValidationError({code: _("Enter a number.")})
    return value.quantize(Decimal("0.001"))


def _plain(value: Decimal) -> str:
    """A value as the history keeps it: 26000, 14.25 (no trailing zeros of the column)."""
    return f"{value.normalize():f}"


def save_values(actor: User | None, submission: Submission, *,
                values: Mapping[str, Any],
                explanations: Mapping[str, str] | None = None) -> Submission:
    """Set the values of a draft or returned return (an empty value removes it), with their
    explanations, audited as one change of the return. Only entered indicators are written:
    totals and ratios are computed."""
    explanations = explanations or {}
    check_acts_for(actor, submission.unit, "unit")
    indicators = {i.code: i for i in Indicator.objects.all()}
    entered = set(entered_codes(lines()))
    unknown = sorted((set(values) | set(explanations)) - set(indicators))
    if unknown:
        raise ValidationError({unknown[0]: _("No such indicator.")})
    computed = sorted(set(values) - entered)
    if computed:
        raise ValidationError({computed[0]: _("This indicator is computed, not entered.")})
    parsed = {code: _decimal(code, raw) for code, raw in values.items()}
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, EDITABLE, _("Only a draft or returned return is edited."))
        stored = {v.indicator.code: v for v in
                  Value.objects.filter(submission=submission).select_related("indicator")}
        # The history names each value by its indicator, as the return's page does.
        changes: dict[str, list[Any]] = {}
        created, updated, removed = [], [], []
        for code in sorted(set(parsed) | set(explanations), key=lambda c: indicators[c].order):
            old = stored.get(code)
            new = parsed.get(code, old.value if old else None)
            text = (explanations.get(code, old.explanation if old else "") or "").strip()
            before = (_plain(old.value) if old else None, old.explanation if old else "")
            name = indicators[code].name
            if new is None:
                if old is not None:
                    removed.append(old.pk)
                    changes[name] = [before[0], None]
                continue
            if old is None:
                created.append(Value(submission=submission, indicator=indicators[code],
                                     value=new, explanation=text))
            elif (old.value, old.explanation) != (new, text):
                old.value, old.explanation = new, text
                updated.append(old)
            else:
                continue
            changes[name] = [before[0], _plain(new)]
            if text != before[1]:
                changes[f"{name}: {_('explanation')}"] = [before[1], text]
        Value.objects.filter(pk__in=removed).delete()
        Value.objects.bulk_create(created)
        Value.objects.bulk_update(updated, ["value", "explanation"])
        if changes:
            submission.save(update_fields=["updated_at"])
            audit.record(AuditAction.UPDATE, actor=actor, obj=submission, changes=changes)
    return submission


def _history(on_date: dt.date | None) -> bool:
    """Whether a step is history entered later (dated before today): nobody is told of it,
    it is nobody's work any more; the lists and the completeness page still show it."""
    return on_date is not None and on_date < timezone.localdate()


def submit_return(actor: User | None, submission: Submission, *,
                  on_date: dt.date | None = None) -> Submission:
    """Checked (errors by indicator, nothing written on one), then submitted; the reviewing
    departments are told. The first submission's time says whether it came on time."""
    check_acts_for(actor, submission.unit, "unit")
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, EDITABLE, _("Only a draft or returned return is submitted."))
        if submission.amends_id and not submission.explanation.strip():
            raise ValidationError({"explanation": _("An amendment says why it corrects the "
                                                    "accepted return.")})
        errors = errors_of(submission, lines(), actor)
        if errors:
            raise ValidationError(errors)
        data: dict[str, Any] = {"status": ReturnStatus.SUBMITTED}
        if submission.submitted_at is None:
            data.update(submitted_at=moment(on_date, field="on_date"),
                        submitted_by=actor if actor is not None and actor.pk else None)
        writes.update(actor, submission, data)
        if not _history(on_date):
            send_notifications(actor, [Notice(
                unit=department, title=_("Performance return submitted: %(return)s") % {
                    "return": submission}, link=_link(submission),
                classification=submission.classification)
                for department in departments_for(DOMAIN)])
    return submission


def return_for_correction(actor: User | None, submission: Submission, *, reason: str,
                          on_date: dt.date | None = None) -> Submission:
    """Sent back to the enterprise with the reason, on the day given (history: nobody is
    told), never before it was submitted."""
    _check_reviewer(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, (ReturnStatus.SUBMITTED,),
                      _("Only a submitted return is returned."))
        when = moment(on_date, field="on_date", after=submission.submitted_at,
                      after_message=_("A return is returned after it is submitted."))
        writes.update(actor, submission, {
            "status": ReturnStatus.RETURNED, "review_note": reason.strip(),
            "reviewed_at": when,
            "reviewed_by": actor if actor is not None and actor.pk else None})
        if _history(on_date):
            return submission
        send_notifications(actor, [Notice(
            unit=submission.unit, title=_("Return sent back for correction: %(return)s") % {
                "return": submission}, text=reason.strip(), link=_link(submission),
            level=NotificationLevel.WARNING, classification=submission.classification)])
    return submission


def accept_return(actor: User | None, submission: Submission, *, note: str = "",
                  on_date: dt.date | None = None) -> Submission:
    """Accepted: its figures count. An amendment replaces the version it amends."""
    _check_reviewer(actor)
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, (ReturnStatus.SUBMITTED,),
                      _("Only a submitted return is accepted."))
        when = moment(on_date, field="on_date", after=submission.submitted_at,
                      after_message=_("A return is accepted after it is submitted."))
        if submission.amends_id:
            assert submission.amends is not None
            earlier = lock(submission.amends)
            writes.update(actor, earlier, {"is_current": False})
        writes.update(actor, submission, {
            "status": ReturnStatus.ACCEPTED, "is_current": True, "review_note": note.strip(),
            "reviewed_at": when,
            "reviewed_by": actor if actor is not None and actor.pk else None})
        if not _history(on_date):
            send_notifications(actor, [Notice(
                unit=submission.unit, title=_("Performance return accepted: %(return)s") % {
                    "return": submission}, link=_link(submission),
                classification=submission.classification)])
    return submission


def lock_return(actor: User | None, submission: Submission, *,
                on_date: dt.date | None = None) -> Submission:
    _check_reviewer(actor)
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, (ReturnStatus.ACCEPTED,), _("Only an accepted return is "
                                                               "locked."))
        when = moment(on_date, field="on_date", after=submission.reviewed_at,
                      after_message=_("A return is locked after it is accepted."))
        return writes.update(actor, submission, {"status": ReturnStatus.LOCKED,
                                                 "locked_at": when})


def amend_return(actor: User | None, submission: Submission, *,
                 explanation: str) -> Submission:
    """The next version of an accepted or locked return, as a draft holding its values, with
    the explanation of the correction. The accepted version keeps counting until this one is
    accepted."""
    check_acts_for(actor, submission.unit, "unit")
    if not explanation.strip():
        raise ValidationError({"explanation": _("Say why the accepted return is corrected.")})
    with transaction.atomic():
        submission = lock(submission)
        _check_status(submission, (ReturnStatus.ACCEPTED, ReturnStatus.LOCKED),
                      _("Only an accepted or locked return is amended; correct a draft "
                        "directly."))
        if Submission.objects.filter(amends=submission).exists():
            raise ValidationError({"status": _("An amendment of this return is open already.")})
        latest = (Submission.objects.filter(
            unit=submission.unit, year=submission.year, period_kind=submission.period_kind,
            period_number=submission.period_number, scenario=submission.scenario)
            .order_by("-version").values_list("version", flat=True).first())
        amendment = writes.create(actor, Submission(
            unit=submission.unit, year=submission.year, period_kind=submission.period_kind,
            period_number=submission.period_number, scenario=submission.scenario,
            version=(latest or submission.version) + 1, is_current=False, amends=submission,
            explanation=explanation.strip(), due_on=submission.due_on,
            classification=submission.classification, note=submission.note))
        Value.objects.bulk_create([
            Value(submission=amendment, indicator_id=v.indicator_id, value=v.value,
                  explanation=v.explanation)
            for v in Value.objects.filter(submission=submission)])
    return amendment


def lock_due_returns(today: dt.date) -> int:
    """Lock the accepted returns whose schedule's grace after the due date has passed: the
    daily duty. One query per schedule to find them, then each is locked and audited as a
    reviewer's lock is (a few a day)."""
    locked = 0
    for schedule in Schedule.objects.all():
        limit = today - dt.timedelta(days=schedule.lock_after_days)
        due = Submission.objects.filter(
            period_kind=schedule.period_kind, scenario=schedule.scenario,
            status=ReturnStatus.ACCEPTED, due_on__lt=limit)
        for submission in due:
            lock_return(None, submission)
            locked += 1
    return locked
