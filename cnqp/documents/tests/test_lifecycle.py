"""Revision lifecycle, superseding, and usage rights: every rule of the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry
from cnqp.documents import services
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus, RightStatus
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory, RevisionFactory
from cnqp.documents.models import Revision
from cnqp.documents.selectors import can_produce

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def people(org, make_user):
    return {
        "author": make_user(["enterprise_staff"], org.enterprise_a, username="tacgia"),
        "approver": make_user(["department_staff"], org.department, username="pheduyet"),
    }


def issued(document_set, people, *, date=dt.date(2024, 1, 5), decision="1/QĐ-TCCNQP",
           reason="Sửa đổi"):
    """Take a new revision of the set through the whole lifecycle to issued."""
    revision = services.create_revision(people["author"], document_set, reason=reason)
    services.submit_revision(people["author"], revision, on_date=date)
    services.approve_revision(people["approver"], revision, on_date=date)
    return services.issue_revision(people["approver"], revision, decision_number=decision,
                                   issue_date=date)


def test_full_lifecycle_records_each_step(org, people):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    revision = issued(document_set, people)
    assert revision.status == RevisionStatus.ISSUED
    assert revision.number == 1
    assert revision.approver == people["approver"]
    assert revision.submitted_at and revision.approved_at
    statuses = [entry.changes.get("status") for entry in AuditEntry.objects.filter(
        object_type="documents.revision", object_id=str(revision.pk),
        action=AuditAction.UPDATE).order_by("id")]
    assert statuses == [["draft", "submitted"], ["submitted", "approved"],
                        ["approved", "issued"]]


@pytest.mark.parametrize("status, action", [
    (RevisionStatus.DRAFT, "approve"), (RevisionStatus.DRAFT, "issue"),
    (RevisionStatus.SUBMITTED, "submit"), (RevisionStatus.SUBMITTED, "issue"),
    (RevisionStatus.APPROVED, "submit"), (RevisionStatus.APPROVED, "approve"),
    (RevisionStatus.ISSUED, "submit"), (RevisionStatus.ISSUED, "approve"),
    (RevisionStatus.ISSUED, "issue"), (RevisionStatus.ISSUED, "return"),
    (RevisionStatus.SUPERSEDED, "submit"), (RevisionStatus.SUPERSEDED, "issue"),
    (RevisionStatus.SUPERSEDED, "return"), (RevisionStatus.DRAFT, "return"),
])
def test_illegal_transitions_are_refused_with_a_clear_message(org, people, status, action):
    revision = RevisionFactory(status=status, author=people["author"])
    before = AuditEntry.objects.count()
    calls = {
        "submit": lambda: services.submit_revision(people["author"], revision),
        "approve": lambda: services.approve_revision(people["approver"], revision),
        "issue": lambda: services.issue_revision(people["approver"], revision,
                                                 decision_number="9/QĐ", issue_date=TODAY),
        "return": lambda: services.return_revision(people["author"], revision, note="Sai"),
    }
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            calls[action]()
        message = " ".join(caught.value.messages)
        assert message.startswith(f"Revision {revision.number} is {status.label.lower()}: "
                                  "it cannot be ")
    assert "Allowed from: " in message
    revision.refresh_from_db()
    assert revision.status == status
    assert AuditEntry.objects.count() == before


def test_issuing_supersedes_the_previous_revision_atomically(org, people):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    first = issued(document_set, people, date=dt.date(2023, 3, 1))
    second = issued(document_set, people, date=dt.date(2024, 3, 1), decision="2/QĐ")
    first.refresh_from_db()
    assert first.status == RevisionStatus.SUPERSEDED
    assert first.superseded_by == second
    assert second.number == 2
    assert list(document_set.revisions.filter(status=RevisionStatus.ISSUED)) == [second]


def test_a_failed_issue_leaves_the_issued_revision_in_place(org, people, monkeypatch):
    """Superseding and issuing happen in one transaction: if the second write fails, the first
    is rolled back and the old revision stays issued."""
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    first = issued(document_set, people, date=dt.date(2023, 3, 1))
    draft = services.create_revision(people["author"], document_set, reason="Sửa bản vẽ")
    services.submit_revision(people["author"], draft, on_date=dt.date(2024, 1, 1))
    services.approve_revision(people["approver"], draft, on_date=dt.date(2024, 1, 1))
    calls = {"n": 0}
    real_move = services._move

    def failing_move(actor, revision, target, **fields):
        calls["n"] += 1
        if calls["n"] == 2:  # the new revision's write, after the old one was superseded
            raise IntegrityError("disk full")
        return real_move(actor, revision, target, **fields)

    monkeypatch.setattr(services, "_move", failing_move)
    with pytest.raises(IntegrityError):
        services.issue_revision(people["approver"], draft, decision_number="3/QĐ",
                                issue_date=dt.date(2024, 1, 1))
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == RevisionStatus.ISSUED
    assert draft.status == RevisionStatus.APPROVED


def test_the_database_refuses_two_issued_revisions(org):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    RevisionFactory(document_set=document_set, number=1, status=RevisionStatus.ISSUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisionFactory(document_set=document_set, number=2, status=RevisionStatus.ISSUED)


def test_issued_revision_is_immutable(org, people):
    revision = issued(DocumentSetFactory(owner_unit=org.enterprise_a), people)
    with translation.override("en"), pytest.raises(ValidationError, match="immutable"):
        services.update_revision(people["author"], revision, reason="Đổi lý do")
    with pytest.raises(ValidationError):
        services.delete_revision(people["author"], revision)


def test_one_revision_in_progress_and_amendments_need_a_reason(org, people):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    issued(document_set, people)
    with pytest.raises(ValidationError) as caught:
        services.create_revision(people["author"], document_set, reason="")
    assert "reason" in caught.value.message_dict
    services.create_revision(people["author"], document_set, reason="Sửa dung sai")
    with translation.override("en"), pytest.raises(ValidationError, match="in progress"):
        services.create_revision(people["author"], document_set, reason="Lần khác")


def test_the_author_cannot_approve(org, people):
    revision = services.create_revision(people["author"],
                                        DocumentSetFactory(owner_unit=org.enterprise_a))
    services.submit_revision(people["author"], revision)
    with pytest.raises(ValidationError) as caught:
        services.approve_revision(people["author"], revision)
    assert "approver" in caught.value.message_dict


def test_issue_needs_a_decision_and_a_sane_date(org, people):
    revision = services.create_revision(people["author"],
                                        DocumentSetFactory(owner_unit=org.enterprise_a))
    services.submit_revision(people["author"], revision)
    services.approve_revision(people["approver"], revision)
    with pytest.raises(ValidationError) as caught:
        services.issue_revision(people["approver"], revision, decision_number=" ",
                                issue_date=timezone.localdate() + dt.timedelta(days=1))
    assert set(caught.value.message_dict) == {"decision_number", "issue_date"}
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED


def test_returning_needs_a_note_and_clears_the_approval(org, people):
    revision = services.create_revision(people["author"],
                                        DocumentSetFactory(owner_unit=org.enterprise_a))
    services.submit_revision(people["author"], revision)
    services.approve_revision(people["approver"], revision)
    with pytest.raises(ValidationError):
        services.return_revision(people["approver"], revision, note="  ")
    services.return_revision(people["approver"], revision, note="Thiếu bản vẽ chi tiết")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT
    assert revision.approver is None


# --- usage rights and the right to produce ---------------------------------------------------


def test_rights_go_to_enterprises_only_and_periods_must_make_sense(org, admin_user):
    document_set = DocumentSetFactory(owner_unit=org.department)
    with pytest.raises(ValidationError) as caught:
        services.grant_usage_right(admin_user, document_set=document_set,
                                   enterprise=org.user_unit, purpose=Purpose.PRODUCTION,
                                   valid_from=TODAY, valid_to=None, decision_number="1/QĐ")
    assert "enterprise" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.grant_usage_right(admin_user, document_set=document_set,
                                   enterprise=org.enterprise_a, purpose=Purpose.PRODUCTION,
                                   valid_from=TODAY, valid_to=TODAY - dt.timedelta(days=1),
                                   decision_number="1/QĐ")
    assert "valid_to" in caught.value.message_dict


def test_revocation_needs_a_reason_and_happens_once(org, admin_user):
    right = services.grant_usage_right(
        admin_user, document_set=DocumentSetFactory(owner_unit=org.department),
        enterprise=org.enterprise_a, purpose=Purpose.PRODUCTION, valid_from=TODAY,
        valid_to=None, decision_number="1/QĐ")
    with pytest.raises(ValidationError):
        services.revoke_usage_right(admin_user, right, note="")
    services.revoke_usage_right(admin_user, right, note="Hết nhu cầu sản xuất")
    assert right.status == RightStatus.REVOKED
    with pytest.raises(ValidationError):
        services.revoke_usage_right(admin_user, right, note="Lần nữa")


@pytest.fixture
def design(org, people, admin_user):
    product = ProductTypeFactory(code="AK47")
    document_set = DocumentSetFactory(product_type=product, owner_unit=org.department,
                                      kind=DocumentKind.DESIGN)
    return product, document_set


def test_can_produce_needs_an_issued_design_set(org, people, design):
    product, document_set = design
    with translation.override("en"):
        answer = can_produce(org.enterprise_a, product, TODAY)
    assert not answer
    assert answer.reasons == ["Product type AK47 has no design set (TLTK) issued on "
                              "01/06/2026."]
    services.create_revision(people["author"], document_set)  # a draft is not enough
    assert not can_produce(org.enterprise_a, product, TODAY)


def test_can_produce_needs_a_right_in_force(org, people, design, admin_user):
    product, document_set = design
    issued(document_set, people, date=dt.date(2024, 1, 5))
    with translation.override("en"):
        answer = can_produce(org.enterprise_a, product, TODAY)
    assert not answer
    assert answer.reasons == ["Nhà máy Z111 holds no right in force on 01/06/2026 to use the "
                              "design set of AK47 for production."]
    right = services.grant_usage_right(
        admin_user, document_set=document_set, enterprise=org.enterprise_a,
        purpose=Purpose.PRODUCTION, valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2026, 12, 31), decision_number="5/QĐ")
    assert can_produce(org.enterprise_a, product, TODAY)
    assert can_produce(org.enterprise_a, product, TODAY).right == right
    assert not can_produce(org.enterprise_a, product, dt.date(2027, 1, 1))  # expired
    assert not can_produce(org.enterprise_a, product, dt.date(2024, 12, 31))  # not yet
    assert not can_produce(org.enterprise_b, product, TODAY)  # another enterprise
    assert not can_produce(org.enterprise_a, product, TODAY, purpose=Purpose.REPAIR)
    services.revoke_usage_right(admin_user, right, note="Vi phạm", on_date=dt.date(2026, 3, 1))
    assert not can_produce(org.enterprise_a, product, TODAY)
    # judged at the date asked: in force until its revocation (history entered later)
    assert can_produce(org.enterprise_a, product, dt.date(2026, 2, 28)).right == right


def test_can_produce_is_false_before_the_design_set_was_issued(org, people, design,
                                                               admin_user):
    product, document_set = design
    issued(document_set, people, date=dt.date(2025, 6, 1))
    services.grant_usage_right(
        admin_user, document_set=document_set, enterprise=org.enterprise_a,
        purpose=Purpose.PRODUCTION, valid_from=dt.date(2025, 1, 1), valid_to=None,
        decision_number="5/QĐ")
    assert not can_produce(org.enterprise_a, product, dt.date(2025, 5, 31))
    assert can_produce(org.enterprise_a, product, dt.date(2025, 6, 1))


def test_revisions_are_numbered_per_set(org, people):
    a = DocumentSetFactory(owner_unit=org.enterprise_a)
    b = DocumentSetFactory(owner_unit=org.enterprise_a)
    issued(a, people)
    issued(a, people, date=dt.date(2024, 2, 1))
    first_of_b = services.create_revision(people["author"], b)
    assert first_of_b.number == 1
    assert Revision.objects.filter(document_set=a).count() == 2


def test_can_produce_on_a_past_date_uses_the_revision_then_in_force(org, people, design,
                                                                    admin_user):
    """Found by the demo data: after revision 2 supersedes revision 1, a date between the two
    issues must still find revision 1 in force."""
    product, document_set = design
    issued(document_set, people, date=dt.date(2023, 1, 10))
    issued(document_set, people, date=dt.date(2025, 1, 10), decision="2/QĐ")
    services.grant_usage_right(
        admin_user, document_set=document_set, enterprise=org.enterprise_a,
        purpose=Purpose.PRODUCTION, valid_from=dt.date(2023, 1, 1), valid_to=None,
        decision_number="5/QĐ")
    assert can_produce(org.enterprise_a, product, dt.date(2024, 6, 1))
    assert not can_produce(org.enterprise_a, product, dt.date(2023, 1, 9))


def test_lifecycle_fields_cannot_be_edited_around_their_actions(org, people, admin_user):
    revision = services.create_revision(people["author"],
                                        DocumentSetFactory(owner_unit=org.enterprise_a))
    with pytest.raises(ValidationError):
        services.update_revision(people["author"], revision, status=RevisionStatus.ISSUED)
    right = services.grant_usage_right(
        admin_user, document_set=DocumentSetFactory(owner_unit=org.department),
        enterprise=org.enterprise_a, purpose=Purpose.PRODUCTION, valid_from=TODAY,
        valid_to=None, decision_number="1/QĐ")
    with pytest.raises(ValidationError):
        services.update_usage_right(admin_user, right, status=RightStatus.REVOKED)
    revision.refresh_from_db()
    right.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT
    assert right.status == RightStatus.ACTIVE


def test_a_submitted_revision_reaches_its_approvers_and_the_answer_its_unit(org, people):
    """Submitted: the departments of the documents domain and the set's unit are told;
    approved: the set's unit is told (issue 21: approval requested → approver)."""
    from cnqp.core.models import Notification
    from cnqp.core.notifications import visible_notifications

    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    revision = services.create_revision(people["author"], document_set, reason="Sửa đổi")
    with translation.override("vi"):
        services.submit_revision(people["author"], revision)
    link = f"/documents/revisions/{revision.pk}/"
    asked = Notification.objects.filter(link=link)
    assert {n.org_unit for n in asked} == {org.department, org.enterprise_a}
    assert all(n.title.startswith("Chờ phê duyệt") for n in asked)
    assert visible_notifications(people["approver"]).filter(link=link).exists()
    with translation.override("vi"):
        services.approve_revision(people["approver"], revision)
    told = Notification.objects.filter(link=link).order_by("-pk").first()
    assert told.org_unit == org.enterprise_a and told.title.startswith("Đã phê duyệt")
    assert visible_notifications(people["author"]).filter(pk=told.pk).exists()
