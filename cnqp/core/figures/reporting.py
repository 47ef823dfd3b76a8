"""The contract between the modules and the periodic reports.

Each module's `report.py` renders its figures as a `ReportSection` and exposes it as

    SECTION = SectionSpec(key="production", title=_("Production and repair"), order=30)

    def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
        ...  # figures through scope_queryset(…, user), narrowed by within_unit(…, unit)

The reports app discovers every `report.py` with that pair, assembles the sections the user
chose and exports them (DOCX, PDF, XLSX, HTML preview). Text is final (the active language,
numbers already printed the Vietnamese way). A section's `classification` is the highest level
of the records its figures count: a report that includes it carries the secrecy marking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class ReportPeriod:
    """A closed period: `start` and `end` both belong to it."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"The period starts ({self.start}) after it ends ({self.end}).")

    @property
    def year(self) -> int:
        """The year the period ends in: the plan year of an annual or half-year report."""
        return self.end.year

    @classmethod
    def annual(cls, year: int) -> ReportPeriod:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def half_year(cls, year: int) -> ReportPeriod:
        return cls(dt.date(year, 1, 1), dt.date(year, 6, 30))


@dataclass(frozen=True)
class ReportTable:
    """A table of a report section. Cells are text or raw integers: the exporter prints
    integers with `format_number` in DOCX/PDF and keeps them numeric in XLSX. The last row may
    be a total."""

    title: str
    columns: list[str]
    rows: list[list[str | int]]
    classification: int = 0


@dataclass(frozen=True)
class ReportChart:
    """A chart of a report section: one value per category in each named series. Drawn by
    ECharts in the HTML pages and as an image in DOCX/PDF."""

    title: str
    kind: str  # "bar", "line" or "pie"
    categories: list[str]
    series: list[tuple[str, list[int | float]]]


@dataclass(frozen=True)
class ReportSection:
    """One module's section of a periodic report."""

    title: str
    paragraphs: list[str]
    tables: list[ReportTable] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)
    classification: int = 0  # the highest level among the records its figures count
    key: str = ""


@dataclass(frozen=True)
class SectionSpec:
    """How a module's section is named and ordered in a report (`report.SECTION`)."""

    key: str
    title: str | Promise
    order: int
