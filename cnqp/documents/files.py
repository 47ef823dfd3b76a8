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
import hashlib
import io
import os
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

from cnqp.core import audit, writes
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import User
from cnqp.core.scoping import classification_of
from cnqp.core.text import format_number, nfc
from cnqp.documents.choices import CopyAction, RevisionStatus
from cnqp.documents.models import DocumentCopy, Revision, RevisionFile

CHUNK_SIZE = 1024 * 1024
SNIFF_BYTES = 64 * 1024

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


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable[[bytes], bool]
    structure: Callable[[IO[bytes]], str | None] | None = None  # a reason to refuse, or None


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(signatures)


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
    ".png": FileType("PNG", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": FileType("JPEG", "image/jpeg", _starts(b"\xff\xd8\xff")),
    ".jpeg": FileType("JPEG", "image/jpeg", _starts(b"\xff\xd8\xff")),
    ".tif": FileType("TIFF", "image/tiff", _starts(b"II*\x00", b"MM\x00*", b"II+\x00",
                                                  b"MM\x00+")),
    ".tiff": FileType("TIFF", "image/tiff", _starts(b"II*\x00", b"MM\x00*", b"II+\x00",
                                                   b"MM\x00+")),
    ".docx": FileType(
        "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _starts(*ZIP_SIGNATURES), _office_structure("word/document.xml")),
    ".xlsx": FileType(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _starts(*ZIP_SIGNATURES), _office_structure("xl/workbook.xml")),
    ".dwg": FileType("DWG", "image/vnd.dwg", _is_dwg),
    ".txt": FileType("TXT", "text/plain", _is_text),
    ".zip": FileType("ZIP", "application/zip", _starts(*ZIP_SIGNATURES), _zip_structure),
}
ALLOWED_EXTENSIONS = tuple(FILE_TYPES)


def format_size(size: int) -> str:
    """Bytes the Vietnamese way: "200 MB", "1,5 MB", "812 KB"."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{format_number(value, 0 if value == int(value) else 1)} {unit}"
    return f"{format_number(size)} B"


def clean_name(raw: str) -> str:
    """The user's file name without any folder, NFC, at most 255 characters (the extension
    kept)."""
    name = nfc(os.path.basename((raw or "").replace("\\", "/"))).strip()
    name = "".join(ch for ch in name if ch.isprintable())
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name


def check_upload(name: str, uploaded: File) -> FileType:
    """Refuse an empty or too large file, an extension that is not allowed, and content that is
    not what its extension says. Nothing is written."""
    if not name or name in (".", ".."):
        raise ValidationError({"file": _("The file has no name.")})
    ext = os.path.splitext(name)[1].lower()
    kind = FILE_TYPES.get(ext)
    if kind is None:
        raise ValidationError({"file": _(
            "“%(name)s”: files of this type cannot be uploaded. Allowed: %(allowed)s.") % {
            "name": name, "allowed": ", ".join(e.lstrip(".").upper()
                                                for e in ALLOWED_EXTENSIONS)}})
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    limit = settings.CNQP_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError({"file": _(
            "“%(name)s” is %(size)s; the largest file accepted is %(limit)s.") % {
            "name": name, "size": format_size(size), "limit": format_size(limit)}})
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if not kind.matches(head):
        raise ValidationError({"file": _(
            "“%(name)s” is not a %(type)s file: its content does not match its extension.")
            % {"name": name, "type": kind.label}})
    if kind.structure is not None:
        reason = kind.structure(uploaded)  # type: ignore[arg-type]
        uploaded.seek(0)
        if reason:
            raise ValidationError({"file": _("“%(name)s” is refused: %(reason)s.") % {
                "name": name, "reason": reason}})
    return kind


# --- upload and delete ------------------------------------------------------------------------


def _check_draft(revision: Revision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_(
            "Revision %(number)s is %(status)s: files can be added or removed only while it is a "
            "draft. An issued revision and its files are immutable.") % {
            "number": revision.number, "status": revision.get_status_display().lower()})


class _HashingFile(File):
    """Hands the upload to storage in chunks, taking its SHA-256 and size on the way."""

    def __init__(self, source: File, limit: int) -> None:
        super().__init__(source, name=source.name)
        self.source = source
        self.limit = limit
        self.digest = hashlib.sha256()
        self.count = 0

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        for chunk in self.source.chunks(CHUNK_SIZE):
            self.count += len(chunk)
            if self.count > self.limit:  # the declared size lied
                raise ValidationError({"file": _("The file is larger than the limit of "
                                                 "%(limit)s.") % {
                    "limit": format_size(self.limit)}})
            self.digest.update(chunk)
            yield chunk

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        return True


def upload_revision_file(actor: User, revision: Revision, uploaded_file: File) -> RevisionFile:
    """Store a file of a draft revision with its SHA-256, size, type and original name."""
    _check_draft(revision)
    name = clean_name(uploaded_file.name or "")
    kind = check_upload(name, uploaded_file)
    record = RevisionFile(revision=revision, original_name=name,
                          content_type=kind.content_type, uploaded_by=actor)
    field = record.file.field
    storage = field.storage
    ext = os.path.splitext(name)[1].lower()
    # A random name: two uploads never collide, and the user's name never reaches the disk.
    target = storage.get_available_name(
        field.generate_filename(record, f"{uuid.uuid4().hex}{ext}"),
        max_length=field.max_length)
    hashing = _HashingFile(uploaded_file, settings.CNQP_MAX_UPLOAD_BYTES)
    try:
        stored_name = storage.save(target, hashing, max_length=field.max_length)
    except BaseException:
        storage.delete(target)
        raise
    try:
        with transaction.atomic():
            locked = Revision.objects.select_for_update().get(pk=revision.pk)
            _check_draft(locked)  # it may have been submitted meanwhile
            record.revision = locked
            record.size = hashing.count
            record.sha256 = hashing.digest.hexdigest()
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
    digest = hashlib.sha256()
    try:
        with open_stored(file) as handle:
            for chunk in handle.chunks(CHUNK_SIZE):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


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
