"""The research API: the lifecycle as POST actions validated by the step forms, the error
format naming the field, the CRUD rules and the figures endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cnqp.documents.factories import ProductTypeFactory
from cnqp.research.choices import Grade, ProjectStatus, Step
from cnqp.research.models import ResearchProject
from cnqp.research.tests.helpers import D, bring_to, propose

pytestmark = pytest.mark.django_db
S = ProjectStatus
# Budgets given explicitly; `test_budgets_may_be_left_out_*` shows they may be omitted.
BUDGETS = {"budget_state": 0, "budget_defense": 0, "budget_enterprise": 0, "budget_other": 0}


@pytest.fixture
def api(decider, client_for):
    return client_for(decider)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def fields_of(response) -> set[str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    return {e["field"] for e in body["errors"]}


def step(client, project, action, **body):
    return post(client, f"/api/research/projects/{project.pk}/{action}", body)


def test_the_whole_lifecycle_through_the_api(research_org, api):
    product = ProductTypeFactory(code="K54")
    created = post(api, "/api/research/projects", {
        "code": "dt-api-01", "title": "Nghiên cứu chế tạo", "level": "national",
        "project_type": "topic", "host_unit": research_org.enterprise_a.pk,
        "principal_investigator": "Nguyễn Văn Đức", "planned_start": "2020-03-01",
        "planned_end": "2021-12-31", "classification": 0, **BUDGETS, "budget_state": 1200})
    assert created.status_code == 201, created.content
    assert (created.json()["code"], created.json()["status"]) == ("DT-API-01", S.PROPOSED)
    project = ResearchProject.objects.get(pk=created.json()["id"])
    assert project.events.get().step == Step.PROPOSE
    # Proposed today through the API: every step is dated today (same-day steps are fine).
    today = timezone.localdate().isoformat()
    later = (timezone.localdate() + dt.timedelta(days=3 * 365)).isoformat()
    walk = [
        ("open", {"on_date": today, "decision_number": "12/QĐ"}, S.OPENED),
        ("start", {"on_date": today}, S.IN_PROGRESS),
        ("extend", {"on_date": today, "decision_number": "30/QĐ", "new_end": later},
         S.IN_PROGRESS),
        ("complete", {"on_date": today, "note": "Xong"}, S.COMPLETED),
        ("evaluate", {"on_date": today, "decision_number": "45/QĐ", "council": "HĐ",
                      "grade": Grade.GOOD}, S.ACCEPTED),
        ("eligible", {"on_date": today, "decision_number": "50/QĐ",
                      "product_type": product.pk}, S.ELIGIBLE_O),
        ("o-series", {"on_date": today, "decision_number": "51/QĐ",
                      "producing_unit": research_org.enterprise_a.pk}, S.O_SERIES),
        ("apply", {"on_date": today, "decision_number": "60/QĐ",
                   "producing_unit": research_org.enterprise_b.pk}, S.APPLIED),
    ]
    for action, body, status in walk:
        answer = step(api, project, action, **body)
        assert answer.status_code == 200, (action, answer.content)
        assert answer.json()["status"] == status, action
    body = answer.json()
    assert (body["current_end"], body["product_type_id"]) == (later, product.pk)
    assert body["is_overdue"] is False
    steps = api.get("/api/research/steps", {"limit": 100}).json()
    assert steps["count"] == 9
    by_step = {item["step"]: item for item in steps["items"]}
    assert by_step["extend"]["new_end"] == later
    assert by_step["apply"]["producing_unit_id"] == research_org.enterprise_b.pk
    assert (by_step["open"]["from_status"], by_step["open"]["to_status"]) == (
        S.PROPOSED, S.OPENED)


def test_step_bodies_are_validated_naming_the_field(research_org, api):
    project = propose(research_org.enterprise_a)
    assert "decision_number" in fields_of(step(api, project, "open", on_date="2022-01-01"))
    assert "decision_number" in fields_of(step(api, project, "open", on_date="2022-01-01",
                                               decision_number=" "))
    assert "on_date" in fields_of(step(api, project, "open", on_date="mai",
                                       decision_number="1/QĐ"))
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert fields_of(step(api, project, "open", on_date=tomorrow,
                          decision_number="1/QĐ")) == {"on_date"}
    assert fields_of(step(api, project, "open", on_date="2019-12-31",
                          decision_number="1/QĐ")) == {"on_date"}  # before the proposal
    project.refresh_from_db()
    assert project.status == S.PROPOSED and project.events.count() == 1


def test_an_illegal_step_answers_422_on_the_status(research_org, api):
    project = propose(research_org.enterprise_a, "DT-77")
    answer = step(api, project, "complete", on_date="2022-01-01")
    assert fields_of(answer) == {"status"}
    assert "DT-77" in answer.json()["errors"][0]["message"]
    assert step(api, project, "nonsense").status_code in (404, 405)
    assert step(api, ResearchProject(pk=987654), "start",
                on_date="2022-01-01").status_code == 404


def test_rules_of_the_steps_answer_422_with_their_field(research_org, api):
    project = bring_to(propose(research_org.enterprise_a, end=D(2021, 12, 31)), S.IN_PROGRESS)
    assert fields_of(step(api, project, "extend", on_date="2021-01-01", decision_number="1",
                          new_end="2021-12-31")) == {"new_end"}
    assert fields_of(step(api, project, "suspend", on_date="2021-01-01",
                          decision_number="1")) == {"note"}
    project = bring_to(propose(research_org.enterprise_a, "DT-02"), S.COMPLETED)
    assert fields_of(step(api, project, "evaluate", on_date="2021-01-01", decision_number="1",
                          council="HĐ", grade=Grade.FAIL)) == {"note"}
    assert "grade" in fields_of(step(api, project, "evaluate", on_date="2021-01-01",
                                     decision_number="1", council="HĐ", grade="great"))
    failed = step(api, project, "evaluate", on_date="2021-01-01", decision_number="1",
                  council="HĐ", grade=Grade.FAIL, note="Chưa đạt")
    assert failed.json()["status"] == S.IN_PROGRESS
    project = bring_to(propose(research_org.enterprise_a, "DT-03"), S.ACCEPTED)
    assert fields_of(step(api, project, "eligible", on_date="2021-01-01",
                          decision_number="1")) == {"product_type"}
    assert "producing_unit" in fields_of(step(
        api, project, "apply", on_date="2021-01-01", decision_number="1",
        producing_unit=research_org.department.pk, product_type=ProductTypeFactory().pk))


def test_create_update_and_delete_follow_the_rules(research_org, api):
    body = {"code": "DT-05", "title": "Đề tài", "level": "directorate", "project_type": "topic",
            "host_unit": research_org.user_unit.pk, "principal_investigator": "Trần An",
            "planned_start": "2022-03-01", "planned_end": "2022-01-01", "classification": 0,
            **BUDGETS}
    assert "host_unit" in fields_of(post(api, "/api/research/projects", body))
    body["host_unit"] = research_org.enterprise_a.pk
    assert fields_of(post(api, "/api/research/projects", body)) == {"planned_end"}
    body["planned_end"] = "2023-12-31"
    pk = post(api, "/api/research/projects", body).json()["id"]
    url = f"/api/research/projects/{pk}"
    moved = api.patch(url, {"planned_end": "2024-06-30", "level": "national"},
                      content_type="application/json")
    assert moved.status_code == 200, moved.content
    assert (moved.json()["current_end"], moved.json()["level"]) == ("2024-06-30", "national")
    assert step(api, ResearchProject.objects.get(pk=pk), "open",
                on_date=timezone.localdate().isoformat(),
                decision_number="1/QĐ").status_code == 200
    # Once opened: the fixed fields stay as they were; the descriptive ones still change.
    fixed = api.patch(url, {"code": "DT-99", "planned_end": "2025-01-01", "title": "Tên mới"},
                      content_type="application/json")
    project = ResearchProject.objects.get(pk=pk)
    # The form disables them, so the API ignores them rather than refusing them.
    assert fixed.status_code == 200
    assert (project.code, project.planned_end, project.title) == (
        "DT-05", D(2024, 6, 30), "Tên mới")
    assert api.delete(url).status_code == 422
    proposal = propose(research_org.enterprise_a, "DT-06")
    assert api.delete(f"/api/research/projects/{proposal.pk}").status_code == 204
    assert not ResearchProject.objects.filter(code="DT-06").exists()


def test_figures_endpoint(research_org, api):
    project = bring_to(propose(research_org.enterprise_a, end=D(2024, 12, 31)), S.IN_PROGRESS,
                       first=D(2022, 2, 1))
    answer = api.get("/api/research/figures", {"from": "2022-01-01", "to": "2022-12-31"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["start"], body["end"], body["unit"]) == ("2022-01-01", "2022-12-31", None)
    assert (body["in_execution"], body["opened"]) == (1, 1)
    assert body["by_level"]["in_execution"]["directorate"] == 1
    assert len(body["text"]) == 3
    # Only `to`: its year from 1 January; only `from`: to the end of that year.
    assert api.get("/api/research/figures", {"to": "2022-06-30"}).json()["start"] == \
        "2022-01-01"
    assert api.get("/api/research/figures", {"from": "2022-06-01"}).json()["end"] == \
        "2022-12-31"
    this_year = api.get("/api/research/figures").json()
    assert this_year["start"] == f"{timezone.localdate().year}-01-01"
    assert this_year["in_execution"] == 1  # still running
    assert api.get("/api/research/figures",
                   {"from": "2022-02-01", "to": "2022-01-01"}).status_code == 422
    assert api.get("/api/research/figures", {"from": "hôm qua"}).status_code == 422
    project.refresh_from_db()
    assert project.status == S.IN_PROGRESS


def test_budgets_may_be_left_out_and_a_past_proposal_dated(research_org, api):
    created = post(api, "/api/research/projects", {
        "code": "DT-OLD", "title": "Đề tài cũ", "level": "ministry", "project_type": "topic",
        "host_unit": research_org.enterprise_a.pk, "principal_investigator": "Lê Văn Bình",
        "planned_start": "2019-03-01", "planned_end": "2020-12-31", "classification": 0,
        "proposed_on": "2018-11-20"})
    assert created.status_code == 201, created.content
    project = ResearchProject.objects.get(pk=created.json()["id"])
    assert project.budget_total == 0
    assert project.events.get().on_date == D(2018, 11, 20)
    opened = step(api, project, "open", on_date="2019-02-15", decision_number="5/QĐ-BQP")
    assert opened.status_code == 200, opened.content
