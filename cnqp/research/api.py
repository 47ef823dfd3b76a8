"""/api/research/: projects (the lifecycle steps as POST actions), their steps, initiatives,
and the period figures."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import Field

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Input
from cnqp.core.units import units_in_reach
from cnqp.research.report import ResearchFigures, render_section
from cnqp.research.resources import projects

router = app_router("research")


class FiguresQuery(Input):
    start: dt.date | None = Field(None, alias="from", description="First day (default 1 Jan)")
    end: dt.date | None = Field(None, alias="to", description="Last day (default 31 Dec)")
    unit: str | None = Field(None, max_length=32,
                             description="Code of a unit: only its subtree counts")


class ResearchFiguresOut(Schema):
    start: dt.date
    end: dt.date
    unit: str | None
    in_execution: int
    overdue: int
    opened: int
    completed: int
    evaluated: int
    accepted: int
    failed_acceptance: int
    eligible_o: int
    o_series: int
    applied: int
    extended: int
    suspended: int
    cancelled: int
    initiatives: int
    initiative_benefit: int
    by_level: dict[str, dict[str, int]]
    initiatives_by_level: dict[str, int]
    text: list[str]


def period_and_unit(request: HttpRequest, query: FiguresQuery
                    ) -> tuple[dt.date, dt.date, OrgUnit | None]:
    year = timezone.localdate().year
    start = query.start or dt.date(query.end.year if query.end else year, 1, 1)
    end = query.end or dt.date(start.year, 12, 31)
    if start > end:
        raise ValidationError({"to": _("The period ends before it starts.")})
    unit = None
    if query.unit:
        # Only a unit the user may see: another's code answers 404, as its records would.
        visible = units_in_reach(request.user)  # type: ignore[arg-type]
        unit = get_object_or_404(visible, code=query.unit.upper())
    return start, end, unit


@router.get("/figures", response={200: ResearchFiguresOut, 403: ErrorOut, 404: ErrorOut,
                                   422: ErrorOut},
            operation_id="research_figures", tags=["Research figures"],
            summary="The science-and-technology figures of a period, as far as you may see")
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    user: User = projects.require(request.user)
    start, end, unit = period_and_unit(request, query)
    result: ResearchFigures = metrics.read("research", user, ReportPeriod(start, end), unit)
    return {**result.as_dict(), "unit": unit.code if unit else None,
            "text": render_section(result).paragraphs}
