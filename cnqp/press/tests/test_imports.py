"""Importing a register of press items: a good file writes every row through `create_items`
(one audit entry per item, and one for the import); a bad row writes nothing and is named by
row and column; the command does the same."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cnqp.core.models import AuditEntry
from cnqp.press.imports import PressItemImporter
from cnqp.press.models import PressItem
from cnqp.press.tests.conftest import World

ROW: dict[str, Any] = {
    "Loại": "Phóng sự", "Tiêu đề": "Nhà máy Z111 vào mùa sản xuất",
    "Cơ quan báo chí": "Truyền hình Quốc phòng Việt Nam", "Ngày đăng, phát": "12/05/2023",
    "Đơn vị được phản ánh": "Z111", "Tác giả": "Trần Thu Hà", "Chủ đề": "Sản xuất",
    "Đường dẫn": "https://qpvn.vn/a", "Độ mật": "Thường"}


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


def test_a_good_register_is_written(world: World) -> None:
    rows = [ROW, {**ROW, "Loại": "Tin", "Đơn vị được phản ánh": "Z111-PX1", "Đường dẫn": ""}]
    before = AuditEntry.objects.count()
    result = PressItemImporter(world.enterprise).run(xlsx(rows), "so-theo-doi.xlsx")
    assert result.ok and result.created == 2
    items = list(PressItem.objects.order_by("pk"))
    assert [(i.kind, i.subject_unit.code, i.link) for i in items] == [
        ("report", "Z111", "https://qpvn.vn/a"), ("news", "Z111-PX1", "")]
    assert AuditEntry.objects.count() == before + 3  # the two items and the import


def test_a_bad_register_writes_nothing_and_names_row_and_column(world: World) -> None:
    rows = [ROW, {**ROW, "Ngày đăng, phát": "12/05/2099"},
            {**ROW, "Đường dẫn": "ftp://qpvn.vn/a"}, {**ROW, "Đơn vị được phản ánh": "Z113"},
            {**ROW, "Loại": "Bài thơ"}]
    before = AuditEntry.objects.count()
    result = PressItemImporter(world.enterprise).run(xlsx(rows), "so.xlsx")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Ngày đăng, phát"), (4, "Đường dẫn"), (5, "Đơn vị được phản ánh"), (6, "Loại")}
    assert not PressItem.objects.exists() and AuditEntry.objects.count() == before


def test_the_command(world: World, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx([ROW]).getvalue())
    bad.write_bytes(xlsx([{**ROW, "Đơn vị được phản ánh": "Z113"}]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_press", str(bad), "--user", world.enterprise.username)
    assert not PressItem.objects.exists()
    call_command("import_press", str(good), "--user", world.enterprise.username,
                 stdout=io.StringIO())
    assert PressItem.objects.count() == 1
