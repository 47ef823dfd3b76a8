"""Resolving a staged file: from the staged text cells (`cnqp_bulk_stage s`) to the table of
typed values and ids, `RESOLVED`, one row per staged row, that the checks and the write read.

An importer builds it in its `resolve` hook with the helpers here: the staged cells (`cell`,
`raw`, `raw_keys`), the SQL of a column's value by its parser (`value_of`), the repeated cells
of several columns parsed once per distinct combination (`parsed_once`), and temporary tables
analysed for the next step's plan (`create_table`). On PostgreSQL the resolve first runs
"optimistically" (the common spellings of dates cast at once); a malformed cell makes it fail,
and it runs again with the exact parsers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from cnqp.core.imports.bulk.session import drop
from cnqp.core.imports.bulk.staging import ProgressFn, Stage

if TYPE_CHECKING:
    from cnqp.core.imports.bulk.parsers import SqlParser
    from cnqp.core.imports.columns import Column

RESOLVED = "cnqp_bulk_resolved"
DICTIONARY_LIMIT = 10_000  # a column with more distinct cells is parsed in place
COMBINATIONS = 10_000  # columns share a dictionary while their combinations stay below


@dataclass(frozen=True)
class Parsed:
    """A column's cells parsed (`parsed_once`): the join to add to the resolving select ("" when
    parsed in place, or joined by another column of its dictionary), the SQL of the value, the
    SQL of whether the cell is filled in, and the parameters of `value`."""

    join: str
    value: str
    given: str
    params: list[Any]


class Resolving:
    """The resolve step of a `BulkImporter`, and the SQL helpers its `resolve` hook uses."""

    columns: ClassVar[Sequence[Column[SqlParser]]]
    dictionaries: ClassVar[bool] = True  # parsed_once may parse repeated cells once
    progress: ProgressFn
    present: set[str]  # the keys of the columns in the file
    optimistic: bool
    _tables: list[str]  # made by create_table

    # --- hooks -------------------------------------------------------------------------------

    def resolve(self) -> None:
        """Build the resolved table (`RESOLVED`, one row per staged row, with `row_no`) from
        `cnqp_bulk_stage s`, in one or more steps of `create_table`."""
        self.create_table(RESOLVED, *self.resolve_select())

    def resolve_select(self) -> tuple[str, list[Any]]:
        """For a one-step `resolve`: SELECT … FROM cnqp_bulk_stage s …"""
        raise NotImplementedError

    # --- SQL helpers for subclasses ----------------------------------------------------------

    def cell(self, key: str) -> str:
        """The staged cell of `key`, blank as NULL; NULL when the column is not in the file."""
        if key not in self.present:
            return "CAST(NULL AS text)"
        return f"NULLIF(TRIM(s.c_{key}), '')"

    def raw(self, key: str) -> str:
        """The staged cell as it came (untrimmed), for the cheap shape checks of the optimistic
        parsers: a cell with stray spaces fails them and takes the exact parser."""
        return f"s.c_{key}" if key in self.present else "CAST(NULL AS text)"

    def raw_keys(self, *keys: str) -> tuple[str, ...]:
        """The staged cells as join keys: as they came, blank as ''. Distinct names are
        looked up once each (trimmed, parsed) and joined back by these, which costs the
        rows no string work: two spellings of one name are two names that find the same
        record."""
        return tuple(f"COALESCE({self.raw(k)}, '')" for k in keys)

    def value_of(self, key: str, raw: str | None = None,
                 cell: str | None = None) -> tuple[str, list[Any]]:
        """The SQL of the value of `key`'s column, by its parser, and its parameters: from the
        staged cell, or from the SQL `raw` (as it came) and `cell` (trimmed) given."""
        column = next(c for c in self.columns if c.key == key)
        return column.parser.sql(raw or self.raw(key), cell or self.cell(key), self.optimistic)

    def parsed_once(self, prefix: str, keys: Sequence[str]) -> dict[str, Parsed]:
        """Columns whose cells repeat (a file's times, steps, quantities and operators usually
        do) parsed once per distinct combination of their cells, in dictionary tables
        `{prefix}_1`, `{prefix}_2`, … (the raw cells as keys; value and given per column),
        joined back to the rows by the cells as they came: one pass over the rows to find
        the combinations and one join back, however many columns. Columns that are mostly
        distinct (PostgreSQL's statistics of the staged table say so) are parsed in place;
        so are SQLite's. Columns go together while their combinations stay few
        (`COMBINATIONS`)."""
        counts = self._repeated_columns([k for k in keys if k in self.present])
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
        for number, group in enumerate(groups, 1):
            parsed.update(self._dictionary(f"{prefix}_{number}", group))
        for key in keys:
            if key not in parsed:
                value, params = self.value_of(key)
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

    def _dictionary(self, table: str, keys: list[str]) -> dict[str, Parsed]:
        raw = dict(zip(keys, self.raw_keys(*keys), strict=True))
        cells = ", ".join(f"{raw[k]} AS r_{k}" for k in keys)
        columns, params = [], []
        for key in keys:
            trimmed = f"NULLIF(TRIM(q.r_{key}), '')"
            value, value_params = self.value_of(key, f"q.r_{key}", trimmed)
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

    def create_table(self, name: str, select: str, params: Sequence[Any] = (), *,
                     lookups: bool = False) -> None:
        """A temporary table of the import (dropped at its end), analysed on PostgreSQL so
        that the next step's joins are planned for its real size. `lookups`: the select
        looks each of its (distinct, comparatively few) rows up by index in tables of
        millions; PostgreSQL's planner would rather hash those whole tables, many times
        slower here, so it is told to use nested loops."""
        drop(name)
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

    # --- the step ----------------------------------------------------------------------------

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

