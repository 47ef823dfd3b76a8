"""Checking the resolved rows: every error of the file, by row and column, in a table of errors.

An importer's `rules` are conditions over the resolved rows (or over a table of distinct names,
reported on every row naming one). One pass per table asks whether anything is wrong; only then
does each rule collect its rows. The `check` hook adds the checks across rows (a row repeating
another). The errors are read back sorted by row and by the order of the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import connection
from django.utils.functional import Promise

from cnqp.core.imports.bulk.resolving import RESOLVED
from cnqp.core.imports.bulk.session import drop
from cnqp.core.imports.results import ImportIssue

if TYPE_CHECKING:
    from cnqp.core.imports.bulk.parsers import SqlParser
    from cnqp.core.imports.columns import Column

ERRORS = "cnqp_bulk_errors"


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


class Checking:
    """The check step of a `BulkImporter`, and the error table its hooks add to."""

    columns: ClassVar[Sequence[Column[SqlParser]]]
    headers: dict[str, str]  # column key -> header as written in the file

    # --- hooks -------------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        raise NotImplementedError

    def check(self) -> None:
        """Checks across rows (duplicates); add rows to the errors table with `add_errors`."""

    # --- the error table ---------------------------------------------------------------------

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

    # --- the step ----------------------------------------------------------------------------

    def _validate(self, staged_issues: list[ImportIssue]) -> None:
        drop(ERRORS)
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

    def _count_errors(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {ERRORS}")
            return int(cursor.fetchone()[0])

    def _read_errors(self) -> list[ImportIssue]:
        """Every error, by row and then in the order of the columns."""
        order = {c.key: i for i, c in enumerate(self.columns)}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT row_no, col, message, value FROM {ERRORS} "
                           f"ORDER BY row_no, col")
            rows = [self._issue(*row) for row in cursor.fetchall()]
        rows.sort(key=lambda i: (i.row or 0, order.get(self._key_of(i.column), len(order))))
        return rows

    def _issue(self, row: int | None, column: str, message: str, value: Any) -> ImportIssue:
        header = column[1:] if column.startswith("=") else self.headers.get(column, column)
        text = message % {"value": value} if "%(value)s" in message else message
        return ImportIssue(row, header, text)

    def _key_of(self, header: str) -> str:
        return next((k for k, h in self.headers.items() if h == header), header)
