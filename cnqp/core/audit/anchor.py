"""The anchored head of the audit chain: a signed record of the chain's last entry kept outside
the database, so that deleting entries at the end of the chain, or all of them, is seen too (what
is left of a chain cut at its end still verifies link by link).

An anchor names the head (entry id and hash), how many entries the chain holds up to it, the
entry's time and the time of anchoring, and carries an HMAC-SHA256 under a key that is not in the
database (`AUDIT_ANCHOR_KEY`, else derived from `AUDIT_KEY`, else from `SECRET_KEY`, under a label
of its own). It is written to `AUDIT_ANCHOR_PATH`, replaced atomically (a temporary file beside it,
fsync, rename), and, when `AUDIT_ANCHOR_LOG` is set, appended to that log as one line: the log is
meant for append-only storage, where an older head cannot be put back in place of a newer one.

When: after a committed transaction that appended entries (`record` calls `anchor_after_commit`,
which registers one hook per transaction), unless the same process anchored less than
`AUDIT_ANCHOR_INTERVAL` seconds before: an anchor costs two fsyncs, 5-10 ms on a disk where the
append itself costs 4 ms, which no request should pay every time. The entries of the last
interval before a quiet spell wait for `manage.py anchor_audit` (cron, every minute).

Writers take turns on a lock file beside the anchor (`flock`, across processes), and an anchor
only moves forward, onto a chain that still holds the entry anchored before: a writer that finds
that entry gone or changed, or an anchor whose signature does not verify, leaves the anchor as
it is (the evidence) and logs an error. Only `reset` (after a restore from a backup, or a new
anchor key) starts again from the database's head, and says so in the anchor.

`check` compares the database with the anchor: `manage.py verify_audit` with the log and the
count, the audit log's page with the head file alone (a few indexed reads).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import math
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.models.audit import AuditEntry

logger = logging.getLogger(__name__)

VERSION = 1


class AnchorUnreadable(Exception):
    """The anchor file exists but holds no anchor (not JSON, or fields missing)."""


class AnchorRefused(Exception):
    """The writer will not move the anchor: the chain no longer continues from it."""


def anchor_path() -> Path | None:
    """Where the anchored head is kept; None when anchoring is off (`AUDIT_ANCHOR_PATH=""`)."""
    value = getattr(settings, "AUDIT_ANCHOR_PATH", "")
    return Path(value) if value else None


def log_path() -> Path | None:
    value = getattr(settings, "AUDIT_ANCHOR_LOG", "")
    return Path(value) if value else None


def _anchor_key() -> bytes:
    key = (getattr(settings, "AUDIT_ANCHOR_KEY", "") or getattr(settings, "AUDIT_KEY", "")
           or settings.SECRET_KEY)
    return hashlib.sha256(f"cnqp-audit-anchor:{key}".encode()).digest()


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    entry_hash: str
    count: int  # entries in the chain up to and including entry_id
    entry_at: str  # ISO times
    anchored_at: str
    reset: str = ""  # why the anchor was started again from the database (empty: it was not)
    version: int = VERSION
    signature: str = field(default="", compare=False)

    def payload(self) -> bytes:
        data = asdict(self)
        del data["signature"]
        return json.dumps(data, sort_keys=True, ensure_ascii=False,
                          separators=(",", ":")).encode()

    def signed(self) -> Anchor:
        digest = hmac.new(_anchor_key(), self.payload(), hashlib.sha256).hexdigest()
        return replace(self, signature=digest)

    def verifies(self) -> bool:
        expected = hmac.new(_anchor_key(), self.payload(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.signature)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Anchor:
        try:
            data = json.loads(text)
            return cls(entry_id=int(data["entry_id"]), entry_hash=str(data["entry_hash"]),
                       count=int(data["count"]), entry_at=str(data["entry_at"]),
                       anchored_at=str(data["anchored_at"]), reset=str(data.get("reset", "")),
                       version=int(data["version"]), signature=str(data["signature"]))
        except (ValueError, TypeError, KeyError) as exc:
            raise AnchorUnreadable(str(exc)) from exc

    @property
    def anchored_time(self) -> dt.datetime:
        """The time of anchoring as a datetime (for templates)."""
        return dt.datetime.fromisoformat(self.anchored_at)


def read_anchor(path: Path) -> Anchor | None:
    """The anchor in `path`, signed or not (`verifies()` tells); None when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Anchor.from_json(text)


def read_log(path: Path) -> Iterator[tuple[int, Anchor | None]]:
    """The log's lines, numbered from 1: each an anchor, or None when unreadable. A last line
    without its newline (a write cut short) is not counted."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.endswith("\n"):
                return
            try:
                yield number, Anchor.from_json(line)
            except AnchorUnreadable:
                yield number, None


# --- writing -------------------------------------------------------------------------------


@contextmanager
def _turn(path: Path) -> Iterator[None]:
    """Writers of the anchor, in any process, one at a time (an exclusive flock beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _replace_file(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old content or the new, never a part:
    a temporary file in the same directory, flushed to disk, renamed over the old one."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)


def _append_line(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{text}\n".encode())  # one write: O_APPEND keeps lines whole
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, anchor: Anchor) -> None:
    _replace_file(path, anchor.to_json() + "\n")
    log = log_path()
    if log is not None:
        _append_line(log, anchor.to_json())


def last_logged(path: Path, tail: int = 65536) -> Anchor | None:
    """The log's last whole line as an anchor (None: no log, or no line), read from the end of
    the file whatever its length."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - tail))
            lines = handle.read().split(b"\n")[:-1]  # the part after the last newline: cut short
    except FileNotFoundError:
        return None
    return Anchor.from_json(lines[-1].decode()) if lines and lines[-1] else None


def _current(path: Path) -> tuple[Anchor | None, Anchor | None]:
    """The anchor to move forward from (the file's, or the log's last line when the file is
    missing or behind it), and the file's."""
    anchor = read_anchor(path)
    log = log_path()
    logged = last_logged(log) if log is not None else None
    if logged is not None and (anchor is None or logged.entry_id > anchor.entry_id):
        return logged, anchor
    return anchor, anchor


Head = tuple[int, str, dt.datetime]  # an entry's id, hash and time


def _head() -> Head | None:
    return AuditEntry.objects.order_by("-id").values_list("id", "entry_hash", "at").first()


def _head_anchor(head: Head, count: int, reset: str = "") -> Anchor:
    return Anchor(entry_id=head[0], entry_hash=head[1], count=count,
                  entry_at=head[2].isoformat(), anchored_at=timezone.now().isoformat(),
                  reset=reset).signed()


def advance() -> Anchor | None:
    """Anchor the chain's head as the database holds it now, moving the anchor forward from
    the one in place; returns the anchor in place afterwards (None: anchoring is off, or the
    log is empty and so is the chain). Raises AnchorRefused when the chain does not continue
    from the anchor, AnchorUnreadable when the anchor file holds no anchor."""
    path = anchor_path()
    if path is None:
        return None
    with _turn(path):
        current, in_file = _current(path)
        if current is None:
            head = _head()
            if head is None:
                return None
            anchor = _head_anchor(head, AuditEntry.objects.count())
            _write(path, anchor)
            return anchor
        if not current.verifies():
            raise AnchorRefused(f"the anchor in {path} does not verify (forged, or signed with "
                                "another key); `manage.py anchor_audit --reset` after checking")
        rows = AuditEntry.objects.filter(id__gte=current.entry_id).order_by("id") \
            .values_list("id", "entry_hash", "at")
        first: Head | None = None
        last: Head | None = None
        count = current.count - 1
        for row in rows.iterator(chunk_size=2000):
            first = first or row
            last = row
            count += 1
        if first is None or last is None or first[:2] != (current.entry_id, current.entry_hash):
            raise AnchorRefused(f"entry {current.entry_id}, anchored on {current.anchored_at}, "
                                "is no longer in the database as anchored: run `manage.py "
                                "verify_audit`")
        if last[0] == current.entry_id:
            if in_file != current:
                _replace_file(path, current.to_json() + "\n")  # the file again, from the log
            return current
        anchor = _head_anchor(last, count)
        _write(path, anchor)
        return anchor


def reset(reason: str) -> tuple[Anchor | None, Anchor | None]:
    """Start the anchor again from the database's head, whatever was anchored before (a
    restore from a backup, a new anchor key). Returns (the anchor replaced, the new one);
    (None, None) when anchoring is off."""
    path = anchor_path()
    if path is None:
        return None, None
    with _turn(path):
        try:
            before, _in_file = _current(path)
        except AnchorUnreadable:
            before = None
        head = _head()
        if head is None:
            raise AnchorRefused("the audit log is empty: there is no head to anchor")
        anchor = _head_anchor(head, AuditEntry.objects.count(), reset=reason)
        _write(path, anchor)
        return before, anchor


_last_try = -math.inf  # this process's last anchoring, on the monotonic clock


def _anchor_now() -> None:
    """After a commit: anchor the head, unless this process did less than
    `AUDIT_ANCHOR_INTERVAL` seconds ago (the entries since then wait for the next commit, or
    for `manage.py anchor_audit`)."""
    global _last_try
    now = time.monotonic()
    if now - _last_try < getattr(settings, "AUDIT_ANCHOR_INTERVAL", 0):
        return
    _last_try = now
    try:
        advance()
    except (AnchorRefused, AnchorUnreadable) as exc:
        logger.error("audit chain head not anchored: %s", exc)
    except OSError as exc:
        logger.error("audit chain head not anchored: cannot write %s: %s", anchor_path(), exc)


def anchor_after_commit() -> None:
    """Anchor the head once the current transaction commits: one hook per transaction, however
    many entries it appends (call inside the appending transaction)."""
    if anchor_path() is None:
        return
    connection = transaction.get_connection()
    if any(pending[1] is _anchor_now for pending in connection.run_on_commit):
        return
    transaction.on_commit(_anchor_now, robust=True)  # a failure is logged, never raised


# --- checking ------------------------------------------------------------------------------


@dataclass
class AnchorCheck:
    """The database against the anchor. `anchor` is the one compared (None: off or none yet);
    `problems` are sentences; `after` counts the entries not yet anchored."""

    path: Path | None  # the anchor file checked (None: anchoring is off)
    anchor: Anchor | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    after: int = 0

    @property
    def matches(self) -> bool:
        return self.anchor is not None and not self.problems


def _check_log(log: Path, result: AnchorCheck) -> Anchor | None:
    """Every line signed, no head going back without a reset; returns the last anchor."""
    last: Anchor | None = None
    for number, anchor in read_log(log):
        if anchor is None:
            result.problems.append(_("Line %(line)s of the anchor log %(path)s is not an "
                                     "anchor.") % {"line": number, "path": log})
            continue
        if not anchor.verifies():
            result.problems.append(_("Line %(line)s of the anchor log %(path)s does not "
                                     "verify: forged, or signed with another key.")
                                   % {"line": number, "path": log})
            continue
        if anchor.reset:
            result.notes.append(_("The anchor was started again at entry #%(id)s on %(at)s: "
                                  "%(reason)s") % {"id": anchor.entry_id, "at": anchor.anchored_at,
                                                   "reason": anchor.reset})
        elif last is not None and anchor.entry_id < last.entry_id:
            result.problems.append(_("Line %(line)s of the anchor log goes back from entry "
                                     "#%(before)s to #%(after)s without a reset.")
                                   % {"line": number, "before": last.entry_id,
                                      "after": anchor.entry_id})
        last = anchor
    return last


def _compare(anchor: Anchor, result: AnchorCheck, count: bool) -> None:
    values = {"id": anchor.entry_id, "count": anchor.count}
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    found = AuditEntry.objects.filter(id__gte=anchor.entry_id).order_by("id") \
        .values_list("id", "entry_hash").first()
    if last_id is None:
        result.problems.append(_("The audit log is empty, but the anchored head is entry "
                                 "#%(id)s, with %(count)s entries up to it: every entry was "
                                 "deleted.") % values)
    elif last_id < anchor.entry_id:
        result.problems.append(_("The audit log ends at entry #%(last)s, before the anchored "
                                 "head, entry #%(id)s: entries at the end of the chain were "
                                 "deleted, or the database was restored from an older backup.")
                               % {**values, "last": last_id})
    elif found is None or found[0] != anchor.entry_id:
        result.problems.append(_("The anchored head, entry #%(id)s, is missing from the audit "
                                 "log.") % values)
    elif not hmac.compare_digest(found[1], anchor.entry_hash):
        result.problems.append(_("Entry #%(id)s is not the entry that was anchored: the chain "
                                 "ends elsewhere.") % values)
    elif count and (held := AuditEntry.objects.filter(id__lte=anchor.entry_id).count()) \
            != anchor.count:
        result.problems.append(_("The audit log holds %(held)s entries up to the anchored head, "
                                 "entry #%(id)s, which was anchored with %(count)s: entries "
                                 "before it were deleted or inserted.") % {**values, "held": held})
    else:
        result.after = AuditEntry.objects.filter(id__gt=anchor.entry_id).count()


def check(*, path: Path | None = None, log: Path | None = None, with_log: bool = True,
          full: bool = True) -> AnchorCheck:
    """The database against the anchored head (`path`, default `AUDIT_ANCHOR_PATH`) and, when
    `full`, against the anchor log too (`log`, default `AUDIT_ANCHOR_LOG`, none without
    `with_log`) and the count of entries up to the head. Without `full`: the head file and
    a few indexed reads, for a page."""
    path = path or anchor_path()
    log = (log or log_path()) if full and with_log else None
    result = AnchorCheck(path=path)
    if path is None:
        return result
    try:
        anchor = read_anchor(path)
    except AnchorUnreadable:
        result.problems.append(_("The anchor file %(path)s holds no anchor.") % {"path": path})
        anchor = None
    if anchor is not None and not anchor.verifies():
        result.problems.append(_("The anchored head in %(path)s does not verify: forged, or "
                                 "signed with another key.") % {"path": path})
        result.anchor = anchor
        return result
    logged = _check_log(log, result) if log is not None else None
    if logged is not None:
        if anchor is None:
            result.problems.append(_("The anchor file %(path)s is missing, but the anchor log "
                                     "names entry #%(id)s.") % {"path": path,
                                                                "id": logged.entry_id})
        elif anchor.entry_id < logged.entry_id:
            result.problems.append(_("The anchor file names entry #%(file)s, the anchor log "
                                     "entry #%(log)s: the file was replaced by an older copy.")
                                   % {"file": anchor.entry_id, "log": logged.entry_id})
        if anchor is None or anchor.entry_id < logged.entry_id:
            anchor = logged
    result.anchor = anchor
    if anchor is not None:
        _compare(anchor, result, count=full)
    return result
