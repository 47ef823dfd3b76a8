"""Importing the register of legal documents: a good file writes every row (one audit entry
per document, and one for the import); a bad file writes nothing and names row and column; the
command does the same."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.legal import services
from cnqp.legal.imports import LegalInstrumentImporter
from cnqp.legal.models import LegalInstrument
from cnqp.legal.tests.conftest import World

ROW: dict[str, Any] = {
    "Số, ký hiệu": "46/2015/TT-BQP", "Loại văn bản": "Thông tư",
    "Trích yếu": "Quy định về quản lý cơ sở công nghiệp quốc phòng",
    "Cơ quan ban hành": "Bộ Quốc phòng", "Ngày ban hành": "18/05/2015",
    "Ngày có hiệu lực": "03/07/2015", "Tình trạng": "Còn hiệu lực", "Ngày hết hiệu lực": "",
    "Hạn rà soát": "", "Đơn vị chủ trì": "VPTC", "Ghi chú": "", "Độ mật": "Thường"}


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


SECOND = {**ROW, "Số, ký hiệu": "1532/QĐ-TCCNQP", "Loại văn bản": "Quyết định",
          "Tình trạng": "Bị thay thế", "Ngày hết hiệu lực": "01/01/2021", "Độ mật": "Mật",
          "Hạn rà soát": "01/01/2020"}


def test_a_good_register_is_written(world: World) -> None:
    before = AuditEntry.objects.count()
    result = LegalInstrumentImporter(world.staff).run(xlsx([ROW, SECOND]), "he-thong.xlsx")
    assert result.ok and result.created == 2, result.errors
    rows = list(LegalInstrument.objects.order_by("number").values_list(
        "number", "kind", "status", "classification", "unit__code"))
    assert rows == [("1532/QĐ-TCCNQP", "decision", "replaced", 1, "VPTC"),
                    ("46/2015/TT-BQP", "circular", "in_force", 0, "VPTC")]
    assert str(LegalInstrument.objects.get(number="46/2015/TT-BQP").review_due_on) == \
        "2020-07-03"
    assert AuditEntry.objects.count() == before + 3


def test_a_bad_register_writes_nothing_and_names_row_and_column(world: World) -> None:
    rows = [ROW,
            {**ROW, "Số, ký hiệu": "2/2016", "Ngày ban hành": "18/05/2099"},
            {**ROW, "Số, ký hiệu": "3/2016", "Tình trạng": "Bị bãi bỏ"},
            {**ROW, "Số, ký hiệu": "4/2016", "Đơn vị chủ trì": "KHONGCO"},
            {**ROW, "Số, ký hiệu": "5/2016", "Loại văn bản": "Công văn"},
            ROW]
    before = AuditEntry.objects.count()
    result = LegalInstrumentImporter(world.staff).run(xlsx(rows), "bad.xlsx")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} >= {
        (3, "Ngày ban hành"), (4, "Ngày hết hiệu lực"), (5, "Đơn vị chủ trì"),
        (6, "Loại văn bản"), (7, "Số, ký hiệu")}
    assert not LegalInstrument.objects.exists() and AuditEntry.objects.count() == before


def test_the_command(world: World, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx([ROW]).getvalue())
    bad.write_bytes(xlsx([ROW, {**ROW, "Số, ký hiệu": "9/2016", "Độ mật": ""}]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_legal_instruments", str(bad), "--user", world.staff.username)
    assert not LegalInstrument.objects.exists()
    call_command("import_legal_instruments", str(good), "--user", world.staff.username,
                 stdout=io.StringIO())
    assert LegalInstrument.objects.count() == 1


def test_a_number_already_recorded_in_any_case_is_refused(world: World) -> None:
    assert LegalInstrumentImporter(world.staff).run(xlsx([ROW]), "a.xlsx").ok
    again = {**ROW, "Số, ký hiệu": "46/2015/tt-bqp", "Trích yếu": "Khác"}
    result = LegalInstrumentImporter(world.staff).run(xlsx([SECOND, again]), "b.xlsx")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {(3, "Số, ký hiệu")}
    assert LegalInstrument.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditAction.PROBE).exists()


def test_a_number_taken_by_a_hidden_document_is_audited_as_a_probe(world: World) -> None:
    services.create_instrument(None, number="46/2015/TT-BQP", kind="circular", title="Tối mật",
                               authority="Bộ Quốc phòng", issued_on=dt.date(2015, 5, 18),
                               unit=world.office, classification=Classification.TOP_SECRET)
    result = LegalInstrumentImporter(world.staff).run(
        xlsx([{**ROW, "Số, ký hiệu": "46/2015/tt-bqp"}]), "c.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số, ký hiệu")]
    (probe,) = AuditEntry.objects.filter(action=AuditAction.PROBE)
    assert (probe.actor, probe.classification) == (world.staff, Classification.TOP_SECRET)


def test_a_document_ending_before_it_took_effect_is_refused(world: World) -> None:
    row = {**SECOND, "Ngày ban hành": "18/05/2015", "Ngày có hiệu lực": "03/07/2015",
           "Ngày hết hiệu lực": "01/07/2015", "Hạn rà soát": ""}
    result = LegalInstrumentImporter(world.staff).run(xlsx([ROW, row]), "d.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "Ngày hết hiệu lực")]
    assert not LegalInstrument.objects.exists()
