"""Uploaded files, for every app that stores them: the name cleaned, the type checked by its
magic bytes (and, where a type needs it, its structure), the size bounded, and the bytes
streamed to storage while their SHA-256 is taken; reading back re-hashes them.

Apps declare which types they take (`FileType`s keyed by extension): documents take PDFs,
Office files and drawings (documents/files.py), field reports take photos (`IMAGE_TYPES`).

Before any of that, the upload handlers (settings.FILE_UPLOAD_HANDLERS) bound what a multipart
request may bring (`RequestSizeLimit`), receive a large file into a temporary file whose name
does not come from the user's (`TemporaryUpload`), and keep the name each file was sent with
(`sent_name`), which Django would cut to 255 characters without a word.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from cnqp.core.text import format_number, nfc

CHUNK_SIZE = 1024 * 1024
SNIFF_BYTES = 64 * 1024
MAX_NAME_LENGTH = 255  # the longest file name taken; Django would cut a longer one silently


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable[[bytes], bool]
    structure: Callable[[IO[bytes]], str | None] | None = None  # a reason to refuse, or None


def starts_with(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(signatures)


PNG = FileType("PNG", "image/png", starts_with(b"\x89PNG\r\n\x1a\n"))
JPEG = FileType("JPEG", "image/jpeg", starts_with(b"\xff\xd8\xff"))
IMAGE_TYPES: dict[str, FileType] = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}


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


def name_too_long(uploaded: Any) -> str | None:
    """Why the name the upload was sent with is refused (longer than MAX_NAME_LENGTH), or None.
    The upload handlers below keep that name: the file's own is already cut to 255."""
    sent = getattr(uploaded, "sent_name", None) or getattr(uploaded, "name", "") or ""
    if len(sent) <= MAX_NAME_LENGTH:
        return None
    return _("The file's name has %(length)s characters; at most %(max)s are accepted.") % {
        "length": format_number(len(sent)), "max": MAX_NAME_LENGTH}


def check_upload(name: str, uploaded: File, types: Mapping[str, FileType], limit: int,
                 field: str = "file") -> FileType:
    """Refuse an empty or too large file, a name too long, an extension not in `types`, and
    content that is not what its extension says. Nothing is written. Errors name `field`."""
    if not name or name in (".", ".."):
        raise ValidationError({field: _("The file has no name.")})
    too_long = name_too_long(uploaded)
    if too_long:
        raise ValidationError({field: too_long})
    ext = os.path.splitext(name)[1].lower()
    kind = types.get(ext)
    if kind is None:
        raise ValidationError({field: _(
            "“%(name)s”: files of this type cannot be uploaded. Allowed: %(allowed)s.") % {
            "name": name, "allowed": ", ".join(e.lstrip(".").upper() for e in types)}})
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError({field: _("“%(name)s” is empty.") % {"name": name}})
    if size > limit:
        raise ValidationError({field: _(
            "“%(name)s” is %(size)s; the largest file accepted is %(limit)s.") % {
            "name": name, "size": format_size(size), "limit": format_size(limit)}})
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if not kind.matches(head):
        raise ValidationError({field: _(
            "“%(name)s” is not a %(type)s file: its content does not match its extension.")
            % {"name": name, "type": kind.label}})
    if kind.structure is not None:
        reason = kind.structure(uploaded)  # type: ignore[arg-type]
        uploaded.seek(0)
        if reason:
            raise ValidationError({field: _("“%(name)s” is refused: %(reason)s.") % {
                "name": name, "reason": reason}})
    return kind


class HashingFile(File):
    """Hands an upload to storage in chunks, taking its SHA-256 and size on the way, and
    refusing it when it turns out larger than `limit` (a declared size may lie)."""

    def __init__(self, source: File, limit: int, field: str = "file") -> None:
        super().__init__(source, name=source.name)
        self.source = source
        self.limit = limit
        self.field = field
        self.digest = hashlib.sha256()
        self.count = 0

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        for chunk in self.source.chunks(CHUNK_SIZE):
            self.count += len(chunk)
            if self.count > self.limit:
                raise ValidationError({self.field: _("The file is larger than the limit of "
                                                     "%(limit)s.") % {
                    "limit": format_size(self.limit)}})
            self.digest.update(chunk)
            yield chunk

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        return True


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage name
    size: int
    sha256: str


def store_checked(record: Any, file_field: str, name: str, uploaded: File,
                  limit: int) -> StoredFile:
    """Stream an upload (already checked) to the storage of `record.<file_field>` under a
    random name with the original extension, hashing it on the way. The caller writes the
    row, and deletes the stored name again (`storage.delete`) when that fails."""
    field = getattr(record, file_field).field
    storage = field.storage
    ext = os.path.splitext(name)[1].lower()
    # A random name: two uploads never collide, and the user's name never reaches the disk.
    target = storage.get_available_name(
        field.generate_filename(record, f"{uuid.uuid4().hex}{ext}"), max_length=field.max_length)
    hashing = HashingFile(uploaded, limit)
    try:
        stored = storage.save(target, hashing, max_length=field.max_length)
    except BaseException:
        storage.delete(target)
        raise
    return StoredFile(stored, hashing.count, hashing.digest.hexdigest())


def stored_digest(file: FieldFile) -> str | None:
    """The SHA-256 of the bytes in storage now; None when they are missing."""
    digest = hashlib.sha256()
    try:
        with file.storage.open(file.name or "", "rb") as handle:
            for chunk in handle.chunks(CHUNK_SIZE):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# --- receiving a multipart request ----------------------------------------------------------


def max_request_bytes() -> int:
    """The largest multipart request taken: the largest file, and room for the other fields."""
    return int(settings.CNQP_MAX_UPLOAD_BYTES) + int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestSizeLimit(FileUploadHandler):
    """First of the upload handlers: a multipart request larger than `max_request_bytes()` is
    refused (RequestDataTooBig: 413 from the API, 400 from a page) before it is read when it
    says its length, and as soon as it passes the limit when it does not. Without it, any
    request streamed to a temporary file, however large, before a view could look at it."""

    received = 0

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int, boundary: Any,
                         encoding: str | None = None) -> None:
        self.received = 0
        if content_length > max_request_bytes():
            raise RequestDataTooBig(_("The request is larger than the upload limit."))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_request_bytes():
            raise RequestDataTooBig(_("The request is larger than the upload limit."))
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None


class MemoryUpload(MemoryFileUploadHandler):
    """Django's handler for files up to FILE_UPLOAD_MAX_MEMORY_SIZE, keeping the sent name."""

    def file_complete(self, file_size: int) -> Any:
        upload = super().file_complete(file_size)
        if upload is not None:
            upload.sent_name = self.file_name  # type: ignore[attr-defined]
        return upload


class TemporaryUpload(TemporaryFileUploadHandler):
    """Django's handler for larger files, with the temporary file named ".upload" only:
    Django's takes the upload's extension into the temporary file's name, and a name with a
    1,000-character extension was too long for the file system (a 500). The upload keeps its
    own name (cut to 255 characters, as Django does) and the sent one."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = TemporaryUploadedFile("upload", self.content_type, 0, self.charset,
                                          self.content_type_extra)
        self.file.name = self.file_name
        self.file.sent_name = self.file_name  # type: ignore[attr-defined]
