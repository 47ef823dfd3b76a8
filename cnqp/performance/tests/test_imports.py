"""Returns from an XLSX file: a complete year return is filed and submitted, then accepted; a
failing check names the row of its indicator and writes nothing; bad cells are row errors; a
draft or returned return is reused, an accepted one refused; the template an enterprise
downloads is pre-filled with its code and the entered indicators."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from openpyxl import Workbook, load_workbook

from cnqp import urls as root_urls
from cnqp.conftest import logged_in
from cnqp.core.imports import CellError
from cnqp.core.imports.templates import template_csv
from cnqp.core.imports.views import import_urls_for
from cnqp.core.models import AuditEntry, Notification
from cnqp.performance import services
from cnqp.performance import urls as performance_urls
from cnqp.performance.choices import IndicatorKind, ReturnStatus
from cnqp.performance.imports import Amount, ReturnImporter
from cnqp.performance.models import Indicator, Submission, Value
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db

# The upload pages as the lead wires them (performance/urls.py), whether or not they are yet.
urlpatterns = [
    *(p for p in root_urls.urlpatterns if str(getattr(p, "pattern", "")) != "performance/"),
    path("performance/", include(([
        *import_urls_for(ReturnImporter, "returns", "performance:returns-list"),
        *performance_urls.urlpatterns], "performance"))),
]

HEADER = ["Mã doanh nghiệp", "Năm", "Kỳ báo cáo", "Số thứ tự kỳ", "Loại số liệu",
          "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị", "Giải trình"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def year_rows(unit: str = "Z111", year: int = 2023, scenario: str = "Thực hiện",
              **values: Any) -> list[list[Any]]:
    """A year's return, one row per entered indicator; `values` replace some (None drops the
    row)."""
    merged: dict[str, Any] = {**YEAR_VALUES, **values}
    return [[unit, year, "Năm", None, scenario, code, "", value, ""]
            for code, value in merged.items() if value is not None]


def written() -> tuple[int, int, int, int]:
    return (Submission.objects.count(), Value.objects.count(), AuditEntry.objects.count(),
            Notification.objects.count())


def where(result: Any) -> set[tuple[int | None, str]]:
    return {(e.row, e.column) for e in result.errors}


def test_a_year_return_is_filed_submitted_and_accepted(world: World) -> None:
    rows = year_rows(revenue_defence="600.000", headcount="1.000", payroll=168_000.0,
                     women=Decimal(300))
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao-2023.xlsx")
    assert result.errors == [] and result.created == len(YEAR_VALUES)
    submission = Submission.objects.get()
    assert (submission.unit, submission.year, submission.period_kind, submission.period_number,
            submission.scenario) == (world.org.enterprise_a, 2023, "year", 1, "actual")
    assert submission.status == ReturnStatus.SUBMITTED
    assert submission.submitted_by == world.enterprise
    stored = dict(Value.objects.filter(submission=submission)
                  .values_list("indicator__code", "value"))
    assert stored == YEAR_VALUES
    entry = AuditEntry.objects.get(object_type="performance.import")
    assert entry.changes["importer"] == "returns" and entry.changes["created"] == 11
    assert Notification.objects.filter(org_unit=world.planning).count() == 1
    services.accept_return(world.reviewer, submission)
    assert Submission.objects.get().status == ReturnStatus.ACCEPTED


def test_a_failing_check_names_the_row_of_its_indicator_and_writes_nothing(
        world: World) -> None:
    rows = [*year_rows(profit_after_tax=50_000),  # rows 2-12: after tax above before tax
            *year_rows(year=2022, equity=None)]  # rows 13-22: no equity row
    before = written()
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao.xlsx")
    assert written() == before
    assert where(result) == {(6, "Giá trị"), (13, "Giá trị")}, result.errors
    missing = next(e for e in result.errors if e.row == 13)
    assert "equity" in missing.message and "Vốn chủ sở hữu" in missing.message


def test_bad_cells_are_row_errors(world: World) -> None:
    rows = year_rows()
    rows[0][5] = "doanh_thu_khac"  # row 2: no such indicator
    rows[1][7] = "ba trăm"  # row 3: not a number
    rows[2][0] = "Z113"  # row 4: another enterprise's
    rows[3][5] = "REVENUE"  # row 5: computed, and in capitals
    rows[4][5] = "budget_contribution"  # row 6, then row 7: twice in the return
    rows[6][3] = 5  # row 8: a year has no fifth period
    before = written()
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao.xlsx")
    assert written() == before
    assert where(result) == {
        (2, "Mã chỉ tiêu"), (3, "Giá trị"), (4, "Mã doanh nghiệp"), (5, "Mã chỉ tiêu"),
        (7, "Mã chỉ tiêu"), (8, "Số thứ tự kỳ")}, result.errors
    twice = next(e for e in result.errors if e.row == 7)
    assert "6" in twice.message


def test_checking_a_file_takes_as_many_queries_whatever_its_rows(world: World) -> None:
    def queries(rows: list[list[Any]]) -> int:
        with CaptureQueriesContext(connection) as context:
            importer = ReturnImporter(world.enterprise)
            importer.parse(xlsx(rows), "bao-cao.xlsx")
        assert importer.errors == []
        return len(context.captured_queries)

    queries(year_rows())  # what is cached per process (content types) read once
    one = queries(year_rows())
    assert queries([*year_rows(), *year_rows(year=2022), *year_rows(scenario="Kế hoạch")]) == one


def test_a_quarter_needs_its_number(world: World) -> None:
    rows = [[r[0], 2023, "Quý", None, "Thực hiện", *r[5:]] for r in year_rows()[:1]]
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "quy.xlsx")
    assert where(result) == {(2, "Số thứ tự kỳ")}


def test_vietnamese_numbers_and_excel_numbers_parse() -> None:
    amount = Amount()
    assert amount.parse("1.234.567") == Decimal(1_234_567)
    assert amount.parse("14,2") == Decimal("14.2")
    assert amount.parse("1 234,5") == Decimal("1234.5")
    assert amount.parse("-3.500") == Decimal(-3500)
    assert amount.parse(14.2) == Decimal("14.2")
    assert amount.parse(168000.00000000003) == Decimal(168000)  # a formula's float
    assert amount.parse(1_000) == Decimal(1000)
    for bad in ("abc", "1,2,3", "0,0001", float("nan")):
        with pytest.raises(CellError):
            amount.parse(bad)


def test_reimporting_into_a_draft_updates_it(world: World) -> None:
    draft = services.open_return(world.enterprise, unit=world.org.enterprise_a, year=2023,
                                 period_kind="year", period_number=1, scenario="actual")
    services.save_values(world.enterprise, draft, values={"equity": 1, "headcount": 1_000},
                         explanations={"headcount": "Giữ nguyên"})
    rows = year_rows()
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao.xlsx")
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (9, 2, 0)
    submission = Submission.objects.get()
    assert submission.pk == draft.pk and submission.status == ReturnStatus.SUBMITTED
    equity = Value.objects.get(submission=draft, indicator__code="equity")
    assert equity.value == YEAR_VALUES["equity"]
    # a returned return is corrected and submitted again from the file
    services.return_for_correction(world.reviewer, submission, reason="Kiểm tra vốn")
    rows = year_rows(equity="520.000")
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao.xlsx")
    assert result.errors == [] and (result.updated, result.unchanged) == (1, 10)
    submission.refresh_from_db()
    assert submission.status == ReturnStatus.SUBMITTED and submission.version == 1
    assert Value.objects.get(submission=draft, indicator__code="equity").value == 520_000


def test_a_submitted_or_accepted_return_is_refused(world: World) -> None:
    accepted = world.file(by=world.enterprise)
    world.file(year=2022, by=world.enterprise, accept=False)
    before = written()
    rows = [*year_rows()[:2], *year_rows(year=2022)[:1]]
    result = ReturnImporter(world.enterprise).run(xlsx(rows), "bao-cao.xlsx")
    assert written() == before
    assert where(result) == {(2, "Loại số liệu"), (3, "Loại số liệu"), (4, "Loại số liệu")}
    # an amendment opened first is the draft the file fills
    amendment = services.amend_return(world.enterprise, accepted,
                                      explanation="Số liệu sau kiểm toán")
    # without the explanations' column: the amendment keeps those it was opened with
    rows = [row[:-1] for row in year_rows(equity=520_000)]
    result = ReturnImporter(world.enterprise).run(xlsx(rows, HEADER[:-1]), "sua.xlsx")
    assert result.errors == [] and (result.updated, result.unchanged) == (1, 10)
    amendment.refresh_from_db()
    assert amendment.status == ReturnStatus.SUBMITTED and amendment.version == 2
    accepted.refresh_from_db()
    assert accepted.is_current and accepted.status == ReturnStatus.ACCEPTED


def test_another_enterprise_cannot_file_for_z111(world: World) -> None:
    result = ReturnImporter(world.other).run(xlsx(year_rows()[:1]), "bao-cao.xlsx")
    assert where(result) == {(2, "Mã doanh nghiệp")}
    assert not Submission.objects.exists()


def test_another_enterprise_does_not_learn_which_returns_z111_has(world: World) -> None:
    """Refused for not acting for Z111, the row says nothing of Z111's existing return (the
    answer would be the same whether it exists or not)."""
    world.file(year=2023, by=world.enterprise)
    result = ReturnImporter(world.other).run(xlsx(year_rows()[:1]), "bao-cao.xlsx")
    assert where(result) == {(2, "Mã doanh nghiệp")}


def _template(client: Any, extension: str) -> bytes:
    response = client.get(reverse(f"performance:import-returns-template-{extension}"))
    assert response.status_code == 200
    return bytes(response.content)


@pytest.mark.urls(__name__)
def test_the_template_is_prefilled_filled_offline_and_uploaded(world: World) -> None:
    """The issue's done-when: an enterprise downloads the template, fills it, uploads it; the
    planning department accepts the return."""
    client = logged_in(world.enterprise)
    book = load_workbook(io.BytesIO(_template(client, "xlsx")))
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    headers = [column.header for column in ReturnImporter.columns]
    assert rows[0] == headers
    entered = list(Indicator.objects.filter(kind=IndicatorKind.ENTERED)
                   .values_list("code", flat=True))
    assert [r[5] for r in rows[1:]] == entered and len(entered) == len(YEAR_VALUES)
    assert {r[0] for r in rows[1:]} == {"Z111"}
    first = rows[1]
    assert first[6] == "Doanh thu sản xuất quốc phòng" and first[7]  # name, unit of measure
    assert not any(first[i] for i in (1, 2, 3, 4, 8, 9))
    for line, row in enumerate(rows[1:], start=2):
        for column, value in zip("BCEI", (2023, "năm", "thực hiện",
                                          format(YEAR_VALUES[row[5]], ",").replace(",", ".")),
                                 strict=True):
            sheet[f"{column}{line}"] = value
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "bao-cao-nam-2023.xlsx"
    page = client.post(reverse("performance:import-returns"), {"file": upload})
    assert page.status_code == 200
    submission = Submission.objects.get(unit=world.org.enterprise_a, year=2023)
    assert submission.status == ReturnStatus.SUBMITTED
    assert dict(Value.objects.filter(submission=submission)
                .values_list("indicator__code", "value")) == YEAR_VALUES
    services.accept_return(world.reviewer, submission)
    assert Submission.objects.get(pk=submission.pk).status == ReturnStatus.ACCEPTED
    # the CSV template holds the same rows; the planning department's has no enterprise
    lines = list(csv.reader(io.StringIO(_template(client, "csv").decode("utf-8-sig"))))
    assert [line[5] for line in lines[1:]] == entered and lines[1][0] == "Z111"
    reviewer = logged_in(world.reviewer)
    lines = list(csv.reader(io.StringIO(_template(reviewer, "csv").decode("utf-8-sig"))))
    assert len(lines) == 1 + len(entered) and {line[0] for line in lines[1:]} == {""}
    # without rows (every other importer's), the header alone
    assert template_csv(ReturnImporter).decode("utf-8-sig").count("\n") == 1


@pytest.mark.urls(__name__)
def test_the_upload_page_needs_the_permission(world: World, make_user: Any) -> None:
    auditor = make_user(["auditor"], world.org.root)
    client = logged_in(auditor)
    assert client.get(reverse("performance:import-returns")).status_code == 403
    assert client.get(reverse("performance:import-returns-template-xlsx")).status_code == 403


def test_the_command_files_a_return_or_nothing(world: World, tmp_path: Path) -> None:
    good = tmp_path / "bao-cao.xlsx"
    good.write_bytes(xlsx(year_rows()).getvalue())
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(xlsx(year_rows(year=2022, headcount=0)).getvalue())
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_returns", str(bad), user=world.enterprise.username)
    assert not Submission.objects.exists()
    call_command("import_returns", str(good), user=world.enterprise.username)
    assert Submission.objects.get().status == ReturnStatus.SUBMITTED
