"""The Phụ lục XII summary (NĐ 39/2016) equals the incident records it counts, on hand-built
data: by cause, factor and occupation, deaths, women, days off and costs; half-year against
year; rolled up over a unit's subtree; a fire and an accident concluded not to be one are not
counted, nor what the reader may not see; the XLSX and DOCX carry the same numbers; the query
count does not grow with the incidents."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from ninja import NinjaAPI, Router
from ninja.testing import TestClient
from openpyxl import load_workbook

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, OrgUnit, User
from cnqp.core.records.api import errors
from cnqp.performance import services as performance
from cnqp.performance.models import Submission
from cnqp.safety import services
from cnqp.safety.accident_summary import (
    ROW_ACCIDENTS,
    ROW_ALLOWANCE,
    ROW_TOTAL,
    TITLE,
    UNDETERMINED,
    AccidentSummary,
    Figures,
    WorkforceFigures,
    accident_summary,
)
from cnqp.safety.accident_summary_files import (
    summary_docx,
    summary_xlsx,
)
from cnqp.safety.api_summary import register
from cnqp.safety.choices import Outcome, Sex
from cnqp.safety.factories import IncidentFactory
from cnqp.safety.models import CauseCode, Incident, InjuryFactor
from cnqp.safety.tests.conftest import SafetyWorld, aware

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


def accident(world: SafetyWorld, unit: OrgUnit, *when: int, victims: tuple[dict[str, Any], ...]
             = (), kind: Any = None, **fields: Any) -> Incident:
    """An incident as its investigation left it (cause, factor, allowance, damage), with its
    casualties added through the service that keeps the incident's counts."""
    incident = cast(Incident, IncidentFactory(kind=kind or world.ref.accident, unit=unit,
                                              occurred_at=aware(*when), **fields))
    for victim in victims:
        services.add_casualty(None, incident=incident, **victim)
    incident.refresh_from_db()
    return incident


DEATH = {"outcome": Outcome.DEATH, "sex": Sex.MALE, "occupation": "Thợ hàn"}


@dataclass
class Records:
    employer: Incident  # Z111, March: a death, a woman seriously injured, a contractor woman
    worker: Incident  # the workshop, September: one seriously injured, no factor concluded
    allowance: Incident  # Z111, May: on the way to work, with the Article 39(2) allowance
    pending: Incident  # Z111, November: still under investigation


@pytest.fixture
def records(world: SafetyWorld) -> Records:
    ref, org = world.ref, world.org
    built = Records(
        employer=accident(
            world, org.enterprise_a, 2024, 3, 10, 8, 0, cause=ref.cause_employer,
            injury_factor=ref.factor_lifting, work_accident=True,
            damage_medical=2 * MILLION, damage_wages=3 * MILLION,
            damage_compensation=10 * MILLION, damage_other=MILLION,
            damage_property=50 * MILLION,
            victims=(DEATH,
                     {"outcome": Outcome.SERIOUS, "sex": Sex.FEMALE, "days_off": 30,
                      "occupation": "Thợ hàn"},
                     {"outcome": Outcome.MINOR, "sex": Sex.FEMALE, "days_off": 5,
                      "under_management": False, "occupation": "Nhà thầu"})),
        worker=accident(
            world, org.workshop_a1, 2024, 9, 15, 14, 0, cause=ref.cause_worker,
            work_accident=True, damage_medical=4 * MILLION,
            victims=({"outcome": Outcome.SERIOUS, "sex": Sex.MALE, "days_off": 40,
                      "occupation": "Thợ tiện"},)),
        allowance=accident(
            world, org.enterprise_a, 2024, 5, 20, 6, 30, cause=ref.cause_worker,
            work_accident=True, article39_allowance=True, damage_medical=MILLION,
            victims=({"outcome": Outcome.MINOR, "sex": Sex.MALE, "days_off": 10,
                      "occupation": "Lái xe"},)),
        pending=accident(
            world, org.enterprise_a, 2024, 11, 1, 10, 0,
            victims=({"outcome": Outcome.MINOR, "sex": Sex.FEMALE, "days_off": 3},)),
    )
    # Not counted: a fire without victims, an accident concluded not to be a labour
    # accident, one of the year before, and one in another enterprise.
    accident(world, org.enterprise_a, 2024, 4, 1, 9, 0, kind=ref.fire,
             damage_property=900 * MILLION)
    accident(world, org.enterprise_a, 2024, 6, 1, 9, 0, work_accident=False,
             victims=({"outcome": Outcome.MINOR, "days_off": 2},))
    accident(world, org.enterprise_a, 2023, 12, 31, 22, 0, cause=ref.cause_worker,
             work_accident=True, victims=(DEATH,))
    accident(world, org.enterprise_b, 2024, 2, 2, 9, 0, cause=ref.cause_worker,
             work_accident=True, victims=(DEATH,), damage_medical=7 * MILLION)
    return built


# A year's complete return (millions of đồng, people); the workforce is what a test varies.
RETURN = {"revenue_defence": 600_000, "revenue_economic": 350_000, "revenue_services": 50_000,
          "profit_before_tax": 40_000, "profit_after_tax": 32_000,
          "budget_contribution": 25_000, "equity": 500_000, "headcount": 1_000, "women": 300,
          "payroll": 168_000, "investment": 20_000}


def file_return(unit: OrgUnit, *, year: int = 2024, scenario: str = "actual",
                accept: bool = True, classification: int = 0, **values: int) -> Submission:
    """An enterprise's year return, filed and (by default) accepted by the system."""
    submission = performance.open_return(None, unit=unit, year=year, period_kind="year",
                                         period_number=1, scenario=scenario,
                                         classification=classification)
    performance.save_values(None, submission, values={**RETURN, **values},
                            explanations=dict.fromkeys(RETURN, "Điều chỉnh quy mô"))
    performance.submit_return(None, submission)
    if accept:
        performance.accept_return(None, submission)
    submission.refresh_from_db()
    return submission


def row(summary: AccidentSummary, label: str) -> Figures:
    found = [r.figures for r in summary.rows if r.label == label and r.figures is not None]
    assert len(found) == 1, label
    return found[0]


def test_the_totals_equal_the_incident_records(world: SafetyWorld, records: Records) -> None:
    summary = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024)
    # Row 1: the employer's, the worker's and the pending accident; row 2 the allowance's.
    assert summary.accidents == Figures(
        cases=3, fatal_cases=1, multi_cases=1, victims=5, victims_outside=1, women=3,
        women_outside=1, deaths=1, deaths_outside=0, serious=2, serious_outside=0)
    assert summary.allowance == Figures(cases=1, victims=1)
    assert summary.total == summary.accidents + summary.allowance
    assert row(summary, ROW_ACCIDENTS) == summary.accidents
    assert row(summary, ROW_ALLOWANCE) == summary.allowance
    assert row(summary, ROW_TOTAL) == summary.total
    # 1.1 by cause, by the party heading its lines; the pending one is not yet attributed.
    ref = world.ref
    assert row(summary, ref.cause_employer.name) == Figures(
        cases=1, fatal_cases=1, multi_cases=1, victims=3, victims_outside=1, women=2,
        women_outside=1, deaths=1, serious=1)
    assert row(summary, ref.cause_worker.name) == Figures(cases=1, victims=1, serious=1)
    labels = [r.label for r in summary.rows]
    assert labels.index("a. Do người sử dụng lao động") < labels.index(ref.cause_employer.name)
    assert labels.index("b. Do người lao động") < labels.index(ref.cause_worker.name)
    undetermined = [r.figures for r in summary.rows if r.label == UNDETERMINED]
    assert undetermined[0] == Figures(cases=1, victims=1, women=1)  # by cause: the pending
    # 1.2 by factor: the lifting equipment; the others have none concluded.
    assert row(summary, ref.factor_lifting.name).victims == 3
    assert undetermined[1] == Figures(cases=2, victims=2, women=1, serious=1)
    # 1.3 by occupation: an accident counts once under each occupation of its victims.
    assert row(summary, "Thợ hàn") == Figures(cases=1, fatal_cases=1, multi_cases=1,
                                              victims=2, women=1, deaths=1, serious=1)
    assert row(summary, "Nhà thầu") == Figures(cases=1, fatal_cases=1, multi_cases=1,
                                               victims=1, victims_outside=1, women=1,
                                               women_outside=1)
    assert row(summary, "Thợ tiện").serious == 1
    assert "Lái xe" not in labels  # the allowance's victim is in row 2 only
    # Table II: the casualties' days, and the costs of the four counted accidents.
    damage = summary.damage
    assert damage.days_off == 30 + 5 + 40 + 10 + 3
    assert (damage.medical, damage.wages, damage.compensation, damage.other) == (
        7 * MILLION, 3 * MILLION, 10 * MILLION, MILLION)
    assert damage.costs == 21 * MILLION
    assert damage.property_loss == 50 * MILLION  # the fire's 900 million is not a TNLĐ
    assert damage.form_values() == (88, 21_000, 7_000, 3_000, 10_000, 50_000)


def test_a_half_year_counts_its_six_months(world: SafetyWorld, records: Records) -> None:
    first = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024, half=1)
    second = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024, half=2)
    year = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024)
    assert (first.start.isoformat(), first.end.isoformat()) == ("2024-01-01", "2024-06-30")
    assert first.period_label == "6 tháng đầu năm"
    assert first.accidents.cases == 1 and first.allowance.cases == 1  # March, May
    assert second.accidents.cases == 2  # September, November
    assert first.total + second.total == year.total
    assert first.damage + second.damage == year.damage


def test_rolled_up_over_the_subtree_with_a_line_per_unit(world: SafetyWorld,
                                                         records: Records) -> None:
    org = world.org
    file_return(org.enterprise_a, headcount=1000, women=300, payroll=90_000)
    file_return(org.enterprise_b, headcount=500, women=100, payroll=40_000)
    z111 = accident_summary(world.staff_a, unit=org.enterprise_a, year=2024)
    own, workshop = z111.units
    assert (own.unit, own.own, workshop.unit) == (org.enterprise_a, True, org.workshop_a1)
    assert own.figures + workshop.figures == z111.total
    assert workshop.figures.cases == 1 and workshop.damage.days_off == 40
    # The enterprise's return covers its workshop, which files none.
    assert z111.workforce == WorkforceFigures(1000, 300, 90_000)
    assert own.workforce == WorkforceFigures(1000, 300, 90_000)
    assert workshop.workforce is None

    directorate = accident_summary(world.safety_staff, unit=org.root, year=2024)
    lines = {line.unit.code: line for line in directorate.units}
    assert lines["Z111"].figures == z111.total
    assert lines["Z113"].figures.deaths == 1
    assert directorate.total == z111.total + lines["Z113"].figures
    assert directorate.workforce == WorkforceFigures(1500, 400, 130_000)
    assert lines["Z111"].workforce == WorkforceFigures(1000, 300, 90_000)
    assert lines["Z113"].workforce == WorkforceFigures(500, 100, 40_000)
    assert directorate.classification == 0

    workshop_only = accident_summary(world.staff_a1, unit=org.workshop_a1, year=2024)
    assert workshop_only.total == workshop.figures


def test_the_workforce_is_the_most_final_accepted_return(world: SafetyWorld) -> None:
    org = world.org
    file_return(org.enterprise_a, scenario="estimate", headcount=980)
    actual = file_return(org.enterprise_a, headcount=1000, women=310, payroll=100_000)
    file_return(org.enterprise_a, scenario="audited", accept=False, headcount=1010)
    file_return(org.enterprise_b, accept=False, headcount=500)  # submitted, not accepted

    def header(user: User, unit: OrgUnit) -> WorkforceFigures | None:
        return accident_summary(user, unit=unit, year=2024).workforce

    # Actual beats estimate; an audited return not yet accepted does not count.
    assert header(world.staff_a, org.enterprise_a) == WorkforceFigures(1000, 310, 100_000)
    directorate = accident_summary(world.safety_staff, unit=org.root, year=2024)
    lines = {line.unit.code: line.workforce for line in directorate.units}
    assert lines["Z113"] is None and lines["Z111"] == WorkforceFigures(1000, 310, 100_000)
    assert directorate.workforce == WorkforceFigures(1000, 310, 100_000)
    assert header(world.safety_staff, org.root) == directorate.workforce
    assert header(world.staff_a, org.enterprise_a) == header(world.staff_a, org.root)

    # An amendment counts once accepted; the version it supersedes no longer does.
    amendment = performance.amend_return(None, actual, explanation="Rà soát lại lao động")
    performance.save_values(None, amendment, values={"headcount": 1020})
    performance.submit_return(None, amendment)
    assert header(world.staff_a, org.enterprise_a) == WorkforceFigures(1000, 310, 100_000)
    performance.accept_return(None, amendment)
    assert header(world.staff_a, org.enterprise_a) == WorkforceFigures(1020, 310, 100_000)
    # Nothing for a year without an accepted outturn, and a plan is no workforce.
    file_return(org.enterprise_a, year=2025, scenario="plan", headcount=1100)
    assert header(world.staff_a, org.enterprise_a) is not None
    assert accident_summary(world.staff_a, unit=org.enterprise_a, year=2025).workforce is None
    assert accident_summary(world.staff_a, unit=org.enterprise_a, year=2023).workforce is None


def test_a_classified_return_is_not_read_below_its_level(world: SafetyWorld) -> None:
    org = world.org
    file_return(org.enterprise_a, headcount=1000)
    file_return(org.enterprise_a, scenario="audited", classification=Classification.SECRET,
                headcount=1010)
    seen = accident_summary(world.staff_a, unit=org.enterprise_a, year=2024)
    assert seen.workforce is not None and seen.workforce.headcount == 1010
    assert seen.classification == Classification.SECRET  # its figures are printed
    low = accident_summary(world.low_a, unit=org.enterprise_a, year=2024)
    assert low.workforce is not None and low.workforce.headcount == 1000
    assert low.classification == 0
    # Another enterprise's return is not read either: Z113's staff see none of Z111's.
    file_return(org.enterprise_b, headcount=500)
    other = accident_summary(world.staff_b, unit=org.root, year=2024)
    assert other.workforce == WorkforceFigures(500, 300, 168_000)
    assert {line.unit.code for line in other.units if line.workforce} == {"Z113"}


def test_what_the_reader_may_not_see_is_neither_listed_nor_counted(
        world: SafetyWorld, records: Records) -> None:
    org = world.org
    secret = accident(world, org.enterprise_a, 2024, 8, 8, 8, 0, cause=world.ref.cause_worker,
                      work_accident=True, classification=Classification.SECRET,
                      damage_medical=100 * MILLION, victims=(DEATH,))
    seen = accident_summary(world.staff_a, unit=org.enterprise_a, year=2024)
    assert seen.accidents.deaths == 2 and seen.classified_ids == [secret.pk]
    assert seen.classification == Classification.SECRET

    low = accident_summary(world.low_a, unit=org.enterprise_a, year=2024)
    assert low.accidents.deaths == 1 and low.damage.medical == 7 * MILLION
    assert low.classified_ids == [] and low.classification == 0
    # Another enterprise's accident (Z113) is not in Z111's staff's directorate view either.
    other = accident_summary(world.staff_a, unit=org.root, year=2024)
    assert other.total == seen.total
    assert "Z113" not in {line.unit.code for line in other.units if line.figures.cases}


def test_the_xlsx_cells_equal_the_totals(world: SafetyWorld, records: Records) -> None:
    summary = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024)
    book = load_workbook(io.BytesIO(summary_xlsx(summary)))
    sheet = book["Phụ lục XII"]
    rows = {r[0].value: [c.value for c in r[2:13]] for r in sheet.iter_rows()
            if isinstance(r[0].value, str)}
    assert rows[ROW_TOTAL] == list(summary.total.values())
    assert rows[ROW_ACCIDENTS] == list(summary.accidents.values())
    assert rows[ROW_ALLOWANCE] == list(summary.allowance.values())
    days_header = next(r for r in sheet.iter_rows() if str(r[0].value).startswith(
        "Tổng số ngày nghỉ"))
    damage_row = sheet[days_header[0].row + 4]  # three header rows and the numbers' row
    assert [c.value for c in damage_row[:6]] == list(summary.damage.form_values())
    assert any(c.value == TITLE for r in sheet.iter_rows() for c in r)
    assert sheet["A1"].value.startswith("PHỤ LỤC XII")
    units = book["Theo đơn vị"]
    assert [c.value for c in units[3]][3] == summary.units[0].figures.cases


def test_text_that_looks_like_a_formula_stays_text(world: SafetyWorld) -> None:
    accident(world, world.org.enterprise_a, 2024, 2, 2, 9, 0, cause=world.ref.cause_worker,
             work_accident=True, victims=({"outcome": Outcome.MINOR,
                                           "occupation": "=HYPERLINK(\"x\")"},))
    summary = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024)
    sheet = load_workbook(io.BytesIO(summary_xlsx(summary)))["Phụ lục XII"]
    cell = next(c for r in sheet.iter_rows() for c in r
                if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_the_docx_holds_the_form_s_table(world: SafetyWorld, records: Records) -> None:
    summary = accident_summary(world.staff_a, unit=world.org.enterprise_a, year=2024)
    document = Document(io.BytesIO(summary_docx(summary)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert TITLE in text and "Kỳ báo cáo (6 tháng hoặc cả năm): cả năm 2024" in text
    table = document.tables[0]
    lines = {r.cells[0].text.strip(): [c.text for c in r.cells[2:]] for r in table.rows}
    assert lines[ROW_TOTAL] == [str(v) for v in summary.total.values()]
    assert lines[world.ref.cause_employer.name][7] == "1"  # deaths
    assert "NN không thuộc quyền quản lý" in {c.text for c in table.rows[3].cells}
    damage = [c.text for c in document.tables[1].rows[4].cells]
    assert damage == ["88", "21.000", "7.000", "3.000", "10.000", "50.000"]


def test_the_query_count_does_not_grow_with_the_incidents(world: SafetyWorld) -> None:
    org, ref = world.org, world.ref

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            accident_summary(world.safety_staff, unit=org.root, year=2024)
        return len(captured)

    accident(world, org.enterprise_a, 2024, 1, 5, 9, 0, cause=ref.cause_worker,
             work_accident=True, victims=(DEATH,))
    queries()  # the first also reads the user's unit, once
    few = queries()
    for day in range(1, 11):
        unit = (org.enterprise_a, org.workshop_a1, org.enterprise_b)[day % 3]
        cause = CauseCode.objects.create(code=f"C{day}", name=f"Nguyên nhân {day}",
                                         party=ref.cause_worker.party,
                                         valid_from=ref.cause_worker.valid_from)
        factor = InjuryFactor.objects.create(code=f"F{day}", name=f"Yếu tố {day}",
                                             valid_from=ref.factor_lifting.valid_from)
        accident(world, unit, 2024, day, day, 9, 0, cause=cause, injury_factor=factor,
                 work_accident=True, victims=(DEATH, {"outcome": Outcome.MINOR,
                                                      "occupation": f"Nghề {day}"}))
    assert queries() == few <= 8


# --- the page, its exports and the API ---------------------------------------------------------


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_form_for_the_units_the_user_may_see(
        world: SafetyWorld, records: Records) -> None:
    client = client_for(world.staff_a)
    page = client.get(reverse("safety:accident-summary"),
                      {"unit": world.org.enterprise_a.pk, "year": 2024})
    assert page.status_code == 200
    assert page.context["summary"].total.cases == 4
    body = page.content.decode()
    assert "I. Tình hình chung tai nạn lao động" in body and "NN không thuộc quyền quản lý" in body
    units = {u.code for u in page.context["form"].fields["unit"].queryset}
    assert units == {"Z111", "Z111-PX1"}
    refused = client.get(reverse("safety:accident-summary"),
                         {"unit": world.org.enterprise_b.pk, "year": 2024})
    assert refused.context["summary"] is None and refused.context["form"].errors["unit"]
    assert client.get(reverse("safety:accident-summary")).context["summary"].unit == \
        world.org.enterprise_a


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_an_export_is_audited_with_the_classified_incidents(
        world: SafetyWorld, records: Records, kind: str) -> None:
    secret = accident(world, world.org.enterprise_a, 2024, 8, 8, 8, 0,
                      classification=Classification.SECRET)
    response = client_for(world.staff_a).get(
        reverse(f"safety:accident-summary-{kind}"),
        {"unit": world.org.enterprise_a.pk, "year": 2024, "half": 2})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.classification == Classification.SECRET
    assert entry.changes["classified_ids"] == [secret.pk]
    assert entry.changes["format"] == kind and entry.changes["half"] == 2


def test_the_api_answers_the_same_summary(world: SafetyWorld, records: Records) -> None:
    api = NinjaAPI(urls_namespace="accident-summary-test")  # safety's router, as api.py mounts it
    errors.install(api)
    router = Router()
    register(router)
    api.add_router("/safety/", router)
    client = TestClient(api)
    answer = client.get("/safety/summary/accidents?year=2024", user=world.staff_a)
    assert answer.status_code == 200
    data = answer.json()
    assert data["unit"] == "Z111" and data["total"]["cases"] == 4
    assert data["total"] == accident_summary(world.staff_a, unit=world.org.enterprise_a,
                                             year=2024).total.__dict__
    assert data["damage"]["costs"] == 21 * MILLION
    assert data["rows"][0]["label"] == ROW_ACCIDENTS
    refused = client.get(f"/safety/summary/accidents?year=2024&unit={world.org.enterprise_b.pk}",
                         user=world.staff_a)
    assert refused.status_code == 422
    assert client.get("/safety/summary/accidents?year=2024&half=3",
                      user=world.staff_a).status_code == 422
