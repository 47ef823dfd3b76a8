"""Importing the registers: a good file writes every row through the services (exhibitions:
the rows of one event make one exhibition); a bad row writes nothing and is named by row and
column; the command does the same."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cnqp.cooperation.imports import AgreementImporter, ContractImporter, ExhibitionImporter
from cnqp.cooperation.models import Agreement, Exhibition, ExhibitionEntry, ExportContract
from cnqp.cooperation.tests.conftest import World
from cnqp.core.imports import ImportMode

AGREEMENT: dict[str, Any] = {
    "Nước": "Belarus", "Đối tác": "Ủy ban Công nghiệp quân sự quốc gia Belarus",
    "Nội dung": "Kế hoạch cụ thể hóa thỏa thuận sản xuất linh kiện",
    "Loại văn bản": "Kế hoạch cụ thể hóa", "Tình trạng": "Có hiệu lực", "Ngày ký": "11/10/2023",
    "Hiệu lực đến": "31/12/2025", "Đơn vị chủ trì": "Z111", "Độ mật": "Mật"}
CONTRACT: dict[str, Any] = {
    "Doanh nghiệp": "Z111", "Số hợp đồng": "01/2023/HĐXK", "Nước": "Lào",
    "Bên mua": "Bộ Quốc phòng Lào", "Hàng hóa": "Súng cối 60 mm",
    "Loại sản phẩm": "Sản phẩm quốc phòng", "Ngày ký": "01/06/2023",
    "Giá trị (đồng)": 12_500_000_000, "Ngoại tệ": "USD", "Số tiền ngoại tệ": 520000,
    "Độ mật": "Mật"}
ENTRY: dict[str, Any] = {
    "Sự kiện": "Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023", "Loại sự kiện": "Diễn đàn",
    "Quốc tế": "Có", "Nước": "Liên bang Nga", "Địa điểm": "Công viên Patriot, Kubinka",
    "Từ ngày": "14/08/2023", "Đến ngày": "20/08/2023",
    "Đơn vị tổ chức": "Bộ Quốc phòng Liên bang Nga", "Đơn vị chủ trì": "BTM",
    "Độ mật": "Thường", "Đơn vị tham gia": "Z111", "Sản phẩm trưng bày": "Súng cối 60 mm",
    "Số sản phẩm": 4, "Số hợp đồng ký": 1}


def xlsx(rows: list[dict[str, Any]]) -> io.BytesIO:
    header = list(dict.fromkeys(key for row in rows for key in row))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(key) for key in header])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_agreements(world: World) -> None:
    rows = [AGREEMENT, {**AGREEMENT, "Nước": "Ấn Độ", "Đơn vị chủ trì": "Z111-PX1",
                        "Tình trạng": "Đang đàm phán", "Ngày ký": "", "Hiệu lực đến": "",
                        "Độ mật": "Thường"}]
    result = AgreementImporter(world.enterprise).run(xlsx(rows), "thoa-thuan.xlsx")
    assert result.ok and result.created == 2
    assert sorted(Agreement.objects.values_list("country", "status", "classification")) == [
        ("Belarus", "in_force", 1), ("Ấn Độ", "negotiating", 0)]


def test_a_bad_agreements_register_writes_nothing(world: World) -> None:
    rows = [AGREEMENT,
            {**AGREEMENT, "Ngày ký": "11/10/2099"},  # in the future
            {**AGREEMENT, "Đơn vị chủ trì": "Z113"},  # not the importer's unit
            {**AGREEMENT, "Hiệu lực đến": "01/01/2020"},  # ends before it was signed
            {**AGREEMENT, "Độ mật": "Tối mật"},  # above the importer's clearance
            {**AGREEMENT, "Tình trạng": "Đang đàm phán"}]  # not signed: no date
    rows = [rows[0], *({**row, "Nội dung": f"Nội dung {n}"} for n, row in enumerate(rows[1:]))]
    result = AgreementImporter(world.enterprise).run(xlsx(rows), "thoa-thuan.xlsx")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Ngày ký"), (4, "Đơn vị chủ trì"), (5, "Hiệu lực đến"), (6, "Độ mật"),
        (7, "Ngày ký")}
    assert not Agreement.objects.exists()


def test_contracts(world: World) -> None:
    rows = [CONTRACT, {**CONTRACT, "Số hợp đồng": "02/2023/HĐXK", "Ngoại tệ": "",
                       "Số tiền ngoại tệ": None, "Loại sản phẩm": "Kinh tế"}]
    result = ContractImporter(world.enterprise).run(xlsx(rows), "hop-dong.xlsx")
    assert result.ok and result.created == 2
    assert sum(ExportContract.objects.values_list("value", flat=True)) == 25_000_000_000
    again = ContractImporter(world.enterprise).run(xlsx([CONTRACT]), "hop-dong.xlsx")
    assert not again.ok and {(e.row, e.column) for e in again.errors} == {(2, "Số hợp đồng")}


def test_a_bad_contracts_register_writes_nothing(world: World) -> None:
    rows = [CONTRACT, {**CONTRACT, "Số hợp đồng": "02"},
            {**CONTRACT, "Số hợp đồng": "01/2023/HĐXK", "Ngày ký": "02/06/2023"},  # row 2's
            {**CONTRACT, "Số hợp đồng": "03", "Giá trị (đồng)": 0},
            {**CONTRACT, "Số hợp đồng": "04", "Ngoại tệ": ""},
            {**CONTRACT, "Số hợp đồng": "05", "Loại sản phẩm": "Dịch vụ"}]
    result = ContractImporter(world.enterprise).run(xlsx(rows), "hop-dong.xlsx")
    assert {(e.row, e.column) for e in result.errors} == {
        (4, "Số hợp đồng"), (5, "Giá trị (đồng)"), (6, "Số tiền ngoại tệ"),
        (7, "Loại sản phẩm")}
    assert not ExportContract.objects.exists()


def test_exhibitions_and_entries(world: World) -> None:
    rows = [ENTRY, {**ENTRY, "Đơn vị tham gia": "Z113", "Số sản phẩm": 3},
            {**ENTRY, "Sự kiện": "IDEX 2023", "Loại sự kiện": "Triển lãm",
             "Nước": "Các Tiểu vương quốc Ả Rập thống nhất", "Địa điểm": "Abu Dhabi",
             "Từ ngày": "20/02/2023", "Đến ngày": "24/02/2023", "Số sản phẩm": 2}]
    result = ExhibitionImporter(world.staff).run(xlsx(rows), "trien-lam.xlsx")
    assert result.ok and result.created == 3
    assert Exhibition.objects.count() == 2
    army = Exhibition.objects.get(name__endswith="ARMY-2023")
    assert sorted(army.entries.values_list("unit__code", "product_count")) == [
        ("Z111", 4), ("Z113", 3)]


def test_a_bad_exhibitions_register_writes_nothing(world: World) -> None:
    rows = [ENTRY,
            {**ENTRY, "Đơn vị tham gia": "Z113", "Địa điểm": "Moskva"},  # disagrees with row 2
            {**ENTRY},  # Z111 again
            {**ENTRY, "Sự kiện": "Hội chợ", "Đến ngày": "01/08/2023"},  # ends before
            {**ENTRY, "Sự kiện": "Hội chợ 2", "Sản phẩm trưng bày": ""}]  # products unnamed
    result = ExhibitionImporter(world.staff).run(xlsx(rows), "trien-lam.xlsx")
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Địa điểm"), (4, "Đơn vị tham gia"), (5, "Đến ngày"), (6, "Sản phẩm trưng bày")}
    assert not Exhibition.objects.exists() and not ExhibitionEntry.objects.exists()


def test_the_command(world: World, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx([CONTRACT]).getvalue())
    bad.write_bytes(xlsx([{**CONTRACT, "Doanh nghiệp": "Z113"}]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_cooperation", "contracts", str(bad), "--user",
                     world.enterprise.username)
    assert not ExportContract.objects.exists()
    call_command("import_cooperation", "contracts", str(good), "--user",
                 world.enterprise.username, stdout=io.StringIO())
    assert ExportContract.objects.count() == 1


def test_a_register_imported_twice_records_nothing_twice(world: World) -> None:
    assert AgreementImporter(world.enterprise).run(xlsx([AGREEMENT]), "a.xlsx").ok
    again = AgreementImporter(world.enterprise).run(xlsx([AGREEMENT, {
        **AGREEMENT, "Nội dung": "Khác"}, {**AGREEMENT, "Nội dung": "khác "}]), "a.xlsx")
    assert {(e.row, e.column) for e in again.errors} == {(2, "Nội dung"), (4, "Nội dung")}
    assert Agreement.objects.count() == 1

    assert ExhibitionImporter(world.staff).run(xlsx([ENTRY]), "t.xlsx").ok
    twice = ExhibitionImporter(world.staff, mode=ImportMode.ADD_ONLY).run(
        xlsx([ENTRY]), "t.xlsx")
    assert {(e.row, e.column) for e in twice.errors} == {(2, "Sự kiện")}
    # adding and updating: a unit joins the recorded event, one already there is refused
    joined = ExhibitionImporter(world.staff, mode=ImportMode.ADD_AND_UPDATE).run(
        xlsx([ENTRY, {**ENTRY, "Đơn vị tham gia": "Z113"}]), "t.xlsx")
    assert {(e.row, e.column) for e in joined.errors} == {(2, "Đơn vị tham gia")}
    joined = ExhibitionImporter(world.staff, mode=ImportMode.ADD_AND_UPDATE).run(
        xlsx([{**ENTRY, "Đơn vị tham gia": "Z113", "Sự kiện": ENTRY["Sự kiện"].upper()}]),
        "t.xlsx")
    assert joined.ok and joined.created == 1
    assert Exhibition.objects.count() == 1
    assert sorted(ExhibitionEntry.objects.values_list("unit__code", flat=True)) == [
        "Z111", "Z113"]


def test_a_domestic_event_abroad_is_refused_on_its_country(world: World) -> None:
    result = ExhibitionImporter(world.staff).run(xlsx([{**ENTRY, "Quốc tế": "Không"}]),
                                                 "t.xlsx")
    assert {(e.row, e.column) for e in result.errors} == {(2, "Nước")}
    good = ExhibitionImporter(world.staff).run(xlsx([{
        **ENTRY, "Quốc tế": "Không", "Nước": "Viet Nam", "Địa điểm": "Nam Định"}]), "t.xlsx")
    assert good.ok and Exhibition.objects.get().country == "Việt Nam"
