"""Reading a bulk import file: a CSV (its header and records read as the register engine reads
them, `reading.csv_header` and `csv_records`; its bytes cut into whole records for COPY) or the
first sheet of an XLSX workbook (python-calamine: the workbook is parsed in Rust, rows come out
one by one). Cells leave here as text (or None), in the spellings the SQL parsers of
`functions.py` read: dates yyyy-mm-dd, moments yyyy-mm-dd hh:mm:ss, numbers with a decimal
comma, so a number typed in Excel and the same number typed in a CSV give the same value.

Row numbers are the ones a spreadsheet shows: the header is row 1 of a CSV; in a workbook
the header is the first non-empty row and rows keep their sheet numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any

from django.utils.translation import gettext as _

from cnqp.core.imports.guard import BULK_SHEET, check_workbook
from cnqp.core.imports.reading import (
    Header,
    ImportFileError,
    csv_header,
    csv_records,
    detect_format,
)

CHUNK_BYTES = 8 << 20


def cell_text(value: Any) -> str | None:
    """A workbook cell as the text the SQL parsers read; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Source:
    """An opened import file: its format, size, header, and its data rows on demand."""

    fileobj: IO[bytes]
    name: str
    format: str  # "csv" or "xlsx"
    size: int
    header: Header
    header_row: int = 1  # the header's row number
    column_offset: int = 0  # XLSX: index of the first column calamine returns
    last_row: int | None = None  # XLSX: the last row number, for progress
    _sheet: Any = None

    @classmethod
    def open(cls, fileobj: IO[bytes], name: str) -> Source:
        head = fileobj.read(4)
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
        kind = detect_format(name, head)
        if kind == "xlsx":
            return cls._open_xlsx(fileobj, name, size)
        header = csv_header(fileobj)
        if header is None or header.blank:
            raise ImportFileError(_("The file is empty: it needs a header row."))
        return cls(fileobj, name, "csv", size, header)

    @classmethod
    def _open_xlsx(cls, fileobj: IO[bytes], name: str, size: int) -> Source:
        from python_calamine import CalamineWorkbook

        check_workbook(fileobj, BULK_SHEET)  # calamine allocates the sheet's whole rectangle
        try:
            sheet = CalamineWorkbook.from_filelike(fileobj).get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own error types for broken files
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        rows = sheet.iter_rows()
        for number, cells in enumerate(rows, start=1):
            texts = [cell_text(c) for c in cells]
            if any(texts):
                source = cls(fileobj, name, "xlsx", size,
                             Header([t or "" for t in texts]), header_row=number,
                             column_offset=(sheet.start or (0, 0))[1],
                             last_row=(sheet.end or (0, 0))[0] + 1)
                source._sheet = rows
                return source
        raise ImportFileError(_("The file is empty: it needs a header row."))

    def rows(self) -> Iterator[tuple[int, list[str | None]]]:
        """(row number, cells as text) of every data row, blank rows included."""
        if self.format == "xlsx":
            number = self.header_row
            # a sheet's numbers and dates repeat (a quantity, a time): each converted once
            # (typed: 1, 1.0 and True are equal keys, but not the same cell)
            convert = lru_cache(maxsize=1 << 16, typed=True)(cell_text)
            for cells in self._sheet:
                number += 1
                # most cells are text: taken as they are, the others converted
                yield number, [c if c.__class__ is str and c else convert(c) for c in cells]
            return
        for number, cells in csv_records(self.fileobj, self.header, self.header_row + 1):
            yield number, [c if c != "" else None for c in cells]

    def record_chunks(self) -> Iterator[tuple[bytes, int]]:
        """CSV only: the data as byte chunks that each end on a record boundary (a line break
        outside quotes), with the bytes read so far: whole records for one COPY each."""
        self.fileobj.seek(self.header.data_offset)
        carry = b""
        read = self.header.data_offset
        while True:
            block = self.fileobj.read(CHUNK_BYTES)
            read += len(block)
            if not block:
                if carry:
                    yield carry, read
                return
            buffer = carry + block
            cut = _last_record_end(buffer)
            if cut < 0:
                carry = buffer
                continue
            carry = buffer[cut:]
            yield buffer[:cut], read


def _last_record_end(buffer: bytes) -> int:
    """The offset just after the last line break that ends a record (an even number of quotes
    before it), or -1. Chunks start on a record boundary, so quote parity starts even."""
    position = buffer.rfind(b"\n")
    while position >= 0:
        if buffer.count(b'"', 0, position) % 2 == 0:
            return position + 1
        position = buffer.rfind(b"\n", 0, position)
    return -1
