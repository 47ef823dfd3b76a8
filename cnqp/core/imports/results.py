"""What an import reports: the errors by row and column, the counts, the rows themselves."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportIssue:
    """One error: `row` as Excel numbers it (the header is row 1; None for the whole file),
    `column` the header as written in the file ("" for the whole row)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [_("Row %(row)d") % {"row": self.row}] if self.row is not None else []
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    file_name: str = ""
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})


@dataclass
class Row:
    """One data row: parsed `values` by column key (a key is absent when its column is not in
    the file), the matching `existing` record if any, and what `build` made of it."""

    number: int
    headers: Mapping[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[ImportIssue] = field(default_factory=list)
    existing: Any = None
    item: Any = None

    def error(self, key: str, message: str) -> None:
        self.errors.append(ImportIssue(self.number, self.headers.get(key, key), str(message)))

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.values


class RowFailed(Exception):
    """A write step refused a row: the transaction is rolled back and the row reported."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues
