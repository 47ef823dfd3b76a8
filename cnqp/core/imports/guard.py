"""A workbook checked before any reader opens it.

The readers trust the file: python-calamine builds the sheet's whole rectangle in memory before
the first row comes out (cells at A1 and XFD1048576 ask for 512 GiB, and an allocation failure
in Rust aborts the process: the task worker died with it), and openpyxl walks every row element,
blank or not (a 0.9 MB workbook of 100 million blank rows took 95 s). So the archive is read
once here, as a reader would read it, and refused when it is larger than the limits say:

- every member is inflated from its own compressed bytes with our own count (the sizes an
  archive declares can lie), deflate or stored only, within `xml_bytes` altogether;
- no part may declare a DTD or an entity (OOXML never does; an entity can expand a billion
  times);
- in every XML part, the row and cell references (`<row r="12">`, `<c r="AB12">`) give the
  used rectangle, which must fit `rows`, `columns` and `cells`; a cell without a reference
  would be placed by counting, which only a full parse can bound, so it is refused.

Cost: one inflate and a few byte-level regular expressions over the XML, measured at about
0.1 s for 200,000 rows of ten columns (docs/bulk-imports.md).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from cnqp.core.imports.errors import ImportFileError

CHUNK = 4 << 20  # inflated bytes looked at in one pass
MAX_TAG = 64 << 10  # a tag longer than this is not one a sheet writer makes
MAX_MEMBERS = 10_000
LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
LOCAL_MAGIC = 0x04034B50

# an element may carry a namespace prefix (<x:c ...>): readers match the local name
ROW_REF = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?\br=\"([0-9]+)\"")
ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
CELL_REF = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\br=\"([A-Z]+)([0-9]+)\"")
CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")


def _unusual(digits: int) -> re.Pattern[bytes]:
    """What the quick pass looks for: a declaration, or a row or cell tag that does not start
    with a reference of one column letter and fewer than `digits` row digits. A block without
    any is within 26 columns and 10^(digits-1) rows; a block with one is measured exactly."""
    return re.compile(rb'<(?:c(?! r="[A-Z][0-9]{1,%d}")[\s/>]|row(?! r="[0-9]{1,%d}")[\s/>]'
                      rb"|!(?:DOCTYPE|ENTITY))" % (digits - 1, digits - 1))


PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # <x:c ...>: rare, measured exactly


@dataclass(frozen=True)
class SheetLimits:
    """What a sheet may use: its last row and column, the cells of its used rectangle (what a
    reader allocates), and the workbook's inflated size, all parts together."""

    rows: int
    columns: int
    cells: int
    xml_bytes: int

    def __post_init__(self) -> None:
        # a block that passes the quick test reaches 26 columns and the rows below the first
        # power of ten of the limit: the limits must admit that much
        quick_rows = 10 ** (len(str(self.rows)) - 1) - 1
        assert self.columns >= 26 and self.cells >= 26 * quick_rows, self


# The register imports (a few thousand records a file) and the bulk imports (a sheet as large as
# Excel makes one: 1.048.576 rows); a bulk sheet's cells cost a reader about 32 bytes each.
REGISTER_SHEET = SheetLimits(rows=100_000, columns=200, cells=4_000_000, xml_bytes=256 << 20)
BULK_SHEET = SheetLimits(rows=1_048_576, columns=256, cells=28_000_000, xml_bytes=1 << 30)


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


@dataclass
class _Extent:
    """The used rectangle of the sheets seen so far, as a reader would lay it out."""

    quick: re.Pattern[bytes]
    quick_rows: int  # the rows a block passing the quick test may reach
    last_row: int = 0
    last_column: int = 0
    unnumbered_rows: int = 0  # placed after the row before them: each may add one

    def take(self, text: bytes) -> None:
        if not self.quick.search(text) and not PREFIXED.search(text):
            if CELL_TAG.search(text):
                self.last_row = max(self.last_row, self.quick_rows)
                self.last_column = max(self.last_column, 26)
            return
        if DECLARATION.search(text):
            raise ImportFileError(_("The workbook declares XML entities, which no spreadsheet "
                                    "program writes: it is refused."))
        refs = ROW_REF.findall(text)
        if refs:
            self.last_row = max(self.last_row, max(map(int, refs)))
        self.unnumbered_rows += len(ROW_TAG.findall(text)) - len(refs)
        cells = CELL_REF.findall(text)
        if len(cells) != len(CELL_TAG.findall(text)):
            raise ImportFileError(_(
                "The workbook has cells without an address: open it in Excel and save it "
                "again."))
        if cells:
            letters = {c for c, _ in cells}
            self.last_column = max(self.last_column, max(map(column_number, letters)))
            self.last_row = max(self.last_row, max(int(r) for _, r in cells))

    def check(self, limits: SheetLimits) -> None:
        rows = self.last_row + self.unnumbered_rows
        if rows > limits.rows:
            raise ImportFileError(too_many_rows(rows, limits.rows))
        if self.last_column > limits.columns:
            raise ImportFileError(_(
                "The sheet has cells in column %(column)d; at most %(max)d columns are read: "
                "delete the columns to the right of the data.")
                % {"column": self.last_column, "max": limits.columns})
        if rows * self.last_column > limits.cells:
            raise ImportFileError(_(
                "The sheet spans %(rows)s rows by %(columns)d columns, more cells than an "
                "import reads (%(max)s): split the file.")
                % {"rows": grouped(rows), "columns": self.last_column,
                   "max": grouped(limits.cells)})


def too_many_rows(row: int, limit: int) -> str:
    return _("The sheet goes on to row %(row)s; at most %(max)s rows are read: split the file, "
             "or delete the rows below the data.") % {"row": grouped(row), "max": grouped(limit)}


def grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_workbook(fileobj: IO[bytes], limits: SheetLimits) -> None:
    """Raise ImportFileError, naming what is too large, unless the workbook's sheets fit
    `limits`. The file is left at its start."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFileError(_("The file is not a readable XLSX workbook."))
            budget = limits.xml_bytes
            for member in members:
                budget -= _scan_member(fileobj, member, budget, limits)
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError) as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        fileobj.seek(0)


def _scan_member(fileobj: IO[bytes], member: zipfile.ZipInfo, budget: int,
                 limits: SheetLimits) -> int:
    """Inflate one member as a reader would, counting; scan it if it is XML. Its size."""
    is_xml = member.filename.endswith((".xml", ".rels", ".vml"))
    digits = len(str(limits.rows))
    extent = _Extent(_unusual(digits), 10 ** (digits - 1) - 1)
    carry = b""
    size = 0
    for block in _inflated(fileobj, member):
        size += len(block)
        if size > budget:
            raise ImportFileError(_(
                "The workbook holds more than %(max)d MB of data once unpacked: split the file.")
                % {"max": limits.xml_bytes >> 20})
        if not is_xml:
            continue
        text = carry + block
        cut = text.rfind(b"<")
        if cut < 0 or len(text) - cut > MAX_TAG:
            cut = len(text)
        text, carry = text[:cut], text[cut:]
        extent.take(text)
        extent.check(limits)  # early: a flood of rows is refused as soon as it passes the limit
    if carry:
        extent.take(carry)
        extent.check(limits)
    return size


def _inflated(fileobj: IO[bytes], member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's inflated bytes, block by block, from its own compressed bytes (what the
    central directory says of the inflated size is not trusted)."""
    fileobj.seek(member.header_offset)
    header = LOCAL_HEADER.unpack(fileobj.read(LOCAL_HEADER.size))
    if header[0] != LOCAL_MAGIC:
        raise zipfile.BadZipFile("bad local header")
    fileobj.seek(header[9] + header[10], 1)  # file name and extra field
    remaining = member.compress_size
    if member.compress_type == zipfile.ZIP_STORED:
        return _stored(fileobj, remaining)
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise ImportFileError(_("The workbook is compressed in a way spreadsheet programs do "
                                "not use: save it again from Excel."))
    return _deflated(fileobj, remaining)


def _stored(fileobj: IO[bytes], remaining: int) -> Iterator[bytes]:
    while remaining > 0:
        block = fileobj.read(min(CHUNK, remaining))
        if not block:
            raise EOFError
        remaining -= len(block)
        yield block


def _deflated(fileobj: IO[bytes], remaining: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15)
    while remaining > 0 and not inflater.eof:
        data = fileobj.read(min(1 << 20, remaining))
        if not data:
            raise EOFError
        remaining -= len(data)
        while data:
            block = inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            if block:
                yield block
    tail = inflater.flush()
    if tail:
        yield tail
