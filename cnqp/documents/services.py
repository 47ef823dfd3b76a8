"""Writes of technical documents: every rule of the revision lifecycle and of usage rights is
enforced here, validated before anything is written, and audited through
`cnqp.core.records.writes`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core import approvals, audit
from cnqp.core.choices import AuditAction
from cnqp.core.dates import moment
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import send_notifications
from cnqp.core.records import writes
from cnqp.core.units import PRODUCING_KINDS
from cnqp.documents.choices import RevisionStatus, RightStatus
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight

# --- product types ---------------------------------------------------------------------------


def _check_producers(producers: Iterable[OrgUnit]) -> list[OrgUnit]:
    producers = list(producers)
    wrong = [u.code for u in producers if u.kind not in PRODUCING_KINDS]
    if wrong:
        raise ValidationError({"producers": _("Only enterprises and institutes produce: "
                                              "%(codes)s") % {"codes": ", ".join(wrong)}})
    return producers


def create_product_type(actor: User | None, *, code: str, name: str, group: str,
                        category: str = "", producers: Iterable[OrgUnit] = (),
                        is_active: bool = True) -> ProductType:
    units = _check_producers(producers)
    product_type = ProductType(code=code.strip().upper(), name=name, group=group,
                               category=category, is_active=is_active)

    def set_producers(saved: ProductType) -> dict[str, Any]:
        saved.producers.set(units)
        return {"producers": sorted(u.code for u in units)}

    return writes.create(actor, product_type, related=set_producers)


def update_product_type(actor: User | None, product_type: ProductType, *,
                        producers: Iterable[OrgUnit] | None = None,
                        **data: Any) -> ProductType:
    with transaction.atomic():
        writes.update(actor, product_type, data)
        if producers is not None:
            units = _check_producers(producers)
            before = sorted(product_type.producers.values_list("code", flat=True))
            product_type.producers.set(units)
            after = sorted(u.code for u in units)
            if before != after:
                audit.record(AuditAction.UPDATE, actor=actor, obj=product_type,
                             changes={"producers": [before, after]})
    return product_type


def delete_product_type(actor: User | None, product_type: ProductType) -> None:
    writes.delete(actor, product_type)


# --- document sets ---------------------------------------------------------------------------


def create_document_set(actor: User | None, *, code: str, title: str, kind: str,
                        product_type: ProductType, owner_unit: OrgUnit,
                        classification: int = 0, description: str = "") -> DocumentSet:
    document_set = DocumentSet(code=code.strip().upper(), title=title, kind=kind,
                               product_type=product_type, owner_unit=owner_unit,
                               classification=classification, description=description)
    return writes.create(actor, document_set)


def update_document_set(actor: User | None, document_set: DocumentSet,
                        **data: Any) -> DocumentSet:
    return writes.update(actor, document_set, data)


def delete_document_set(actor: User | None, document_set: DocumentSet) -> None:
    if document_set.revisions.exists():
        raise ValidationError(_("A document set with revisions cannot be deleted; its history "
                                "must stay."))
    writes.delete(actor, document_set)


# --- revisions: the lifecycle -----------------------------------------------------------------

OPEN_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED, RevisionStatus.APPROVED)

# action: (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((RevisionStatus.DRAFT,), RevisionStatus.SUBMITTED),
    "return": ((RevisionStatus.SUBMITTED, RevisionStatus.APPROVED), RevisionStatus.DRAFT),
    "approve": ((RevisionStatus.SUBMITTED,), RevisionStatus.APPROVED),
    "issue": ((RevisionStatus.APPROVED,), RevisionStatus.ISSUED),
}

ACTION_LABELS = {
    "submit": gettext_lazy("submitted"),
    "return": gettext_lazy("returned for rework"),
    "approve": gettext_lazy("approved"),
    "issue": gettext_lazy("issued"),
}


def _lock(revision: Revision) -> Revision:
    """Re-read the revision under a row lock, so two users cannot move it at once."""
    return Revision.objects.select_for_update().select_related("document_set").get(
        pk=revision.pk)


def _check_transition(revision: Revision, action: str) -> str:
    allowed_from, target = TRANSITIONS[action]
    if revision.status not in allowed_from:
        raise ValidationError({"status": _(
            "Revision %(number)s is %(status)s: it cannot be %(action)s. Allowed from: "
            "%(allowed)s.") % {
            "number": revision.number,
            "status": revision.get_status_display().lower(),
            "action": str(ACTION_LABELS[action]),
            "allowed": ", ".join(str(RevisionStatus(s).label).lower() for s in allowed_from),
        }})
    return target


def _move(actor: User | None, revision: Revision, target: str, **fields: Any) -> Revision:
    before = audit.snapshot(revision)
    revision.status = target
    for name, value in fields.items():
        setattr(revision, name, value)
    revision.save()
    audit.record_change(actor, revision, before)
    return revision


def plan_year_error(plan_year: int | None, on_date: dt.date | None = None) -> str | None:
    """The plan a revision serves is that of the year it is issued, the year before (a late
    amendment) or the next (issued in December for next year's plan)."""
    year = (on_date or timezone.localdate()).year
    if plan_year is None or year - 1 <= plan_year <= year + 1:
        return None
    return _("A revision issued in %(year)s serves the production plan of %(before)s, "
             "%(year)s or %(after)s.") % {"year": year, "before": year - 1, "after": year + 1}


def check_plan_year(plan_year: int | None, on_date: dt.date | None = None) -> None:
    if (error := plan_year_error(plan_year, on_date)) is not None:
        raise ValidationError({"plan_year": error})


def create_revision(actor: User | None, document_set: DocumentSet, *, reason: str = "",
                    author: User | None = None, plan_year: int | None = None) -> Revision:
    """A new draft: the next number. One revision at a time may be in progress per set. The
    plan it serves is checked against its issue date when it is issued."""
    with transaction.atomic():
        DocumentSet.objects.select_for_update().filter(pk=document_set.pk).first()
        if document_set.revisions.filter(status__in=OPEN_STATUSES).exists():
            raise ValidationError(_("Set %(code)s already has a revision in progress; finish "
                                    "or return it first.") % {"code": document_set.code})
        last = document_set.revisions.aggregate(n=Max("number"))["n"] or 0
        if last and not reason.strip():
            raise ValidationError({"reason": _("An amendment needs its reason for change.")})
        revision = Revision(document_set=document_set, number=last + 1, reason=reason,
                            author=author or actor, plan_year=plan_year)
        return writes.create(actor, revision)


REVISION_EDITABLE = frozenset({"reason", "plan_year"})
RIGHT_EDITABLE = frozenset({"purpose", "valid_from", "valid_to", "decision_number"})


def _only(editable: frozenset[str], data: dict[str, Any]) -> None:
    """Lifecycle fields change only through their transitions, never through an edit."""
    others = sorted(set(data) - editable)
    if others:
        raise ValidationError(_("These fields change only through their own action: "
                                "%(fields)s.") % {"fields": ", ".join(others)})


def update_revision(actor: User | None, revision: Revision, **data: Any) -> Revision:
    _only(REVISION_EDITABLE, data)
    if revision.is_frozen:
        raise ValidationError(_("An issued revision is immutable: make an amendment (a new "
                                "revision) instead."))
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited; return it to draft first."))
    return writes.update(actor, revision, data)


def delete_revision(actor: User | None, revision: Revision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_("Only a draft revision can be deleted."))
    if revision.files.exists():
        raise ValidationError(_("Delete the draft's files first."))
    writes.delete(actor, revision)


def _decision_of(revision: Revision) -> dict[str, Any]:
    return {"owner": revision.document_set.owner_unit,
            "level": revision.document_set.classification}


def _approval_of(revision: Revision) -> dict[str, Any]:
    return {"domain": "documents", **_decision_of(revision)}


def _day(when: dt.datetime | None) -> str:
    return timezone.localdate(when).strftime("%d/%m/%Y") if when is not None else ""


def _history(on_date: dt.date | None) -> bool:
    """A step dated before today is history entered later: nobody is told of it."""
    return on_date is not None and on_date < timezone.localdate()


def submit_revision(actor: User | None, revision: Revision, *,
                    on_date: dt.date | None = None) -> Revision:
    """Submitted for approval, on the day given (history entered later: never in the future;
    the audit entry keeps when it was entered). Its drafting has no date of its own."""
    when = moment(on_date, field="on_date")
    with transaction.atomic():
        revision = _lock(revision)
        target = _check_transition(revision, "submit")
        revision = _move(actor, revision, target, submitted_at=when)
        if not _history(on_date):
            send_notifications(actor, approvals.submitted(revision, **_approval_of(revision)))
        return revision


def return_revision(actor: User | None, revision: Revision, *, note: str) -> Revision:
    if not note.strip():
        raise ValidationError({"note": _("Say why the revision is returned.")})
    with transaction.atomic():
        revision = _lock(revision)
        target = _check_transition(revision, "return")
        revision = _move(actor, revision, target, approver=None, approved_at=None)
        audit.record(AuditAction.UPDATE, actor=actor, obj=revision,
                     changes={"return_note": ["", note]})
        send_notifications(actor, approvals.decided(
            revision, approved=False, reason=note.strip(), **_decision_of(revision)))
        return revision


def approve_revision(actor: User, revision: Revision, *,
                     on_date: dt.date | None = None) -> Revision:
    """Approved, on the day given: never in the future, never before its submission."""
    moment(on_date, field="on_date")  # a future date is refused before the lock
    with transaction.atomic():
        revision = _lock(revision)
        target = _check_transition(revision, "approve")
        if revision.author_id is not None and revision.author_id == actor.pk:
            raise ValidationError({"approver": _("The author of a revision cannot approve "
                                                 "it.")})
        when = moment(on_date, field="on_date", after=revision.submitted_at, after_message=(
            _("A revision is approved on or after its submission (%(date)s).") % {
                "date": _day(revision.submitted_at)}))
        revision = _move(actor, revision, target, approver=actor, approved_at=when)
        if not _history(on_date):
            send_notifications(actor, approvals.decided(revision, approved=True,
                                                        **_decision_of(revision)))
        return revision


def issue_revision(actor: User | None, revision: Revision, *, decision_number: str,
                   issue_date: dt.date) -> Revision:
    """Issue an approved revision and supersede the issued one, in one transaction: on the
    issue date, never before the revision's approval; the superseded one is superseded that
    day, not on the day the issue was typed."""
    errors = {}
    if not decision_number.strip():
        errors["decision_number"] = _("An issue needs the number of its issuing decision.")
    if issue_date > timezone.localdate():
        errors["issue_date"] = _("The issue date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        revision = _lock(revision)
        target = _check_transition(revision, "issue")
        check_plan_year(revision.plan_year, issue_date)
        issued = moment(issue_date, field="issue_date", after=revision.approved_at,
                        after_message=_("A revision is issued on or after its approval "
                                        "(%(date)s).") % {"date": _day(revision.approved_at)})
        current = (Revision.objects.select_for_update()
                   .filter(document_set_id=revision.document_set_id,
                           status=RevisionStatus.ISSUED).first())
        if current is not None:
            if current.issue_date and issue_date < current.issue_date:
                raise ValidationError({"issue_date": _(
                    "The issue date is before that of the revision it supersedes (%(date)s).")
                    % {"date": current.issue_date.strftime("%d/%m/%Y")}})
            _move(actor, current, RevisionStatus.SUPERSEDED, superseded_at=issued,
                  superseded_by=revision)
        return _move(actor, revision, target, decision_number=decision_number.strip(),
                     issue_date=issue_date)


def record_issued_revision(actor: User | None, document_set: DocumentSet, *, number: int,
                           issue_date: dt.date, decision_number: str,
                           reason: str = "", plan_year: int | None = None) -> Revision:
    """A revision issued before the set was registered here (history from the directorate's
    register): written issued on its real date, with its decision, superseding the one in force
    on that date. Its drafting and approval happened outside the system, so it has no author or
    approver; its files are attached afterwards on its page. History is entered in order: its
    number follows every recorded one, its date is not before the revision it supersedes, and
    no revision may be in progress."""
    errors = {}
    if number < 1:
        errors["number"] = _("The revision number starts at 1.")
    if not decision_number.strip():
        errors["decision_number"] = _("An issue needs the number of its issuing decision.")
    if issue_date > timezone.localdate():
        errors["issue_date"] = _("The issue date cannot be in the future.")
    if number > 1 and not reason.strip():
        errors["reason"] = _("An amendment needs its reason for change.")
    if (year_error := plan_year_error(plan_year, issue_date)) is not None:
        errors["plan_year"] = year_error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        DocumentSet.objects.select_for_update().filter(pk=document_set.pk).first()
        revisions = document_set.revisions.all()
        if revisions.filter(status__in=OPEN_STATUSES).exists():
            raise ValidationError(_("Set %(code)s already has a revision in progress; finish "
                                    "or return it first.") % {"code": document_set.code})
        last = revisions.aggregate(n=Max("number"))["n"] or 0
        if number <= last:
            raise ValidationError({"number": _(
                "Set %(code)s already has revision %(last)s: a revision of its history comes "
                "after it.") % {"code": document_set.code, "last": last}})
        current = revisions.select_for_update().filter(status=RevisionStatus.ISSUED).first()
        if current is not None and current.issue_date and issue_date < current.issue_date:
            raise ValidationError({"issue_date": _(
                "The issue date is before that of the revision it supersedes (%(date)s).")
                % {"date": current.issue_date.strftime("%d/%m/%Y")}})
        # Written as a draft, then issued once the one in force is superseded (one issued
        # revision per set, the database holds it too).
        revision = writes.create(actor, Revision(
            document_set=document_set, number=number, reason=reason,
            decision_number=decision_number.strip(), issue_date=issue_date,
            plan_year=plan_year))
        if current is not None:
            # Superseded on the day the new revision was issued, not on the day it was typed.
            _move(actor, current, RevisionStatus.SUPERSEDED, superseded_by=revision,
                  superseded_at=moment(issue_date, field="issue_date"))
        return _move(actor, revision, RevisionStatus.ISSUED)


# --- usage rights ---------------------------------------------------------------------------


def grant_usage_right(actor: User | None, *, document_set: DocumentSet, enterprise: OrgUnit,
                      purpose: str, valid_from: dt.date, valid_to: dt.date | None,
                      decision_number: str) -> UsageRight:
    if enterprise.kind not in PRODUCING_KINDS:
        raise ValidationError({"enterprise": _("Usage rights are granted to enterprises and "
                                               "institutes only.")})
    right = UsageRight(document_set=document_set, enterprise=enterprise, purpose=purpose,
                       valid_from=valid_from, valid_to=valid_to,
                       decision_number=decision_number)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The right ends before it starts.")})
    return writes.create(actor, right)


def update_usage_right(actor: User | None, right: UsageRight, **data: Any) -> UsageRight:
    _only(RIGHT_EDITABLE, data)
    if right.status == RightStatus.REVOKED:
        raise ValidationError(_("A revoked right cannot be changed; grant a new one."))
    return writes.update(actor, right, data)


def revoke_usage_right(actor: User | None, right: UsageRight, *, note: str,
                       on_date: dt.date | None = None) -> UsageRight:
    """Revoke, by default now, for the reason `note` gives; `on_date` records a revocation
    decided earlier (never in the future): the right was in force until then, for every rule
    judged at an earlier date (`valid_rights_q`)."""
    if right.status == RightStatus.REVOKED:
        raise ValidationError(_("This right is already revoked."))
    if not note.strip():
        raise ValidationError({"revoke_reason": _("Say why the right is revoked.")})
    when = moment(on_date, field="on_date")
    return writes.update(actor, right, {"status": RightStatus.REVOKED, "revoked_at": when,
                                        "revoke_reason": note})
