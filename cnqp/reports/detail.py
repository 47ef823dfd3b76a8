"""The page of a generated report: its stored content (charts drawn by ECharts, local) and its
files."""

from __future__ import annotations

from typing import Any

from cnqp.core.models import User
from cnqp.reports.document import Report
from cnqp.reports.models import GeneratedReport
from cnqp.reports.resources import generated


def chart_data(report: Report) -> list[dict[str, Any]]:
    """The charts for ECharts (json_script), numbered as in the DOCX."""
    return [{"id": f"chart-{number}", "number": number, "title": chart.title,
             "kind": {"line": "lines", "pie": "pie"}.get(chart.kind, "bars"),
             "data": {"categories": chart.categories,
                      "series": [{"name": name, "data": values}
                                 for name, values in chart.series]}}
            for part in report.outline() for number, chart in part.charts]


@generated.detail
def generated_context(user: User, obj: GeneratedReport) -> dict[str, Any]:
    """The detail page of a generated report: its stored content and its files."""
    report = Report.from_json(obj.content) if obj.content else None
    return {"report": report, "charts": chart_data(report) if report else [],
            "job": obj.job,
            "downloads": [(fmt, fmt.upper()) for fmt in obj.available_formats]}
