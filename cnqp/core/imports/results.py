"""What an import reports: the errors by row and column, the counts, the rows themselves; for
the register engine (`ImportResult`, its `Row`s) and the bulk engine (`BulkResult`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.records.export import csv_bytes


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


class ImportMode(enum.StrEnum):
    """What a row whose code is already recorded does: refused (add new only, the safe
    default) or updates that record (add and update)."""

    ADD_ONLY = "add"
    ADD_AND_UPDATE = "update"


@dataclass(frozen=True)
class FieldChange:
    """One field a dry run would change: its label, the value stored and the value of the
    file, both as displayed."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RowPreview:
    """What a dry run would do with one row: create it, or change the record `key` names
    (field by field), or leave it unchanged."""

    row: int
    outcome: Outcome
    key: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportResult:
    file_name: str = ""
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, path) to hand on
    dry_run: bool = False  # nothing was written: `preview` says what an import would do
    preview: list[RowPreview] = field(default_factory=list)

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
    blank: set[str] = field(default_factory=set)  # keys of the present columns left empty
    before: dict[str, Any] = field(default_factory=dict)  # `existing`'s fields as loaded

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

    def refuse(self, issues: list[ImportIssue], limit: int,
               count: int | None = None) -> BulkResult:
        """Nothing written: the first `limit` issues kept, all of them in a CSV when there are
        more; `count` the errors in all, when only some are in `issues`."""
        self.error_count = count if count is not None else len(issues)
        self.error_rows = len({i.row for i in issues if i.row is not None})
        self.errors = issues[:limit]
        if len(issues) > limit:
            self.error_csv = errors_csv(issues)
        return self


class BulkRefused(Exception):
    """An in-transaction check of a bulk import found errors: nothing is written."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__(f"{len(issues)} error(s)")
        self.issues = issues


def errors_csv(issues: Sequence[ImportIssue]) -> bytes:
    return csv_bytes([_("Row"), _("Column"), _("Error")],
                     ([issue.row if issue.row is not None else "", issue.column, issue.message]
                      for issue in issues))
