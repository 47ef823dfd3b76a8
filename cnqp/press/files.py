"""The files a press item may carry: the article as PDF or Office file, a scan or a still as
an image; checked by their magic bytes (and an Office file by its parts) before anything is
written (core.uploads)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO

from django.utils.translation import gettext as _

from cnqp.core.uploads import IMAGE_TYPES, FileType, starts_with

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def _office(part: str) -> Callable[[IO[bytes]], str | None]:
    def check(stream: IO[bytes]) -> str | None:
        try:
            with zipfile.ZipFile(stream) as archive:
                members = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            members = set()
        if "[Content_Types].xml" not in members or part not in members:
            return _("it is not an Office Open XML document of this kind")
        return None

    return check


OOXML = "application/vnd.openxmlformats-officedocument"
FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", "application/pdf", _is_pdf),
    **IMAGE_TYPES,
    ".docx": FileType("DOCX", f"{OOXML}.wordprocessingml.document",
                      starts_with(*ZIP_SIGNATURES), _office("word/document.xml")),
    ".xlsx": FileType("XLSX", f"{OOXML}.spreadsheetml.sheet",
                      starts_with(*ZIP_SIGNATURES), _office("xl/workbook.xml")),
    ".pptx": FileType("PPTX", f"{OOXML}.presentationml.presentation",
                      starts_with(*ZIP_SIGNATURES), _office("ppt/presentation.xml")),
    ".doc": FileType("DOC", "application/msword", starts_with(OLE_SIGNATURE)),
}
