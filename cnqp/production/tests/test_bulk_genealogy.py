"""Bulk import of genealogy edges: the same rules as `record_consumption`, set-wise; every bad
row reported by number; nothing written when any row is bad; on both databases."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone, translation
from openpyxl import Workbook

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.imports.bulk import resolving, source
from cnqp.core.models import AuditEntry
from cnqp.production import services
from cnqp.production.bulk import GenealogyImport
from cnqp.production.models import GenealogyEdge
from cnqp.production.tests.conftest import World, serials, started

HEADER = "Loại đầu ra,Chủng loại đầu ra,Số hiệu đầu ra,Loại đầu vào,Chủng loại đầu vào," \
         "Số hiệu đầu vào,Số lượng,Công đoạn,Thời điểm,Người thực hiện"


def run(user: Any, text: str, name: str = "gia-pha.csv") -> Any:
    return GenealogyImport(user).run(io.BytesIO(text.encode("utf-8")), name)


@pytest.fixture
def shop(world: World) -> dict[str, Any]:
    """Z111: a material lot, a lot and four serials of the product type."""
    item = started(world)
    units = serials(world, item, count=4, prefix="AK-")
    lot = services.create_lot(world.staff, lot_number="L-01", product_type=world.product_type,
                              enterprise=world.org.enterprise_a, revision=world.revision,
                              quantity=100, made_date=dt.date(2024, 4, 1))
    steel = services.create_material_lot(
        world.staff, code="VT-01", enterprise=world.org.enterprise_a, supplier="Gang thép",
        material_name="Thép 30X", quantity=Decimal(500), unit_of_measure="kg",
        received_date=dt.date(2024, 1, 10))
    return {"serials": units, "lot": lot, "steel": steel, "type": world.product_type.code}


def rows(shop: dict[str, Any], *lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


@pytest.mark.parametrize("combinations", [10_000, 1])
def test_valid_file_writes_every_edge_with_one_audit_entry(world: World, shop: Any,
                                                           monkeypatch: Any,
                                                           combinations: int) -> None:
    """Repeated cells (PostgreSQL) parsed in one dictionary of their combinations, or, when
    those would be too many, in one per column: the same edges, blanks included."""
    monkeypatch.setattr(resolving, "COMBINATIONS", combinations)
    t = shop["type"]
    text = rows(shop,
                f"serial,{t},AK-00001,material_lot,,VT-01,\"1,5\",Gia công,05/03/2024 07:30,",
                f"Sản phẩm theo số hiệu,{t},AK-00001,Lô sản phẩm,{t},L-01,2,Lắp ráp,"
                f"2024-03-06 08:00:00,z111",
                f"serial,{t},ak-00002,lot,{t},l-01,,,2024-03-06,")
    before = AuditEntry.objects.count()
    result = run(world.staff, text)
    assert result.ok, result.errors
    assert (result.rows, result.created) == (3, {"edges": 3})
    edges = list(GenealogyEdge.objects.all())
    ends = {(e.input_node_id, e.output_node_id): e for e in edges}  # written in index order
    ak1, ak2 = shop["serials"][0].node_id, shop["serials"][1].node_id
    assert set(ends) == {(shop["steel"].node_id, ak1), (shop["lot"].node_id, ak1),
                         (shop["lot"].node_id, ak2)}
    first, second = ends[shop["steel"].node_id, ak1], ends[shop["lot"].node_id, ak1]
    third = ends[shop["lot"].node_id, ak2]
    assert first.input_node_id == shop["steel"].node_id
    assert first.output_node_id == shop["serials"][0].node_id
    assert first.quantity == Decimal("1.5") and first.operation_step == "Gia công"
    assert timezone.localtime(first.at).replace(tzinfo=None) == dt.datetime(2024, 3, 5, 7, 30)
    assert second.input_node_id == shop["lot"].node_id and second.quantity == 2
    assert third.output_node_id == shop["serials"][1].node_id and third.quantity == 1
    assert {e.operator_id for e in edges} == {world.staff.pk}
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditAction.CREATE and entry.object_type == "production.genealogyedge"
    assert entry.changes["import"][1]["rows"] == 3
    assert entry.changes["import"][1]["sha256"] == result.sha256


@pytest.mark.parametrize("dictionaries", [True, False])
def test_every_bad_row_reported_and_nothing_written(world: World, shop: Any, monkeypatch: Any,
                                                     dictionaries: bool) -> None:
    """With repeated cells parsed once (PostgreSQL) or each in place: the same errors."""
    monkeypatch.setattr(GenealogyImport, "dictionaries", dictionaries)
    t = shop["type"]
    text = rows(shop,
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,",  # fine
                f"serial,{t},AK-99999,material_lot,,VT-01,1,,2024-03-05 07:30,",
                f"chiếc,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,",
                "serial,NOPE,AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-99,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,serial,{t},AK-00001,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,-2,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,abc,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,30/02/2024 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,2099-01-01 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,ghost",
                f"material_lot,,VT-01,lot,{t},L-01,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,")  # repeats row 2
    result = run(world.staff, text)
    assert not result.ok
    by_row = {}
    for issue in result.errors:
        by_row.setdefault(issue.row, []).append(issue)
    assert sorted(by_row) == list(range(3, 15))
    assert by_row[3][0].column == "Số hiệu đầu ra" and "AK-99999" in by_row[3][0].message
    assert by_row[4][0].column == "Loại đầu ra" and "chiếc" in by_row[4][0].message
    assert "NOPE" in by_row[5][0].message
    assert by_row[6][0].column == "Số hiệu đầu vào" and "VT-99" in by_row[6][0].message
    assert by_row[7][0].column == "Số hiệu đầu vào"  # made from itself
    assert by_row[8][0].column == "Số lượng"
    assert by_row[9][0].column == "Số lượng" and "abc" in by_row[9][0].message
    assert by_row[10][0].column == "Thời điểm" and "30/02/2024" in by_row[10][0].message
    assert by_row[11][0].column == "Thời điểm"  # the future
    assert by_row[12][0].column == "Người thực hiện" and "ghost" in by_row[12][0].message
    assert by_row[13][0].column == "Loại đầu ra"  # a material lot is not made
    assert by_row[14][0].column == "" and "2" in by_row[14][0].message  # the repeat of row 2
    assert result.error_rows == 12
    assert not GenealogyEdge.objects.exists()


def test_items_of_another_enterprise_read_as_not_found(world: World, shop: Any) -> None:
    t = shop["type"]
    text = rows(shop, f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,")
    result = run(world.staff_b, text)
    assert not result.ok and result.errors[0].column == "Số hiệu đầu ra"
    assert not GenealogyEdge.objects.exists()


def test_lower_clearance_cannot_name_a_classified_item(world: World, shop: Any,
                                                       make_user: Any) -> None:
    services.update_material_lot(world.staff, shop["steel"],
                                 classification=Classification.SECRET)
    low = make_user(["enterprise_staff"], world.org.enterprise_a, Classification.CONFIDENTIAL)
    text = rows(shop, f"serial,{shop['type']},AK-00001,material_lot,,VT-01,1,,"
                      "2024-03-05 07:30,")
    assert run(low, text).errors[0].column == "Số hiệu đầu vào"
    result = run(world.staff, text)
    assert result.ok and result.classification == Classification.SECRET
    assert GenealogyEdge.objects.get().classification == Classification.SECRET


def test_a_file_imported_twice_is_refused_the_second_time(world: World, shop: Any) -> None:
    """Rows that repeat recorded consumptions (same input, output and time) are refused, row
    by row; the same items at another time are a rework, accepted."""
    t = shop["type"]
    first = rows(shop, f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,",
                 f"serial,{t},AK-00002,lot,{t},L-01,1,,2024-03-05 07:30,")
    assert run(world.staff, first).ok
    again = rows(shop, f"serial,{t},AK-00003,material_lot,,VT-01,1,,2024-03-05 07:30,",
                 f"serial,{t},AK-00002,lot,{t},L-01,1,,2024-03-05 07:30,",
                 f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,")
    with translation.override("en"):
        result = run(world.staff, again)
    assert [(i.row, i.column) for i in result.errors] == [(3, ""), (4, "")]
    assert "already recorded" in result.errors[0].message
    assert GenealogyEdge.objects.count() == 2
    rework = rows(shop, f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-07 07:30,")
    assert run(world.staff, rework).ok
    assert GenealogyEdge.objects.count() == 3


def test_cycle_with_recorded_edges_refused(world: World, shop: Any) -> None:
    a, b = shop["serials"][:2]
    services.record_consumption(world.staff, output=b.node, inputs=[(a.node, 1)])
    t = shop["type"]
    result = run(world.staff, rows(shop, f"serial,{t},AK-00001,serial,{t},AK-00002,1,,"
                                         "2024-03-05 07:30,"))
    assert not result.ok and result.errors[0].row == 2
    assert "vòng lặp" in result.errors[0].message  # a cycle
    assert GenealogyEdge.objects.count() == 1


def test_cycle_within_the_file_refused_chain_accepted(world: World, shop: Any) -> None:
    t = shop["type"]
    chain = rows(shop,
                 f"serial,{t},AK-00002,serial,{t},AK-00001,1,,2024-03-05 07:30,",
                 f"serial,{t},AK-00003,serial,{t},AK-00002,1,,2024-03-05 07:30,",
                 f"serial,{t},AK-00004,serial,{t},AK-00003,1,,2024-03-05 07:30,")
    assert run(world.staff, chain).ok
    GenealogyEdge.objects.all().delete()
    loop = rows(shop,
                f"serial,{t},AK-00002,serial,{t},AK-00001,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00003,serial,{t},AK-00002,1,,2024-03-05 07:30,",
                f"lot,{t},L-01,material_lot,,VT-01,1,,2024-03-05 07:30,",
                f"serial,{t},AK-00001,serial,{t},AK-00003,1,,2024-03-05 07:30,")
    result = run(world.staff, loop)
    assert sorted(i.row for i in result.errors) == [2, 3, 5]
    assert not GenealogyEdge.objects.exists()


def test_xlsx_file_with_excel_typed_cells(world: World, shop: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([])  # a blank first row: the header is the first row with text
    sheet.append(HEADER.split(","))
    sheet.append(["serial", shop["type"], "AK-00001", "material_lot", None, "VT-01", 1.25,
                  "Gia công", dt.datetime(2024, 3, 5, 7, 30)])
    sheet.append([])
    sheet.append(["serial", shop["type"], "AK-00002", "material_lot", None, "VT-01", 2,
                  None, dt.date(2024, 3, 6)])
    sheet.append(["serial", shop["type"], "AK-00003", "material_lot", None, "VT-01", "x",
                  None, dt.date(2024, 3, 6)])
    buffer = io.BytesIO()
    book.save(buffer)
    result = GenealogyImport(world.staff).run(io.BytesIO(buffer.getvalue()), "a.xlsx")
    assert [(i.row, i.column) for i in result.errors] == [(6, "Số lượng")]
    sheet.delete_rows(6)
    buffer = io.BytesIO()
    book.save(buffer)
    result = GenealogyImport(world.staff).run(io.BytesIO(buffer.getvalue()), "a.xlsx")
    assert result.ok, result.errors
    quantities = sorted(GenealogyEdge.objects.values_list("quantity", flat=True))
    assert quantities == [Decimal("1.25"), Decimal("2")]


def test_workbook_rows_staged_with_progress_as_they_go(world: World, shop: Any,
                                                     monkeypatch: Any) -> None:
    """A workbook's rows go to the staging table in one stream (PostgreSQL) or in batches
    (SQLite); either way progress is told every `BATCH_ROWS` rows and at the end."""
    from cnqp.core.imports.bulk import staging

    monkeypatch.setattr(staging, "BATCH_ROWS", 2)
    book = Workbook()
    book.active.append(HEADER.split(","))
    for number in range(1, 5):
        book.active.append(["serial", shop["type"], f"AK-0000{number}", "material_lot", None,
                            "VT-01", 1, None, dt.date(2024, 3, 6)])
    book.active.append(["serial", shop["type"], "AK-00001", "lot", shop["type"], "L-01", 1,
                        None, dt.date(2024, 3, 6)])
    buffer = io.BytesIO()
    book.save(buffer)
    told: list[tuple[int, int | None, str | None]] = []
    result = GenealogyImport(world.staff, progress=lambda *a: told.append(a)).run(
        io.BytesIO(buffer.getvalue()), "a.xlsx")
    assert result.ok, result.errors
    reading = [(done, total) for done, total, phase in told if phase == "Đang đọc tệp"]
    assert reading == [(2, 5), (4, 5), (5, 5)]
    assert GenealogyEdge.objects.count() == 5


def test_xlsx_value_beside_the_header_is_named_by_its_cell(world: World, shop: Any) -> None:
    """Rows as wide as the header take the quick path; a row with a value past it is
    reported by its row and column letter, and nothing is written."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    good = ["serial", shop["type"], "AK-00001", "material_lot", None, "VT-01", 1, None,
            dt.datetime(2024, 3, 5, 7, 30), None]
    sheet.append(good)
    sheet.append([*good[:2], "AK-00002", *good[3:], None, "ghi chú lạc"])  # column L
    buffer = io.BytesIO()
    book.save(buffer)
    result = GenealogyImport(world.staff).run(io.BytesIO(buffer.getvalue()), "a.xlsx")
    assert [(i.row, i.column, i.message) for i in result.errors] == [
        (3, "L", "Có giá trị ở cột không có tiêu đề.")]
    assert not GenealogyEdge.objects.exists()


def test_file_level_problems(world: World, shop: Any) -> None:
    assert run(world.staff, "").errors[0].row is None
    unknown = run(world.staff, HEADER + ",Màu sắc\n")
    assert [(i.row, i.column) for i in unknown.errors] == [(1, "Màu sắc")]
    missing = run(world.staff, "Loại đầu ra,Số hiệu đầu ra\nserial,AK-1\n")
    assert {i.column for i in missing.errors} >= {"Loại đầu vào", "Thời điểm"}
    assert run(world.staff, HEADER + "\n").errors[0].message
    latin1 = GenealogyImport(world.staff).run(io.BytesIO(
        (HEADER + "\nserial,X,Ð,lot,,,,,,\n").encode("latin-1", "replace")), "x.csv")
    assert not latin1.ok


def test_ragged_rows_and_semicolons(world: World, shop: Any) -> None:
    t = shop["type"]
    text = HEADER.replace(",", ";") + "\n" + \
        f"serial;{t};AK-00001;material_lot;;VT-01;1;;2024-03-05 07:30;;extra\n" + \
        f"serial;{t};AK-00002;material_lot;;VT-01;1;;2024-03-05 07:30\n"
    result = run(world.staff, text)
    assert [(i.row, i.column) for i in result.errors] == [(2, "K")]
    assert not GenealogyEdge.objects.exists()


def test_an_item_deleted_between_check_and_write_refuses_the_file(
        world: World, shop: Any, monkeypatch: Any) -> None:
    """Edges carry no database constraint on their nodes: the import checks, under the
    writers' lock, that what it resolved is still there."""
    from cnqp.production.bulk import genealogy

    t = shop["type"]
    original = genealogy.GenealogyImport.check_in_transaction

    def delete_first(self: Any) -> None:
        services.delete_serial(world.staff, shop["serials"][0])
        original(self)

    monkeypatch.setattr(genealogy.GenealogyImport, "check_in_transaction", delete_first)
    result = run(world.staff, rows(shop, f"serial,{t},AK-00001,material_lot,,VT-01,1,,"
                                         "2024-03-05 07:30,"))
    assert [i.row for i in result.errors] == [2]
    assert not GenealogyEdge.objects.exists()


def test_deleting_an_item_with_genealogy_is_refused(world: World, shop: Any) -> None:
    from django.core.exceptions import ValidationError

    services.record_consumption(world.staff, output=shop["serials"][0].node,
                                inputs=[(shop["steel"].node, 1)])
    with pytest.raises(ValidationError):
        services.delete_material_lot(world.staff, shop["steel"])
    with pytest.raises(ValidationError):
        services.delete_serial(world.staff, shop["serials"][0])
    assert GenealogyEdge.objects.count() == 1


def test_item_deleted_between_the_checks_and_the_write(world: World, shop: Any,
                                                        monkeypatch: Any) -> None:
    """The rows naming an item deleted after the checks are refused under the writers' lock
    (edges carry no foreign key: the import checks that its nodes still exist)."""
    checked = GenealogyImport.check

    def check_then_delete(importer: GenealogyImport) -> None:
        checked(importer)
        services.delete_material_lot(world.staff, shop["steel"])

    monkeypatch.setattr(GenealogyImport, "check", check_then_delete)
    t = shop["type"]
    result = run(world.staff, rows(shop,
                                   f"serial,{t},AK-00001,lot,{t},L-01,1,,2024-03-05 07:30,",
                                   f"serial,{t},AK-00002,material_lot,,VT-01,1,,"
                                   "2024-03-05 07:30,"))
    assert [(i.row, i.message) for i in result.errors] == [
        (3, "Một mục mà dòng này nêu đã bị xóa trong lúc nhập.")]
    assert not GenealogyEdge.objects.exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")  # SQLite goes on after an error
def test_a_database_error_reaches_the_caller_as_it_was(world: World, shop: Any,
                                                        monkeypatch: Any) -> None:
    """Inside the caller's transaction (a test, a benchmark), dropping the temporary tables
    after an error failed too, and that second error hid the first."""
    def broken_check(importer: GenealogyImport) -> None:  # outside the write's savepoint
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM production_genealogyedge")

    monkeypatch.setattr(GenealogyImport, "check", broken_check)
    t = shop["type"]
    with pytest.raises(DatabaseError, match="no_such_column"):
        run(world.staff, rows(shop, f"serial,{t},AK-00001,lot,{t},L-01,1,,2024-03-05 07:30,"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_repeated_cells_judged_by_this_sessions_own_staged_table(world: World) -> None:
    """Another session's import has a staged table of the same name, with other statistics:
    they are not this import's."""
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432,
                            user=settings["USER"], dbname=settings["NAME"], autocommit=True)
    try:
        other.execute("CREATE TEMPORARY TABLE cnqp_bulk_stage AS SELECT g::text AS c_quantity "
                      "FROM generate_series(1, 50000) g")
        other.execute("ANALYZE cnqp_bulk_stage")
        ours = GenealogyImport(world.staff)
        ours.present = {"quantity"}
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE cnqp_bulk_stage AS SELECT '1'::text AS "
                           "c_quantity FROM generate_series(1, 50000)")
            cursor.execute("ANALYZE cnqp_bulk_stage")
            try:
                assert ours._repeated_columns(["quantity"]) == {"quantity": 1}
            finally:
                cursor.execute("DROP TABLE cnqp_bulk_stage")
    finally:
        other.close()


def test_rows_counted_as_staged_less_the_blank_ones(world: World, shop: Any,
                                                    monkeypatch: Any) -> None:
    """The count comes from the staging itself (COPY's count of each chunk, less the blank
    rows deleted), not from counting the table: blank rows between chunks are not rows."""
    monkeypatch.setattr(source, "CHUNK_BYTES", 64)  # several COPY chunks on PostgreSQL
    t = shop["type"]
    text = rows(shop,
                f"serial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,",
                ",,,,,,,,,",
                f"serial,{t},AK-00002,material_lot,,VT-01,1,,2024-03-05 07:30,",
                ",,,,,,,,,",
                f"serial,{t},AK-00003,material_lot,,VT-01,1,,2024-03-05 07:30,")
    result = run(world.staff, text)
    assert result.ok, result.errors
    assert (result.rows, result.created) == (3, {"edges": 3})
    assert run(world.staff, HEADER + "\n,,,,,,,,,\n").errors[0].row is None  # no data rows
