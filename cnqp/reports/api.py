"""/api/reports/: the history (list, detail), generate (202 and the job to poll), the status
of a generation, and the files (downloads audited as on the pages)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from cnqp.core.models import User
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Code, Line, PathId, StrictInput
from cnqp.core.units import units_in_reach
from cnqp.reports import services
from cnqp.reports.assembly import ReportSpec, period_for, sections_for
from cnqp.reports.choices import ReportKind
from cnqp.reports.resources import generated

router = app_router("reports")


class GenerateIn(StrictInput):
    kind: Literal["annual", "half_year", "custom"] = "annual"
    year: int | None = Field(None, ge=2000, le=2100)
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")
    unit: Code | None = Field(None, description="Code of a unit; empty: the whole directorate")
    issuer: Code | None = Field(None, description="Code of the unit whose name and number the "
                                "report carries; empty: the reported unit (or the root)")
    sections: list[Code] | None = Field(None, max_length=20,
                                        description="Section keys; empty: all offered")
    formats: list[Literal["docx", "pdf", "xlsx"]] = Field(["docx", "pdf", "xlsx"],
                                                          max_length=3)
    number: str | None = Field(None, pattern=r"^\d{1,4}$")
    date: dt.date | None = None
    place: Line | None = None
    recipients: list[Line] = Field([], max_length=50)
    signer_position: Line = ""
    signer_name: Line = ""


class StatusOut(Schema):
    id: int
    job: int | None
    status: str
    phase: str
    done: int
    total: int | None
    percent: int | None
    error: str
    classification: int
    files: dict[str, str]


def _status(report: Any) -> dict[str, Any]:
    job = report.job
    return {
        "id": report.pk, "job": job.pk if job else None,
        "status": job.status if job else ("done" if report.is_ready else "queued"),
        "phase": job.phase if job else "", "done": job.done if job else 0,
        "total": job.total if job else None, "percent": job.percent if job else None,
        "error": job.error if job else "", "classification": report.classification,
        "files": {fmt: f"/api/reports/generated/{report.pk}/files/{fmt}"
                  for fmt in report.available_formats},
    }


@router.post("/generate", response={202: StatusOut, 403: ErrorOut, 404: ErrorOut,
                                    422: ErrorOut},
             operation_id="reports_generate", tags=["Reports"],
             summary="Generate a report in the background; poll its status")
def generate(request: HttpRequest, payload: GenerateIn) -> Status:
    user = generated.require(request.user, services.GENERATE_PERMISSION)
    unit = None
    if payload.unit:
        unit = get_object_or_404(units_in_reach(user), code=payload.unit.upper())
    issuer = None
    if payload.issuer:
        issuer = get_object_or_404(units_in_reach(user), code=payload.issuer.upper())
    if payload.kind == "custom" and (payload.start is None or payload.end is None):
        raise ValidationError({"from": _("A custom period needs its first and last day.")})
    if payload.kind != "custom" and payload.year is None:
        raise ValidationError({"year": _("An annual or half-year report needs its year.")})
    try:
        period = period_for(payload.kind, payload.year, payload.start, payload.end)
    except ValueError:  # a period that ends before it starts was a 500
        raise ValidationError({"to": _("The period ends before it starts.")}) from None
    spec = ReportSpec(
        kind=ReportKind(payload.kind), period=period, unit=unit,
        sections=payload.sections or [s.key for s in sections_for(user)],
        number=payload.number or "", date=payload.date or timezone.localdate(),
        place=payload.place or settings.CNQP_REPORT_PLACE,
        recipients=payload.recipients, signer_position=payload.signer_position,
        signer_name=payload.signer_name, issuer=issuer)
    report = services.start_generation(user, spec, list(payload.formats))
    report = generated.get_for(user, report.pk)
    return Status(202, _status(report))


@router.get("/generated/{report_id}/status", response={200: StatusOut, 404: ErrorOut,
                                                      422: ErrorOut},
            operation_id="reports_status", tags=["Reports"],
            summary="The progress of a report's generation and its files")
def status(request: HttpRequest, report_id: PathId) -> dict[str, Any]:
    return _status(generated.get_for(request.user, report_id))


@router.get("/generated/{report_id}/files/{fmt}", response={404: ErrorOut, 422: ErrorOut},
            operation_id="reports_download", tags=["Reports"],
            summary="A file of a generated report (audited)")
def download(request: HttpRequest, report_id: PathId,
             fmt: Literal["docx", "pdf", "xlsx"]) -> FileResponse:
    user: User = request.user  # type: ignore[assignment]
    report = generated.get_for(user, report_id)
    data = services.read_download(user, report, fmt)
    if data is None:
        raise HttpError(404, "No such file, or it no longer matches its checksum.")
    return FileResponse(io.BytesIO(data), as_attachment=True,
                        filename=services.download_name(report, fmt))
