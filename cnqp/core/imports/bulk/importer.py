"""Bulk imports: hundreds of thousands of rows, all or nothing, every bad row reported.

The register engine (`cnqp.core.imports.register`) writes row by row through the services; at
scale that is a query or more per row. A bulk importer does the same work set-wise, in steps
each in its own module:

1. read and stage: the file opened (`source.Source`), its header matched to the columns
   (`columns.match_header`, as for the register engine), its cells staged as text
   (`staging.Stage`: raw COPY on PostgreSQL);
2. resolve (`resolving`): the whole file turned into a typed table, cells parsed by the
   columns' SQL parsers (`parsers`, calling the SQL functions of `functions.py`), codes joined
   to the records they name, among those the importing user owns or may see (anything else
   reads as "not found");
3. check (`checking`): the importer's `Rule`s (conditions over that table) checked in one
   pass; only when something is wrong does each rule collect its rows, so every invalid row
   is reported by number, with its column and a message;
4. write (`writing`), only when nothing is wrong: one transaction runs the importer's
   in-transaction checks (a cycle in the genealogy, say, under the writers' lock), inserts
   everything with INSERT … SELECT, and appends one audit entry naming the file (SHA-256),
   the rows and the job.

This module declares the importer and runs the steps in order, timing each (`session`: the
planner settings of the run, its timings, the clean-up of its temporary tables). Progress goes
to a callback (a job row, a terminal) between statements, outside the write transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cnqp.core.imports.bulk.checking import ERRORS, Checking
from cnqp.core.imports.bulk.parsers import SqlParser
from cnqp.core.imports.bulk.resolving import RESOLVED, Resolving
from cnqp.core.imports.bulk.session import drop_at_the_end, planner_settings, timed
from cnqp.core.imports.bulk.source import Source
from cnqp.core.imports.bulk.staging import ProgressFn, Stage
from cnqp.core.imports.bulk.writing import Writing
from cnqp.core.imports.columns import Column, ImportDeclaration, match_header
from cnqp.core.imports.reading import ImportFileError, file_sha256
from cnqp.core.imports.results import BulkRefused, BulkResult, ImportIssue

if TYPE_CHECKING:
    from cnqp.core.models import User

log = logging.getLogger(__name__)


def _no_progress(done: int, total: int | None = None, phase: str | None = None) -> None:
    return None


class BulkImporter(Resolving, Checking, Writing, ImportDeclaration):
    """Subclass with `name`, `label`, `permission`, `columns` (each with its SQL parser),
    `object_type`, and the hooks `resolve_select` (or `resolve`), `rules`, `write`; optionally
    `check`, `check_in_transaction` and `classification`."""

    columns: ClassVar[Sequence[Column[SqlParser]]] = ()
    parser_type = SqlParser
    error_limit: ClassVar[int] = 1000
    count_labels: ClassVar[dict[str, str | Promise]] = {}  # what `write` counts, named

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for column in cls.columns:
            if column.unique:
                raise ImproperlyConfigured(f"{cls.__name__}: column {column.key!r}: the bulk "
                                           "engine finds repeated rows in `check`")

    def __init__(self, actor: User, progress: ProgressFn | None = None,
                 job_id: int | None = None) -> None:
        self.actor = actor
        self.progress = progress or _no_progress
        self.job_id = job_id
        self.headers = {c.key: c.header for c in self.columns}
        self.present = set()
        self.optimistic = False
        self.timings = {}  # seconds per phase, for the log and the job
        self._tables = []

    def run(self, fileobj: IO[bytes], name: str = "") -> BulkResult:
        started = time.perf_counter()
        result = BulkResult(file_name=name, sha256=file_sha256(fileobj))
        limit = self.error_limit
        stage: Stage | None = None
        try:
            with planner_settings(self.name):
                with timed(self.timings, "read"):  # opening a workbook parses its sheet
                    source = Source.open(fileobj, name)
                header = match_header(self.columns, source.header.cells)
                self.present, self.headers = header.present, header.headers
                if header.issues:
                    return result.refuse(header.issues, limit)
                stage = Stage([c.key for c in self.columns if c.key in self.present])
                stage.create()
                with timed(self.timings, "read", add=True):
                    result.rows = stage.load(source, header.keys, self.progress)
                if result.rows == 0:
                    return result.refuse([ImportIssue(None, "", _(
                        "The file has no data rows."))], limit)
                with timed(self.timings, "resolve"):
                    self._resolve()
                with timed(self.timings, "check"):
                    self._validate(stage.issues)
                    count = self._count_errors()
                if count:
                    return result.refuse(self._read_errors(), limit, count)
                self.progress(result.rows, result.rows, _("Writing"))
                self._write(result)
        except ImportFileError as exc:
            return result.refuse([ImportIssue(None, "", str(exc))], limit)
        except BulkRefused as refusal:
            return result.refuse(refusal.issues, limit)
        finally:
            drop_at_the_end(self.name, [*([stage.table] if stage is not None else []),
                                        RESOLVED, ERRORS, *self._tables])
            result.seconds = time.perf_counter() - started
            result.timings = dict(self.timings)
            log.info("bulk import %s of %s: %s rows in %.1f s (%s)", self.name, name,
                     result.rows, result.seconds,
                     ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()))
        return result
