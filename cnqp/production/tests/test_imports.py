"""Register imports of production plans with their items, and of deliveries: every row with its
real dates, all or nothing, errors by row and column; the rules of history (no date in the
future, none before the step it follows, a right judged at the step's date); the page and the
command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from openpyxl import Workbook

from cnqp.core.models import AuditEntry
from cnqp.documents.choices import Purpose
from cnqp.documents.factories import UsageRightFactory
from cnqp.documents.models import UsageRight
from cnqp.production import services
from cnqp.production.choices import PlanItemStatus
from cnqp.production.imports import DeliveryImporter, PlanItemImporter
from cnqp.production.models import Delivery, PlanItem, ProductionPlan
from cnqp.production.tests.conftest import YEAR, accept, issued_type, serials, started

ITEM_HEADER = ["Năm kế hoạch", "Doanh nghiệp", "Mã chủng loại", "Sản xuất/sửa chữa",
               "Số lượng", "Hạn hoàn thành", "Nguồn kinh phí", "Độ mật", "Ngày bắt đầu",
               "Ngày hoàn thành"]
DELIVERY_HEADER = ["Số biên bản giao nhận", "Doanh nghiệp giao", "Đơn vị nhận", "Ngày giao",
                   "Số hiệu sản phẩm"]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(importer: Any, user: Any, rows: list[list[Any]]) -> Any:
    with translation.override("en"):
        return importer(user).run(io.BytesIO(xlsx(rows)), "register.xlsx")


def cells(result: Any) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in result.errors]


def item_row(world: Any, *, code: str | None = None, kind: str = "Sản xuất",
             quantity: int = 2, due: str = f"30/11/{YEAR}", started_on: Any = None,
             completed_on: Any = None, year: int = YEAR) -> list[Any]:
    return [year, "Z111", code or world.product_type.code, kind, quantity, due,
            "Ngân sách nhà nước (ngân sách quốc phòng)", "Thường", started_on, completed_on]


def future() -> str:
    return (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")


# --- plan items --------------------------------------------------------------------------------


def test_a_good_file_creates_the_plans_and_items_with_their_real_dates(world):
    repair_type, _rev = issued_type(world.org, rights=(Purpose.REPAIR,), code="SC-01")
    rows = [ITEM_HEADER,
            item_row(world, started_on=f"03/02/{YEAR}"),
            item_row(world, code="SC-01", kind="sửa chữa", started_on=dt.date(YEAR, 3, 1)),
            item_row(world, year=YEAR + 1, due=f"31/03/{YEAR + 1}")]
    result = run(PlanItemImporter, world.representative, rows)
    assert result.ok, result.errors
    assert result.created == 3
    assert ProductionPlan.objects.filter(enterprise=world.org.enterprise_a).count() == 2
    item = PlanItem.objects.get(product_type=world.product_type, plan__year=YEAR)
    assert (item.status, item.started_on) == (PlanItemStatus.IN_PROGRESS, dt.date(YEAR, 2, 3))
    repair = PlanItem.objects.get(product_type=repair_type)
    assert repair.kind == "repair" and repair.started_on == dt.date(YEAR, 3, 1)
    assert PlanItem.objects.get(plan__year=YEAR + 1).status == PlanItemStatus.PLANNED
    # The step keeps its own date; the audit entry records when and by whom it was entered.
    entry = AuditEntry.objects.filter(object_type="production.planitem",
                                      object_id=str(item.pk), action="update").get()
    assert entry.actor == world.representative
    assert entry.changes["started_on"][1] == f"{YEAR}-02-03"
    assert timezone.localtime(entry.at).date() == timezone.localdate()  # Hanoi's day, not UTC's
    assert AuditEntry.objects.filter(object_type="production.import").get().changes["rows"] == 3


def test_a_bad_row_writes_nothing_and_names_row_and_column(world):
    rows = [ITEM_HEADER, item_row(world), item_row(world, code="SP-404"),
            item_row(world, due=f"01/01/{YEAR + 1}", kind="Sản xuất và sửa chữa")]
    before = AuditEntry.objects.count()
    result = run(PlanItemImporter, world.representative, rows)
    assert not result.ok
    assert cells(result) == [(3, "Mã chủng loại"), (4, "Sản xuất/sửa chữa")]
    assert not PlanItem.objects.exists() and not ProductionPlan.objects.exists()
    assert AuditEntry.objects.count() == before
    rows = [ITEM_HEADER, item_row(world, due=f"01/01/{YEAR + 1}")]
    assert cells(run(PlanItemImporter, world.representative, rows)) == [(2, "Hạn hoàn thành")]


def test_dates_in_the_future_or_out_of_order_are_refused(world):
    rows = [ITEM_HEADER,
            item_row(world, started_on=future()),
            item_row(world, kind="Sửa chữa", started_on=f"01/05/{YEAR}",
                     completed_on=f"01/04/{YEAR}"),
            item_row(world, year=YEAR + 1, due=f"01/05/{YEAR + 1}",
                     completed_on=f"01/04/{YEAR + 1}")]
    result = run(PlanItemImporter, world.representative, rows)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(2, "Ngày bắt đầu")] == "The date cannot be in the future."
    assert "before “Ngày bắt đầu”" in messages[(3, "Ngày hoàn thành")]
    assert "“Ngày bắt đầu”" in messages[(4, "Ngày hoàn thành")]
    assert not PlanItem.objects.exists()


def test_a_right_expired_today_allows_a_start_while_it_was_in_force(world):
    UsageRight.objects.filter(enterprise=world.org.enterprise_a).update(
        valid_to=dt.date(YEAR, 6, 30))
    refused = run(PlanItemImporter, world.representative,
                  [ITEM_HEADER, item_row(world, started_on=f"01/08/{YEAR}")])
    assert cells(refused) == [(2, "Ngày bắt đầu")]
    assert "01/08/2024" in refused.errors[0].message
    result = run(PlanItemImporter, world.representative,
                 [ITEM_HEADER, item_row(world, started_on=f"01/03/{YEAR}")])
    assert result.ok, result.errors
    assert PlanItem.objects.get().started_on == dt.date(YEAR, 3, 1)


def test_completion_needs_the_accepted_output_then_a_second_import_completes(world):
    row = item_row(world, started_on=f"01/02/{YEAR}", completed_on=f"20/06/{YEAR}")
    refused = run(PlanItemImporter, world.representative, [ITEM_HEADER, row])
    assert cells(refused) == [(2, "Ngày hoàn thành")]
    assert "0 of 2" in refused.errors[0].message
    first = run(PlanItemImporter, world.representative, [ITEM_HEADER, [*row[:-1], None]])
    assert first.created == 1
    item = PlanItem.objects.get()
    for unit in serials(world, item, 2):
        accept(world, unit.node, date=dt.date(YEAR, 6, 1))
    again = run(PlanItemImporter, world.representative, [ITEM_HEADER, row])
    assert again.ok, again.errors
    assert again.updated == 1
    item.refresh_from_db()
    assert (item.status, item.completed_on) == (PlanItemStatus.COMPLETED, dt.date(YEAR, 6, 20))
    # the recorded history is not rewritten by a later file
    changed = run(PlanItemImporter, world.representative,
                  [ITEM_HEADER, item_row(world, started_on=f"02/02/{YEAR}",
                                         completed_on=f"20/06/{YEAR}")])
    assert cells(changed) == [(2, "Ngày bắt đầu")]
    more = run(PlanItemImporter, world.representative,
               [ITEM_HEADER, item_row(world, quantity=3, started_on=f"01/02/{YEAR}",
                                      completed_on=f"20/06/{YEAR}")])
    assert cells(more) == [(2, "Số lượng")]
    # the same file again: nothing to do
    assert run(PlanItemImporter, world.representative, [ITEM_HEADER, row]).unchanged == 1


def test_enterprise_staff_import_only_their_own_plans(world):
    rows = [ITEM_HEADER, item_row(world)]
    rows[1][1] = "Z113"
    result = run(PlanItemImporter, world.staff, rows)
    assert cells(result) == [(2, "Doanh nghiệp")]


def test_the_page_and_the_command(world, client_for, tmp_path: Path):
    client = client_for(world.representative)
    page = client.get("/production/import/plan-items/")
    assert page.status_code == 200
    response = client.post("/production/import/plan-items/", {
        "file": SimpleUploadedFile("kh.xlsx", xlsx([ITEM_HEADER, item_row(world)]))})
    assert response.context["result"].created == 1
    assert client.get("/production/import/plan-items/template.xlsx").status_code == 200
    path = tmp_path / "kh.xlsx"
    path.write_bytes(xlsx([ITEM_HEADER, item_row(world, year=YEAR + 1,
                                                 due=f"01/05/{YEAR + 1}")]))
    call_command("import_production", "plan-items", str(path), "--user", "khdt")
    assert PlanItem.objects.count() == 2
    path.write_bytes(xlsx([ITEM_HEADER, item_row(world, code="SP-404")]))
    with pytest.raises(CommandError):
        call_command("import_production", "plan-items", str(path), "--user", "khdt")


def test_the_command_takes_the_modes_of_every_import(world, tmp_path: Path):
    """`--dry-run`, `--add-only` and `--clear-blanks`, as the other import commands: before,
    `import_production plan-items --dry-run` was refused as an unknown option."""
    path = tmp_path / "kh.xlsx"
    path.write_bytes(xlsx([ITEM_HEADER, item_row(world)]))
    out = io.StringIO()
    call_command("import_production", "plan-items", str(path), "--user", "khdt", "--dry-run",
                 stdout=out)
    assert "would be created" in out.getvalue() and not PlanItem.objects.exists()
    call_command("import_production", "plan-items", str(path), "--user", "khdt", "--add-only",
                 stdout=io.StringIO())
    assert PlanItem.objects.count() == 1
    with pytest.raises(CommandError, match="for plan-items and deliveries only"):
        call_command("import_production", "genealogy", str(path), "--user", "khdt",
                     "--dry-run")


# --- deliveries --------------------------------------------------------------------------------


@pytest.fixture
def accepted_units(world):
    units = serials(world, started(world, quantity=4), 4)
    for unit in units[:3]:
        accept(world, unit.node, date=dt.date(YEAR, 6, 1))
    return units


def delivery_row(number: str, date: Any, numbers: str) -> list[Any]:
    return [number, "Z111", "SD304", date, numbers]


def test_deliveries_import_with_their_real_dates(world, accepted_units):
    a, b, c, _d = (u.serial_number for u in accepted_units)
    result = run(DeliveryImporter, world.staff, [
        DELIVERY_HEADER, delivery_row("12/BBGN", f"02/07/{YEAR}", f"{a}, {b}"),
        delivery_row("13/BBGN", dt.date(YEAR, 9, 1), c.lower())])
    assert result.ok, result.errors
    first = Delivery.objects.get(document_number="12/BBGN")
    assert first.date == dt.date(YEAR, 7, 2) and first.recipient == world.org.user_unit
    assert sorted(first.serials.values_list("serial_number", flat=True)) == [a, b]
    assert Delivery.objects.get(document_number="13/BBGN").serials.get().serial_number == c


def test_a_bad_delivery_row_writes_nothing(world, accepted_units):
    a, b, c, d = (u.serial_number for u in accepted_units)
    result = run(DeliveryImporter, world.staff, [
        DELIVERY_HEADER, delivery_row("12/BBGN", f"02/07/{YEAR}", a),
        delivery_row("13/BBGN", f"02/07/{YEAR}", f"{d}, KHONG-CO"),
        delivery_row("14/BBGN", future(), b),
        delivery_row("15/BBGN", f"20/05/{YEAR}", c),
        delivery_row("16/BBGN", f"02/08/{YEAR}", a)])
    messages: dict[tuple[int | None, str], str] = {}
    for e in result.errors:
        messages[(e.row, e.column)] = messages.get((e.row, e.column), "") + e.message
    assert set(messages) == {(3, "Số hiệu sản phẩm"), (4, "Ngày giao"), (5, "Ngày giao"),
                             (6, "Số hiệu sản phẩm")}
    assert "KHONG-CO" in messages[(3, "Số hiệu sản phẩm")]
    assert "before the final acceptance" in messages[(5, "Ngày giao")]
    assert not Delivery.objects.exists()


def test_the_service_refuses_a_delivery_before_the_acceptance(world, accepted_units):
    with pytest.raises(ValidationError) as error:
        services.create_delivery(world.staff, document_number="1", date=dt.date(YEAR, 5, 31),
                                 enterprise=world.org.enterprise_a,
                                 recipient=world.org.user_unit, serials=accepted_units[:1])
    assert "date" in error.value.message_dict
    delivery = services.create_delivery(
        world.staff, document_number="1", date=dt.date(YEAR, 6, 1),
        enterprise=world.org.enterprise_a, recipient=world.org.user_unit,
        serials=accepted_units[:1])
    with pytest.raises(ValidationError):
        services.update_delivery(world.staff, delivery, date=dt.date(YEAR, 5, 1))


def test_output_is_not_made_before_its_item_started_or_its_revision_was_issued(world):
    item = started(world)  # started 01/02/YEAR
    with pytest.raises(ValidationError) as error:
        services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                made_date=dt.date(YEAR, 1, 15), prefix="X-", count=1)
    assert "made_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_lot(world.staff, lot_number="L1", product_type=world.product_type,
                            enterprise=world.org.enterprise_a, revision=world.revision,
                            quantity=5, made_date=dt.date(2019, 12, 1))
    assert "made_date" in error.value.message_dict


def test_an_expired_right_still_allows_a_historical_start(world):
    UsageRightFactory(document_set=world.revision.document_set, enterprise=world.org.enterprise_b,
                      purpose=Purpose.PRODUCTION, valid_from=dt.date(2021, 1, 1),
                      valid_to=dt.date(2022, 12, 31))
    plan = services.create_plan(world.admin, year=2022, enterprise=world.org.enterprise_b)
    item = services.create_plan_item(world.staff_b, plan=plan, product_type=world.product_type,
                                     kind="production", quantity=1,
                                     due_date=dt.date(2022, 10, 1),
                                     funding_source="state_budget")
    with pytest.raises(ValidationError):
        services.start_plan_item(world.staff_b, item)  # today: expired
    item = services.start_plan_item(world.staff_b, item, on_date=dt.date(2022, 3, 1))
    assert item.started_on == dt.date(2022, 3, 1)
