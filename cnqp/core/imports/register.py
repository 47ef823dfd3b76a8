"""The register engine: all-or-nothing imports of spreadsheet rows (XLSX or CSV) through the
services, for registers people type (a few thousand rows).

An app declares an `Importer`: its columns (a key, the Vietnamese header, a Python parser), a
`validate_row` hook for rules across cells and a `write_row` (or `write`) step that calls the
app's services, so every record written is validated and audited like one typed in a form.

`Importer.run` works in two phases:

1. Read the file (`reading.read_table`), match the header row to the columns
   (`columns.match_header`), parse and validate EVERY row and collect every error as (row as
   Excel numbers it, column header, message). Duplicates within the file and references to
   existing records (checked in bulk: one query per referenced model) are errors too.
2. Only when there is no error at all: write every row inside ONE transaction. A service that
   refuses a row rolls everything back and that row is reported. One audit entry records the
   import itself (file name, SHA-256, counts).

Semantics of the rows and cells, chosen by the user (`mode`, `clear_blanks`):
- add new only (`ImportMode.ADD_ONLY`): a row whose code is already recorded is an error;
  add and update: it updates that record;
- a missing optional column leaves the field of an existing record as it is, and so does an
  empty cell, unless the user asks to clear the stored values where a cell is empty (an empty
  required cell is always an error).

A dry run (`run(..., dry_run=True)`) does everything, inside a transaction it then rolls back,
and reports what each row would do: created, or the record's fields changed (before → after,
preview.py), or unchanged; or every error, as an import would.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.imports.columns import Column, ImportDeclaration, headerless, match_header
from cnqp.core.imports.parsers import CellError, Parser, Reference
from cnqp.core.imports.preview import keep_stored, row_previews, snapshot
from cnqp.core.imports.reading import ImportFileError, file_sha256, normalise_cell, read_table
from cnqp.core.imports.results import (
    ImportIssue,
    ImportMode,
    ImportResult,
    Outcome,
    Row,
    RowFailed,
    RowPreview,
)
from cnqp.core.records.probes import check_not_probing, note_taken
from cnqp.core.text import fold

if TYPE_CHECKING:
    from cnqp.core.models import User

_REF_QUERY_CHUNK = 10_000


class _RolledBack(Exception):
    """Ends a dry run's transaction, carrying what it would have done."""

    def __init__(self, counts: Counter[Outcome], previews: list[RowPreview]) -> None:
        super().__init__("dry run")
        self.counts, self.previews = counts, previews


class Importer(ImportDeclaration):
    """Subclass with `columns`, `model`, `permission` and `write_row` (or `write`)."""

    columns: ClassVar[Sequence[Column[Parser]]] = ()
    parser_type = Parser
    model: ClassVar[type[models.Model] | None] = None
    match: ClassVar[str | None] = None  # the column whose value finds an existing record
    match_field: ClassVar[str] = "code"  # ... in this field of `model`
    # whether a row naming a recorded record may update it (the user's choice): a register
    # that only adds (a number taken is its own error) says False
    updates: ClassVar[bool] = True
    field_columns: ClassVar[Mapping[str, str]] = {}  # model field -> column key, if they differ
    audit_object_type: ClassVar[str] = ""  # default "<app label>.import"
    # the column of each record's classification: a level above the actor's clearance is an
    # error, and the import's audit entry takes the highest level of the rows and the records
    # they change
    level_column: ClassVar[str | None] = None
    max_rows: ClassVar[int] = 20_000

    def __init__(self, actor: User, *, mode: ImportMode = ImportMode.ADD_AND_UPDATE,
                 clear_blanks: bool = False) -> None:
        self.actor = actor
        self.mode, self.clear_blanks = mode, clear_blanks
        self.errors: list[ImportIssue] = []
        self.headers: dict[str, str] = {c.key: c.header for c in self.columns}
        self.present: set[str] = set()
        # (label, path inside the site) the result lists after a success: set-up links
        self.links: list[tuple[str, str]] = []

    # --- hooks for subclasses ----------------------------------------------------------------

    def existing_queryset(self) -> models.QuerySet[Any]:
        assert self.model is not None
        return self.model._default_manager.all()

    def prepare(self, rows: list[Row]) -> None:
        """Load in bulk whatever `validate_row` needs, once for all rows."""

    def validate_row(self, row: Row) -> None:
        """Rules across cells; report with `row.error(key, message)`."""

    def build(self, row: Row) -> Any:
        return row.values

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        """Write every row through the services; raise RowFailed naming the row that fails.
        Runs inside the import's transaction."""
        counts: Counter[Outcome] = Counter()
        for row in rows:
            try:
                counts[self.write_row(actor, row)] += 1
            except ValidationError as exc:
                raise RowFailed(self.issues_from(row, exc)) from exc
            except IntegrityError as exc:
                raise RowFailed([ImportIssue(row.number, "", _(
                    "The database refused this row (a concurrent change?): %(error)s")
                    % {"error": exc})]) from exc
        return counts

    def write_row(self, actor: User, row: Row) -> Outcome:
        raise NotImplementedError

    def import_classification(self, rows: list[Row]) -> int:
        """The level of the import's own audit entry."""
        if self.level_column is None:
            return 0
        levels = [int(row.values[self.level_column]) for row in rows]
        levels += [int(row.existing.classification) for row in rows if row.existing is not None]
        return max(levels, default=0)

    # --- helpers -----------------------------------------------------------------------------

    def column_for_field(self, name: str) -> str:
        key = self.field_columns.get(name, name)
        return key if key in self.headers else ""

    def issues_from(self, row: Row, error: ValidationError) -> list[ImportIssue]:
        issues = []
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                key = self.column_for_field(name)
                header = self.headers[key] if key else ""
                for message in ValidationError(errors).messages:
                    issues.append(ImportIssue(row.number, header, message))
        else:
            issues = [ImportIssue(row.number, "", m) for m in error.messages]
        return issues

    def check_instance(self, row: Row, instance: models.Model,
                       exclude: Iterable[str] = ()) -> None:
        """The model's own field rules for an unsaved copy, without per-row queries
        (uniqueness is checked in bulk)."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False,
                                validate_constraints=False)
        except ValidationError as exc:
            row.errors.extend(self.issues_from(row, exc))

    @staticmethod
    def changed(obj: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if getattr(obj, k) != v}

    @staticmethod
    def copy_with(obj: models.Model, values: Mapping[str, Any]) -> models.Model:
        clone = copy.copy(obj)
        for name, value in values.items():
            setattr(clone, name, value)
        return clone

    # --- phase 1 -----------------------------------------------------------------------------

    def _match_header(self, cells: list[Any]) -> dict[int, str]:
        match = match_header(self.columns, cells)
        self.errors.extend(match.issues)
        self.present, self.headers = match.present, match.headers
        return {index: key for index, key in enumerate(match.keys) if key is not None}

    def _parse_row(self, number: int, cells: list[Any], by_index: dict[int, str]) -> Row | None:
        row = Row(number, self.headers)
        raw: dict[str, Any] = {}
        for index, cell in enumerate(cells):
            value = normalise_cell(cell)
            if value is None:
                continue
            key = by_index.get(index)
            if key is None:
                row.errors.append(headerless(number, index))
            else:
                raw[key] = value
        if not raw and not row.errors:
            return None  # blank rows are skipped
        for column in self.columns:
            if column.key not in self.present:
                continue
            value = raw.get(column.key)
            if value is None:
                row.blank.add(column.key)
                if column.required:
                    row.error(column.key, _("This cell is required."))
                else:
                    row.values[column.key] = copy.copy(column.parser.empty)
                continue
            try:
                row.values[column.key] = column.parser.parse(value)
            except CellError as exc:
                row.error(column.key, str(exc))
        return row

    def _check_clearance(self, row: Row) -> None:
        key = self.level_column
        level = row.values.get(key) if key is not None else None
        if key is not None and level is not None and level > self.actor.clearance:
            row.error(key, _(
                "%(level)s is above your clearance (%(clearance)s): you may not file it.")
                % {"level": Classification(level).label,
                   "clearance": Classification(self.actor.clearance).label})

    def _check_duplicates(self, rows: list[Row]) -> None:
        for column in self.columns:
            if not column.unique:
                continue
            first: dict[Any, int] = {}
            for row in rows:
                value = row.values.get(column.key)
                if value is None or value == "":
                    continue
                key = fold(value) if isinstance(value, str) else value
                if key in first:
                    row.error(column.key, _("“%(value)s” appears more than once: rows "
                                            "%(first)d and %(row)d.")
                              % {"value": value, "first": first[key], "row": row.number})
                else:
                    first[key] = row.number

    def _resolve_references(self, rows: list[Row]) -> None:
        columns = [c for c in self.columns
                   if isinstance(c.parser, Reference) and c.key in self.present]
        wanted: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
        parsers: dict[tuple[str, str, bool], Reference] = {}
        for column in columns:
            parser = column.parser
            assert isinstance(parser, Reference)
            parsers.setdefault(parser.group_key, parser)
            for row in rows:
                wanted[parser.group_key].update(row.values.get(column.key) or ())
        found: dict[tuple[str, str, bool], dict[str, Any]] = {}
        for key, codes in wanted.items():  # one query per referenced model
            parser = parsers[key]
            base = parser.queryset(self.actor)
            ordered = sorted(codes)
            found[key] = {}
            for start in range(0, len(ordered), _REF_QUERY_CHUNK):
                chunk = ordered[start:start + _REF_QUERY_CHUNK]
                for obj in base.filter(**{f"{parser.field}__in": chunk}):
                    found[key][str(getattr(obj, parser.field))] = obj
        for column in columns:
            parser = column.parser
            assert isinstance(parser, Reference)
            name = capfirst(str(parser.model._meta.verbose_name))
            for row in rows:
                given = row.values.get(column.key)
                if not given:
                    continue
                objects = []
                for code in given:
                    obj = found[parser.group_key].get(code)
                    if obj is None:
                        row.error(column.key, _("%(model)s “%(code)s” not found.")
                                  % {"model": name, "code": code})
                    elif parser.check is not None and (problem := parser.check(obj)):
                        row.error(column.key, problem)
                    objects.append(obj)
                row.values[column.key] = objects if parser.many else objects[0]

    def _load_existing(self, rows: list[Row]) -> None:
        if self.match is None or self.match not in self.present:
            return
        values = {row.values[self.match] for row in rows if row.values.get(self.match)}
        existing: dict[Any, Any] = {}
        ordered = sorted(values)
        for start in range(0, len(ordered), _REF_QUERY_CHUNK):
            chunk = ordered[start:start + _REF_QUERY_CHUNK]
            for obj in self.existing_queryset().filter(**{f"{self.match_field}__in": chunk}):
                existing[getattr(obj, self.match_field)] = obj
        for row in rows:
            row.existing = existing.get(row.values.get(self.match))

    def parse(self, fileobj: IO[bytes], name: str = "") -> list[Row]:
        """Phase 1: every row parsed and validated; the errors are in `self.errors` and in
        each row's `errors`."""
        self.errors, self.present = [], set()
        self.headers = {c.key: c.header for c in self.columns}
        try:
            check_not_probing(self.actor)  # codes tried one after another (probes.py)
        except ValidationError as exc:
            self.errors.append(ImportIssue(None, "", exc.messages[0]))
            return []
        rows: list[Row] = []
        by_index: dict[int, str] | None = None
        try:
            for number, cells in read_table(fileobj, name):
                if by_index is None:
                    by_index = self._match_header(cells)
                    if self.errors:
                        return []  # rows read against a wrong header would only add noise
                    continue
                row = self._parse_row(number, cells, by_index)
                if row is None:
                    continue
                if len(rows) >= self.max_rows:
                    self.errors.append(ImportIssue(None, "", _(
                        "More than %(max)d rows: split the file.") % {"max": self.max_rows}))
                    return []
                rows.append(row)
        except ImportFileError as exc:
            self.errors.append(ImportIssue(None, "", str(exc)))
            return []
        if by_index is None:
            self.errors.append(ImportIssue(None, "", _("The file is empty: it has no header "
                                                       "row.")))
            return []
        if not rows:
            self.errors.append(ImportIssue(None, "", _("The file has no data rows.")))
            return []
        self._check_duplicates(rows)
        self._resolve_references(rows)
        self._load_existing(rows)
        self._apply_mode(rows)
        clean = [row for row in rows if not row.errors]
        self.prepare(clean)
        for row in clean:
            self._check_clearance(row)
            self.validate_row(row)
            if not row.errors:
                row.item = self.build(row)
        self._note_hidden(rows)
        order = {c.key: i for i, c in enumerate(self.columns)}
        index = {header: order.get(key, len(order)) for key, header in self.headers.items()}
        for row in rows:
            self.errors.extend(sorted(row.errors, key=lambda e: index.get(e.column, len(order))))
        return rows

    def _apply_mode(self, rows: list[Row]) -> None:
        """Add new only refuses the rows naming a recorded record; otherwise their blank cells
        keep the stored values unless the user asked to clear them."""
        if self.model is None or self.match is None:
            return
        snapshot(rows, self.model)
        if self.mode == ImportMode.ADD_ONLY and self.updates:
            for row in rows:
                if row.existing is not None:
                    row.error(self.match, _(
                        "“%(value)s” is already recorded: import with “Add and update” to "
                        "change it.") % {"value": row.values.get(self.match)})
        elif not self.clear_blanks:
            keep_stored(rows, self.model,
                        {column: name for name, column in self.field_columns.items()},
                        {c.key for c in self.columns if isinstance(c.parser, Reference)})

    def _note_hidden(self, rows: list[Row]) -> None:
        """A row naming an existing record the actor may not see was refused as one they may
        not change: the attempt is audited as a probe (probes.py)."""
        assert self.model is not None
        existing = {row.existing.pk: row.existing for row in rows if row.existing is not None}
        if not existing:
            return
        seen = set(scope_queryset(self.model._default_manager.filter(pk__in=list(existing)),
                                  self.actor).values_list("pk", flat=True))
        for pk, record in existing.items():
            if pk not in seen:
                note_taken(self.actor, self.model,
                           {self.match_field: getattr(record, self.match_field)})

    # --- phase 2 -----------------------------------------------------------------------------

    def run(self, fileobj: IO[bytes], name: str = "", *, dry_run: bool = False) -> ImportResult:
        """Parse and validate everything; write everything or nothing (a dry run: nothing,
        saying what an import would do)."""
        result = ImportResult(file_name=name, sha256=file_sha256(fileobj), dry_run=dry_run)
        rows = self.parse(fileobj, name)
        result.rows = len(rows)
        if self.errors:
            result.errors = list(self.errors)
            return result
        assert self.model is not None
        try:
            with transaction.atomic():
                counts = self.write(self.actor, rows)
                audit.record(
                    AuditAction.CREATE, actor=self.actor,
                    object_type=self.audit_object_type or f"{self.model._meta.app_label}.import",
                    object_repr=name[:255], classification=self.import_classification(rows),
                    changes={"importer": self.name, "file": name, "sha256": result.sha256,
                             "rows": len(rows), **{o.value: counts[o] for o in Outcome}},
                )
                if dry_run:
                    raise _RolledBack(counts, row_previews(rows, self.model, self.match))
        except _RolledBack as done:
            result.preview = done.previews
            result.created = done.counts[Outcome.CREATED]
            result.updated = done.counts[Outcome.UPDATED]
            result.unchanged = done.counts[Outcome.UNCHANGED]
            return result
        except RowFailed as failure:
            result.errors = failure.issues
            return result
        except ValidationError as exc:
            result.errors = [ImportIssue(None, "", m) for m in exc.messages]
            return result
        result.created = counts[Outcome.CREATED]
        result.updated = counts[Outcome.UPDATED]
        result.unchanged = counts[Outcome.UNCHANGED]
        result.links = list(self.links)
        return result
