"""Reading an import file, for both engines: which format it is, and CSV (UTF-8 with or without
a BOM; comma, semicolon or tab, guessed from the header line). The register engine reads a
table here (`read_table`: the first sheet of an XLSX workbook streamed by openpyxl, or a CSV);
the bulk engine reads its `Source` (python-calamine, or the CSV's bytes for COPY) with the same
CSV header and records. Row numbers are those a spreadsheet shows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cnqp.core.imports.errors import ImportFileError
from cnqp.core.imports.guard import REGISTER_SHEET, check_workbook, too_many_rows
from cnqp.core.text import nfc

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
BOM = b"\xef\xbb\xbf"
DELIMITERS = (",", ";", "\t")


def normalise_cell(value: Any) -> Any:
    """Text NFC and trimmed; an empty cell None."""
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    return value


def detect_format(name: str, head: bytes) -> str:
    lower = name.lower()
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC) or lower.endswith(".xls"):
        raise ImportFileError(_("Old .xls workbooks are not read: save the file as .xlsx."))
    if lower.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("The file is not a readable XLSX workbook."))
    return "csv"


# --- CSV ---------------------------------------------------------------------------------------


@dataclass
class Header:
    """A file's header row: its cells; for a CSV, its delimiter and where the data starts."""

    cells: list[str]
    delimiter: str = ","
    data_offset: int = 0  # in bytes
    blank: bool = False  # a CSV whose first line is only white space


@contextmanager
def csv_errors() -> Iterator[None]:
    """A CSV that is not UTF-8, or that the csv module cannot parse, as the file's error."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")) \
            from exc
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) \
            from exc


def _raw(fileobj: IO[bytes]) -> IO[bytes]:
    return getattr(fileobj, "file", fileobj)  # Django's UploadedFile wraps the real file


def csv_header(fileobj: IO[bytes]) -> Header | None:
    """The first line of a CSV (None when the file is empty); the delimiter is the one of
    comma, semicolon and tab it holds most of."""
    raw = _raw(fileobj)
    first = raw.readline()
    offset = raw.tell()
    if first.startswith(BOM):
        first = first[len(BOM):]
    with csv_errors():
        line = first.decode("utf-8")
    if not line:
        return None
    counts = {d: line.count(d) for d in DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    return Header(cells, delimiter, offset, blank=not line.strip())


def csv_records(fileobj: IO[bytes], header: Header,
                start: int = 2) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) of every record after the header, blank ones included (as no
    cells); numbered from `start`."""
    raw = _raw(fileobj)
    raw.seek(header.data_offset)
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        with csv_errors():
            yield from enumerate(csv.reader(text, delimiter=header.delimiter), start=start)
    finally:
        text.detach()  # closing the wrapper must not close the file


# --- the register engine's table ---------------------------------------------------------------


def _xlsx_rows(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    check_workbook(fileobj, REGISTER_SHEET)
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store wrong dimensions; do not trust them
        for cells in sheet.iter_rows(values_only=True):
            yield list(cells)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        book.close()


def _csv_rows(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    header = csv_header(fileobj)
    if header is None:
        return  # an empty file
    yield header.cells
    for _number, cells in csv_records(fileobj, header):
        yield cells


def read_table(fileobj: IO[bytes], name: str = "") -> Iterator[tuple[int, list[Any]]]:
    """(row number as Excel shows it, cells) of the first sheet of an XLSX file or of a CSV
    file, streamed, header row included; blank rows count against the sheet's row limit, so
    a flood of them ends early."""
    head = fileobj.read(4)
    fileobj.seek(0)
    rows = _xlsx_rows(fileobj) if detect_format(name, head) == "xlsx" else _csv_rows(fileobj)
    for number, cells in enumerate(rows, start=1):
        if number > REGISTER_SHEET.rows:
            raise ImportFileError(too_many_rows(number, REGISTER_SHEET.rows))
        yield number, cells


def file_sha256(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for block in iter(lambda: fileobj.read(1 << 16), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()
