"""The report as one in-memory object: header, the sections the apps contributed, recipients
and signature. Every output (HTML preview, DOCX, PDF through the DOCX, XLSX annex) renders
this object, so they cannot disagree; a generated report keeps it as JSON (`to_json`), and its
page shows exactly what its files hold."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from cnqp.core.figures.reporting import ReportChart, ReportPeriod, ReportSection, ReportTable
from cnqp.core.text import format_number, long_date
from cnqp.reports.choices import MARKINGS

FIGURE_TEXT = re.compile(r"^[\d.,%/—-]+$")  # "4/11", "100,0%", "—": figures printed as text

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def cell_text(value: str | int | float) -> str:
    """A table cell as printed: numbers the Vietnamese way (1.234.567), text as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def is_figure(value: str | int | float) -> bool:
    """Right-aligned in a table: numbers, and text that prints a figure ("4/11", "97,5%")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return bool(FIGURE_TEXT.match(str(value)))


@dataclass(frozen=True)
class Header:
    """The top of an administrative document (Decree 30/2020, Appendix I)."""

    parent_agency: str  # "BỘ QUỐC PHÒNG": the issuing unit's direct superior
    issuing_unit: str  # "TỔNG CỤC CÔNG NGHIỆP QUỐC PHÒNG"
    number: str  # "05": padded below 10
    symbol: str  # "BC-TCCNQP"
    place: str
    date: dt.date
    document_type: str  # "BÁO CÁO"
    title: str

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}/{self.symbol}"

    @property
    def place_date(self) -> str:
        return long_date(self.date, self.place)


@dataclass(frozen=True)
class Signature:
    position: str  # "CHỦ NHIỆM", or two lines "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"
    name: str = ""  # blank: the line is left for the name


@dataclass(frozen=True)
class OutlinePart:
    """A section as printed: its numeral, and its tables and charts with their numbers
    (tables and charts are numbered through the whole report: Bảng 1, 2, ...)."""

    numeral: str
    section: ReportSection
    tables: list[tuple[int, ReportTable]]
    charts: list[tuple[int, ReportChart]]


@dataclass(frozen=True)
class Report:
    header: Header
    kind: str
    period: ReportPeriod
    unit_code: str  # "" for the whole directorate
    introduction: list[str]
    sections: list[ReportSection]
    closing: str
    recipients: list[str]
    signature: Signature

    @property
    def classification(self) -> int:
        """The highest level of any included section or table: the document's marking."""
        levels = [s.classification for s in self.sections]
        levels += [t.classification for s in self.sections for t in s.tables]
        return max(levels, default=0)

    @property
    def marking(self) -> str:
        return MARKINGS.get(self.classification, "")

    def outline(self) -> list[OutlinePart]:
        parts, table_number, chart_number = [], 0, 0
        for index, section in enumerate(self.sections):
            tables, charts = [], []
            for table in section.tables:
                table_number += 1
                tables.append((table_number, table))
            for chart in section.charts:
                chart_number += 1
                charts.append((chart_number, chart))
            numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
            parts.append(OutlinePart(numeral, section, tables, charts))
        return parts

    def tables(self) -> list[tuple[int, ReportSection, ReportTable]]:
        """Every table of the report with its number and section (the XLSX annex)."""
        return [(number, part.section, table) for part in self.outline()
                for number, table in part.tables]

    # --- stored as JSON on the generated report -------------------------------------------
    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["header"]["date"] = self.header.date.isoformat()
        data["period"] = {"start": self.period.start.isoformat(),
                          "end": self.period.end.isoformat()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        header = dict(data["header"])
        header["date"] = dt.date.fromisoformat(header["date"])
        sections = [
            ReportSection(
                title=s["title"], paragraphs=list(s["paragraphs"]),
                tables=[ReportTable(title=t["title"], columns=list(t["columns"]),
                                    rows=[list(r) for r in t["rows"]],
                                    classification=t["classification"]) for t in s["tables"]],
                charts=[ReportChart(title=c["title"], kind=c["kind"],
                                    categories=list(c["categories"]),
                                    series=[(name, list(values)) for name, values in c["series"]])
                        for c in s["charts"]],
                classification=s["classification"], key=s["key"])
            for s in data["sections"]]
        return cls(
            header=Header(**header), kind=data["kind"],
            period=ReportPeriod(dt.date.fromisoformat(data["period"]["start"]),
                                dt.date.fromisoformat(data["period"]["end"])),
            unit_code=data["unit_code"], introduction=list(data["introduction"]),
            sections=sections, closing=data["closing"], recipients=list(data["recipients"]),
            signature=Signature(**data["signature"]))
