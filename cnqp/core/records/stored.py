"""Rows that each hold an uploaded file: the bytes streamed to storage first (checked before,
by `uploads.check_upload`), then the rows written and audited in one transaction; a stored
file whose row is not committed is removed again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.core.files import File
from django.db import models, transaction
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.records import writes
from cnqp.core.uploads import store_checked, stored_digest

if TYPE_CHECKING:
    from cnqp.core.models import User

M = TypeVar("M", bound=models.Model)


def create_with_files(actor: User | None, rows: Sequence[tuple[M, str, File]],
                      limit: int) -> list[M]:
    """`rows`: (unsaved row, the file's clean name, the upload). Each row's `file` receives
    the stored name, and its `size` and `sha256` what was stored."""
    stored_names: list[str] = []
    storage = None
    try:
        for row, name, upload in rows:
            stored = store_checked(row, "file", name, upload, limit)
            storage = row.file.storage  # type: ignore[attr-defined]
            stored_names.append(stored.name)
            row.file.name = stored.name  # type: ignore[attr-defined]
            row.size, row.sha256 = stored.size, stored.sha256  # type: ignore[attr-defined]
        with transaction.atomic():
            return [writes.create(actor, row) for row, _name, _upload in rows]
    except BaseException:
        for name in stored_names:
            if storage is not None:
                storage.delete(name)
        raise


def file_response(user: User, row: models.Model) -> HttpResponse | FileResponse:
    """A stored row's bytes (its `file`, `content_type`, `original_name`), after checking their
    SHA-256: a mismatch is refused and audited; a classified row's download is audited."""
    stored = row.file  # type: ignore[attr-defined]
    if stored_digest(stored) != row.sha256:  # type: ignore[attr-defined]
        audit.record(AuditAction.DOWNLOAD, actor=user, obj=row,
                     changes={"refused": "checksum mismatch"})
        return HttpResponse(_("The stored file does not match its checksum: it is not "
                              "shown."), status=409, content_type="text/plain; charset=utf-8")
    audit.record_read(AuditAction.VIEW, actor=user, obj=row)
    return FileResponse(stored.open("rb"), content_type=row.content_type,  # type: ignore[attr-defined]
                        filename=row.original_name)  # type: ignore[attr-defined]
