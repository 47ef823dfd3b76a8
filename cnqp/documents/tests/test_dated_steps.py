"""History entered later (issue 20): a revision's submission, approval and issue take the
day they happened, never in the future, never before the step they follow; the revision it
supersedes is superseded on the issue date; the audit entry keeps when and by whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.models import AuditEntry, Notification
from cnqp.documents import services
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.factories import DocumentSetFactory
from cnqp.documents.models import Revision

pytestmark = pytest.mark.django_db

SUBMITTED, APPROVED, ISSUED = dt.date(2019, 3, 1), dt.date(2019, 3, 10), dt.date(2019, 4, 2)
TOMORROW = "tomorrow"


@pytest.fixture
def people(org, make_user):
    return {
        "author": make_user(["enterprise_staff"], org.enterprise_a, username="tacgia"),
        "approver": make_user(["department_staff"], org.department, username="pheduyet"),
    }


def _draft(org, people) -> Revision:
    return services.create_revision(people["author"],
                                    DocumentSetFactory(owner_unit=org.enterprise_a))


def _day(when: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(when) if when is not None else None


def _date(value: dt.date | str) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1) if value == TOMORROW else value


def test_a_revision_of_2019_is_submitted_approved_and_issued_on_its_days(org, people):
    first = _draft(org, people)
    services.submit_revision(people["author"], first, on_date=dt.date(2018, 1, 5))
    services.approve_revision(people["approver"], first, on_date=dt.date(2018, 1, 9))
    services.issue_revision(people["approver"], first, decision_number="1/QĐ",
                            issue_date=dt.date(2018, 1, 12))
    second = services.create_revision(people["author"], first.document_set, reason="Sửa")
    services.submit_revision(people["author"], second, on_date=SUBMITTED)
    services.approve_revision(people["approver"], second, on_date=APPROVED)
    services.issue_revision(people["approver"], second, decision_number="7/QĐ",
                            issue_date=ISSUED)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (_day(second.submitted_at), _day(second.approved_at)) == (SUBMITTED, APPROVED)
    # superseded on the day the new one was issued, not on the day it was typed
    assert first.status == RevisionStatus.SUPERSEDED and _day(first.superseded_at) == ISSUED
    assert not Notification.objects.exists()  # history tells nobody
    entry = AuditEntry.objects.filter(object_id=str(second.pk),
                                      changes__has_key="approved_at").latest("pk")
    assert entry.actor == people["approver"] and _day(entry.at) == timezone.localdate()


@pytest.mark.parametrize("on_date", [TOMORROW])
def test_a_submission_is_never_dated_in_the_future(org, people, on_date):
    revision = _draft(org, people)
    with pytest.raises(ValidationError) as raised:
        services.submit_revision(people["author"], revision, on_date=_date(on_date))
    assert list(raised.value.message_dict) == ["on_date"]
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT and revision.submitted_at is None


@pytest.mark.parametrize("on_date", [TOMORROW, SUBMITTED - dt.timedelta(days=1)])
def test_an_approval_is_never_in_the_future_nor_before_the_submission(org, people, on_date):
    revision = _draft(org, people)
    services.submit_revision(people["author"], revision, on_date=SUBMITTED)
    with pytest.raises(ValidationError) as raised:
        services.approve_revision(people["approver"], revision, on_date=_date(on_date))
    assert list(raised.value.message_dict) == ["on_date"]
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED and revision.approved_at is None


def test_an_issue_is_never_before_the_approval(org, people):
    revision = _draft(org, people)
    services.submit_revision(people["author"], revision, on_date=SUBMITTED)
    services.approve_revision(people["approver"], revision, on_date=APPROVED)
    with pytest.raises(ValidationError) as raised:
        services.issue_revision(people["approver"], revision, decision_number="7/QĐ",
                                issue_date=APPROVED - dt.timedelta(days=1))
    assert list(raised.value.message_dict) == ["issue_date"]
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED


def test_the_page_takes_the_day_and_empty_means_today(org, people, client_for):
    revision = _draft(org, people)
    client = client_for(people["author"])
    page = client.get(f"/documents/revisions/{revision.pk}/")
    assert 'name="on_date"' in page.content.decode()
    client.post(f"/documents/revisions/{revision.pk}/submit/", {"on_date": "2019-03-01"})
    revision.refresh_from_db()
    assert _day(revision.submitted_at) == SUBMITTED
    client_for(people["approver"]).post(f"/documents/revisions/{revision.pk}/approve/", {})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert _day(revision.approved_at) == timezone.localdate()


def _right(org, people, admin_user):
    from cnqp.documents.choices import Purpose

    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    return services.grant_usage_right(
        admin_user, document_set=document_set, enterprise=org.enterprise_a,
        purpose=Purpose.PRODUCTION, valid_from=dt.date(2018, 1, 1), valid_to=None,
        decision_number="5/QĐ")


def test_a_right_revoked_in_2021_was_in_force_before(org, people, admin_user):
    right = services.revoke_usage_right(admin_user, _right(org, people, admin_user),
                                        note="Hết nhiệm vụ", on_date=dt.date(2021, 6, 30))
    assert _day(right.revoked_at) == dt.date(2021, 6, 30)
    assert right.is_valid_on(dt.date(2021, 6, 29)) and not right.is_valid_on(dt.date(2021, 6, 30))
    from cnqp.documents.models import UsageRight, valid_rights_q

    assert list(UsageRight.objects.filter(valid_rights_q(dt.date(2021, 6, 29)))) == [right]
    assert not UsageRight.objects.filter(valid_rights_q(dt.date(2021, 6, 30))).exists()


def test_a_revocation_is_never_dated_in_the_future(org, people, admin_user):
    right = _right(org, people, admin_user)
    with pytest.raises(ValidationError) as raised:
        services.revoke_usage_right(admin_user, right, note="Hết nhiệm vụ",
                                    on_date=timezone.localdate() + dt.timedelta(days=1))
    assert list(raised.value.message_dict) == ["on_date"]
