"""The returns' pages as each role uses them: the enterprise opens, fills (errors on the
indicator's row, nothing written) and submits its return; the planning department accepts it
through the page, a step the enterprise is never offered; a locked return offers no edit; an
amendment opens on its entry page and its page shows what it changes; another enterprise's
return does not exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cnqp.core.models import AuditEntry, User
from cnqp.core.testing.clients import signed_in_client
from cnqp.performance import services
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission, Value
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    return signed_in_client(user)


def _grid(values: dict[str, Any], explanations: dict[str, str] | None = None,
          **extra: str) -> dict[str, str]:
    data = {f"value_{code}": str(value) for code, value in values.items()}
    data.update({f"explanation_{code}": text for code, text in (explanations or {}).items()})
    data.update(extra)
    return data


def _draft(world: World) -> Submission:
    return services.open_return(world.enterprise, unit=world.org.enterprise_a, year=2023,
                                period_kind="year", period_number=1, scenario="actual")


def _steps(page: Any) -> list[str]:
    return [action.name for action, _form in page.context["offered_steps"]]


def test_the_enterprise_opens_a_return_through_the_page(world: World) -> None:
    client = _client(world.enterprise)
    form = client.get("/performance/returns/new/")
    assert form.status_code == 200
    offered = set(form.context["form"].fields["unit"].queryset.values_list("code", flat=True))
    assert offered == {"Z111"}  # its own enterprise; not its workshop, not Z113
    answer = client.post("/performance/returns/new/", {
        "unit": world.org.enterprise_a.pk, "year": 2023, "period_kind": "year",
        "period_number": 1, "scenario": "actual", "classification": 0, "note": "Năm 2023"})
    submission = Submission.objects.get(unit=world.org.enterprise_a)
    assert answer.status_code == 302
    assert answer["Location"] == f"/performance/returns/{submission.pk}/"
    assert submission.due_on == dt.date(2024, 3, 30)  # year end + 90 days


def test_pages_render_for_the_enterprise_the_reviewer_and_the_leadership(
        world: World, make_user: Any) -> None:
    world.file(year=2022, by=world.enterprise)
    submission = world.file(by=world.enterprise, accept=False)
    leader = make_user(["leadership"], world.org.root)
    url = f"/performance/returns/{submission.pk}/"
    for user in (world.enterprise, world.reviewer, leader):
        client = _client(user)
        listing = client.get("/performance/returns/")
        assert listing.status_code == 200
        assert f'href="{url}"' in listing.content.decode()
        page = client.get(url)
        assert page.status_code == 200
        rows = {row.code: row for row in page.context["rows"]}
        assert rows["revenue"].value == Decimal(1_000_000)  # the sum of its three parts
        assert rows["avg_income"].value == Decimal(14)  # 168.000 ÷ 1.000 ÷ 12
        assert rows["revenue"].previous == Decimal(1_000_000)  # 2022's accepted return
        html = page.content.decode()
        assert "1.000.000" in html and "14,0" in html
        assert page.context["timeliness"] == "late"  # due 30/03/2024, submitted today
    for user in (world.reviewer, world.enterprise):
        for page_url in ("/performance/indicators/", "/performance/schedules/",
                         "/performance/programmes/"):
            assert _client(user).get(page_url).status_code == 200


def test_another_enterprise_does_not_see_the_return(world: World) -> None:
    submission = world.file(by=world.enterprise)
    client = _client(world.other)
    listing = client.get("/performance/returns/")
    assert listing.context["page"].paginator.count == 0
    for path in ("", "values/", "edit/"):
        assert client.get(f"/performance/returns/{submission.pk}/{path}").status_code == 404
    assert client.post(f"/performance/returns/{submission.pk}/amend/",
                       {"explanation": "x"}).status_code == 404
    assert client.get(f"/api/performance/returns/{submission.pk}").status_code == 404
    assert client.get("/api/performance/returns").json()["count"] == 0


def test_the_entry_page_saves_the_values(world: World) -> None:
    submission = _draft(world)
    client = _client(world.enterprise)
    url = f"/performance/returns/{submission.pk}/values/"
    page = client.get(url)
    assert page.status_code == 200
    grid = {line["row"].code: line for line in page.context["rows"]}
    assert grid["revenue"]["fields"] is None and grid["revenue_defence"]["fields"] is not None
    answer = client.post(url, _grid({**YEAR_VALUES, "revenue_defence": "600.000",
                                     "payroll": "168000,5"},
                                    {"equity": "Tăng vốn điều lệ"}, save="1"))
    assert answer.status_code == 302 and answer["Location"] == url
    stored = dict(Value.objects.filter(submission=submission)
                  .values_list("indicator__code", "value"))
    assert stored["revenue_defence"] == Decimal(600_000)  # typed the Vietnamese way
    assert stored["payroll"] == Decimal("168000.5")
    assert Value.objects.get(submission=submission, indicator__code="equity"
                             ).explanation == "Tăng vốn điều lệ"
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.DRAFT
    again = client.get(url)
    assert 'value="600.000"' in again.content.decode()  # shown back as typed


def test_save_and_submit_shows_each_error_on_its_row_and_writes_nothing(world: World) -> None:
    submission = _draft(world)
    client = _client(world.enterprise)
    url = f"/performance/returns/{submission.pk}/values/"
    audits = AuditEntry.objects.count()
    answer = client.post(url, _grid({**YEAR_VALUES, "profit_after_tax": 50_000,
                                     "headcount": 0, "equity": ""}, submit="1"))
    assert answer.status_code == 200
    errors = {line["row"].code for line in answer.context["rows"] if line["errors"]}
    assert errors == {"equity"}  # a missing value is named first
    html = answer.content.decode()
    assert 'data-error="equity"' in html
    answer = client.post(url, _grid({**YEAR_VALUES, "profit_after_tax": 50_000,
                                     "headcount": 0, "women": "abc"}, submit="1"))
    errors = {line["row"].code for line in answer.context["rows"] if line["errors"]}
    assert errors == {"women"}  # not a number: the form's own error, nothing sent on
    answer = client.post(url, _grid({**YEAR_VALUES, "profit_after_tax": 50_000,
                                     "headcount": 0}, submit="1"))
    errors = {line["row"].code for line in answer.context["rows"] if line["errors"]}
    assert errors == {"profit_after_tax", "headcount", "women"}  # women > a headcount of 0
    assert 'value="50000"' in answer.content.decode()  # the values as typed, kept
    assert not Value.objects.filter(submission=submission).exists()
    assert AuditEntry.objects.count() == audits
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.DRAFT and submission.submitted_at is None
    answer = client.post(url, _grid(YEAR_VALUES, submit="1"))
    assert answer.status_code == 302
    assert answer["Location"] == f"/performance/returns/{submission.pk}/"
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.SUBMITTED


def test_the_reviewer_accepts_through_the_page_and_the_enterprise_has_no_such_step(
        world: World) -> None:
    submission = world.file(by=world.enterprise, accept=False)
    url = f"/performance/returns/{submission.pk}/"
    enterprise = _client(world.enterprise)
    page = enterprise.get(url)
    assert _steps(page) == []
    assert page.context["can_change"] is False and page.context["can_enter"] is False
    assert enterprise.post(f"{url}accept/", {}).status_code == 403
    reviewer = _client(world.reviewer)
    page = reviewer.get(url)
    assert _steps(page) == ["return", "accept"]
    answer = reviewer.post(f"{url}accept/", {"note": "Số liệu khớp báo cáo tài chính"})
    assert answer.status_code == 302
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.ACCEPTED
    assert submission.reviewed_by == world.reviewer
    page = reviewer.get(url)
    assert _steps(page) == ["lock", "amend"]  # the department acts for every enterprise
    assert "Số liệu khớp báo cáo tài chính" in page.content.decode()


def test_the_reviewer_returns_it_with_a_reason(world: World) -> None:
    submission = world.file(by=world.enterprise, accept=False)
    url = f"/performance/returns/{submission.pk}/"
    reviewer = _client(world.reviewer)
    reviewer.post(f"{url}return/", {"reason": ""})
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.SUBMITTED
    reviewer.post(f"{url}return/", {"reason": "Thiếu giải trình lợi nhuận"})
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.RETURNED
    page = _client(world.enterprise).get(url)
    assert _steps(page) == ["submit"]
    assert page.context["can_enter"] is True
    entry = _client(world.enterprise).get(f"{url}values/")
    assert "Thiếu giải trình lợi nhuận" in entry.content.decode()


def test_a_locked_return_offers_no_edit(world: World) -> None:
    submission = world.file(by=world.enterprise)
    services.lock_return(world.reviewer, submission)
    url = f"/performance/returns/{submission.pk}/"
    client = _client(world.enterprise)
    page = client.get(url)
    assert (page.context["can_change"], page.context["can_delete"]) == (False, False)
    assert page.context["can_enter"] is False
    assert _steps(page) == ["amend"]
    assert f'href="{url}values/"' not in page.content.decode()
    entry = client.get(f"{url}values/")
    assert entry.status_code == 302 and entry["Location"] == url
    client.post(f"{url}values/", _grid({**YEAR_VALUES, "equity": 1}, save="1"))
    assert Value.objects.get(submission=submission, indicator__code="equity"
                             ).value == YEAR_VALUES["equity"]
    assert _steps(_client(world.reviewer).get(url)) == ["amend"]


def test_an_amendment_opens_on_its_entry_page_and_shows_its_diff(world: World) -> None:
    first = world.file(by=world.enterprise)
    services.lock_return(world.reviewer, first)
    client = _client(world.enterprise)
    url = f"/performance/returns/{first.pk}/"
    client.post(f"{url}amend/", {"explanation": ""})
    assert not Submission.objects.filter(amends=first).exists()
    answer = client.post(f"{url}amend/", {"explanation": "Số liệu sau kiểm toán"})
    amendment = Submission.objects.get(amends=first)
    assert answer["Location"] == f"/performance/returns/{amendment.pk}/values/"
    client.post(f"/performance/returns/{amendment.pk}/values/", _grid(
        {**YEAR_VALUES, "revenue_services": 80_000},
        {"revenue_services": "Thêm hợp đồng dịch vụ"}, save="1"))
    page = client.get(f"/performance/returns/{amendment.pk}/")
    assert page.status_code == 200
    changes = {c.indicator.code: c for c in page.context["changes"]}
    assert set(changes) == {"revenue_services", "revenue"}  # the total moves with its part
    assert (changes["revenue"].before, changes["revenue"].after) == (
        Decimal(1_000_000), Decimal(1_030_000))
    assert changes["revenue_services"].change == Decimal(30_000)
    assert changes["revenue_services"].percent == Decimal(60)
    html = page.content.decode()
    assert "Số liệu sau kiểm toán" in html and "+30.000" in html
    assert [v.version for v in page.context["versions"]] == [1, 2]
    assert _steps(client.get(url)) == []  # an amendment is open already


def test_the_list_puts_the_current_versions_first_and_filters(world: World) -> None:
    first = world.file(by=world.enterprise)
    amendment = services.amend_return(world.enterprise, first, explanation="Sửa số liệu")
    other_year = world.file(year=2022, by=world.enterprise)
    client = _client(world.reviewer)
    listing = client.get("/performance/returns/")
    order = [obj.pk for obj, _cells in listing.context["rows"]]
    assert order == [first.pk, other_year.pk, amendment.pk]
    current = client.get("/performance/returns/", {"is_current": "true"})
    assert [obj.pk for obj, _cells in current.context["rows"]] == [first.pk, other_year.pk]
    found = client.get("/performance/returns/", {"year": 2022, "unit": world.org.root.pk})
    assert [obj.pk for obj, _cells in found.context["rows"]] == [other_year.pk]
    late = client.get("/performance/returns/", {"on_time": "false"})
    assert {obj.pk for obj, _cells in late.context["rows"]} == {first.pk, other_year.pk}
    assert client.get("/performance/returns/", {"on_time": "true"}
                      ).context["page"].paginator.count == 0


def test_the_reference_data_is_written_by_the_planning_department_only(world: World) -> None:
    from cnqp.performance.models import Indicator, Programme

    world.file(by=world.enterprise)  # before a new indicator asks every return for a value
    enterprise = _client(world.enterprise)
    assert enterprise.get("/performance/indicators/new/").status_code == 403
    assert enterprise.get("/performance/programmes/new/").status_code == 403
    reviewer = _client(world.reviewer)
    base = {"code": "export_revenue", "name": "Doanh thu xuất khẩu",
            "unit_of_measure": "million_vnd", "decimals": 0, "order": 200}
    refused = reviewer.post("/performance/indicators/new/", {**base, "kind": "ratio"})
    assert refused.status_code == 200 and "numerator" in refused.context["form"].errors
    made = reviewer.post("/performance/indicators/new/", {**base, "kind": "entered",
                                                           "checks_change": "on"})
    assert made.status_code == 302
    assert Indicator.objects.get(code="export_revenue").name == "Doanh thu xuất khẩu"
    used = Indicator.objects.get(code="revenue_defence")
    answer = reviewer.post(f"/performance/indicators/{used.pk}/edit/", {
        "code": "defence", "name": used.name, "unit_of_measure": used.unit_of_measure,
        "kind": used.kind, "part_of": used.part_of_id, "checks_change": "on",
        "decimals": 0, "order": used.order})
    assert answer.status_code == 200 and "code" in answer.context["form"].errors
    assert reviewer.post(f"/performance/indicators/{used.pk}/delete/").status_code == 302
    assert Indicator.objects.filter(code="revenue_defence").exists()  # a return holds it
    made = reviewer.post("/performance/programmes/new/", {"code": "ct-moi",
                                                          "name": "Chương trình mới"})
    assert made.status_code == 302 and Programme.objects.filter(code="ct-moi").exists()
