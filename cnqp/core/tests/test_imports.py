"""The import framework: header matching, parsers, row numbers, duplicates, bulk references,
CSV and XLSX reading, and all-or-nothing writes (a bad row or a refused write leaves nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cnqp.core import services
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.imports import (
    Boolean,
    CellError,
    Choice,
    Column,
    Date,
    DecimalNumber,
    Importer,
    ImportIssue,
    Integer,
    Outcome,
    Reference,
    Row,
    Text,
    read_table,
)
from cnqp.core.imports.templates import template_xlsx
from cnqp.core.models import AuditEntry, OrgUnit, User

HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại hình", "Đơn vị cấp trên"]


class UnitImporter(Importer):
    """A test importer over org units, with extra columns to exercise every parser."""

    name = "units"
    model = OrgUnit
    permission = "core.add_orgunit"
    match = "code"
    columns = (
        Column("code", "Mã đơn vị", Text(max_length=32, upper=True), required=True,
               unique=True),
        Column("name", "Tên đơn vị", required=True),
        Column("kind", "Loại hình", Choice(OrgUnitKind), required=True),
        Column("parent", "Đơn vị cấp trên", Reference(OrgUnit)),
        Column("founded", "Ngày thành lập", Date()),
        Column("staff", "Số người", Integer(min_value=0)),
        Column("area", "Diện tích", DecimalNumber(max_digits=8, decimal_places=2)),
        Column("active", "Đang hoạt động", Boolean()),
    )

    def validate_row(self, row: Row) -> None:
        if row.get("founded") and row.get("founded") > dt.date(2100, 1, 1):
            row.error("founded", "too late")

    def write_row(self, actor: User, row: Row) -> Outcome:
        values = row.values
        if row.existing is not None:
            changes = self.changed(row.existing, {"name": values["name"]})
            if not changes:
                return Outcome.UNCHANGED
            services.update_org_unit(actor, row.existing, **changes)
            return Outcome.UPDATED
        services.create_org_unit(actor, code=values["code"], name=values["name"],
                                 kind=values["kind"], parent=values.get("parent"))
        return Outcome.CREATED


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(text: str, bom: bool = False) -> io.BytesIO:
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are compared in English, whatever the vi catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin(org: Any, make_user: Any) -> User:
    return make_user(["admin"], org.root, Classification.SECRET)


def counts() -> tuple[int, int]:
    return OrgUnit.objects.count(), AuditEntry.objects.count()


# --- header matching ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    ["Mã đơn vị", "Tên đơn vị", "Loại hình"],
    ["ma don vi", "TEN DON VI", "loai hinh"],
    ["code", "Name", "KIND"],
    ["Mã đơn vị *", "Tên  đơn vị", "Loại hình:"],
    [unicodedata.normalize("NFD", "Mã đơn vị"), "Tên Đơn Vị", "Loai Hinh"],
])
def test_headers_match_with_or_without_accents_and_by_english_key(admin, header):
    importer = UnitImporter(admin)
    rows = importer.parse(xlsx([header, ["z201", "Nhà máy", "enterprise"]]))
    assert importer.errors == []
    assert rows[0].values == {"code": "Z201", "name": "Nhà máy", "kind": "enterprise"}


def test_unknown_missing_and_repeated_headers_are_named(admin):
    importer = UnitImporter(admin)
    rows = importer.parse(xlsx([["Mã đơn vị", "Ghi chú", "ma don vi"], ["Z201", "x", "y"]]))
    assert rows == []
    assert ImportIssue(1, "Ghi chú", "Unknown column.") in importer.errors
    assert any(e.row == 1 and e.column == "ma don vi" for e in importer.errors)
    missing = {e.column for e in importer.errors if "Required column" in e.message}
    assert missing == {"Tên đơn vị", "Loại hình"}


def test_a_header_naming_two_columns_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        type("Broken", (Importer,), {"columns": (Column("code", "Mã"), Column("ma", "Khác"))})


# --- parsers -----------------------------------------------------------------------------------


def test_text_is_nfc_trimmed_collapsed_and_checked():
    decomposed = unicodedata.normalize("NFD", "  Nhà   máy Z111 ")
    assert Text().parse(decomposed) == "Nhà máy Z111"
    assert unicodedata.is_normalized("NFC", Text().parse(decomposed))
    assert Text(upper=True).parse("z111-px1") == "Z111-PX1"
    assert Text().parse(123.0) == "123"
    assert Text().parse(12.5) == "12.5"
    assert Text(multiline=True).parse("dòng 1\r\ndòng 2") == "dòng 1\ndòng 2"
    with pytest.raises(CellError, match="At most 3"):
        Text(max_length=3).parse("abcd")


def test_integer_parser():
    parser = Integer(min_value=0, max_value=10_000)
    assert parser.parse(12) == 12
    assert parser.parse(12.0) == 12
    assert parser.parse("1.234") == 1234  # the Vietnamese way
    assert parser.parse(" 42 ") == 42
    for bad in ("12,5", "abc", "1.23", 12.5):
        with pytest.raises(CellError):
            parser.parse(bad)
    with pytest.raises(CellError, match="At least 0"):
        parser.parse(-1)
    with pytest.raises(CellError, match="At most"):
        parser.parse("20.000")


def test_decimal_parser():
    parser = DecimalNumber(max_digits=8, decimal_places=2)
    assert parser.parse("14,2") == Decimal("14.2")
    assert parser.parse("1.234,5") == Decimal("1234.5")
    assert parser.parse("1.234") == Decimal("1234")
    assert parser.parse("14.25") == Decimal("14.25")
    assert parser.parse(14.2) == Decimal("14.2")
    assert parser.parse(7) == Decimal(7)
    with pytest.raises(CellError, match="decimal places"):
        parser.parse("1,234")
    with pytest.raises(CellError, match="digits"):
        parser.parse("1234567")
    for bad in ("abc", "nan", "Infinity", "1,2,3"):
        with pytest.raises(CellError):
            parser.parse(bad)


def test_date_parser():
    parser = Date()
    assert parser.parse("05/01/2024") == dt.date(2024, 1, 5)
    assert parser.parse("5/1/2024") == dt.date(2024, 1, 5)
    assert parser.parse("05.01.2024") == dt.date(2024, 1, 5)
    assert parser.parse("2024-01-05") == dt.date(2024, 1, 5)
    assert parser.parse("2024-01-05T00:00:00") == dt.date(2024, 1, 5)
    assert parser.parse(dt.datetime(2024, 1, 5)) == dt.date(2024, 1, 5)
    assert parser.parse(dt.date(2024, 1, 5)) == dt.date(2024, 1, 5)
    assert parser.parse(45296) == dt.date(2024, 1, 5)  # an Excel serial that lost its format
    with pytest.raises(CellError, match="not a valid date"):
        parser.parse("31/02/2024")
    for bad in ("hôm qua", "2024", 2024, "01/2024"):
        with pytest.raises(CellError):
            parser.parse(bad)


def test_boolean_parser():
    parser = Boolean()
    assert [parser.parse(v) for v in ("Có", "co", "x", True, 1)] == [True] * 5
    assert [parser.parse(v) for v in ("Không", "khong", False, 0)] == [False] * 4
    with pytest.raises(CellError):
        parser.parse("có lẽ")


def test_choice_parser_by_label_in_either_language_or_value():
    parser = Choice(Classification)
    assert parser.parse("Tối mật") == Classification.SECRET
    assert parser.parse("toi mat") == Classification.SECRET
    assert parser.parse("TUYỆT MẬT") == Classification.TOP_SECRET
    assert parser.parse("Thường") == Classification.UNCLASSIFIED
    assert parser.parse("Confidential") == Classification.CONFIDENTIAL
    assert parser.parse(2) == Classification.SECRET
    assert parser.parse(2.0) == Classification.SECRET
    assert parser.parse("3") == Classification.TOP_SECRET
    assert isinstance(parser.parse("1"), int)
    with pytest.raises(CellError, match="not one of"):
        parser.parse("4")
    kinds = Choice(OrgUnitKind, aliases={"Nhà máy": OrgUnitKind.ENTERPRISE})
    assert kinds.parse("user_unit") == OrgUnitKind.USER_UNIT
    assert kinds.parse("nha may") == OrgUnitKind.ENTERPRISE


def test_reference_parser_splits_and_normalises_codes():
    parser = Reference(OrgUnit, many=True)
    assert parser.parse("z111, Z113;z111\nqlcn") == ("Z111", "Z113", "QLCN")
    assert Reference(OrgUnit).parse(" z111 ") == ("Z111",)
    with pytest.raises(CellError):
        parser.parse(" , ; ")


# --- rows, numbers, duplicates, references -----------------------------------------------------


def test_real_excel_dates_numbers_and_blank_rows_keep_excel_row_numbers(admin):
    header = [*HEADER, "Ngày thành lập", "Số người", "Diện tích", "Đang hoạt động"]
    importer = UnitImporter(admin)
    rows = importer.parse(xlsx([
        header,
        ["Z201", "Một", "enterprise", "TCCNQP", dt.date(2020, 3, 1), 120, 14.25, "Có"],
        [None, None, "   ", None],  # blank: skipped, numbering goes on
        ["Z202", "Hai", "doanh nghiep", "TCCNQP", "01/02/2021", "1.200", "14,5", "x"],
        ["Z203", "Ba", "enterprise", "TCCNQP", "32/01/2021", "-5", "abc", "có lẽ"],
    ]))
    assert [r.number for r in rows] == [2, 4, 5]
    first = rows[0].values
    assert first["founded"] == dt.date(2020, 3, 1)
    assert (first["staff"], first["area"], first["active"]) == (120, Decimal("14.25"), True)
    assert first["parent"] == OrgUnit.objects.get(code="TCCNQP")
    errors = {(e.row, e.column) for e in importer.errors}
    assert (4, "Loại hình") in errors  # "doanh nghiep" is no kind
    assert {(5, "Ngày thành lập"), (5, "Số người"), (5, "Diện tích"),
            (5, "Đang hoạt động")} <= errors
    assert not any(e.row in (2, 3) for e in importer.errors)


def test_errors_name_row_column_and_required_cells(admin):
    importer = UnitImporter(admin)
    importer.parse(xlsx([
        HEADER,
        ["Z201", "", "enterprise", "TCCNQP"],
        ["Z202", "Hai", "enterprise", "KHONGCO"],
        ["Z203", "Ba", "enterprise", "TCCNQP", "extra"],
    ]))
    assert ImportIssue(2, "Tên đơn vị", "This cell is required.") in importer.errors
    assert any(e.row == 3 and e.column == "Đơn vị cấp trên" and "KHONGCO" in e.message
               for e in importer.errors)
    assert any(e.row == 4 and e.column == "E" for e in importer.errors)
    assert "Row 3, Đơn vị cấp trên:" in str(importer.errors[1])


def test_duplicates_within_the_file_name_both_rows(admin):
    importer = UnitImporter(admin)
    importer.parse(xlsx([
        HEADER,
        ["Z201", "Một", "enterprise", "TCCNQP"],
        ["Z202", "Hai", "enterprise", "TCCNQP"],
        ["z201", "Ba", "enterprise", "TCCNQP"],
    ]))
    assert len(importer.errors) == 1
    error = importer.errors[0]
    assert (error.row, error.column) == (4, "Mã đơn vị")
    assert "rows 2 and 4" in error.message


def test_references_and_existing_records_are_looked_up_in_bulk(admin):
    def queries(n: int) -> int:
        rows = [HEADER] + [[f"Z{i:03d}", f"Đơn vị {i}", "enterprise", "TCCNQP"]
                           for i in range(n)]
        importer = UnitImporter(admin)
        with CaptureQueriesContext(connection) as ctx:
            importer.parse(xlsx(rows))
        assert importer.errors == []
        return len(ctx.captured_queries)

    few, many = queries(3), queries(60)
    assert few == many
    assert many <= 3  # parents, existing codes (and nothing per row)


def test_a_reference_out_of_the_actors_scope_reads_as_unknown(org, make_user):
    class ManagerImporter(UnitImporter):
        columns = (*UnitImporter.columns,
                   Column("manager", "Người phụ trách",
                          Reference(User, field="username", upper=False)))

    actor = make_user(["enterprise_staff"], org.enterprise_a)
    make_user([], org.workshop_a1, username="ho.tro")
    make_user([], org.enterprise_b, username="ben.ngoai")
    importer = ManagerImporter(actor)
    rows = importer.parse(xlsx([[*HEADER, "Người phụ trách"],
                                ["Z201", "Một", "enterprise", "TCCNQP", "ho.tro"],
                                ["Z202", "Hai", "enterprise", "TCCNQP", "ben.ngoai"]]))
    assert rows[0].values["manager"].username == "ho.tro"
    assert [(e.row, e.column) for e in importer.errors] == [(3, "Người phụ trách")]
    assert "ben.ngoai" in importer.errors[0].message


# --- CSV and files ---------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom(admin, bom):
    text = ("Mã đơn vị,Tên đơn vị,Loại hình,Đơn vị cấp trên\r\n"
            "Z201,\"Nhà máy, cơ khí\",enterprise,TCCNQP\r\n")
    importer = UnitImporter(admin)
    rows = importer.parse(csv_file(text, bom=bom), "units.csv")
    assert importer.errors == []
    assert rows[0].values["name"] == "Nhà máy, cơ khí"


def test_csv_with_semicolons_and_row_numbers(admin):
    text = "code;name;kind\nZ201;Một;enterprise\n\nZ202;;enterprise\n"
    importer = UnitImporter(admin)
    importer.parse(csv_file(text), "units.csv")
    assert importer.errors == [ImportIssue(4, "name", "This cell is required.")]


def test_files_that_cannot_be_read_are_reported_not_raised(admin):
    cases = [
        (io.BytesIO("Tên,Đê\nZ1,Đê\n".encode("cp1258")), "a.csv"),
        (io.BytesIO("Mã,Tên\n".encode("utf-16")), "a.csv"),
        (io.BytesIO(b"not a zip"), "a.xlsx"),
        (io.BytesIO(b"\xd0\xcf\x11\xe0rest"), "a.xls"),
        (io.BytesIO(b""), "a.csv"),
        (xlsx([HEADER]), "a.xlsx"),
    ]
    for fileobj, name in cases:
        importer = UnitImporter(admin)
        assert importer.parse(fileobj, name) == []
        assert len(importer.errors) == 1 and importer.errors[0].row is None, name


def test_read_table_streams_the_first_sheet(admin):
    data = xlsx([["a", "b"], [1, 2]])
    assert list(read_table(data, "x.xlsx")) == [(1, ["a", "b"]), (2, [1, 2])]


def test_too_many_rows_is_refused(admin, monkeypatch):
    monkeypatch.setattr(UnitImporter, "max_rows", 2)
    rows = [HEADER] + [[f"Z{i}", "x", "enterprise", "TCCNQP"] for i in range(3)]
    importer = UnitImporter(admin)
    assert importer.parse(xlsx(rows)) == []
    assert "More than 2 rows" in importer.errors[0].message


def test_the_template_holds_the_header_row_and_reads_back(admin):
    book = load_workbook(io.BytesIO(template_xlsx(UnitImporter)))
    assert [c.value for c in book.worksheets[0][1]] == [c.header for c in UnitImporter.columns]
    assert len(book.worksheets) == 2
    importer = UnitImporter(admin)
    importer.parse(io.BytesIO(template_xlsx(UnitImporter)), "template.xlsx")
    assert [e.message for e in importer.errors] == ["The file has no data rows."]


# --- all or nothing ----------------------------------------------------------------------------


def test_a_valid_file_is_written_through_the_services_and_audited(org, admin):
    data = xlsx([HEADER, ["Z201", "Một", "enterprise", "TCCNQP"],
                 ["Z202", "Hai", "enterprise", "TCCNQP"],
                 ["Z111", "Nhà máy Z111 mới", "enterprise", "TCCNQP"],
                 ["Z113", "Nhà máy Z113", "enterprise", "TCCNQP"]])
    digest = hashlib.sha256(data.getvalue()).hexdigest()
    before = AuditEntry.objects.count()
    result = UnitImporter(admin).run(data, "units.xlsx")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert OrgUnit.objects.get(code="Z111").name == "Nhà máy Z111 mới"
    assert OrgUnit.objects.get(code="Z201").path == "TCCNQP/Z201/"
    entries = list(AuditEntry.objects.order_by("id")[before:])
    kinds = [(e.action, e.object_type) for e in entries]
    assert kinds == [("create", "core.orgunit"), ("create", "core.orgunit"),
                     ("update", "core.orgunit"), ("create", "core.import")]
    entry = entries[3]
    assert entry.actor == admin
    assert entry.changes["sha256"] == digest == result.sha256
    assert entry.changes["created"] == 2 and entry.changes["updated"] == 1
    assert entry.changes["rows"] == 4 and entry.object_repr == "units.xlsx"


def test_one_bad_row_among_many_writes_nothing(org, admin):
    rows = [HEADER] + [[f"Z{i:03d}", f"Đơn vị {i}", "enterprise", "TCCNQP"] for i in range(40)]
    rows[25][2] = "nhà máy"  # no such kind
    before = counts()
    result = UnitImporter(admin).run(xlsx(rows), "units.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(26, "Loại hình")]
    assert result.created == 0
    assert counts() == before


def test_a_service_refusing_a_row_rolls_back_every_row(org, admin):
    rows = [HEADER] + [[f"Z{i:03d}", f"Đơn vị {i}", "enterprise", "TCCNQP"] for i in range(5)]
    rows.append(["Z999", "Không cấp trên", "enterprise", None])  # the service refuses it
    rows.append(["Z998", "Sau lỗi", "enterprise", "TCCNQP"])
    before = counts()
    result = UnitImporter(admin).run(xlsx(rows), "units.xlsx")
    assert not result.ok
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (7, "Đơn vị cấp trên")
    assert "parent unit" in error.message
    assert counts() == before
    assert not OrgUnit.objects.filter(code="Z000").exists()


def test_the_row_failing_in_write_names_the_row_when_the_field_is_not_a_column(org, admin):
    class Refusing(UnitImporter):
        def write_row(self, actor: User, row: Row) -> Outcome:
            super().write_row(actor, row)
            if row.number == 3:
                from django.core.exceptions import ValidationError

                raise ValidationError({"address": "no", "__all__": "never"})
            return Outcome.CREATED

    before = counts()
    result = Refusing(admin).run(xlsx([HEADER, ["Z201", "a", "enterprise", "TCCNQP"],
                                       ["Z202", "b", "enterprise", "TCCNQP"]]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "", "no"),
                                                                    (3, "", "never")]
    assert counts() == before


def test_xlsx_is_read_in_read_only_mode(admin, monkeypatch):
    from cnqp.core.imports import reading

    calls: list[dict[str, Any]] = []
    original = reading.load_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(reading, "load_workbook", spy)
    UnitImporter(admin).parse(xlsx([HEADER, ["Z201", "Một", "enterprise", "TCCNQP"]]))
    assert calls == [{"read_only": True, "data_only": True}]
