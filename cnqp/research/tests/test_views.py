"""The research pages: the project page (timeline, step forms) and its step routes, the list
filters behind every figure, the pipeline and the figures page, on the cases of world.py."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from cnqp.research.choices import EXECUTING, ProjectLevel, ProjectStatus, Step
from cnqp.research.tests import world
from cnqp.research.tests.helpers import D, bring_to, propose

pytestmark = pytest.mark.django_db
S = ProjectStatus
PERIOD = {"start": "01/01/2022", "end": "31/12/2022"}


@pytest.fixture
def built(research_org):
    return world.build(research_org)


@pytest.fixture
def ui(decider, client_for):
    return client_for(decider)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def listed(client, **params) -> set[str]:
    response = client.get("/research/projects/", {"per_page": 100, **params})
    assert response.status_code == 200
    return {p.code for p in response.context["page"].object_list}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_project_page_shows_the_timeline_and_the_steps_the_user_may_take(
        research_org, decider, staff, client_for):
    project = bring_to(propose(research_org.enterprise_a, end=D(2021, 12, 31)), S.OPENED,
                       actor=decider)
    url = f"/research/projects/{project.pk}/"
    page = client_for(decider).get(url)
    assert page.status_code == 200
    assert [a["action"].name for a in page.context["steps"]] == [
        "start", "extend", "suspend", "cancel"]
    assert [e.step for e in page.context["events"]] == [Step.PROPOSE, Step.OPEN]
    html = page.content.decode()
    for action in ("start", "extend", "suspend", "cancel"):
        assert f'action="/research/projects/{project.pk}/{action}/"' in html
    for action in ("open", "complete", "evaluate", "resume", "apply"):
        assert f'action="/research/projects/{project.pk}/{action}/"' not in html
    assert "open/QĐ-TCCNQP" in html and "01/02/2020" in html  # the step's decision and date
    assert 'id="id_extend_new_end"' in html
    assert "alert-warning" in html  # overdue: its end date in force was 31/12/2021
    # Enterprise staff may only start it; the page offers nothing else.
    mine = client_for(staff).get(url)
    assert [a["action"].name for a in mine.context["steps"]] == ["start"]
    assert f'action="/research/projects/{project.pk}/extend/"' not in mine.content.decode()


def test_project_page_offers_evaluation_once_and_nothing_when_cancelled(research_org, ui):
    done = bring_to(propose(research_org.enterprise_a), S.COMPLETED)
    steps = ui.get(f"/research/projects/{done.pk}/").context["steps"]
    assert [a["action"].name for a in steps] == ["evaluate"]
    assert set(steps[0]["form"].fields) >= {"council", "grade", "note", "decision_number"}
    dropped = bring_to(propose(research_org.enterprise_a, "DT-02"), S.CANCELLED)
    page = ui.get(f"/research/projects/{dropped.pk}/")
    assert page.context["steps"] == []
    assert 'id="project-steps"' not in page.content.decode()
    assert [e.step for e in page.context["events"]] == [Step.PROPOSE, Step.CANCEL]


def test_step_through_the_page(research_org, ui):
    project = propose(research_org.enterprise_a, "DT-31")
    english(ui)
    url = f"/research/projects/{project.pk}/open/"
    refused = ui.post(url, {"on_date": "01/02/2022"}, follow=True)
    assert refused.redirect_chain[-1][0] == f"/research/projects/{project.pk}/"
    assert any(m.startswith("Decision number:") for m in messages_of(refused))
    illegal = ui.post(f"/research/projects/{project.pk}/complete/", {"on_date": "01/02/2022"},
                      follow=True)
    assert any("DT-31" in m and "Allowed from: in progress" in m
               for m in messages_of(illegal))
    early = ui.post(url, {"on_date": "01/01/2020", "decision_number": "5/QĐ"}, follow=True)
    assert messages_of(early) == ["The date is before the project's previous step (10/01/2020)."]
    project.refresh_from_db()
    assert project.status == S.PROPOSED and project.events.count() == 1
    done = ui.post(url, {"on_date": "01/02/2022", "decision_number": "5/QĐ"}, follow=True)
    assert messages_of(done) == ["Project opened."]
    project.refresh_from_db()
    assert project.status == S.OPENED
    event = project.events.last()
    assert (event.on_date, event.decision_number) == (D(2022, 2, 1), "5/QĐ")


def test_list_filters_behind_the_figures(built, ui, research_org):
    for figure, expected in world.EXPECTED.items():
        assert listed(ui, figure=figure, **PERIOD) == expected, figure
    assert listed(ui, figure="opened", start="01/05/2022", end="31/12/2022") == {"NEW",
                                                                                  "LASTDAY"}
    assert listed(ui, figure="opened", start="02/01/2022", end="01/01/2022") == set()
    assert listed(ui, figure="opened", level=ProjectLevel.MINISTRY, **PERIOD) == {"LASTDAY"}
    assert listed(ui, year=2022) == world.IN_EXECUTION
    assert listed(ui, year=2019) == set()
    executing = {code for code, p in built.items() if p.status in EXECUTING}
    assert listed(ui, overdue="true") == executing
    assert listed(ui, overdue="false") == set(world.CASES) - executing
    assert listed(ui, host_unit=research_org.enterprise_b.pk) == {"STOP", "EXT"}
    assert listed(ui, host_unit=research_org.workshop_a1.pk) == {"REDO"}
    assert listed(ui, host_unit=research_org.enterprise_a.pk) == set(world.CASES) - {"STOP",
                                                                                     "EXT"}
    assert listed(ui, host_unit=research_org.root.pk) == set(world.CASES)


def test_pipeline_page_counts_each_stage(built, ui):
    page = ui.get("/research/pipeline/")
    assert page.status_code == 200
    columns = {c["stage"]: c for c in page.context["columns"]}
    assert [c["stage"] for c in page.context["columns"]] == list(world_pipeline())
    counts = {stage: c["count"] for stage, c in columns.items()}
    assert counts == {S.PROPOSED: 1, S.OPENED: 4, S.IN_PROGRESS: 6, S.COMPLETED: 3,
                      S.ACCEPTED: 1, S.ELIGIBLE_O: 0, S.O_SERIES: 0, S.APPLIED: 2}
    assert page.context["side"] == {S.SUSPENDED: 2, S.CANCELLED: 2}
    assert page.context["overdue"] == 10
    assert {p.code for p in columns[S.APPLIED]["cards"]} == {"DONE", "OLD"}
    assert len(columns[S.IN_PROGRESS]["cards"]) == 6
    assert "status=in_progress" in columns[S.IN_PROGRESS]["url"]
    national = ui.get("/research/pipeline/", {"level": ProjectLevel.NATIONAL})
    assert {c["stage"]: c["count"] for c in national.context["columns"]}[S.IN_PROGRESS] == 1
    in_2022 = ui.get("/research/pipeline/", {"year": 2022})
    assert sum(c["count"] for c in in_2022.context["columns"]) + \
        sum(in_2022.context["side"].values()) == len(world.IN_EXECUTION)


def world_pipeline() -> tuple[str, ...]:
    return (S.PROPOSED, S.OPENED, S.IN_PROGRESS, S.COMPLETED, S.ACCEPTED, S.ELIGIBLE_O,
            S.O_SERIES, S.APPLIED)


def test_figures_page_counts_and_every_number_opens_what_it_counts(built, ui):
    page = ui.get("/research/figures/", PERIOD)
    assert page.status_code == 200
    figures = page.context["figures"]
    for figure, expected in world.EXPECTED.items():
        assert getattr(figures, figure) == len(expected), figure
        link = page.context["links"][figure]
        query = parse_qs(urlsplit(link).query)
        assert (query["figure"], query["start"], query["end"]) == (
            [figure], ["01/01/2022"], ["31/12/2022"])
        assert listed(ui, **{k: v[0] for k, v in query.items()}) == expected, figure
    national = page.context["level_rows"][0]
    for value, url in national["cells"]:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert query["level"] == ProjectLevel.NATIONAL
        assert len(listed(ui, **query)) == value
    assert [value for value, _url in page.context["totals"]] == [
        len(world.EXPECTED[f]) for f in ("in_execution", "opened", "completed", "accepted",
                                         "eligible_o", "o_series", "applied", "overdue")]
    trend = page.context["trend"]
    assert trend["categories"][0] == 2011 and trend["categories"][-1] == 2022
    in_execution = trend["series"][0]["data"]
    assert in_execution[trend["categories"].index(2022)] == len(world.IN_EXECUTION)
    assert in_execution[trend["categories"].index(2019)] == 0
    assert "Thực hiện 15 đề tài" in page.content.decode()


def test_figures_page_for_a_unit_and_by_default(built, ui, research_org):
    page = ui.get("/research/figures/", {**PERIOD, "unit": research_org.enterprise_b.pk})
    assert page.status_code == 200
    assert (page.context["figures"].in_execution, page.context["figures"].cancelled) == (2, 1)
    link = page.context["links"]["in_execution"]
    assert f"host_unit={research_org.enterprise_b.pk}" in link
    assert listed(ui, **{k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}) == {
        "STOP", "EXT"}
    assert page.context["by_stage"]["series"][2]["data"][2] == 1  # EXT, directorate, running
    default = ui.get("/research/figures/")
    assert default.status_code == 200
    assert default.context["figures"].start.month == 1
    backwards = ui.get("/research/figures/", {"start": "02/01/2022", "end": "01/01/2022"})
    assert "end" in backwards.context["form"].errors
