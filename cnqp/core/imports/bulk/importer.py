"""Bulk imports: hundreds of thousands of rows, all or nothing, every bad row reported.

The generic importer (`cnqp.core.imports`) writes row by row through the services; at scale
that is a query or more per row. A bulk importer does the same work set-wise:

1. the file is staged as text (`staging.Stage`: raw COPY on PostgreSQL);
2. ONE query resolves the whole file into a typed table: cells parsed by the SQL functions of
   `functions.py`, codes joined to the records they name, among those the importing user owns
   or may see (anything else reads as "not found");
3. the importer's `Rule`s (conditions over that table) are checked in one pass; only when
   something is wrong does each rule collect its rows, so every invalid row is reported by
   number, with its column and a message;
4. only when nothing is wrong: one transaction runs the importer's in-transaction checks
   (a cycle in the genealogy, say, under the writers' lock), inserts everything with
   INSERT … SELECT, and appends one audit entry naming the file (SHA-256), the rows and
   the job.

Progress goes to a callback (a job row, a terminal) between statements, outside the write
transaction. On PostgreSQL the typed table is first built "optimistically" (common date
spellings cast at once; a malformed one makes the cast fail) and rebuilt with the exact
parsers only when that fails.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.imports.bulk.source import Source
from cnqp.core.imports.bulk.staging import Stage
from cnqp.core.imports.reading import ImportFileError, file_sha256, header_key
from cnqp.core.imports.results import ImportIssue
from cnqp.core.records.export import csv_bytes
from cnqp.core.text import clean_text

if TYPE_CHECKING:
    from cnqp.core.models import User

log = logging.getLogger(__name__)
ProgressFn = Callable[[int, "int | None", "str | None"], None]
RESOLVED = "cnqp_bulk_resolved"
ERRORS = "cnqp_bulk_errors"
Parser = Callable[[str, str], tuple[str, list[Any]]]  # (raw SQL, trimmed SQL) → SQL, params
DICTIONARY_LIMIT = 10_000  # a column with more distinct cells is parsed in place
COMBINATIONS = 10_000  # columns share a dictionary while their combinations stay below


def _no_progress(done: int, total: int | None = None, phase: str | None = None) -> None:
    return None


@dataclass(frozen=True)
class BulkColumn:
    key: str
    header: str  # as written in the template (Vietnamese)
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""
    values: str | Promise = ""  # the values accepted, when they are a fixed list

    def names(self) -> list[str]:
        return [header_key(n) for n in (self.header, self.key, *self.aliases)]

    def describe(self) -> str:
        return str(self.values)


@dataclass(frozen=True)
class Rule:
    """An error condition over the resolved row `r` (true: the row is wrong). `message` may
    name `%(value)s`, the text `value` (SQL over `r`) gives for the row.

    With a `names` table (distinct names resolved once, keyed by k1, k2, …) the condition
    is over its row `r` instead, and the error goes to every staged row whose keys
    (`Names.row_keys`) name it: a code not found is found once, reported on each row."""

    column: str  # the key of the column at fault; "" for the row as a whole
    condition: str
    message: str | Promise
    value: str = "NULL"
    names: Names | None = None


@dataclass(frozen=True)
class Names:
    """A table of distinct names, keyed by its columns k1, k2, …, and the expressions over the
    staged row `s` (and whatever `joins` bring) that give those keys, in order."""

    table: str
    row_keys: tuple[str, ...]
    joins: str = ""  # joins from the staged row `s` the keys need

    def join_condition(self, alias: str = "r") -> str:
        return " AND ".join(f"{alias}.k{i} = {key}" for i, key in enumerate(self.row_keys, 1))


@dataclass(frozen=True)
class Parsed:
    """A column's cells parsed (`BulkImporter.parsed_once`): the join to add to the resolving
    select ("" when parsed in place, or joined by another column of its dictionary), the SQL
    of the value, the SQL of whether the cell is filled in, and the parameters of `value`."""

    join: str
    value: str
    given: str
    params: list[Any]


class BulkRefused(Exception):
    """An in-transaction check found errors: nothing is written."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__(f"{len(issues)} error(s)")
        self.issues = issues


@dataclass
class BulkResult:
    file_name: str = ""
    sha256: str = ""
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    errors: list[ImportIssue] = field(default_factory=list)  # the first `error_limit`
    error_count: int = 0
    error_rows: int = 0
    error_csv: bytes | None = None  # every error, when there are more than shown
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    classification: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class BulkImporter:
    """Subclass with `name`, `label`, `permission`, `columns`, `object_type`, and the hooks
    `resolve_select`, `rules`, `write`; optionally `check` and `check_in_transaction`."""

    name: ClassVar[str] = ""
    label: ClassVar[str | Promise] = ""
    permission: ClassVar[str] = ""
    columns: ClassVar[Sequence[BulkColumn]] = ()
    object_type: ClassVar[str] = ""  # the audit entry's record type
    error_limit: ClassVar[int] = 1000
    count_labels: ClassVar[dict[str, str | Promise]] = {}  # what `write` counts, named
    dictionaries: ClassVar[bool] = True  # parsed_once may parse repeated cells once

    def __init__(self, actor: User, progress: ProgressFn | None = None,
                 job_id: int | None = None) -> None:
        self.actor = actor
        self.progress: ProgressFn = progress or _no_progress
        self.job_id = job_id
        self.headers = {c.key: c.header for c in self.columns}
        self.present: set[str] = set()
        self.optimistic = False
        self.timings: dict[str, float] = {}  # seconds per phase, for the log and the job
        self._tables: list[str] = []  # made by create_table

    # --- hooks -------------------------------------------------------------------------------

    def resolve(self) -> None:
        """Build the resolved table (`RESOLVED`, one row per staged row, with `row_no`) from
        `cnqp_bulk_stage s`, in one or more steps of `create_table`."""
        self.create_table(RESOLVED, *self.resolve_select())

    def resolve_select(self) -> tuple[str, list[Any]]:
        """For a one-step `resolve`: SELECT … FROM cnqp_bulk_stage s …"""
        raise NotImplementedError

    def rules(self) -> list[Rule]:
        raise NotImplementedError

    def check(self) -> None:
        """Checks across rows (duplicates); add rows to the errors table with `add_errors`."""

    def check_in_transaction(self) -> None:
        """Checks that must hold at the moment of writing; raise BulkRefused."""

    def write(self) -> dict[str, int]:
        """Insert from the resolved table; return counts by label. In the transaction."""
        raise NotImplementedError

    def classification(self) -> int:
        """The level of what was imported: the level of the audit entry and of the job."""
        return 0

    # --- SQL helpers for subclasses ----------------------------------------------------------

    def cell(self, key: str) -> str:
        """The staged cell of `key`, blank as NULL; NULL when the column is not in the file."""
        if key not in self.present:
            return "CAST(NULL AS text)"
        return f"NULLIF(TRIM(s.c_{key}), '')"

    def raw(self, key: str) -> str:
        """The staged cell as it came (untrimmed), for the cheap shape checks below: a cell
        with stray spaces fails them and takes the exact parser."""
        return f"s.c_{key}" if key in self.present else "CAST(NULL AS text)"

    def date(self, key: str, value: str | None = None, cell: str | None = None) -> str:
        """The date a cell names; `value`/`cell`: the raw and trimmed SQL to read it from
        (the staged cell by default)."""
        value, cell = value or self.raw(key), cell or self.cell(key)
        if self.optimistic:  # yyyy-mm-dd: cast; a wrong digit fails the query
            return (f"CASE WHEN length({value}) = 10 AND substr({value}, 5, 1) = '-' "
                    f"AND substr({value}, 8, 1) = '-' "
                    f"AND substr({value}, 1, 4) COLLATE \"C\" BETWEEN '1900' AND '2199' "
                    f"THEN CAST({value} AS date) ELSE cnqp_date({cell}) END")
        return f"cnqp_date({cell})"

    def timestamp(self, key: str, value: str | None = None, cell: str | None = None) -> str:
        """The moment a cell names (parameters: `timestamp_params`)."""
        value, cell = value or self.raw(key), cell or self.cell(key)
        if self.optimistic:  # yyyy-mm-dd hh:mm[:ss]: cast; a wrong digit fails the query
            def part(start: int, length: int) -> str:
                return f"substr({value}, {start}, {length}) COLLATE \"C\""

            return (f"CASE WHEN length({value}) IN (16, 19) AND {part(5, 1)} = '-' "
                    f"AND {part(8, 1)} = '-' AND {part(11, 1)} IN (' ', 'T') "
                    f"AND {part(14, 1)} = ':' AND {part(1, 4)} BETWEEN '1900' AND '2199' "
                    f"AND {part(12, 2)} < '24' AND {part(15, 2)} < '60' "
                    f"AND {part(18, 2)} < '60' "
                    f"THEN CAST({value} AS timestamp) AT TIME ZONE %s "
                    f"ELSE cnqp_timestamp({cell}, %s) END")
        return f"cnqp_timestamp({cell}, %s)"

    def timestamp_params(self) -> list[Any]:
        return [settings.TIME_ZONE] * (2 if self.optimistic else 1)

    def raw_keys(self, *keys: str) -> tuple[str, ...]:
        """The staged cells as join keys: as they came, blank as ''. Distinct names are
        looked up once each (trimmed, parsed) and joined back by these, which costs the
        rows no string work: two spellings of one name are two names that find the same
        record."""
        return tuple(f"COALESCE({self.raw(k)}, '')" for k in keys)

    def parsed_once(self, prefix: str, parsers: dict[str, Parser]) -> dict[str, Parsed]:
        """Columns whose cells repeat (a file's times, steps, quantities and operators usually
        do) parsed once per distinct combination of their cells, in dictionary tables
        `{prefix}_1`, `{prefix}_2`, … (the raw cells as keys; value and given per column),
        joined back to the rows by the cells as they came: one pass over the rows to find
        the combinations and one join back, however many columns. `parsers[key](raw, cell)`
        gives the SQL parsing a cell from its raw and its trimmed text (`date`,
        `timestamp`). Columns that are mostly distinct (PostgreSQL's statistics of the
        staged table say so) are parsed in place; so are SQLite's. Columns go together while
        their combinations stay few (`COMBINATIONS`)."""
        counts = self._repeated_columns([k for k in parsers if k in self.present])
        repeated = sorted(counts, key=lambda k: counts[k])
        groups: list[list[str]] = []
        combinations = 0.0
        for key in repeated:
            if groups and combinations * counts[key] <= COMBINATIONS:
                groups[-1].append(key)
                combinations *= counts[key]
            else:
                groups.append([key])
                combinations = counts[key]
        parsed: dict[str, Parsed] = {}
        for number, keys in enumerate(groups, 1):
            parsed.update(self._dictionary(f"{prefix}_{number}", keys, parsers))
        for key, parse in parsers.items():
            if key not in parsed:
                value, params = parse(self.raw(key), self.cell(key))
                parsed[key] = Parsed("", value, f"{self.cell(key)} IS NOT NULL", params)
        return parsed

    def _repeated_columns(self, keys: list[str]) -> dict[str, float]:
        """The staged columns among `keys` whose cells repeat (fewer distinct than
        `DICTIONARY_LIMIT`, or than a fifth of the rows), with their estimated distinct cells
        (blank counting as one), from the statistics of the staged table. PostgreSQL only:
        none elsewhere."""
        if not (self.dictionaries and keys and connection.vendor == "postgresql"):
            return {}
        with connection.cursor() as cursor:
            # this session's own staged table (other sessions' temporary tables are listed
            # too, under their own schemas)
            cursor.execute(
                "SELECT st.attname, st.n_distinct, st.null_frac, c.reltuples FROM pg_stats st "
                "JOIN pg_class c ON c.oid = %s::regclass WHERE st.tablename = %s "
                "AND st.schemaname = (SELECT nspname FROM pg_namespace "
                "WHERE oid = pg_my_temp_schema()) AND st.attname = ANY(%s)",
                [Stage.table, Stage.table, [f"c_{k}" for k in keys]])
            stats = cursor.fetchall()
        counts = {}
        for column, distinct, nulls, rows in stats:
            # n_distinct: a count, or (negative) a share of the rows
            count = distinct if distinct >= 0 else -distinct * max(rows, 1)
            if count < max(DICTIONARY_LIMIT, rows / 5):
                counts[column[2:]] = max(count, 1) + (1 if nulls else 0)
        return counts

    def _dictionary(self, table: str, keys: list[str],
                    parsers: dict[str, Parser]) -> dict[str, Parsed]:
        raw = dict(zip(keys, self.raw_keys(*keys), strict=True))
        cells = ", ".join(f"{raw[k]} AS r_{k}" for k in keys)
        columns, params = [], []
        for key in keys:
            trimmed = f"NULLIF(TRIM(q.r_{key}), '')"
            value, value_params = parsers[key](f"q.r_{key}", trimmed)
            columns.append(f"q.r_{key}, {value} AS v_{key}, {trimmed} IS NOT NULL AS g_{key}")
            params += value_params
        self.create_table(table, f"SELECT {', '.join(columns)} FROM (SELECT DISTINCT {cells} "
                                 f"FROM {Stage.table} s) q", params)
        # every row's combination is in the table, but an inner join on expressions without
        # statistics would be estimated at a row or so, and the joins after it planned for that
        join = f"LEFT JOIN {table} ON " + " AND ".join(f"{table}.r_{k} = {raw[k]}" for k in keys)
        return {key: Parsed(join if i == 0 else "", f"{table}.v_{key}",
                            f"COALESCE({table}.g_{key}, false)", [])
                for i, key in enumerate(keys)}

    # --- the run ----------------------------------------------------------------------------

    def run(self, fileobj: IO[bytes], name: str = "") -> BulkResult:
        started = time.perf_counter()
        result = BulkResult(file_name=name, sha256=file_sha256(fileobj))
        stage: Stage | None = None
        try:
            with self._session():
                with self._timed("read"):  # opening a workbook parses its sheet
                    source = Source.open(fileobj, name)
                file_keys, issues = self._match_header(source.header.cells)
                if issues:
                    return self._refused(result, issues)
                stage = Stage([c.key for c in self.columns if c.key in self.present])
                stage.create()
                with self._timed("read", add=True):
                    result.rows = stage.load(source, file_keys, self.progress)
                if result.rows == 0:
                    return self._refused(result, [ImportIssue(None, "", _(
                        "The file has no data rows."))])
                with self._timed("resolve"):
                    self._resolve()
                with self._timed("check"):
                    self._validate(stage.issues)
                    count = self._count_errors()
                if count:
                    return self._refused(result, *self._read_errors(count))
                self.progress(result.rows, result.rows, _("Writing"))
                with transaction.atomic():
                    with self._timed("check at writing"):
                        self.check_in_transaction()
                    with self._timed("write"):
                        result.created = self.write()
                    result.classification = self.classification()
                    audit.record(AuditAction.CREATE, actor=self.actor,
                                 object_type=self.object_type, object_id=str(self.job_id or ""),
                                 object_repr=f"{self.label}: {name}"[:255],
                                 classification=result.classification,
                                 changes={"import": [None, {
                                     "importer": self.name, "file": name,
                                     "sha256": result.sha256, "rows": result.rows,
                                     "job": self.job_id, **result.created}]})
        except ImportFileError as exc:
            return self._refused(result, [ImportIssue(None, "", str(exc))])
        except BulkRefused as refusal:
            return self._refused(result, refusal.issues)
        finally:
            self._clean_up(stage)
            result.seconds = time.perf_counter() - started
            result.timings = dict(self.timings)
            log.info("bulk import %s of %s: %s rows in %.1f s (%s)", self.name, name,
                     result.rows, result.seconds,
                     ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()))
        return result

    def _clean_up(self, stage: Stage | None) -> None:
        """Drop the import's temporary tables (see `_after_error_too`)."""
        tables = [*([stage.table] if stage is not None else []), RESOLVED, ERRORS,
                  *self._tables]
        self._after_error_too("temporary tables left to the rollback",
                              *(f"DROP TABLE IF EXISTS {t}" for t in tables))

    def _after_error_too(self, otherwise: str, *statements: str) -> None:
        """Clean-up that runs whether the import ended well or not. In a caller's
        transaction that a database error has broken, nothing more can run (the rollback
        undoes what this would): the error that broke it must reach the caller, not this
        one's."""
        try:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        except DatabaseError as exc:
            log.warning("bulk import %s: %s (%s)", self.name, otherwise, exc)

    @contextmanager
    def _timed(self, phase: str, add: bool = False) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            before = self.timings.get(phase, 0.0) if add else 0.0
            self.timings[phase] = before + time.perf_counter() - started

    @contextmanager
    def _session(self) -> Iterator[None]:
        """PostgreSQL (whose connections run without JIT: settings): room for the hash
        joins, index probes priced as the cached lookups they are, and room in memory for the
        temporary tables (settable only before the session's first one); restored
        afterwards, the connection being reused."""
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SET work_mem = '256MB'; SET random_page_cost = 1.1; "
                           "SET default_statistics_target = 20")
            try:
                with transaction.atomic():
                    cursor.execute("SET temp_buffers = '512MB'")
            except DatabaseError:
                pass  # this connection already used temporary tables: keep its buffers
        try:
            yield
        finally:
            self._after_error_too("planner settings reset by the rollback",
                                  "RESET work_mem", "RESET random_page_cost",
                                  "RESET default_statistics_target")

    def _match_header(self, cells: Sequence[str]) -> tuple[list[str | None], list[ImportIssue]]:
        by_name = {name: c for c in self.columns for name in c.names()}
        keys: list[str | None] = []
        issues: list[ImportIssue] = []
        for cell in cells:
            text = clean_text(cell or "")
            if not text:
                keys.append(None)
                continue
            column = by_name.get(header_key(text))
            if column is None:
                issues.append(ImportIssue(1, text, _("Unknown column.")))
                keys.append(None)
            elif column.key in self.present:
                issues.append(ImportIssue(1, text, _("This column appears twice.")))
                keys.append(None)
            else:
                self.present.add(column.key)
                self.headers[column.key] = text
                keys.append(column.key)
        for column in self.columns:
            if column.required and column.key not in self.present:
                issues.append(ImportIssue(1, column.header, _(
                    "Required column missing: the header row needs “%(header)s”.")
                    % {"header": column.header}))
        while keys and keys[-1] is None:
            keys.pop()  # trailing empty header cells
        return keys, issues

    def _resolve(self) -> None:
        self.progress(0, None, _("Checking the rows"))
        self.optimistic = connection.vendor == "postgresql"
        if self.optimistic:
            try:
                with transaction.atomic():
                    self.resolve()
                return
            except DatabaseError:
                self.optimistic = False  # a malformed cell: take the exact parsers
        self.resolve()

    def create_table(self, name: str, select: str, params: Sequence[Any] = (), *,
                     lookups: bool = False) -> None:
        """A temporary table of the import (dropped at its end), analysed on PostgreSQL so
        that the next step's joins are planned for its real size. `lookups`: the select
        looks each of its (distinct, comparatively few) rows up by index in tables of
        millions; PostgreSQL's planner would rather hash those whole tables, many times
        slower here, so it is told to use nested loops."""
        self._drop(name)
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if lookups and postgres:
                # SET LOCAL would outlive the statement inside a caller's transaction
                cursor.execute("SELECT current_setting('enable_hashjoin'), "
                               "current_setting('enable_mergejoin')")
                before = cursor.fetchone()
                cursor.execute("SET enable_hashjoin = off; SET enable_mergejoin = off")
            try:
                cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {select}", params)
            finally:
                if lookups and postgres:
                    cursor.execute("SELECT set_config('enable_hashjoin', %s, false), "
                                   "set_config('enable_mergejoin', %s, false)", before)
            if postgres:
                cursor.execute(f"ANALYZE {name}")
        if name not in self._tables:
            self._tables.append(name)

    def _validate(self, staged_issues: list[ImportIssue]) -> None:
        self._drop(ERRORS)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {ERRORS} (row_no bigint, col text, "
                           f"message text, value text)")
        self.add_issues(staged_issues)
        rules = self.rules()
        by_table: dict[str, list[Rule]] = {}
        for rule in rules:
            by_table.setdefault(rule.names.table if rule.names else RESOLVED, []).append(rule)
        with connection.cursor() as cursor:  # one pass per table; rows sought only if needed
            wrong = False
            for table, table_rules in by_table.items():
                any_wrong = " OR ".join(f"({rule.condition})" for rule in table_rules)
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} r WHERE {any_wrong})")
                wrong = wrong or bool(cursor.fetchone()[0])
        if wrong:
            for rule in rules:
                self.add_errors(rule.column, str(rule.message), self._rows_of(rule))
        self.check()

    @staticmethod
    def _rows_of(rule: Rule) -> str:
        """(row, value) of each row the rule finds wrong; the staged row `s` is at hand for
        the value (the resolved table keeps ids, not the text as written)."""
        if rule.names is None:
            return (f"SELECT r.row_no, {rule.value} FROM {RESOLVED} r JOIN cnqp_bulk_stage s "
                    f"ON s.row_no = r.row_no WHERE {rule.condition}")
        names = rule.names
        return (f"SELECT s.row_no, {rule.value} FROM cnqp_bulk_stage s {names.joins} "
                f"JOIN {names.table} r ON {names.join_condition()} WHERE {rule.condition}")

    def add_errors(self, column: str, message: str, select: str,
                   params: Sequence[Any] = ()) -> None:
        """Record an error for each (row_no, value) that `select` returns."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {ERRORS} (row_no, value, col, message) "
                           f"SELECT q.*, %s, %s FROM ({select}) q", [*params, column, message])

    def add_issues(self, issues: Sequence[ImportIssue]) -> None:
        """Errors found while reading; their column is the header as written ("=" marks it)."""
        if not issues:
            return
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {ERRORS} (row_no, col, message, value) "
                               f"VALUES (%s, %s, %s, NULL)",
                               [(i.row, f"={i.column}", i.message) for i in issues])

    def _count_errors(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {ERRORS}")
            return int(cursor.fetchone()[0])

    def _issue(self, row: int | None, column: str, message: str, value: Any) -> ImportIssue:
        header = column[1:] if column.startswith("=") else self.headers.get(column, column)
        text = message % {"value": value} if "%(value)s" in message else message
        return ImportIssue(row, header, text)

    def _read_errors(self, count: int) -> tuple[list[ImportIssue], int]:
        order = {c.key: i for i, c in enumerate(self.columns)}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT row_no, col, message, value FROM {ERRORS} "
                           f"ORDER BY row_no, col")
            rows = [self._issue(*row) for row in cursor.fetchall()]
        rows.sort(key=lambda i: (i.row or 0, order.get(self._key_of(i.column), len(order))))
        return rows, count

    def _key_of(self, header: str) -> str:
        return next((k for k, h in self.headers.items() if h == header), header)

    def _refused(self, result: BulkResult, issues: list[ImportIssue],
                 count: int | None = None) -> BulkResult:
        result.error_count = count if count is not None else len(issues)
        result.error_rows = len({i.row for i in issues if i.row is not None})
        result.errors = issues[:self.error_limit]
        if len(issues) > self.error_limit:
            result.error_csv = errors_csv(issues)
        return result

    def _drop(self, *tables: str) -> None:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

    # --- the template -------------------------------------------------------------------------

    @classmethod
    def template_csv(cls) -> bytes:
        """The header row, UTF-8 with a BOM so that Excel opens it with its accents."""
        return csv_bytes([c.header for c in cls.columns], [])


def errors_csv(issues: Sequence[ImportIssue]) -> bytes:
    return csv_bytes([_("Row"), _("Column"), _("Error")],
                     ([issue.row if issue.row is not None else "", issue.column, issue.message]
                      for issue in issues))
