"""Imports of product types and of the document register, through the pages and the command:
all rows or none, every error named by row and column, scope and clearance enforced."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from cnqp.core.choices import AuditAction, AuditSource, Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import AuditEntry, User
from cnqp.core.testing import hostile
from cnqp.documents.choices import DocumentKind, ProductGroup
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory
from cnqp.documents.imports import DocumentRegisterImporter, ProductTypeImporter
from cnqp.documents.models import DocumentSet, ProductType

PT_URL = "/documents/import/product-types/"
SETS_URL = "/documents/import/sets/"
PT_HEADER = ["Mã", "Tên", "Nhóm", "Phân loại", "Doanh nghiệp sản xuất"]
SET_HEADER = ["Mã bộ tài liệu", "Tên", "Loại", "Mã chủng loại", "Đơn vị quản lý", "Độ mật"]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(rows: list[list[Any]], name: str = "import.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def totals() -> tuple[int, int, int]:
    return ProductType.objects.count(), DocumentSet.objects.count(), AuditEntry.objects.count()


def error_cells(result: Any) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in result.errors]


@pytest.fixture
def staff(org: Any, make_user: Any) -> User:
    """Enterprise staff of Z111, cleared up to Mật."""
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL,
                     username="canbo.z111")


@pytest.fixture
def manager(org: Any, make_user: Any) -> User:
    """Cục QLCN staff: the product catalogue is theirs to manage (reference data is written
    only by roles that see every unit)."""
    return make_user(["department_staff"], org.department, Classification.CONFIDENTIAL,
                     username="canbo.qlcn")


@pytest.fixture
def product_type(org: Any) -> ProductType:
    return ProductTypeFactory(code="SP-00", name="Súng trường kiểu cũ")


# --- product types -----------------------------------------------------------------------------


def test_product_types_import_through_the_page(org, manager, client_for, product_type):
    client = client_for(manager)
    page = client.get(PT_URL)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    rows = [PT_HEADER,
            ["sp-01", "Súng trường tự động", "defense", "Vũ khí bộ binh", "Z111, Z113"],
            ["SP-02", "Máy phát điện", "Dual-use product", "", None],
            ["SP-00", "Súng trường kiểu mới", "Defense product", "Vũ khí", "Z111"]]
    before = AuditEntry.objects.count()
    response = client.post(PT_URL, {"file": upload(rows), "mode": "update"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    created = ProductType.objects.get(code="SP-01")
    assert sorted(created.producers.values_list("code", flat=True)) == ["Z111", "Z113"]
    assert ProductType.objects.get(code="SP-02").group == ProductGroup.DUAL_USE
    product_type.refresh_from_db()
    assert product_type.name == "Súng trường kiểu mới" and product_type.category == "Vũ khí"
    assert list(product_type.producers.values_list("code", flat=True)) == ["Z111"]
    entry = AuditEntry.objects.filter(object_type="documents.import").get()
    assert entry.actor == manager and entry.source == AuditSource.WEB
    assert entry.changes["importer"] == "product-types"
    assert entry.changes["created"] == 2 and entry.changes["updated"] == 1
    assert len(entry.changes["sha256"]) == 64
    # one entry per created type, one (or two, with producers) for the update, one for the file
    assert AuditEntry.objects.count() - before >= 4
    html = response.content.decode()
    assert 'id="import-created">2<' in html


def test_reimporting_the_same_file_changes_nothing(org, manager, product_type):
    rows = [PT_HEADER, ["SP-00", product_type.name, "defense", product_type.category, ""]]
    result = ProductTypeImporter(manager).run(io.BytesIO(xlsx_bytes(rows)), "a.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert not AuditEntry.objects.filter(object_type="documents.producttype").exists()


def test_a_missing_optional_column_leaves_the_field_as_it_is(org, manager, product_type):
    product_type.producers.set([org.enterprise_a])
    rows = [["Mã", "Tên", "Nhóm"], ["SP-00", "Tên mới", "defense"]]
    result = ProductTypeImporter(manager).run(io.BytesIO(xlsx_bytes(rows)), "a.xlsx")
    assert result.updated == 1
    product_type.refresh_from_db()
    assert product_type.category == "Vũ khí bộ binh"
    assert list(product_type.producers.values_list("code", flat=True)) == ["Z111"]


def test_bad_product_types_write_nothing_and_every_error_is_named(org, manager, client_for,
                                                                  product_type):
    rows = [PT_HEADER,
            ["SP-01", "Hợp lệ", "defense", "", "Z111"],
            ["SP-02", "Không sản xuất", "defense", "", "QLCN"],  # a department
            ["SP-03", "", "nhóm lạ", "", "Z999"],
            ["sp-01", "Trùng mã", "economic", "", ""],
            ["SP-04", "x" * 300, "economic", "", ""]]
    before = totals()
    response = client_for(manager).post(PT_URL, {"file": upload(rows)})
    result = response.context["result"]
    assert error_cells(result) == [
        (3, "Doanh nghiệp sản xuất"),
        (4, "Tên"), (4, "Nhóm"), (4, "Doanh nghiệp sản xuất"),
        (5, "Mã"),
        (6, "Tên"),
    ]
    assert "QLCN" in result.errors[0].message
    assert "Z999" in result.errors[3].message
    assert "2" in result.errors[4].message and "5" in result.errors[4].message
    assert totals() == before
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert "<td>3</td><td>Doanh nghiệp sản xuất</td>" in html


def test_product_types_page_needs_the_add_permission(org, client_for, make_user):
    viewer = make_user(["user_unit_staff"], org.user_unit)
    client = client_for(viewer)
    assert client.get(PT_URL).status_code == 403
    assert client.post(PT_URL, {"file": upload([PT_HEADER])}).status_code == 403
    assert client.get(f"{PT_URL}template.xlsx").status_code == 403
    leader = make_user(["leadership"], org.root)
    assert client_for(leader).get(SETS_URL).status_code == 403


def test_anonymous_users_are_sent_to_log_in(db, client):
    response = client.get(PT_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_templates_download_with_the_header_row(org, manager, client_for):
    client = client_for(manager)
    for url, header in ((PT_URL, PT_HEADER), (SETS_URL, SET_HEADER)):
        response = client.get(f"{url}template.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        book = load_workbook(io.BytesIO(response.content))
        assert [c.value for c in book.worksheets[0][1]] == header


def test_the_menu_links_the_import_pages(org, staff, manager, client_for, make_user):
    html = client_for(manager).get("/").content.decode()
    assert f'href="{PT_URL}"' in html and f'href="{SETS_URL}"' in html
    # Enterprises import their own sets, not the shared product catalogue.
    html = client_for(staff).get("/").content.decode()
    assert f'href="{PT_URL}"' not in html and f'href="{SETS_URL}"' in html
    viewer = make_user(["user_unit_staff"], org.user_unit)
    assert f'href="{SETS_URL}"' not in client_for(viewer).get("/").content.decode()


def test_upload_form_refuses_other_file_types(org, manager, client_for):
    response = client_for(manager).post(PT_URL, {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "result" not in response.context


def test_csv_with_bom_through_the_page(org, manager, client_for):
    text = "\ufeffMã,Tên,Nhóm,Phân loại,Doanh nghiệp sản xuất\r\nSP-10,Pháo,defense,,Z111\r\n"
    response = client_for(manager).post(
        PT_URL, {"file": SimpleUploadedFile("a.csv", text.encode("utf-8"))})
    assert response.context["result"].created == 1


def test_a_flood_of_blank_rows_is_refused_at_once_in_vietnamese(org, staff, client_for):
    """100 million blank rows in 0.9 MB once took 95 s of CPU in the request: the rows past the
    sheet's limit end the reading, blank or not."""
    flood = hostile.blank_rows(SET_HEADER, 150_000)
    before = totals()
    response = client_for(staff).post(SETS_URL, {"file": SimpleUploadedFile("a.xlsx", flood)})
    messages = [e.message for e in response.context["result"].errors]
    assert messages == ["Trang tính kéo dài đến dòng 150.001; chỉ đọc tối đa 100.000 dòng: "
                        "hãy chia nhỏ tệp, hoặc xoá các dòng bên dưới dữ liệu."]
    assert totals() == before


# --- document register -------------------------------------------------------------------------


def test_document_sets_import_through_the_page(org, staff, client_for, product_type):
    existing = DocumentSetFactory(code="TLTK-90", title="Cũ", owner_unit=org.enterprise_a,
                                  product_type=product_type, kind=DocumentKind.DESIGN)
    rows = [SET_HEADER,
            ["tltk-01", "Bộ TLTK súng trường", "design", "SP-00", "Z111", "Mật"],
            ["TLTK-02", "Tài liệu công nghệ", "technology", "sp-00", "Z111-PX1", 0],
            ["TLTK-90", "Mới", "specification", "SP-00", "Z111", "mat"]]
    response = client_for(staff).post(SETS_URL, {"file": upload(rows), "mode": "update"})
    result = response.context["result"]
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 1)
    first = DocumentSet.objects.get(code="TLTK-01")
    assert first.classification == Classification.CONFIDENTIAL
    assert first.owner_unit == org.enterprise_a and first.product_type == product_type
    assert DocumentSet.objects.get(code="TLTK-02").owner_unit == org.workshop_a1
    existing.refresh_from_db()
    assert (existing.title, existing.kind, existing.classification) == (
        "Mới", DocumentKind.SPECIFICATION, Classification.CONFIDENTIAL)
    entry = AuditEntry.objects.get(object_type="documents.import")
    assert entry.classification == Classification.CONFIDENTIAL
    assert entry.changes["importer"] == "sets"


def test_a_classification_above_the_users_clearance_is_refused(org, staff, client_for,
                                                               product_type):
    rows = [SET_HEADER,
            ["TLTK-01", "Hợp lệ", "design", "SP-00", "Z111", "Thường"],
            ["TLTK-02", "Quá độ mật", "design", "SP-00", "Z111", "Tối mật"],
            ["TLTK-03", "Quá độ mật", "design", "SP-00", "Z111", 3]]
    before = totals()
    response = client_for(staff).post(SETS_URL, {"file": upload(rows)})
    result = response.context["result"]
    assert error_cells(result) == [(3, "Độ mật"), (4, "Độ mật")]
    assert totals() == before
    assert "<td>3</td><td>Độ mật</td>" in response.content.decode()


def test_sets_outside_the_users_units_are_refused(org, staff, product_type):
    foreign = DocumentSetFactory(code="TLTK-80", owner_unit=org.enterprise_b,
                                 product_type=product_type)
    DocumentSetFactory(code="TLTK-81", owner_unit=org.enterprise_a, product_type=product_type,
                       classification=Classification.SECRET)  # above the user's clearance
    mine = DocumentSetFactory(code="TLTK-82", owner_unit=org.enterprise_a,
                              product_type=ProductTypeFactory(code="SP-77"))
    rows = [SET_HEADER,
            ["TLTK-01", "Đơn vị khác", "design", "SP-00", "Z113", "Thường"],
            [foreign.code, "Sửa bộ của đơn vị khác", "design", "SP-00", "Z113", "Thường"],
            ["TLTK-81", "Sửa bộ tối mật", "design", "SP-00", "Z111", "Thường"],
            [mine.code, "Đổi chủng loại và đơn vị", "design", "SP-00", "Z111-PX1", "Thường"],
            ["TLTK-02", "Chủng loại không có", "design", "SP-99", "Z111", "Thường"],
            ["TLTK-03", "Loại lạ", "bản vẽ", "SP-00", "Z111", "rất mật"]]
    before = totals()
    result = DocumentRegisterImporter(staff).run(io.BytesIO(xlsx_bytes(rows)), "a.xlsx")
    assert error_cells(result) == [
        (2, "Đơn vị quản lý"),
        (3, "Mã bộ tài liệu"),
        (4, "Mã bộ tài liệu"),
        (5, "Mã chủng loại"), (5, "Đơn vị quản lý"),
        (6, "Mã chủng loại"),
        (7, "Loại"), (7, "Độ mật"),
    ]
    # nothing written but the two probes: rows naming sets the user may not see (probes.py)
    probes = AuditEntry.objects.filter(action=AuditAction.PROBE)
    assert sorted(p.changes["refused"]["code"] for p in probes) == ["TLTK-80", "TLTK-81"]
    products, sets, entries = totals()
    assert (products, sets, entries - 2) == before


def test_required_columns_and_unknown_headers_are_named(org, staff, client_for):
    rows = [["Mã bộ tài liệu", "Tên", "Ghi chú"], ["TLTK-01", "x", "y"]]
    result = client_for(staff).post(SETS_URL, {"file": upload(rows)}).context["result"]
    assert set(error_cells(result)) == {(1, "Ghi chú"), (1, "Loại"), (1, "Mã chủng loại"),
                                        (1, "Đơn vị quản lý"), (1, "Độ mật")}


def test_a_service_error_during_the_write_rolls_back_every_set(org, staff, product_type,
                                                                monkeypatch):
    from django.core.exceptions import ValidationError

    from cnqp.documents import services

    original = services.create_document_set

    def refuse_second(actor: Any, **kwargs: Any) -> Any:
        if kwargs["code"] == "TLTK-02":
            raise ValidationError({"title": "refused"})
        return original(actor, **kwargs)

    monkeypatch.setattr(services, "create_document_set", refuse_second)
    rows = [SET_HEADER,
            ["TLTK-01", "Một", "design", "SP-00", "Z111", "Thường"],
            ["TLTK-02", "Hai", "design", "SP-00", "Z111", "Thường"]]
    before = totals()
    result = DocumentRegisterImporter(staff).run(io.BytesIO(xlsx_bytes(rows)), "a.xlsx")
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "Tên", "refused")]
    assert totals() == before


# --- the command -------------------------------------------------------------------------------


def write_file(tmp_path: Path, rows: list[list[Any]], name: str = "import.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return path


def test_command_imports_and_is_audited_as_a_command(org, staff, product_type, tmp_path):
    path = write_file(tmp_path, [SET_HEADER,
                                 ["TLTK-01", "Một", "design", "SP-00", "Z111", "Thường"]])
    out = io.StringIO()
    call_command("import_documents", "sets", str(path), "--user", staff.username, stdout=out)
    assert "1 created" in out.getvalue()
    created = AuditEntry.objects.get(object_type="documents.documentset")
    assert created.source == AuditSource.COMMAND and created.actor == staff
    assert AuditEntry.objects.filter(object_type="documents.import",
                                     source=AuditSource.COMMAND).count() == 1


def test_command_prints_every_error_and_exits_1(org, staff, product_type, tmp_path, capsys,
                                                 monkeypatch):
    from django.core.management import base

    # The real command line closes the connections when done, which would end the test's
    # transaction on PostgreSQL.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    path = write_file(tmp_path, [SET_HEADER,
                                 ["TLTK-01", "Một", "design", "SP-00", "Z111", "Tối mật"],
                                 ["TLTK-02", "Hai", "design", "SP-99", "Z111", "Thường"]])
    before = totals()
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_documents", "sets", str(path),
                                   "--user", staff.username])
    assert exit_info.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3  # two errors, then the summary
    assert "2" in lines[0] and "Độ mật" in lines[0]
    assert "3" in lines[1] and "Mã chủng loại" in lines[1]
    assert totals() == before


def test_command_product_types_and_its_refusals(org, manager, make_user, tmp_path):
    path = write_file(tmp_path, [PT_HEADER, ["SP-01", "Một", "defense", "", "Z111"]])
    call_command("import_documents", "product-types", str(path), "--user", manager.username,
                 stdout=io.StringIO())
    assert ProductType.objects.filter(code="SP-01").exists()
    viewer = make_user(["user_unit_staff"], org.user_unit)
    with pytest.raises(CommandError, match="permission"):
        call_command("import_documents", "product-types", str(path), "--user",
                     viewer.username)
    with pytest.raises(CommandError, match="no active user"):
        call_command("import_documents", "product-types", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="no file"):
        call_command("import_documents", "product-types", str(tmp_path / "missing.xlsx"),
                     "--user", manager.username)


def test_institutes_produce_too(org, manager):
    OrgUnitFactory(code="V100", kind=OrgUnitKind.INSTITUTE, parent=org.root)
    rows = [PT_HEADER, ["SP-01", "Một", "defense", "", "V100"]]
    result = ProductTypeImporter(manager).run(io.BytesIO(xlsx_bytes(rows)), "a.xlsx")
    assert result.ok and result.created == 1
