"""Files of revisions: upload with size and type checks, a SHA-256 taken on the way in and
checked on every way out, the copy register, and the stamp on classified PDFs.

- An upload is checked before anything is written: the revision is a draft, the size is within
  `CNQP_MAX_UPLOAD_BYTES`, the extension is allowed and the content really is of that type (its
  magic bytes, and for Office files and PDFs their structure). The bytes are then streamed to
  storage in chunks while their SHA-256 is computed; the stored name has a random component.
- A download re-hashes the stored bytes. A mismatch is refused (`ChecksumMismatch`) and the
  refusal written to the audit log before the exception leaves, outside any transaction of this
  module, so it stays even though the download fails.
- A download or print of a classified file takes the next copy number of that file (the file
  row is locked, so two downloads never share one), writes the copy register and the audit log,
  and a PDF is stamped on every page with its marking, the user, the time and the copy number.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache
from importlib import resources as package_files
from typing import IO, Any, Literal, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.core.text import nfc
from cnqp.core.uploads import (
    IMAGE_TYPES,
    FileType,
    clean_name,
    format_size,  # noqa: F401 (pages print sizes through this module)
    starts_with,
    store_checked,
)
from cnqp.core.uploads import check_upload as check_typed_upload
from cnqp.core.uploads import stored_digest as stored_file_digest
from cnqp.documents.choices import CopyAction, RevisionStatus
from cnqp.documents.models import DocumentCopy, Revision, RevisionFile

Action = Literal["download", "print", "view"]
ACTIONS: tuple[str, ...] = ("download", "print", "view")
COPY_ACTIONS = {"download": CopyAction.DOWNLOAD, "print": CopyAction.PRINT}

PDF = "application/pdf"
PREVIEWABLE = frozenset({PDF, "image/png", "image/jpeg"})

# The secrecy markings are fixed by the law on state secrets, in Vietnamese whatever the
# interface language: they are part of the document, not of the interface.
MARKINGS = {
    Classification.CONFIDENTIAL: "MẬT",
    Classification.SECRET: "TỐI MẬT",
    Classification.TOP_SECRET: "TUYỆT MẬT",
}


# --- type checks ------------------------------------------------------------------------------


def _is_pdf(head: bytes) -> bool:
    # Readers accept the header anywhere in the first 1024 bytes; so do we.
    return b"%PDF-" in head[:1024]


def _is_dwg(head: bytes) -> bool:
    # "AC1015", "AC1032" ... and the oldest "AC1.40", "AC2.10".
    return re.match(rb"AC(\d{4}|[12]\.\d\d)", head) is not None


_TEXT_CONTROLS = set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B}


def _is_text(head: bytes) -> bool:
    """Plain text: UTF-8, UTF-16 with its byte-order mark, or a legacy 8-bit Vietnamese
    encoding (TCVN3, VNI), which is text too. Binary content shows control bytes (NUL first
    of all) early; text has none but tab, line and page breaks."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return not any(byte in _TEXT_CONTROLS for byte in head)


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _zip_members(stream: IO[bytes]) -> set[str] | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _zip_structure(stream: IO[bytes]) -> str | None:
    return None if _zip_members(stream) is not None else _("the archive is damaged")


def _office_structure(part: str) -> Callable[[IO[bytes]], str | None]:
    def check(stream: IO[bytes]) -> str | None:
        members = _zip_members(stream)
        if members is None or "[Content_Types].xml" not in members or part not in members:
            return _("it is not an Office Open XML document of this kind")
        return None

    return check


def _pdf_structure(stream: IO[bytes]) -> str | None:
    """A PDF must open and not be password-protected: a classified one is stamped on every
    page when it is downloaded, which needs both."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            return _("it is password-protected, so it could not be stamped")
        if len(reader.pages) == 0:
            return _("it has no pages")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return _("it cannot be read as a PDF")
    return None


FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", PDF, _is_pdf, _pdf_structure),
    **IMAGE_TYPES,
    ".tif": FileType("TIFF", "image/tiff", starts_with(b"II*\x00", b"MM\x00*", b"II+\x00",
                                                  b"MM\x00+")),
    ".tiff": FileType("TIFF", "image/tiff", starts_with(b"II*\x00", b"MM\x00*", b"II+\x00",
                                                   b"MM\x00+")),
    ".docx": FileType(
        "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        starts_with(*ZIP_SIGNATURES), _office_structure("word/document.xml")),
    ".xlsx": FileType(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        starts_with(*ZIP_SIGNATURES), _office_structure("xl/workbook.xml")),
    ".dwg": FileType("DWG", "image/vnd.dwg", _is_dwg),
    ".txt": FileType("TXT", "text/plain", _is_text),
    ".zip": FileType("ZIP", "application/zip", starts_with(*ZIP_SIGNATURES), _zip_structure),
}
ALLOWED_EXTENSIONS = tuple(FILE_TYPES)


def check_upload(name: str, uploaded: File) -> FileType:
    """Refuse an empty or too large file, an extension that is not allowed, and content that is
    not what its extension says. Nothing is written."""
    return check_typed_upload(name, uploaded, FILE_TYPES, settings.CNQP_MAX_UPLOAD_BYTES)


# --- upload and delete ------------------------------------------------------------------------


def _check_draft(revision: Revision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_(
            "Revision %(number)s is %(status)s: files can be added or removed only while it is a "
            "draft. An issued revision and its files are immutable.") % {
            "number": revision.number, "status": revision.get_status_display().lower()})


def upload_revision_file(actor: User, revision: Revision, uploaded_file: File) -> RevisionFile:
    """Store a file of a draft revision with its SHA-256, size, type and original name."""
    _check_draft(revision)
    name = clean_name(uploaded_file.name or "")
    kind = check_upload(name, uploaded_file)
    record = RevisionFile(revision=revision, original_name=name,
                          content_type=kind.content_type, uploaded_by=actor)
    stored = store_checked(record, "file", name, uploaded_file, settings.CNQP_MAX_UPLOAD_BYTES)
    storage, stored_name = record.file.storage, stored.name
    try:
        with transaction.atomic():
            locked = Revision.objects.select_for_update().get(pk=revision.pk)
            _check_draft(locked)  # it may have been submitted meanwhile
            record.revision = locked
            record.size = stored.size
            record.sha256 = stored.sha256
            record.file.name = stored_name
            writes.create(actor, record)
    except BaseException:
        storage.delete(stored_name)
        raise
    return record


def delete_revision_file(actor: User, file: RevisionFile) -> None:
    """Remove a file of a draft; the stored bytes go once the removal is committed."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=file.revision_id)
        _check_draft(revision)
        storage, name = file.file.storage, file.file.name or ""
        writes.delete(actor, file)
        transaction.on_commit(lambda: storage.delete(name))


# --- download ---------------------------------------------------------------------------------


class FileRefused(Exception):
    """A stored file that cannot be delivered; the message says why, for the user."""

    def __init__(self, file: RevisionFile, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.message = message


class ChecksumMismatch(FileRefused):
    def __init__(self, file: RevisionFile, expected: str, actual: str | None) -> None:
        super().__init__(file, _(
            "The stored file “%(name)s” does not match the checksum taken at upload: it has been "
            "altered or damaged, so it is not delivered. The refusal is recorded in the audit "
            "log; tell the system administrator.") % {"name": file.original_name})
        self.expected = expected
        self.actual = actual


class StampFailed(FileRefused):
    def __init__(self, file: RevisionFile) -> None:
        super().__init__(file, _(
            "“%(name)s” is classified and could not be stamped with its marking and copy number, "
            "so it is not delivered.") % {"name": file.original_name})


class FileDownload(NamedTuple):
    content: File
    filename: str
    content_type: str


def open_stored(file: RevisionFile) -> File:
    return file.file.storage.open(file.file.name or "", "rb")


def stored_digest(file: RevisionFile) -> str | None:
    """The SHA-256 of the bytes in storage now; None when they are missing."""
    return stored_file_digest(file.file)


def _refuse(actor: User, file: RevisionFile, action: str, reason: str,
            **details: Any) -> None:
    """The refusal in the audit log, committed on its own (no transaction of ours is open)."""
    audit.record(AuditAction.DOWNLOAD, actor=actor, obj=file,
                 changes={"refused": reason, "mode": action, **details})


def open_for_download(actor: User, file: RevisionFile, *, action: Action = "download",
                      address: str | None = None) -> FileDownload:
    """The file's content for `actor`, after checking its SHA-256.

    Classified: a download or print takes the next copy number, is registered and audited, and
    a PDF comes stamped; a view (the preview) is audited and a PDF stamped without a number.
    Unclassified: served as stored; downloads and prints are audited, views are not.

    Call it outside a transaction: a refusal is audited before `ChecksumMismatch` is raised,
    and that entry must survive the failed download.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    file = RevisionFile.objects.select_related("revision__document_set").get(pk=file.pk)
    actual = stored_digest(file)
    if actual != file.sha256:
        _refuse(actor, file, action, "checksum mismatch" if actual else "file missing",
                expected=file.sha256, actual=actual or "")
        raise ChecksumMismatch(file, file.sha256, actual)
    level = classification_of(file)
    if level == Classification.UNCLASSIFIED:
        if action != "view":
            audit.record(AuditAction.DOWNLOAD, actor=actor, obj=file, changes={"mode": action})
        return FileDownload(open_stored(file), file.original_name,
                            file.content_type)
    try:
        with transaction.atomic():
            locked = RevisionFile.objects.select_for_update().get(pk=file.pk)
            number: int | None = None
            if action in COPY_ACTIONS:
                last = locked.copies.aggregate(n=Max("number"))["n"] or 0
                number = last + 1
            if file.content_type == PDF:
                content: File = ContentFile(
                    stamp_pdf(file, level=level, user=actor, at=timezone.now(), copy=number),
                    name=file.original_name)
            else:
                content = open_stored(file)
            if number is not None:
                DocumentCopy.objects.create(file=locked, number=number, user=actor,
                                            action=COPY_ACTIONS[action], address=address)
            audit.record(AuditAction.VIEW if action == "view" else AuditAction.DOWNLOAD,
                         actor=actor, obj=file,
                         changes={"mode": action, **({"copy": number} if number else {})})
    except StampError as exc:
        _refuse(actor, file, action, "cannot be stamped", error=str(exc)[:200])
        raise StampFailed(file) from exc
    return FileDownload(content, file.original_name, file.content_type)


# --- the stamp --------------------------------------------------------------------------------


class StampError(Exception):
    pass


FONT = "CNQPSans"
FONT_BOLD = "CNQPSans-Bold"


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Roboto (Apache 2.0, from the `font-roboto` package) covers Vietnamese: the PDF core
    fonts do not."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = package_files.files("font_roboto") / "files"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Roboto-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "Roboto-Bold.ttf")))


def stamp_lines(*, level: int, user: User, at: dt.datetime,
                copy: int | None) -> tuple[str, str, str]:
    """(marking, copy line, identification line), NFC so each letter is one glyph."""
    marking = MARKINGS.get(Classification(level), "")
    copy_line = f"Bản số {copy}" if copy is not None else "Bản xem trên màn hình"
    when = timezone.localtime(at) if timezone.is_aware(at) else at
    who = f"{user.username} ({user.full_name})" if user.full_name else user.username
    ident = f"{who} · {when:%d/%m/%Y %H:%M} · {copy_line}"
    return nfc(marking), nfc(copy_line), nfc(ident)


def _overlay(box: tuple[float, float, float, float], lines: tuple[str, str, str]) -> Any:
    """One page with the stamp, drawn for a visible box (left, bottom, width, height)."""
    from pypdf import PdfReader
    from reportlab.lib.colors import Color
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    left, bottom, width, height = box
    marking, copy_line, ident = lines
    red = Color(0.8, 0, 0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(left + width, bottom + height))
    size = max(8.0, min(width, height) / 40)
    margin = size
    centre = left + width / 2
    top = bottom + height - margin - size
    pdf.setFillColor(red)
    pdf.setStrokeColor(red)
    pdf.setLineWidth(max(0.8, size / 12))
    pdf.setFont(FONT_BOLD, size)
    text_width = stringWidth(marking, FONT_BOLD, size)
    pad = size * 0.4
    pdf.rect(centre - text_width / 2 - pad, top - pad, text_width + 2 * pad, size + pad * 1.4,
             stroke=1, fill=0)
    pdf.drawCentredString(centre, top, marking)
    pdf.setFont(FONT_BOLD, size * 0.7)
    pdf.drawCentredString(centre, top - pad - size * 0.9, copy_line)
    small = min(size * 0.6, (width - 2 * margin) / max(stringWidth(ident, FONT, 1), 1))
    pdf.setFont(FONT, small)
    pdf.drawCentredString(centre, bottom + margin * 0.6, ident)
    pdf.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def stamp_pdf(file: RevisionFile, *, level: int, user: User, at: dt.datetime,
              copy: int | None) -> bytes:
    """The stored PDF with the stamp on every page."""
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError

    register_fonts()
    lines = stamp_lines(level=level, user=user, at=at, copy=copy)
    overlays: dict[tuple[float, float, float, float], Any] = {}
    try:
        with open_stored(file) as handle:
            writer = PdfWriter(clone_from=handle)
            for page in writer.pages:
                if page.rotation % 360:
                    page.transfer_rotation_to_content()
                crop = page.cropbox
                box = (float(crop.left), float(crop.bottom), float(crop.width),
                       float(crop.height))
                if box not in overlays:
                    overlays[box] = _overlay(box, lines)
                page.merge_page(overlays[box])
            out = io.BytesIO()
            writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError) as exc:
        raise StampError(str(exc) or exc.__class__.__name__) from exc
    return out.getvalue()
