"""The workforce other modules divide by, read from the year returns: the most final accepted
outturn of each reporting enterprise the reader may see, in one query; and the migration that
moved safety's own workforce rows into returns."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.performance import services
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission, Value
from cnqp.performance.tests.conftest import World
from cnqp.performance.workforce import workforce

pytestmark = pytest.mark.django_db


def test_the_most_final_accepted_outturn_answers(world: World) -> None:
    org = world.org
    world.file(org.enterprise_a, scenario="estimate", values={"headcount": 990})
    actual = world.file(org.enterprise_a, values={"headcount": 1000, "payroll": "168000.5"})
    world.file(org.enterprise_a, scenario="audited", accept=False,
               values={"headcount": 1010})  # submitted, not accepted
    world.file(org.enterprise_a, scenario="plan", values={"headcount": 1200})
    world.file(org.enterprise_b, scenario="estimate", values={"headcount": 400, "women": 90})

    figures = workforce(world.reviewer, 2023)
    assert set(figures) == {org.enterprise_a.pk, org.enterprise_b.pk}
    a, b = figures[org.enterprise_a.pk], figures[org.enterprise_b.pk]
    assert (a.headcount, a.women, a.payroll, a.scenario) == (
        1000, 300, Decimal("168000.5"), "actual")
    assert a.submission_id == actual.pk and a.path == org.enterprise_a.path and a.level == 0
    assert (b.headcount, b.women, b.scenario) == (400, 90, "estimate")
    # Within a subtree; a workshop's subtree holds no reporting enterprise.
    assert set(workforce(world.reviewer, 2023, org.enterprise_b)) == {org.enterprise_b.pk}
    assert workforce(world.reviewer, 2023, org.workshop_a1) == {}
    assert workforce(world.reviewer, 2022) == {}

    # An amendment counts once accepted, the version it supersedes no longer.
    amendment = services.amend_return(world.enterprise, actual, explanation="Rà soát lại")
    services.save_values(world.enterprise, amendment, values={"headcount": 1005})
    services.submit_return(world.enterprise, amendment)
    assert workforce(world.reviewer, 2023)[org.enterprise_a.pk].headcount == 1000
    services.accept_return(world.reviewer, amendment)
    now = workforce(world.reviewer, 2023)[org.enterprise_a.pk]
    assert (now.headcount, now.submission_id) == (1005, amendment.pk)


def test_what_the_reader_may_not_see_does_not_exist(world: World, make_user: Any) -> None:
    org = world.org
    world.file(org.enterprise_a, values={"headcount": 1000})
    audited = world.file(org.enterprise_a, scenario="audited", values={"headcount": 1010})
    Submission.objects.filter(pk=audited.pk).update(classification=Classification.SECRET)
    world.file(org.enterprise_b, values={"headcount": 500})

    secret = workforce(world.reviewer, 2023)[org.enterprise_a.pk]
    assert (secret.headcount, secret.scenario, secret.level) == (
        1010, "audited", Classification.SECRET)
    # Below its level the audited return does not exist: the actual answers.
    low = make_user(["department_staff"], world.planning, Classification.CONFIDENTIAL)
    assert workforce(low, 2023)[org.enterprise_a.pk].headcount == 1000
    # An enterprise reads only its own.
    mine = workforce(world.enterprise, 2023)
    assert set(mine) == {org.enterprise_a.pk} and mine[org.enterprise_a.pk].headcount == 1000


def test_one_query_whatever_the_number_of_enterprises(world: World) -> None:
    org = world.org
    world.file(org.enterprise_a)
    world.file(org.enterprise_a, scenario="estimate")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            workforce(world.reviewer, 2023)
        return len(captured)

    few = queries()
    for n in range(4):
        unit = OrgUnitFactory(code=f"Z2{n}", name=f"Nhà máy Z2{n}", parent=org.root,
                              kind=OrgUnitKind.ENTERPRISE)
        world.file(unit)
        world.file(unit, scenario="estimate")
    assert len(workforce(world.reviewer, 2023)) == 5
    assert queries() == few == 1


MIGRATION = importlib.import_module("cnqp.performance.migrations.0003_workforce_from_safety")


class _Rows:
    """Safety's removed `Workforce`, as the migration reads it."""

    def __init__(self, rows: list[SimpleNamespace]) -> None:
        self.objects = self
        self.rows = rows

    def order_by(self, *fields: str) -> list[SimpleNamespace]:
        return sorted(self.rows, key=lambda r: (r.unit_id, r.year))


class _Apps:
    def __init__(self, rows: list[SimpleNamespace]) -> None:
        self.workforce = _Rows(rows)

    def get_model(self, app: str, name: str) -> Any:
        if (app, name) == ("safety", "Workforce"):
            return self.workforce
        return django_apps.get_model(app, name)


def test_the_migration_copies_safety_s_rows_into_returns(world: World) -> None:
    org = world.org
    institute = OrgUnitFactory(code="VVK", name="Viện Vũ khí", parent=org.root,
                               kind=OrgUnitKind.INSTITUTE)
    existing = world.file(org.enterprise_a, year=2023)
    recorded = timezone.make_aware(dt.datetime(2024, 3, 1, 9))

    def row(unit: Any, year: int, headcount: int, payroll: int = 90_000,
            classification: int = 0) -> SimpleNamespace:
        return SimpleNamespace(unit_id=unit.pk, year=year, headcount=headcount, women=30,
                               payroll=payroll, classification=classification,
                               created_at=recorded)

    MIGRATION.copy_workforce(_Apps([
        row(org.enterprise_a, 2023, 999),  # an actual return exists: skipped
        row(org.enterprise_a, 2022, 950, classification=Classification.CONFIDENTIAL),
        row(org.enterprise_b, 2022, 480, payroll=0),
        row(org.workshop_a1, 2022, 200),
        row(institute, 2022, 250),
    ]), None)

    copied = {s.unit_id: s for s in Submission.objects.filter(note=MIGRATION.NOTE)}
    assert set(copied) == {org.enterprise_a.pk, org.enterprise_b.pk, org.workshop_a1.pk,
                           institute.pk}
    a = copied[org.enterprise_a.pk]
    assert (a.year, a.period_kind, a.scenario, a.status, a.is_current, a.version) == (
        2022, "year", "actual", ReturnStatus.ACCEPTED, True, 1)
    assert a.classification == Classification.CONFIDENTIAL and a.submitted_at == recorded
    assert a.due_on == dt.date(2023, 3, 31)  # the year's actual: 90 days after its end
    assert "chuyen tu phan he an toan" in a.search_text
    values = dict(Value.objects.filter(submission=a).values_list("indicator__code", "value"))
    assert values == {"headcount": 950, "women": 30, "payroll": 90_000}
    # Safety's default payroll of 0 meant "not given": not copied.
    assert set(Value.objects.filter(submission=copied[org.enterprise_b.pk])
               .values_list("indicator__code", flat=True)) == {"headcount", "women"}
    # A workshop's and an institute's rows are kept as drafts, which nothing counts.
    assert {copied[org.workshop_a1.pk].status, copied[institute.pk].status} == {
        ReturnStatus.DRAFT}
    assert Submission.objects.get(pk=existing.pk).note != MIGRATION.NOTE
    figures = workforce(world.reviewer, 2022)
    assert set(figures) == {org.enterprise_a.pk, org.enterprise_b.pk}
    assert (figures[org.enterprise_b.pk].headcount, figures[org.enterprise_b.pk].payroll) == (
        480, 0)
    assert workforce(world.reviewer, 2023)[org.enterprise_a.pk].headcount == 1000
