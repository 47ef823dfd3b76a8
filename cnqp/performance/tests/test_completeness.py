"""Completeness of a period's returns on hand-built data: on time, late, missing, draft,
returned, accepted; an enterprise sees only itself; a reader below a return's classification
sees its enterprise as missing; the queries do not grow with the enterprises; the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cnqp.core.choices import Classification
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import AuditEntry, OrgUnit
from cnqp.performance import services
from cnqp.performance.choices import PeriodKind
from cnqp.performance.completeness import State, completeness, latest_due_period
from cnqp.performance.models import Submission
from cnqp.performance.periods import Period
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db

Q1 = Period(2023, PeriodKind.QUARTER, 1)  # actual due 20/04/2023 (end + 20 days)
DUE = dt.date(2023, 4, 20)
AFTER = dt.date(2023, 6, 1)


def file(world: World, unit: OrgUnit, *, submit_on: dt.date | None = None,
         accept: bool = False, send_back: bool = False, classification: int = 0,
         period: Period = Q1) -> Submission:
    """A return of `unit` for `period` (actual), submitted on `submit_on` if given."""
    submission = services.open_return(
        None, unit=unit, year=period.year, period_kind=period.kind,
        period_number=period.number, scenario="actual", classification=classification)
    services.save_values(None, submission, values=YEAR_VALUES)
    if submit_on is not None:
        services.submit_return(None, submission, on_date=submit_on)
        if send_back:
            services.return_for_correction(world.reviewer, submission, reason="Thiếu số liệu")
        if accept:
            services.accept_return(world.reviewer, submission, on_date=submit_on)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def units(world: World) -> dict[str, OrgUnit]:
    root = world.org.root
    made = {code: OrgUnitFactory(code=code, name=f"Nhà máy {code}", parent=root)
            for code in ("Z115", "Z117", "Z119", "Z121")}
    return {"Z111": world.org.enterprise_a, "Z113": world.org.enterprise_b, **made}


@pytest.fixture
def filed(world: World, units: dict[str, OrgUnit]) -> dict[str, Submission]:
    return {
        "Z111": file(world, units["Z111"], submit_on=dt.date(2023, 4, 20), accept=True),
        "Z113": file(world, units["Z113"], submit_on=dt.date(2023, 4, 25)),
        "Z115": file(world, units["Z115"]),  # a draft
        # Z117: nothing at all
        "Z119": file(world, units["Z119"], submit_on=dt.date(2023, 4, 12), send_back=True),
        "Z121": file(world, units["Z121"], submit_on=dt.date(2023, 5, 2), accept=True),
    }


def by_code(found: Any) -> dict[str, Any]:
    return {line.unit.code: line for line in found.lines}


def test_each_enterprise_has_its_state_and_the_counts_add_up(
        world: World, filed: dict[str, Submission]) -> None:
    found = completeness(world.reviewer, Q1, "actual", today=AFTER)
    assert found.due_on == DUE and found.is_past_due and found.owed_by_all
    lines = by_code(found)
    assert set(lines) == {"Z111", "Z113", "Z115", "Z117", "Z119", "Z121"}  # no workshop
    assert {code: line.state for code, line in lines.items()} == {
        "Z111": State.ACCEPTED_ON_TIME, "Z113": State.LATE, "Z115": State.DRAFT,
        "Z117": State.NOT_STARTED, "Z119": State.RETURNED, "Z121": State.ACCEPTED_LATE}
    assert {code: line.days_late for code, line in lines.items()} == {
        "Z111": 0, "Z113": 5, "Z115": 42, "Z117": 42, "Z119": 0, "Z121": 12}
    assert lines["Z117"].submission is None
    assert lines["Z111"].submission.pk == filed["Z111"].pk
    assert lines["Z113"].first_submitted == filed["Z113"].submitted_at
    assert lines["Z115"].first_submitted is None
    assert (found.expected, found.received, found.on_time, found.late, found.missing,
            found.overdue, found.accepted) == (6, 4, 2, 2, 2, 2, 2)
    assert found.rate == Decimal("66.7") and found.on_time_rate == Decimal("33.3")
    # What is missing comes first.
    assert [line.state for line in found.lines][:2] == [State.NOT_STARTED, State.DRAFT]


def test_before_the_due_date_a_missing_return_is_not_overdue(
        world: World, filed: dict[str, Submission]) -> None:
    found = completeness(world.reviewer, Q1, "actual", today=dt.date(2023, 4, 20))
    assert not found.is_past_due
    assert (found.missing, found.overdue) == (2, 0)
    assert by_code(found)["Z117"].days_late == 0


def test_the_first_submission_says_whether_an_amended_return_came_on_time(
        world: World, filed: dict[str, Submission]) -> None:
    amendment = services.amend_return(None, filed["Z111"], explanation="Sau kiểm toán")
    services.submit_return(None, amendment, on_date=dt.date(2023, 5, 20))
    services.accept_return(world.reviewer, amendment, on_date=dt.date(2023, 5, 20))
    line = by_code(completeness(world.reviewer, Q1, "actual", today=AFTER))["Z111"]
    assert line.submission.pk == amendment.pk and line.submission.version == 2
    assert line.state == State.ACCEPTED_ON_TIME and line.days_late == 0


def test_an_enterprise_sees_only_itself(world: World, filed: dict[str, Submission]) -> None:
    found = completeness(world.enterprise, Q1, "actual", today=AFTER)
    assert [line.unit.code for line in found.lines] == ["Z111"]
    assert found.lines[0].state == State.ACCEPTED_ON_TIME
    found = completeness(world.other, Q1, "actual", today=AFTER)
    assert [(line.unit.code, line.state) for line in found.lines] == [("Z113", State.LATE)]


def test_a_classified_return_does_not_exist_below_its_level(
        world: World, units: dict[str, OrgUnit], make_user: Any) -> None:
    file(world, units["Z117"], submit_on=dt.date(2023, 4, 10),
         classification=Classification.SECRET)
    low = make_user(["leadership"], world.org.root, Classification.CONFIDENTIAL)
    line = by_code(completeness(world.reviewer, Q1, "actual", today=AFTER))["Z117"]
    assert line.state == State.ON_TIME and line.submission is not None
    line = by_code(completeness(low, Q1, "actual", today=AFTER))["Z117"]
    assert line.state == State.NOT_STARTED and line.submission is None
    assert line.first_submitted is None


def test_a_user_without_the_permission_sees_no_return(
        world: World, filed: dict[str, Submission], make_user: Any) -> None:
    auditor = make_user(["auditor"], world.org.root, Classification.SECRET)
    found = completeness(auditor, Q1, "actual", today=AFTER)
    assert found.received == 0


def test_a_schedule_not_every_enterprise_owes_lists_those_that_filed(
        world: World, units: dict[str, OrgUnit]) -> None:
    services.open_return(None, unit=units["Z113"], year=2023, period_kind="year",
                         period_number=1, scenario="revised_plan")
    found = completeness(world.reviewer, Period(2023, PeriodKind.YEAR), "revised_plan",
                         today=AFTER)
    assert not found.owed_by_all
    assert [(line.unit.code, line.state) for line in found.lines] == [("Z113", State.DRAFT)]


def test_queries_do_not_grow_with_the_enterprises(world: World,
                                                  units: dict[str, OrgUnit]) -> None:
    def count() -> int:
        completeness(world.reviewer, Q1, "actual", today=AFTER)  # warm the user's caches
        with CaptureQueriesContext(connection) as queries:
            completeness(world.reviewer, Q1, "actual", today=AFTER)
        return len(queries)

    file(world, units["Z111"], submit_on=dt.date(2023, 4, 10))
    few = count()
    for code in ("Z115", "Z117", "Z119"):
        file(world, units[code], submit_on=dt.date(2023, 4, 30), accept=True)
    assert count() == few <= 3


def test_the_default_period_is_the_latest_quarter_past_due() -> None:
    assert latest_due_period(dt.date(2023, 4, 21)) == Q1
    assert latest_due_period(dt.date(2023, 4, 20)) == Period(2022, PeriodKind.QUARTER, 4)


# --- the page --------------------------------------------------------------------------------

URL = reverse("performance:completeness")
Q1_QUERY = {"year": 2023, "period_kind": "quarter", "period_number": 1, "scenario": "actual"}


def test_the_page_for_the_reviewer_lists_every_enterprise_missing_first(
        world: World, filed: dict[str, Submission], client_for: Any) -> None:
    response = client_for(world.reviewer).get(URL, Q1_QUERY)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["line"].unit.code for row in rows][:2] == ["Z117", "Z115"]
    assert len(rows) == 6
    cards = {card["key"]: card["value"] for card in response.context["cards"]}
    assert cards == {"expected": 6, "received": 4, "on_time": 2, "late": 2, "missing": 2,
                     "overdue": 2, "accepted": 2}
    body = response.content.decode()
    detail = reverse("performance:returns-detail", args=[filed["Z113"].pk])
    assert f'href="{detail}"' in body
    assert 'data-state="late"' in body and 'data-unit="Z117"' in body
    assert "20/04/2023" in body and "25/04/2023 12:00" in body


def test_a_count_opens_the_enterprises_it_counts(
        world: World, filed: dict[str, Submission], client_for: Any) -> None:
    client = client_for(world.reviewer)
    response = client.get(URL, Q1_QUERY)
    late = next(card for card in response.context["cards"] if card["key"] == "late")
    assert "show=late" in late["url"]
    response = client.get(URL, {**Q1_QUERY, "show": "late"})
    assert sorted(row["line"].unit.code for row in response.context["rows"]) == ["Z113",
                                                                                 "Z121"]
    response = client.get(URL, {**Q1_QUERY, "show": "missing"})
    assert sorted(row["line"].unit.code for row in response.context["rows"]) == ["Z115",
                                                                                 "Z117"]


def test_the_page_for_an_enterprise_shows_itself(
        world: World, filed: dict[str, Submission], client_for: Any) -> None:
    response = client_for(world.other).get(URL, Q1_QUERY)
    assert response.status_code == 200
    assert [row["line"].unit.code for row in response.context["rows"]] == ["Z113"]
    assert 'data-unit="Z111"' not in response.content.decode()


def test_the_page_without_a_query_shows_the_latest_quarter_due(
        world: World, client_for: Any) -> None:
    response = client_for(world.reviewer).get(URL)
    assert response.status_code == 200
    found = response.context["found"]
    assert found.period.kind == PeriodKind.QUARTER and found.due_on < found.today
    assert found.scenario == "actual"


def test_a_wrong_period_is_named_and_the_default_shown(world: World,
                                                       client_for: Any) -> None:
    response = client_for(world.reviewer).get(URL, {**Q1_QUERY, "period_kind": "half",
                                                    "period_number": 3})
    assert response.status_code == 200
    assert "period_number" in response.context["form"].errors


def test_the_page_needs_the_permission_and_audits_classified_returns(
        world: World, units: dict[str, OrgUnit], client_for: Any, make_user: Any) -> None:
    auditor = make_user(["auditor"], world.org.root, Classification.SECRET)
    assert client_for(auditor).get(URL, Q1_QUERY).status_code == 403
    secret = file(world, units["Z117"], submit_on=dt.date(2023, 4, 10),
                  classification=Classification.SECRET)
    client_for(world.reviewer).get(URL, Q1_QUERY)
    entry = AuditEntry.objects.filter(object_type="performance.submission",
                                      action="list").latest("pk")
    assert entry.changes == {"ids": [secret.pk]}
