"""A previewed import file kept until the user imports it as previewed, so that they need not
upload it again. The file lies under MEDIA_ROOT/imports-pending/ under a random name; the
user's session holds the only reference to it, with the importer and the options of the
preview, for an hour. Taking it (once) deletes it; abandoned files go after a day."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from cnqp.core.imports.results import ImportMode

SESSION_KEY = "cnqp.pending_imports"
KEPT_FOR = dt.timedelta(hours=1)
ABANDONED_AFTER = dt.timedelta(days=1)


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports-pending"


def _sweep(now: dt.datetime) -> None:
    folder = _folder()
    if not folder.is_dir():
        return
    limit = (now - ABANDONED_AFTER).timestamp()
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def keep(request: HttpRequest, upload: UploadedFile, importer: str,
         options: dict[str, Any]) -> str:
    """Keep `upload` for `importer` with the preview's `options`; the token names it."""
    now = timezone.now()
    _sweep(now)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    upload.seek(0)
    with (folder / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    kept = {t: e for t, e in request.session.get(SESSION_KEY, {}).items()
            if dt.datetime.fromisoformat(e["at"]) > now - KEPT_FOR}
    kept[token] = {"importer": importer, "name": upload.name or "", "at": now.isoformat(),
                   "options": {k: str(v) if isinstance(v, ImportMode) else v
                               for k, v in options.items()}}
    request.session[SESSION_KEY] = kept
    return token


def take(request: HttpRequest, token: str,
         importer: str) -> tuple[UploadedFile, dict[str, Any]] | None:
    """The file kept under `token` for `importer` in this session, and the preview's options;
    None when it is not (any more). The file is gone afterwards."""
    kept = request.session.get(SESSION_KEY, {})
    entry = kept.pop(token, None)
    request.session[SESSION_KEY] = kept
    path = _folder() / token
    if (entry is None or entry["importer"] != importer or not path.is_file()
            or dt.datetime.fromisoformat(entry["at"]) <= timezone.now() - KEPT_FOR):
        return None
    content = path.read_bytes()
    path.unlink(missing_ok=True)
    options = dict(entry["options"])
    if "mode" in options:
        options["mode"] = ImportMode(options["mode"])
    return SimpleUploadedFile(entry["name"], content), options
