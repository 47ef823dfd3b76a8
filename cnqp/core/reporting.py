"""The contract between the modules and the periodic reports: each module's `report.py` renders
its figures as a `ReportSection`; the reports app (issue "Reports") assembles and exports the
sections. Text is final (the active language, numbers already printed the Vietnamese way)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportTable:
    """A table of a report section. Cells are text or raw integers: the exporter prints
    integers with `format_number` in DOCX/PDF and keeps them numeric in XLSX. The last row may
    be a total."""

    title: str
    columns: list[str]
    rows: list[list[str | int]]


@dataclass(frozen=True)
class ReportSection:
    """One module's section of a periodic report."""

    title: str
    paragraphs: list[str]
    tables: list[ReportTable] = field(default_factory=list)
