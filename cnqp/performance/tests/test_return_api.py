"""The returns through the API, as an enterprise's own system files one: open it (the
generated route), PUT its values (errors named by indicator, nothing written), GET them back
with the totals and ratios computed, submit it (the generated step: the checks' errors by
indicator), the planning department accepts it; a locked return refuses new values; another
enterprise's return does not exist, its values neither."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cnqp.core.testing.clients import signed_in_client
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission, Value
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _values(world: World) -> dict[str, Any]:
    return {code: str(value) for code, value in YEAR_VALUES.items()}


def _put(client: Client, pk: int, body: dict[str, Any]) -> Any:
    return client.put(f"/api/performance/returns/{pk}/values", body, content_type=JSON)


def _errors(answer: Any) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {e["field"]: e["message"] for e in answer.json()["errors"]}


def test_values_round_trip_and_submit(world: World) -> None:
    client = signed_in_client(world.enterprise)
    opened = client.post("/api/performance/returns", {
        "unit": world.org.enterprise_a.pk, "year": 2023, "period_kind": "year",
        "period_number": 1, "scenario": "actual", "classification": 0}, content_type=JSON)
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    assert opened.json()["status"] == ReturnStatus.DRAFT

    answer = _put(client, pk, {"values": {**_values(world), "payroll": "168000.5"},
                               "explanations": {"equity": "Tăng vốn điều lệ"}})
    assert answer.status_code == 200, answer.content
    got = client.get(f"/api/performance/returns/{pk}/values")
    assert got.status_code == 200
    assert got.json() == answer.json()
    rows = {row["code"]: row for row in got.json()["values"]}
    assert Decimal(rows["revenue_defence"]["value"]) == Decimal(600_000)
    assert Decimal(rows["payroll"]["value"]) == Decimal("168000.5")
    assert rows["equity"]["explanation"] == "Tăng vốn điều lệ"
    assert rows["revenue"]["computed"] is True
    assert Decimal(rows["revenue"]["value"]) == Decimal(1_000_000)
    assert round(Decimal(rows["avg_income"]["value"]), 4) == Decimal("14.0000")
    assert got.json()["period"] and got.json()["scenario"] == "actual"

    submitted = client.post(f"/api/performance/returns/{pk}/submit", {}, content_type=JSON)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == ReturnStatus.SUBMITTED
    assert client.post(f"/api/performance/returns/{pk}/accept", {},
                       content_type=JSON).status_code == 403
    accepted = signed_in_client(world.reviewer).post(
        f"/api/performance/returns/{pk}/accept", {"note": "Đạt"}, content_type=JSON)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == ReturnStatus.ACCEPTED


def test_errors_name_the_indicator_and_nothing_is_written(world: World) -> None:
    client = signed_in_client(world.enterprise)
    submission = world.file(by=world.enterprise, accept=False)
    reviewer = signed_in_client(world.reviewer)
    reviewer.post(f"/api/performance/returns/{submission.pk}/return",
                  {"reason": "Kiểm tra lại lợi nhuận"}, content_type=JSON)
    before = dict(Value.objects.filter(submission=submission)
                  .values_list("indicator__code", "value"))

    assert set(_errors(_put(client, submission.pk, {"values": {"revenue": 1}}))) == {
        "revenue"}  # a total is computed, not entered
    assert set(_errors(_put(client, submission.pk, {"values": {"turnover": 1}}))) == {
        "turnover"}
    assert set(_errors(_put(client, submission.pk, {"values": {"equity": "abc"}}))) == {
        "values.equity"}  # the schema's own error names the key too
    assert set(_errors(_put(client, submission.pk, {"value": {}}))) == {"value"}
    assert dict(Value.objects.filter(submission=submission)
                .values_list("indicator__code", "value")) == before

    assert _put(client, submission.pk, {"values": {"profit_after_tax": 50_000,
                                                   "headcount": 0}}).status_code == 200
    refused = client.post(f"/api/performance/returns/{submission.pk}/submit", {},
                          content_type=JSON)
    assert set(_errors(refused)) == {"profit_after_tax", "headcount", "women"}
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.RETURNED


def test_a_locked_return_refuses_values(world: World) -> None:
    submission = world.file(by=world.enterprise)
    reviewer = signed_in_client(world.reviewer)
    assert reviewer.post(f"/api/performance/returns/{submission.pk}/lock", {},
                         content_type=JSON).status_code == 200
    client = signed_in_client(world.enterprise)
    assert set(_errors(_put(client, submission.pk, {"values": {"equity": 1}}))) == {"status"}
    assert Value.objects.get(submission=submission, indicator__code="equity"
                             ).value == YEAR_VALUES["equity"]
    amended = client.post(f"/api/performance/returns/{submission.pk}/amend",
                          {"explanation": "Số liệu sau kiểm toán"}, content_type=JSON)
    assert amended.status_code == 200, amended.content
    amendment = Submission.objects.get(amends=submission)
    assert _put(client, amendment.pk, {"values": {"equity": 520_000}}).status_code == 200


def test_another_enterprise_neither_reads_nor_writes_the_values(world: World) -> None:
    submission = world.file(by=world.enterprise, accept=False)
    other = signed_in_client(world.other)
    assert other.get(f"/api/performance/returns/{submission.pk}/values").status_code == 404
    answer = _put(other, submission.pk, {"values": {"equity": 1}})
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert other.get(f"/api/performance/returns/{submission.pk}").status_code == 404
    assert other.get("/api/performance/returns").json()["count"] == 0
    leader_view = signed_in_client(world.reviewer).get(
        f"/api/performance/returns/{submission.pk}/values")
    assert leader_view.status_code == 200
