"""Projects' pages and API as each role uses them: the enterprise creates its project, records
its approval and an adjustment through the project's steps (funding by source, amounts typed
the Vietnamese way), plans and reaches a milestone, records a quarter; the project's page
shows the decisions, the milestones late in red with their days, the quarters with the year's
totals and rate; the list flags what is behind and slow, and filters by them; another
enterprise's project does not exist for it (list, page, API); a project above a reader's
clearance neither."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cnqp.core.choices import Classification
from cnqp.core.models import User
from cnqp.core.testing.clients import signed_in_client
from cnqp.performance.choices import MilestoneKind, ProjectStatus
from cnqp.performance.factories import DisbursementFactory, MilestoneFactory, ProjectFactory
from cnqp.performance.models import Disbursement, Milestone, Project, ProjectVersion
from cnqp.performance.tests.conftest import World

pytestmark = pytest.mark.django_db

D = Decimal


def _client(user: User) -> Client:
    return signed_in_client(user)


def _steps(page: Any) -> list[str]:
    return [action.name for action, _form in page.context["offered_steps"]]


def test_the_enterprise_records_its_project_through_the_pages(world: World) -> None:
    client = _client(world.enterprise)
    assert client.get("/performance/projects/new/").status_code == 200
    answer = client.post("/performance/projects/new/", {
        "code": "DA-Z111-05", "name": "Đầu tư nâng cao năng lực sửa chữa vũ khí",
        "owner_unit": world.org.enterprise_a.pk, "group": "b", "classification": 0})
    project = Project.objects.get(code="DA-Z111-05")
    url = f"/performance/projects/{project.pk}/"
    assert answer.status_code == 302 and answer["Location"] == url
    page = client.get(url)
    assert _steps(page) == ["approve"]
    approved = client.post(f"{url}approve/", {
        "decision_number": "1520/QĐ-BQP", "decision_date": "15/11/2022",
        "authority": "Bộ trưởng Bộ Quốc phòng", "planned_start": "01/01/2023",
        "planned_end": "31/12/2025", "funding_defence_budget": "120.000",
        "funding_enterprise": "30.000,5"})
    assert approved.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == D("150000.5")
    assert project.status == ProjectStatus.IMPLEMENTING
    refused = client.post(f"{url}adjust/", {
        "decision_number": "88/QĐ-BQP", "decision_date": "10/05/2024", "authority": "BQP",
        "planned_start": "01/01/2023", "planned_end": "30/06/2026",
        "funding_defence_budget": "140.000"})
    assert refused.status_code == 302  # back to the project, the reason asked for
    assert ProjectVersion.objects.filter(project=project).count() == 1
    adjusted = client.post(f"{url}adjust/", {
        "decision_number": "88/QĐ-BQP", "decision_date": "10/05/2024", "authority": "BQP",
        "reason": "Bổ sung thiết bị đo kiểm", "planned_start": "01/01/2023",
        "planned_end": "30/06/2026", "funding_defence_budget": "140.000",
        "funding_enterprise": "30.000,5"})
    assert adjusted.status_code == 302
    project.refresh_from_db()
    assert (project.total_investment, project.planned_end) == (D("170000.5"),
                                                                dt.date(2026, 6, 30))
    assert list(ProjectVersion.objects.filter(project=project)
                .values_list("number", flat=True)) == [0, 1]
    planned = client.post(f"/performance/milestones/new/?project={project.pk}", {
        "project": project.pk, "kind": MilestoneKind.DESIGN, "planned_on": "30/06/2023"})
    assert planned.status_code == 302
    milestone = Milestone.objects.get(project=project)
    reached = client.post(f"/performance/milestones/{milestone.pk}/reach/",
                          {"on_date": "15/08/2023"})
    assert reached.status_code == 302
    quarter = client.post("/performance/disbursements/new/", {
        "project": project.pk, "year": 2023, "quarter": 4, "planned": "20.000",
        "disbursed": "12.500", "executed": "11.000", "progress": 15, "obstacles": ""})
    assert quarter.status_code == 302
    assert Disbursement.objects.get(project=project).disbursed == D(12500)
    page = client.get(url)
    assert _steps(page) == ["adjust"]
    versions = page.context["versions"]
    assert [row.version.number for row in versions] == [1, 0]  # the latest first
    assert versions[0].total_change == D(20000)
    assert versions[0].end_change == 181  # 31/12/2025 to 30/06/2026
    rows = page.context["milestones"]
    assert [(r.milestone.kind, r.days_late) for r in rows] == [(MilestoneKind.DESIGN, 46)]
    html = page.content.decode()
    assert 'data-days-late="46"' in html and "table-danger" in html
    assert "170.000,5" in html and "62,5%" in html  # the total; 2023's rate
    assert page.context["may_add_milestone"] and page.context["may_add_quarter"]


def test_the_list_flags_and_filters_what_is_behind_and_slow(world: World) -> None:
    unit = world.org.enterprise_a
    behind = ProjectFactory(code="DA-CHAM", owner_unit=unit, status=ProjectStatus.IMPLEMENTING,
                            planned_end=dt.date(2030, 1, 1))
    MilestoneFactory(project=behind, kind=MilestoneKind.DESIGN,
                     planned_on=dt.date(2020, 1, 1))
    ProjectFactory(code="DA-DUNG", owner_unit=unit, status=ProjectStatus.IMPLEMENTING,
                   planned_end=dt.date(2030, 1, 1))
    DisbursementFactory(project=behind, year=dt.date.today().year - 1, quarter=1,
                        planned=D(100), disbursed=D(10))
    client = _client(world.enterprise)
    listing = client.get("/performance/projects/")
    assert listing.status_code == 200
    rows = {p.code: (p.is_behind, p.is_slow) for p in listing.context["page"]}
    assert rows == {"DA-CHAM": (True, False), "DA-DUNG": (False, False)}
    only = client.get("/performance/projects/", {"behind": "true"})
    assert [p.code for p in only.context["page"]] == ["DA-CHAM"]
    others = client.get("/performance/projects/", {"behind": "false"})
    assert [p.code for p in others.context["page"]] == ["DA-DUNG"]
    assert client.get("/performance/projects/", {"slow": "true"}).status_code == 200
    for sort, first in (("-is_behind", "DA-CHAM"), ("is_behind", "DA-DUNG")):
        ordered = client.get("/performance/projects/", {"sort": sort})
        assert next(iter(ordered.context["page"])).code == first
    export = client.get("/performance/projects/", {"export": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert export.status_code == 200 and "DA-CHAM" in body
    page = client.get(f"/performance/projects/{behind.pk}/")
    assert 'data-flag="behind"' in page.content.decode()
    milestones = client.get("/performance/milestones/", {"late": "true"})
    assert [m.project.code for m in milestones.context["page"]] == ["DA-CHAM"]
    for path in ("/performance/project-versions/", "/performance/project-funding/",
                 "/performance/milestones/", "/performance/disbursements/"):
        assert client.get(path).status_code == 200


def test_an_enterprise_sees_only_its_own_projects(world: World) -> None:
    mine = ProjectFactory(code="DA-MINE", owner_unit=world.org.enterprise_a)
    theirs = ProjectFactory(code="DA-THEIRS", owner_unit=world.org.enterprise_b)
    MilestoneFactory(project=theirs)
    client = _client(world.enterprise)
    listing = client.get("/performance/projects/")
    assert [p.code for p in listing.context["page"]] == ["DA-MINE"]
    assert client.get(f"/performance/projects/{theirs.pk}/").status_code == 404
    assert client.get(f"/performance/projects/{mine.pk}/").status_code == 200
    assert client.get(f"/performance/milestones/{theirs.milestones.get().pk}/"
                      ).status_code == 404
    api = client.get("/api/performance/projects")
    assert api.status_code == 200
    assert [p["code"] for p in api.json()["items"]] == ["DA-MINE"]
    assert client.get(f"/api/performance/projects/{theirs.pk}").status_code == 404
    assert client.get("/api/performance/milestones").json()["items"] == []
    # nor is it offered to write the other's project
    assert client.post(f"/performance/projects/{theirs.pk}/approve/", {}).status_code == 404


def test_a_reader_of_lower_clearance_does_not_see_a_classified_project(
        world: World, make_user: Any) -> None:
    secret = ProjectFactory(code="DA-MAT", owner_unit=world.org.enterprise_a,
                            classification=Classification.SECRET)
    ProjectFactory(code="DA-THUONG", owner_unit=world.org.enterprise_a)
    low = make_user(["leadership"], world.org.root, Classification.CONFIDENTIAL)
    client = _client(low)
    listing = client.get("/performance/projects/")
    assert [p.code for p in listing.context["page"]] == ["DA-THUONG"]
    assert client.get(f"/performance/projects/{secret.pk}/").status_code == 404
    assert client.get(f"/api/performance/projects/{secret.pk}").status_code == 404
    high = make_user(["leadership"], world.org.root, Classification.SECRET)
    assert _client(high).get(f"/performance/projects/{secret.pk}/").status_code == 200


def test_the_directorate_reads_a_project_without_being_offered_its_steps(
        world: World, make_user: Any) -> None:
    project = ProjectFactory(owner_unit=world.org.enterprise_a)
    leader = make_user(["leadership"], world.org.root)
    page = _client(leader).get(f"/performance/projects/{project.pk}/")
    assert page.status_code == 200
    assert _steps(page) == [] and page.context["can_change"] is False
    assert not page.context["may_add_milestone"]
    reviewer = _client(world.reviewer).get(f"/performance/projects/{project.pk}/")
    assert _steps(reviewer) == ["approve"]  # the planning department acts above it


def test_the_api_records_a_decision_and_a_quarter(world: World) -> None:
    project = ProjectFactory(owner_unit=world.org.enterprise_a, total_investment=0)
    client = _client(world.enterprise)
    approved = client.post(f"/api/performance/projects/{project.pk}/approve", {
        "decision_number": "12/QĐ-BQP", "decision_date": "2022-11-15",
        "authority": "Bộ Quốc phòng", "planned_start": "2023-01-01",
        "planned_end": "2025-12-31", "funding_defence_budget": 120000,
        "funding_credit": "30000"}, content_type="application/json")
    assert approved.status_code == 200, approved.content
    project.refresh_from_db()
    assert project.total_investment == D("150000")
    quarter = client.post("/api/performance/disbursements", {
        "project": project.pk, "year": 2023, "quarter": 2, "planned": 1000,
        "disbursed": 900, "executed": 800, "progress": 5, "obstacles": ""},
        content_type="application/json")
    assert quarter.status_code in (200, 201), quarter.content
    assert Disbursement.objects.get(project=project).planned == D("1000")
    listed = client.get("/api/performance/projects").json()["items"]
    assert D(str(listed[0]["total_investment"])) == D("150000")
    assert listed[0]["is_behind"] is True  # its planned completion has passed


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_cost_the_same_queries_whatever_the_number_of_rows(world: World) -> None:
    from cnqp.performance.factories import ProjectFundingFactory, ProjectVersionFactory

    unit = world.org.enterprise_a
    project = ProjectFactory(owner_unit=unit)
    client = _client(world.enterprise)

    def grow(n: int) -> None:
        for _i in range(n):
            ProjectFactory(owner_unit=unit)
            version = ProjectVersionFactory(project=project)
            ProjectFundingFactory(version=version, source="defence_budget")
            ProjectFundingFactory(version=version, source="credit")
            MilestoneFactory(project=project, kind=list(MilestoneKind)[len(
                Milestone.objects.filter(project=project))])
            DisbursementFactory(project=project, year=2010 + project.disbursements.count(),
                                quarter=1)

    grow(1)
    few = (_queries(client, "/performance/projects/"),
           _queries(client, f"/performance/projects/{project.pk}/"))
    grow(3)
    many = (_queries(client, "/performance/projects/"),
            _queries(client, f"/performance/projects/{project.pk}/"))
    assert many == few
