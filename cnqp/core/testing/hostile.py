"""Hostile workbooks, written byte by byte: what an attacker or a broken writer may upload.
Used by the bad-input tests of the import readers and of the upload routes."""

from __future__ import annotations

import io
import struct
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
              'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers: list[str]) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return '<row r="1">' + "".join(text_cell(f"{letters[i]}1", h)
                                   for i, h in enumerate(headers)) + "</row>"


def workbook(sheet_data: str | bytes, *, head: str = SHEET_HEAD,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A one-sheet workbook whose sheetData is `sheet_data`, as given."""
    body = sheet_data.encode() if isinstance(sheet_data, str) else sheet_data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", head.encode() + body + SHEET_TAIL.encode())
    return buffer.getvalue()


def corners(headers: list[str]) -> bytes:
    """Cells at A1 and XFD1048576 only: 1.7 KB that a dense reader lays out as 17 billion
    cells."""
    return workbook(header_row(headers) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c>'
                    "</row>")


def blank_rows(headers: list[str], count: int) -> bytes:
    """A header, then `count` empty row elements: megabytes of XML, kilobytes zipped."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, count + 2))
    return workbook(header_row(headers) + rows)


def billion_laughs() -> bytes:
    head = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;'
            '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    return workbook('<row r="1">' + text_cell("A1", "&lol2;") + "</row>", head=head)


def lying_sizes(real: bytes, declared: int) -> bytes:
    """`real` with every member's inflated size declared as `declared` bytes, in the local
    headers and the central directory alike (the CRCs left as they were)."""
    data = bytearray(real)
    offset = 0
    while (offset := data.find(b"PK\x03\x04", offset)) >= 0:
        struct.pack_into("<I", data, offset + 22, declared)
        offset += 4
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) >= 0:
        struct.pack_into("<I", data, offset + 24, declared)
        offset += 4
    return bytes(data)


def zeros_member(size: int) -> bytes:
    """A workbook with an extra part of `size` zero bytes: a zip bomb in small."""
    buffer = io.BytesIO(workbook('<row r="1">' + text_cell("A1", "x") + "</row>"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(size))
    return buffer.getvalue()


