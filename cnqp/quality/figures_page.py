"""What the figures page draws: each number with the link to the records it counts, and the
charts' data (ECharts, local) with a link per bar."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cnqp.quality.figures import FigureRow, QualityFigures
from cnqp.quality.report import defect_rates, pass_rates, rate_text, stage_label, usage_text

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
        "label": row.label,
        "numbers": [(row.counts[f], figure_link(f, chosen, **narrow)) for f in TABLE_FIGURES],
        "pass_rate": rate_text(row.pass_rate), "per_thousand": rate_text(row.per_thousand),
        "usage": usage_text(row),
    }


def page_context(figures: QualityFigures, chosen: dict[str, Any]) -> dict[str, Any]:
    """Every number is the source's (`figures`): the page only pairs it with its link."""
    stages = figures.stages
    stage_rows = [{"label": stage_label(stage), "cells": [
        (s.open, figure_link("nc_open", chosen, stage=stage)),
        (s.closed, figure_link("nc_closed", chosen, stage=stage)),
        (s.fixed, figure_link("fixed", chosen, stage=stage))]} for stage, s in stages.items()]
    types, units = defect_rates(figures), pass_rates(figures)
    return {
        "headers": [FIGURE_LABELS[f] for f in TABLE_FIGURES],
        "type_rows": [_cells(r, chosen, product_type=key)
                      for key, r in figures.by_product_type.items()],
        "unit_rows": [_cells(r, chosen, enterprise=key)
                      for key, r in figures.by_enterprise.items()],
        "total_row": _cells(figures.total, chosen),
        "stage_rows": stage_rows,
        "chart_defects": {
            "categories": [r.code for r, _rate in types.values()],
            "series": [{"name": str(_("Per 1,000 delivered")),
                        "data": [rate for _r, rate in types.values()],
                        "links": [figure_link("defects", chosen, product_type=key)
                                  for key in types]}]},
        "chart_stages": {
            "categories": [stage_label(stage) for stage in stages],
            "series": [{"name": str(_("Open at the end")),
                        "data": [s.open for s in stages.values()],
                        "links": [figure_link("nc_open", chosen, stage=stage)
                                  for stage in stages]},
                       {"name": str(_("Closed in the period")),
                        "data": [s.closed for s in stages.values()],
                        "links": [figure_link("nc_closed", chosen, stage=stage)
                                  for stage in stages]}]},
        "chart_pass": {
            "categories": [r.code for r, _rate in units.values()],
            "series": [{"name": str(_("Pass rate")),
                        "data": [rate for _r, rate in units.values()],
                        "links": [figure_link("passed", chosen, enterprise=key)
                                  for key in units]}]},
    }
