"""Codes taken by a record the writer may not see (issue 15, "a uniqueness oracle"): the
refusal cannot be told from any other, but every such refusal is a probe in the audit log, as
classified as the hidden record, and a user who keeps trying is stopped for a while."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from cnqp.conftest import MakeUser, Org
from cnqp.core import services
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, User
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory
from cnqp.documents.models import DocumentSet

pytestmark = pytest.mark.django_db

SETS = "/api/documents/sets"


def bearer(user: User) -> Client:
    _token, raw = services.create_api_token(user, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def new_set(client: Client, org: Org, code: str) -> Any:
    return client.post(SETS, data=json.dumps({
        "code": code, "title": "Bộ tài liệu thử", "kind": "design",
        "product_type": ProductTypeFactory().pk, "owner_unit": org.enterprise_a.pk,
        "classification": 0}), content_type="application/json")


def probes() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.PROBE).order_by("id"))


@pytest.fixture
def writer(org: Org, make_user: MakeUser) -> User:
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)


def test_a_code_taken_by_a_hidden_record_is_a_probe(org: Org, writer: User) -> None:
    hidden = DocumentSetFactory(code="TLTK-AN", owner_unit=org.enterprise_b,
                                classification=Classification.SECRET)
    DocumentSetFactory(code="TLTK-THAY", owner_unit=org.enterprise_a)
    client = bearer(writer)
    seen, unseen = new_set(client, org, "TLTK-THAY"), new_set(client, org, "TLTK-AN")
    assert seen.status_code == unseen.status_code == 422
    assert seen.json()["errors"] == unseen.json()["errors"]  # the same answer either way
    [probe] = probes()  # but the hidden one is in the log
    assert (probe.actor, probe.object_id) == (writer, str(hidden.pk))
    assert probe.classification == Classification.SECRET  # only its cleared auditors read it
    assert probe.changes == {"refused": {"code": "TLTK-AN"}}


@override_settings(CNQP_PROBE_LIMIT=3)
def test_a_writer_who_keeps_probing_is_stopped(org: Org, writer: User) -> None:
    for n in range(3):
        DocumentSetFactory(code=f"TLTK-AN{n}", owner_unit=org.enterprise_b)
    client = bearer(writer)
    for n in range(3):
        assert new_set(client, org, f"TLTK-AN{n}").status_code == 422
    stopped = new_set(client, org, "TLTK-MOI")  # a free code, now refused before it is checked
    assert stopped.status_code == 422
    assert "refused for a while" in stopped.json()["errors"][0]["message"] or \
        "tạm thời" in stopped.json()["errors"][0]["message"]
    assert not DocumentSet.objects.filter(code="TLTK-MOI").exists()
    assert len(probes()) == 3


def test_an_import_naming_a_hidden_record_is_a_probe(org: Org, writer: User) -> None:
    from cnqp.documents.tests.test_imports import SET_HEADER, upload

    DocumentSetFactory(code="TLTK-AN", owner_unit=org.enterprise_b)
    product_type = ProductTypeFactory()
    client = Client()
    client.force_login(writer)
    response = client.post("/documents/import/sets/", {"file": upload([
        SET_HEADER, ["TLTK-AN", "Thử", "design", product_type.code, "Z111", "Thường"]])})
    assert response.context["result"].errors
    assert [p.changes for p in probes()] == [{"refused": {"code": "TLTK-AN"}}]
