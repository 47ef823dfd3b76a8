"""The directives API, generated from the resources: a directive with its item, an indicator
bound to a registered figure, a task completed by a report at 100 %, a review held through its
action route with its frozen figures, which no route changes; and need to know (a directive
of another enterprise is absent, one of the directorate binds every unit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cnqp.conftest import Org, create_user
from cnqp.core.access.roles import ADMIN, ENTERPRISE_STAFF
from cnqp.core.choices import Classification
from cnqp.core.models import User
from cnqp.directives.choices import ReviewStatus
from cnqp.directives.factories import DirectiveFactory
from cnqp.directives.models import ReviewFigure, Task

JSON = "application/json"
ClientFor = Callable[[User], Client]


@pytest.fixture
def admin(org: Org) -> User:
    return create_user([ADMIN], org.root, Classification.SECRET, username="quantri")


@pytest.fixture
def staff_a(org: Org) -> User:
    return create_user([ENTERPRISE_STAFF], org.enterprise_a, username="z111")


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, content_type=JSON)


@pytest.mark.django_db
def test_directive_to_frozen_review(org: Org, staff_a: User, client_for: ClientFor) -> None:
    client = client_for(staff_a)
    directive = post(client, "/api/directives/directives", {
        "kind": "resolution", "number": "147-NQ/ĐU", "issuer": "Đảng ủy Nhà máy Z111",
        "owner_unit": org.enterprise_a.pk, "issued_on": "2016-07-08",
        "title": "Về lãnh đạo công tác an toàn", "period_start": "2016-07-08",
        "period_end": "2020-12-31", "classification": 0})
    assert directive.status_code == 201, directive.content
    directive_id = directive.json()["id"]
    assert directive.json()["owner_unit_id"] == org.enterprise_a.pk
    item = post(client, "/api/directives/items", {
        "directive": directive_id, "kind": "objective", "ordinal": "(1)",
        "text": "Nâng cao năng lực nghiên cứu"})  # no position: after the others
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]

    period = {"period_start": "2016-07-08", "period_end": "2020-12-31"}
    unknown = post(client, "/api/directives/indicators", {
        "item": item_id, "name": "Số đề tài", "metric_key": "research.nothing",
        "target_kind": "at_least", "target_value": "3", **period})
    assert unknown.status_code == 422, unknown.content
    assert [e["field"] for e in unknown.json()["errors"]] == ["metric_key"]
    indicator = post(client, "/api/directives/indicators", {
        "item": item_id, "name": "Số đề tài được nghiệm thu", "metric_key": "research.accepted",
        "target_kind": "at_least", "target_value": "3", **period})
    assert indicator.status_code == 201, indicator.content
    body = indicator.json()
    assert body["metric_key"] == "research.accepted" and body["item_id"] == item_id
    assert (body["period_start"], body["period_end"]) == ("2016-07-08", "2020-12-31")
    defaulted = post(client, "/api/directives/indicators", {
        "item": item_id, "name": "Số đề tài áp dụng", "metric_key": "research.applied",
        "target_kind": "at_least", "target_value": "2"})  # the period is the directive's
    assert defaulted.status_code == 201, defaulted.content
    assert (defaulted.json()["period_start"], defaulted.json()["position"]) == (
        directive.json()["period_start"], 2)

    task = post(client, "/api/directives/tasks", {
        "directive": directive_id, "item": item_id, "title": "Rà soát quy trình",
        "lead_unit": org.enterprise_a.pk, "assigned_on": "2017-01-10",
        "deadline": "2017-06-30", "classification": 0})
    assert task.status_code == 201, task.content
    task_id = task.json()["id"]
    done = post(client, f"/api/directives/tasks/{task_id}/report", {
        "progress": 100, "text": "Đã ban hành quy trình", "on_date": "2017-06-20"})
    assert done.status_code == 200, done.content
    assert done.json()["completed_on"] == "2017-06-20"
    assert Task.objects.get(pk=task_id).completed_on == dt.date(2017, 6, 20)
    reports = client.get("/api/directives/task-reports", {"task": task_id}).json()
    assert reports["count"] == 1 and reports["items"][0]["progress"] == 100

    review = post(client, "/api/directives/reviews", {
        "title": "Tổng kết Nghị quyết 147", "kind": "final", "directives": [directive_id],
        "owner_unit": org.enterprise_a.pk, "period_start": "2016-07-08",
        "period_end": "2020-12-31", "held_on": "2021-03-15", "classification": 0})
    assert review.status_code == 201, review.content
    review_id = review.json()["id"]
    held = post(client, f"/api/directives/reviews/{review_id}/hold", {})
    assert held.status_code == 200, held.content
    assert held.json()["status"] == ReviewStatus.FROZEN and held.json()["frozen_at"]
    figures = client.get("/api/directives/review-figures", {"review": review_id}).json()
    assert figures["count"] == 2  # one per indicator, in the directive's order
    figure = figures["items"][0]
    assert figure["indicator_id"] == body["id"] and figure["metric_key"] == "research.accepted"
    assert figures["items"][1]["metric_key"] == "research.applied"
    assert figure["directive_number"] == "147-NQ/ĐU"

    # a frozen figure has no route that changes it, and the row refuses anyway
    url = f"/api/directives/review-figures/{figure['id']}"
    for method in (client.patch, client.put, client.delete):
        response = method(url, {"value": "99"}, content_type=JSON)
        assert response.status_code in (404, 405), (method, response.content)
    assert ReviewFigure.objects.get(pk=figure["id"]).assessment == figure["assessment"]
    # nor does the review change once held
    late = client.patch(f"/api/directives/reviews/{review_id}",
                        {"period_end": "2021-01-31"}, content_type=JSON)
    assert late.status_code == 422, late.content


@pytest.mark.django_db
def test_need_to_know(org: Org, staff_a: User, client_for: ClientFor) -> None:
    theirs = DirectiveFactory(number="9-NQ/ĐU", owner_unit=org.enterprise_b)
    directorate = DirectiveFactory(number="147-NQ/ĐU", owner_unit=org.root)
    ours = DirectiveFactory(number="12-NQ/ĐU", owner_unit=org.enterprise_a)
    client = client_for(staff_a)
    assert client.get(f"/api/directives/directives/{theirs.pk}").status_code == 404
    seen = client.get(f"/api/directives/directives/{directorate.pk}")
    assert seen.status_code == 200 and seen.json()["number"] == "147-NQ/ĐU"
    listed = client.get("/api/directives/directives").json()
    assert {d["id"] for d in listed["items"]} == {directorate.pk, ours.pk}
    # seeing the directorate's directive is not writing under it
    item = post(client, "/api/directives/items", {
        "directive": directorate.pk, "kind": "objective", "ordinal": "(9)", "text": "x",
        "position": 1})
    assert item.status_code in (403, 422), item.content
    assert item.status_code != 201
