"""What the figures page draws: each number with the link to the records it counts, and the
charts' data (ECharts, local) with a link per bar."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cnqp.quality.figures import FigureRow, QualityFigures
from cnqp.quality.report import rate_text, stage_label, usage_text

FIGURE_LABELS = {
    "inspected": _("Final acceptances"),
    "passed": _("Passed"),
    "delivered": _("Delivered (in service)"),
    "defects": _("Defective serials"),
    "failures": _("Field reports"),
    "nc_open": _("Non-conformances open"),
    "nc_closed": _("Non-conformances closed"),
    "fixed": _("Defects in use fixed"),
    "overdue_actions": _("Overdue actions"),
}
FIGURE_LISTS = {"failures": "quality:field-reports-list",
                "nc_open": "quality:nonconformances-list",
                "nc_closed": "quality:nonconformances-list",
                "fixed": "quality:nonconformances-list",
                "overdue_actions": "quality:actions-list"}


def figure_link(figure: str, chosen: dict[str, Any], **narrow: Any) -> str:
    """The page listing exactly the records `figure` counts, for the period and filters."""
    query: dict[str, Any] = {"figure": figure, "start": chosen["start"].strftime("%d/%m/%Y"),
                             "end": chosen["end"].strftime("%d/%m/%Y")}
    for name in ("product_type", "enterprise"):
        value = narrow.get(name) or chosen.get(name)
        if value is not None:
            query[name] = getattr(value, "pk", value)
    query.update({k: v for k, v in narrow.items() if k not in ("product_type", "enterprise")})
    base = reverse(FIGURE_LISTS.get(figure, "quality:figure-records"))
    return f"{base}?{urlencode(query)}"


TABLE_FIGURES = ("inspected", "passed", "delivered", "defects", "failures", "nc_open",
                 "nc_closed", "fixed", "overdue_actions")


def _cells(row: FigureRow, chosen: dict[str, Any], **narrow: Any) -> dict[str, Any]:
    return {
        "label": f"{row.code} {row.name}".strip(),
        "numbers": [(row.counts[f], figure_link(f, chosen, **narrow)) for f in TABLE_FIGURES],
        "pass_rate": rate_text(row.pass_rate), "per_thousand": rate_text(row.per_thousand),
        "usage": usage_text(row),
    }


def page_context(figures: QualityFigures, chosen: dict[str, Any]) -> dict[str, Any]:
    stage_rows = [{"label": stage_label(s.stage), "cells": [
        (s.open, figure_link("nc_open", chosen, stage=s.stage)),
        (s.closed, figure_link("nc_closed", chosen, stage=s.stage)),
        (s.fixed, figure_link("fixed", chosen, stage=s.stage))]} for s in figures.stages]
    types = [r for r in figures.by_product_type if r.counts["delivered"]]
    units = [r for r in figures.by_enterprise if r.counts["inspected"]]
    return {
        "headers": [FIGURE_LABELS[f] for f in TABLE_FIGURES],
        "type_rows": [_cells(r, chosen, product_type=r.key) for r in figures.by_product_type],
        "unit_rows": [_cells(r, chosen, enterprise=r.key) for r in figures.by_enterprise],
        "total_row": _cells(figures.total, chosen),
        "stage_rows": stage_rows,
        "chart_defects": {
            "categories": [r.code for r in types],
            "series": [{"name": str(_("Per 1,000 delivered")),
                        "data": [r.per_thousand or 0 for r in types],
                        "links": [figure_link("defects", chosen, product_type=r.key)
                                  for r in types]}]},
        "chart_stages": {
            "categories": [stage_label(s.stage) for s in figures.stages],
            "series": [{"name": str(_("Open at the end")), "data": [s.open for s in figures.stages],
                        "links": [figure_link("nc_open", chosen, stage=s.stage)
                                  for s in figures.stages]},
                       {"name": str(_("Closed in the period")),
                        "data": [s.closed for s in figures.stages],
                        "links": [figure_link("nc_closed", chosen, stage=s.stage)
                                  for s in figures.stages]}]},
        "chart_pass": {
            "categories": [r.code for r in units],
            "series": [{"name": str(_("Pass rate")), "data": [r.pass_rate or 0 for r in units],
                        "links": [figure_link("passed", chosen, enterprise=r.key)
                                  for r in units]}]},
    }
