"""The lifecycle through the API: actions, permissions, the error format, can-produce."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.documents.choices import Purpose, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory
from cnqp.documents.models import Revision


@pytest.fixture
def actors(org, make_user, client_for):
    author = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET,
                       username="tacgia")
    approver = make_user(["department_staff"], org.department, Classification.SECRET,
                         username="pheduyet")
    return client_for(author), client_for(approver)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_create_submit_approve_issue_through_the_api(org, actors):
    author, approver = actors
    product = ProductTypeFactory(code="K54")
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a, product_type=product)
    created = post(author, "/api/documents/revisions", {"document_set": document_set.pk})
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    # history entered later: each step on its own day (empty would be today)
    submitted = post(author, f"/api/documents/revisions/{rid}/submit", {"on_date": "2025-01-20"})
    assert submitted.json()["status"] == "submitted"
    assert timezone.localdate(Revision.objects.get(pk=rid).submitted_at) == dt.date(2025, 1, 20)
    # Enterprise staff cannot approve: 403 in the error format.
    refused = post(author, f"/api/documents/revisions/{rid}/approve")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert post(approver, f"/api/documents/revisions/{rid}/approve",
                {"on_date": "2025-01-30"}).json()["status"] == "approved"
    issued = post(approver, f"/api/documents/revisions/{rid}/issue",
                  {"decision_number": "12/QĐ-TCCNQP", "issue_date": "2025-02-03"})
    assert issued.status_code == 200
    assert issued.json()["status"] == RevisionStatus.ISSUED
    assert issued.json()["issue_date"] == "2025-02-03"


def test_illegal_transition_answers_422_naming_the_field(org, actors):
    author, _approver = actors
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    rid = post(author, "/api/documents/revisions", {"document_set": document_set.pk}).json()["id"]
    response = post(author, f"/api/documents/revisions/{rid}/issue",
                    {"decision_number": "1/QĐ", "issue_date": "2025-01-01"})
    assert response.status_code in (403, 422)
    _author, approver = actors
    response = post(approver, f"/api/documents/revisions/{rid}/issue",
                    {"decision_number": "1/QĐ", "issue_date": "2025-01-01"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "status"


def test_issue_payload_is_validated(org, actors):
    _author, approver = actors
    response = post(approver, "/api/documents/revisions/1/issue", {"issue_date": "05/01/2025"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "decision_number" in fields


def test_can_produce_endpoint_answers_with_reasons(org, actors, admin_user, client_for):
    from cnqp.documents import services

    product = ProductTypeFactory(code="K54")
    _author, approver = actors
    answer = approver.get("/api/documents/can-produce",
                          {"enterprise": "Z111", "product_type": "k54", "on_date": "2025-06-01"})
    assert answer.status_code == 200
    assert answer.json()["allowed"] is False
    assert len(answer.json()["reasons"]) == 1
    document_set = DocumentSetFactory(owner_unit=org.department, product_type=product)
    author = admin_user
    revision = services.create_revision(author, document_set)
    services.submit_revision(author, revision, on_date=dt.date(2025, 1, 1))
    services.approve_revision(_approver_user(), revision, on_date=dt.date(2025, 1, 1))
    services.issue_revision(author, revision, decision_number="1/QĐ",
                            issue_date=dt.date(2025, 1, 1))
    services.grant_usage_right(author, document_set=document_set, enterprise=org.enterprise_a,
                               purpose=Purpose.PRODUCTION, valid_from=dt.date(2025, 1, 1),
                               valid_to=None, decision_number="2/QĐ")
    answer = approver.get("/api/documents/can-produce",
                          {"enterprise": "Z111", "product_type": "K54", "on_date": "2025-06-01"})
    assert answer.json() == {"allowed": True, "reasons": [],
                             "design_set_id": document_set.pk,
                             "usage_right_id": answer.json()["usage_right_id"]}
    assert answer.json()["usage_right_id"] is not None
    missing = approver.get("/api/documents/can-produce",
                           {"enterprise": "NOPE", "product_type": "K54"})
    assert missing.status_code == 404


def _approver_user():
    from cnqp.core.models import User

    return User.objects.get(username="pheduyet")


def test_revoke_through_the_api(org, actors, admin_user):
    from cnqp.documents import services

    _author, approver = actors
    right = services.grant_usage_right(
        admin_user, document_set=DocumentSetFactory(owner_unit=org.department),
        enterprise=org.enterprise_a, purpose=Purpose.REPAIR, valid_from=dt.date(2025, 1, 1),
        valid_to=None, decision_number="3/QĐ")
    empty = post(approver, f"/api/documents/usage-rights/{right.pk}/revoke", {"note": " "})
    assert empty.status_code == 422
    done = post(approver, f"/api/documents/usage-rights/{right.pk}/revoke",
                {"note": "Hết hạn hợp đồng"})
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"
