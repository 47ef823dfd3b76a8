"""A project a user may not see (another unit's, or above their clearance) does not exist for
them anywhere: pages, search, exports, the API, the figures and the steps. Decisions are taken
by the managing department, not by the host enterprise."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.models import User
from cnqp.documents.factories import ProductTypeFactory
from cnqp.research import selectors
from cnqp.research.choices import ProjectStatus, Step
from cnqp.research.models import ProjectEvent, ResearchProject
from cnqp.research.report import research_figures
from cnqp.research.tests.helpers import D, bring_to, codes, propose, take

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2022-01-01", "to": "2022-12-31"}
PAGE_PERIOD = {"start": "01/01/2022", "end": "31/12/2022"}
START, END = D(2022, 1, 1), D(2022, 12, 31)


@dataclass
class Case:
    user: User
    hidden: ResearchProject
    visible: ResearchProject


def running(host: Any, code: str, classification: int = 0) -> ResearchProject:
    project = propose(host, code, classification=classification, end=D(2024, 12, 31))
    take(project, Step.OPEN, D(2022, 3, 1))
    return take(project, Step.START, D(2022, 4, 1))


@pytest.fixture(params=["other-unit", "lower-clearance", "leadership-lower-clearance"])
def case(request, research_org, make_user) -> Case:
    org = research_org
    if request.param == "other-unit":
        user = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
        hidden = running(org.enterprise_b, "AN-01")
    elif request.param == "lower-clearance":
        user = make_user(["enterprise_staff"], org.enterprise_a, Classification.UNCLASSIFIED)
        hidden = running(org.enterprise_a, "AN-01", Classification.CONFIDENTIAL)
    else:
        user = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
        hidden = running(org.enterprise_b, "AN-01", Classification.SECRET)
    return Case(user, hidden, running(org.workshop_a1, "HIEN-01"))


def csv_codes(response: Any) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}


def test_hidden_project_is_absent_from_pages_search_and_export(case, client_for):
    client = client_for(case.user)
    page = client.get("/research/projects/", {"per_page": 100})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    html = page.content.decode()
    assert "HIEN-01" in html and "AN-01" not in html
    assert client.get("/research/projects/", {"q": "AN-01"}).context["page"].paginator.count \
        == 0
    assert client.get("/research/projects/", {"q": "HIEN"}).context["page"].paginator.count \
        == 1
    assert csv_codes(client.get("/research/projects/", {"export": "csv"})) == {"HIEN-01"}
    assert client.get(f"/research/projects/{case.hidden.pk}/").status_code == 404
    assert client.get(f"/research/projects/{case.visible.pk}/").status_code == 200
    figure = client.get("/research/projects/", {"figure": "in_execution", **PAGE_PERIOD})
    assert figure.context["page"].paginator.count == 1


def test_hidden_project_is_absent_from_the_api(case, client_for):
    client = client_for(case.user)
    listed = client.get("/api/research/projects", {"limit": 100}).json()
    assert {item["code"] for item in listed["items"]} == {"HIEN-01"}
    assert listed["count"] == 1
    assert client.get("/api/research/projects", {"q": "AN-01"}).json()["count"] == 0
    assert client.get(f"/api/research/projects/{case.hidden.pk}").status_code == 404
    assert client.get(f"/api/research/projects/{case.visible.pk}").status_code == 200
    # A step on it answers 404 too, before any permission or rule is looked at.
    answer = client.post(f"/api/research/projects/{case.hidden.pk}/complete",
                         {"on_date": "2022-06-01"}, content_type="application/json")
    assert answer.status_code == 404
    case.hidden.refresh_from_db()
    assert case.hidden.status == ProjectStatus.IN_PROGRESS


def test_hidden_project_counts_in_no_figure(case, client_for):
    client = client_for(case.user)
    answer = client.get("/api/research/figures", PERIOD)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["in_execution"], body["opened"], body["overdue"]) == (1, 1, 0)
    page = client.get("/research/figures/", PAGE_PERIOD)
    assert page.status_code == 200
    assert page.context["figures"].in_execution == 1
    assert page.context["figures"].opened == 1
    pipeline = client.get("/research/pipeline/")
    assert pipeline.status_code == 200
    columns = {c["stage"]: c for c in pipeline.context["columns"]}
    assert columns[ProjectStatus.IN_PROGRESS]["count"] == 1
    assert [p.code for p in columns[ProjectStatus.IN_PROGRESS]["cards"]] == ["HIEN-01"]
    assert "AN-01" not in pipeline.content.decode()

    visible = selectors.visible_projects(case.user)
    for figure in ("in_execution", "opened"):
        assert codes(selectors.counted_by(visible, figure, START, END)) == {"HIEN-01"}
    figures = research_figures(case.user, START, END)
    assert (figures.in_execution, figures.opened) == (1, 1)
    # Seen by everyone: both count.
    everything = ResearchProject.objects.all()
    assert codes(selectors.counted_by(everything, "opened", START, END)) == {"HIEN-01",
                                                                              "AN-01"}


def test_steps_of_a_hidden_project_are_hidden(case, client_for):
    client = client_for(case.user)
    hidden_event = case.hidden.events.last()
    visible_events = set(case.visible.events.values_list("pk", flat=True))
    page = client.get("/research/steps/", {"per_page": 100})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == len(visible_events) == 3
    assert client.get(f"/research/steps/{hidden_event.pk}/").status_code == 404
    assert client.get(f"/research/steps/{min(visible_events)}/").status_code == 200
    listed = client.get("/api/research/steps", {"limit": 100}).json()
    assert {item["id"] for item in listed["items"]} == visible_events
    assert client.get(f"/api/research/steps/{hidden_event.pk}").status_code == 404
    # The visible project's page shows only its own timeline.
    detail = client.get(f"/research/projects/{case.visible.pk}/")
    assert {e.pk for e in detail.context["events"]} == visible_events
    assert ProjectEvent.objects.count() == 6


@pytest.fixture
def opened(research_org, decider) -> ResearchProject:
    return bring_to(propose(research_org.enterprise_a), ProjectStatus.OPENED, actor=decider)


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


DECISIONS = {
    "open": (ProjectStatus.PROPOSED, {"on_date": "2022-01-01", "decision_number": "1/QĐ"}),
    "extend": (ProjectStatus.OPENED, {"on_date": "2022-01-01", "decision_number": "1/QĐ",
                                      "new_end": "2025-06-30"}),
    "suspend": (ProjectStatus.OPENED, {"on_date": "2022-01-01", "decision_number": "1/QĐ",
                                       "note": "Thiếu kinh phí"}),
    "cancel": (ProjectStatus.OPENED, {"on_date": "2022-01-01", "decision_number": "1/QĐ",
                                      "note": "Thiếu kinh phí"}),
    "resume": (ProjectStatus.SUSPENDED, {"on_date": "2022-01-01", "decision_number": "1/QĐ"}),
    "evaluate": (ProjectStatus.COMPLETED, {"on_date": "2022-01-01", "decision_number": "1/QĐ",
                                           "council": "HĐ", "grade": "good"}),
    "eligible": (ProjectStatus.ACCEPTED, {"on_date": "2022-01-01", "decision_number": "1/QĐ"}),
}


@pytest.mark.parametrize("action", list(DECISIONS))
def test_enterprise_staff_cannot_take_decisions_the_department_can(
        action, research_org, staff, decider, client_for):
    status, body = DECISIONS[action]
    project = bring_to(propose(research_org.enterprise_a, product_type=ProductTypeFactory()),
                       status)
    events = project.events.count()
    ui = client_for(staff).post(f"/research/projects/{project.pk}/{action}/",
                                {**body, "on_date": "01/01/2022"})
    assert ui.status_code == 403
    api = post(client_for(staff), f"/api/research/projects/{project.pk}/{action}", body)
    assert api.status_code == 403
    assert api.json()["code"] == "forbidden"
    assert project.events.count() == events
    done = post(client_for(decider), f"/api/research/projects/{project.pk}/{action}", body)
    assert done.status_code == 200, done.content
    assert project.events.count() == events + 1


def test_enterprise_staff_start_and_complete_the_work(opened, staff, client_for):
    client = client_for(staff)
    started = post(client, f"/api/research/projects/{opened.pk}/start",
                   {"on_date": "2022-03-01"})
    assert started.status_code == 200, started.content
    assert started.json()["status"] == ProjectStatus.IN_PROGRESS
    done = client.post(f"/research/projects/{opened.pk}/complete/", {"on_date": "01/06/2022"})
    assert done.status_code == 302
    opened.refresh_from_db()
    assert opened.status == ProjectStatus.COMPLETED
    assert opened.events.last().recorded_by == staff


def test_leadership_reads_everything_and_changes_nothing(opened, research_org, make_user,
                                                         client_for):
    chief = make_user(["leadership"], research_org.root, Classification.SECRET)
    client = client_for(chief)
    assert client.get(f"/research/projects/{opened.pk}/").status_code == 200
    assert client.get(f"/research/projects/{opened.pk}/").context["steps"] == []
    answer = post(client, f"/api/research/projects/{opened.pk}/start", {"on_date": "2022-03-01"})
    assert answer.status_code == 403
    assert client.post(f"/research/projects/{opened.pk}/start/",
                       {"on_date": "01/03/2022"}).status_code == 403


def test_figures_of_another_units_subtree_are_not_found(research_org, staff, decider,
                                                        client_for):
    running(research_org.enterprise_b, "AN-01")
    running(research_org.workshop_a1, "HIEN-01")
    mine = client_for(staff)
    assert mine.get("/api/research/figures", {**PERIOD, "unit": "Z113"}).status_code == 404
    assert mine.get("/api/research/figures", {**PERIOD, "unit": "nope"}).status_code == 404
    own = mine.get("/api/research/figures", {**PERIOD, "unit": "z111-px1"})
    assert own.status_code == 200
    assert (own.json()["unit"], own.json()["in_execution"]) == ("Z111-PX1", 1)
    theirs = client_for(decider).get("/api/research/figures", {**PERIOD, "unit": "Z113"})
    assert theirs.status_code == 200
    assert theirs.json()["in_execution"] == 1
    # The page offers only units the user sees: another's is refused, not computed.
    page = mine.get("/research/figures/", {**PAGE_PERIOD, "unit": research_org.enterprise_b.pk})
    assert page.status_code == 200
    assert "unit" in page.context["form"].errors
    assert page.context["figures"].start == D(timezone.localdate().year, 1, 1)  # the default
    assert page.context["figures"].in_execution == 1  # HIEN-01 still runs; AN-01 not counted


def test_users_without_research_rights_get_nothing(research_org, make_user, client_for):
    running(research_org.enterprise_a, "DT-01")
    outsider = make_user(["user_unit_staff"], research_org.user_unit)
    client = client_for(outsider)
    assert client.get("/api/research/figures", PERIOD).status_code == 403
    assert client.get("/research/figures/").status_code == 403
    assert client.get("/research/pipeline/").status_code == 403
    assert client.get("/api/research/projects").json()["count"] == 0
    assert research_figures(outsider, START, END).in_execution == 0
