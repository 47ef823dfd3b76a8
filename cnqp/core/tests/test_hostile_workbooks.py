"""Hostile workbooks are refused before a reader opens them, with a message that says what is
too large: the dense reader of the bulk imports (calamine) and the streaming reader of the
register imports (openpyxl) alike. Each case once crashed the task worker or took minutes."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from cnqp.core.imports.bulk.source import Source
from cnqp.core.imports.guard import BULK_SHEET, REGISTER_SHEET, SheetLimits, check_workbook
from cnqp.core.imports.reading import ImportFileError, read_table
from cnqp.core.testing import hostile

HEADERS = ["Mã", "Tên"]


def refusal(data: bytes, limits: SheetLimits = BULK_SHEET) -> str:
    """The message, in English (the Vietnamese one is checked through a page)."""
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        check_workbook(io.BytesIO(data), limits)
    return str(caught.value)


def openpyxl_workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append([f"SP-{n}", "Súng trường", 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_ordinary_workbook_passes_and_is_left_at_its_start() -> None:
    data = io.BytesIO(openpyxl_workbook(2000))
    check_workbook(data, REGISTER_SHEET)
    assert data.tell() == 0


def test_a_sheet_at_the_far_corner_is_refused_by_both_readers() -> None:
    data = hostile.corners(HEADERS)
    assert len(data) < 2000
    assert "16384" in refusal(data)
    with pytest.raises(ImportFileError, match="16384"):
        Source.open(io.BytesIO(data), "a.xlsx")
    with pytest.raises(ImportFileError, match=r"1\.048\.576"):  # the register's rows are fewer
        list(read_table(io.BytesIO(data), "a.xlsx"))


def test_rows_past_the_limit_are_refused_naming_the_row() -> None:
    data = hostile.workbook(hostile.header_row(HEADERS) + '<row r="2000000"><c r="A2000000">'
                            "<v>1</v></c></row>")
    assert "2.000.000" in refusal(data)


def test_a_flood_of_blank_rows_ends_early() -> None:
    data = hostile.blank_rows(HEADERS, 150_000)
    started = time.perf_counter()
    message = refusal(data, REGISTER_SHEET)
    assert "100.000" in message
    with pytest.raises(ImportFileError):
        list(read_table(io.BytesIO(data), "a.xlsx"))
    assert time.perf_counter() - started < 5  # it took 95 s of CPU at 100 million rows


def test_blank_rows_in_a_csv_count_against_the_limit() -> None:
    data = ("Mã,Tên\n" + "\n" * (REGISTER_SHEET.rows + 5)).encode()
    with pytest.raises(ImportFileError, match=r"100\.000"):
        list(read_table(io.BytesIO(data), "a.csv"))


def test_entities_are_refused() -> None:
    assert "entities" in refusal(hostile.billion_laughs())


@pytest.mark.parametrize("cells", [
    '<c r="A1"><v>1</v></c><c s="1" r="XFD1"><v>1</v></c>',  # the reference not first
    '<x:c r="A1"><v>1</v></x:c><x:c r="XFD1"><v>1</v></x:c>',  # a namespace prefix
])
def test_references_are_found_however_written(cells: str) -> None:
    assert "16384" in refusal(hostile.workbook(f'<row r="1">{cells}</row>'))


def test_cells_without_an_address_are_refused() -> None:
    message = refusal(hostile.workbook('<row r="1"><c><v>1</v></c></row>'))
    assert "without an address" in message


def test_an_archive_larger_once_unpacked_than_the_limit_is_refused() -> None:
    small = SheetLimits(rows=1_048_576, columns=26, cells=28_000_000, xml_bytes=1 << 20)
    data = hostile.zeros_member(2 << 20)
    assert len(data) < 10_000
    assert "MB" in refusal(data, small)


def test_declared_sizes_are_not_trusted() -> None:
    small = SheetLimits(rows=1_048_576, columns=26, cells=28_000_000, xml_bytes=1 << 20)
    data = hostile.lying_sizes(hostile.zeros_member(2 << 20), declared=100)
    assert "MB" in refusal(data, small)


def test_an_unusual_compression_is_refused() -> None:
    data = hostile.workbook(hostile.header_row(HEADERS), compression=zipfile.ZIP_BZIP2)
    refusal(data)


@pytest.mark.parametrize("data", [b"PK\x03\x04 not a zip", b"PK\x03\x04" + bytes(100)])
def test_a_broken_archive_is_refused(data: bytes) -> None:
    refusal(data)
