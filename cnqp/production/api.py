"""/api/production/: plans, plan-items (start, complete), material-lots, lots, serials (and a
batch endpoint), genealogy, inspections (record, sign off), deliveries, templates,
characteristics, and the plan completion figure.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Query, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.imports.bulk.jobs import job_kind
from cnqp.core.imports.views import BULK_UPLOAD, ImportForm
from cnqp.core.jobs import start_job
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Id, Input, Int64, StrictInput, Text, serialise
from cnqp.documents.selectors import revision_for_work
from cnqp.production import services
from cnqp.production.bulk import IMPORTERS
from cnqp.production.choices import InspectionStage
from cnqp.production.models import InspectionTemplate, Measurement
from cnqp.production.report import ProductionFigures
from cnqp.production.resources import RECORD_INSPECTION, inspections, plan_items, serials
from cnqp.production.selectors import visible_node
from cnqp.production.services.items import MAX_BATCH, MAX_SERIAL_START, MAX_SERIAL_WIDTH

router = app_router("production")
VALUE = Measurement._meta.get_field("value")


class MeasurementIn(StrictInput):
    characteristic_id: Id
    value: Optional[Decimal] = Field(  # noqa: UP045 (pydantic reads it at runtime)
        None, max_digits=VALUE.max_digits, decimal_places=VALUE.decimal_places)


class InspectionIn(StrictInput):
    target_id: Id
    template_id: Id
    stage: InspectionStage
    date: dt.date
    operation_step: str = Field("", max_length=128)
    note: Text = ""
    measurements: list[MeasurementIn] = Field(max_length=1000)


@router.post("/inspections", response={201: dict[str, Any], 403: ErrorOut, 404: ErrorOut,
                                       422: ErrorOut},
             operation_id="production_inspections_create", tags=["Inspections"],
             summary="Record an inspection; the result is computed from the values")
def create_inspection(request: HttpRequest, payload: InspectionIn) -> Status:
    user = inspections.require(request.user, RECORD_INSPECTION)
    target = visible_node(user, payload.target_id)
    template = InspectionTemplate.objects.filter(pk=payload.template_id).first()
    if template is None:
        raise ValidationError({"template_id": "unknown template"})
    inspection = services.record_inspection(
        user, target=target, template=template,
        stage=payload.stage, date=payload.date, operation_step=payload.operation_step,
        note=payload.note, values={m.characteristic_id: m.value for m in payload.measurements})
    return Status(201, serialise(inspection, list(inspections.api_fields)))


class SerialBatchIn(StrictInput):
    plan_item_id: Id
    revision_id: Id
    made_date: dt.date
    numbers: list[str] = Field([], max_length=MAX_BATCH)
    prefix: str = Field("", max_length=32)
    start: int = Field(1, ge=0, le=MAX_SERIAL_START)
    count: int = Field(0, ge=0, le=MAX_BATCH)
    width: int = Field(5, ge=1, le=MAX_SERIAL_WIDTH)
    classification: Int64 = 0


class SerialBatchOut(Schema):
    count: int
    first_id: int
    last_id: int
    serial_numbers: list[str]


@router.post("/serials/batch", response={201: SerialBatchOut, 403: ErrorOut, 404: ErrorOut,
                                         422: ErrorOut},
             operation_id="production_serials_batch", tags=["Serial units"],
             summary="Create a batch of serial units under a plan item in progress")
def create_serial_batch(request: HttpRequest, payload: SerialBatchIn) -> Status:
    user = serials.require(request.user, "create")
    item = plan_items.get_for(user, payload.plan_item_id)
    revision = revision_for_work(user, payload.revision_id, payload.made_date)
    created = services.create_serials(
        user, plan_item=item, revision=revision,
        made_date=payload.made_date, numbers=payload.numbers, prefix=payload.prefix,
        start=payload.start, count=payload.count, width=payload.width,
        classification=payload.classification)
    rows = list(created.values_list("pk", "serial_number"))
    return Status(201, {"count": len(rows), "first_id": rows[0][0], "last_id": rows[-1][0],
                        "serial_numbers": [number for _pk, number in rows]})


class EnterpriseCompletionOut(Schema):
    code: str
    name: str
    done: int
    total: int
    items: int
    completed: int
    on_time: int
    quality_passed: int


class CompletionOut(Schema):
    year: int
    done: int
    total: int
    items: int
    completed: int
    on_time: int
    quality_passed: int
    planned_quantity: int
    accepted_quantity: int
    enterprises: list[EnterpriseCompletionOut]


class CompletionParams(Input):
    year: int = Field(ge=2000, le=2100)


@router.get("/completion", response={200: CompletionOut, 403: ErrorOut, 422: ErrorOut},
            operation_id="production_completion", tags=["Production plans"],
            summary="Product types completed on schedule and to quality: N/M of a year")
def completion(request: HttpRequest, params: Query[CompletionParams]) -> Any:
    user = plan_items.require(request.user)
    figures: ProductionFigures = metrics.read("production", user,
                                              ReportPeriod.annual(params.year))
    return {"year": params.year, **dataclasses.asdict(figures.completion)}


class ImportJobOut(Schema):
    job_id: int
    status: str
    status_url: str


@router.post("/imports/{kind}", response={202: ImportJobOut, 403: ErrorOut, 404: ErrorOut,
                                          422: ErrorOut},
             operation_id="production_bulk_import", tags=["Bulk imports"],
             summary="Import genealogy edges or inspection results (CSV or XLSX) in the "
                     "background; follow the job at /api/core/jobs/{job_id}")
def bulk_import(request: HttpRequest, kind: str, file: UploadedFile = File(...)) -> Status:  # noqa: B008
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise Http404
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied
    form = ImportForm({}, {"file": file}, limit=BULK_UPLOAD)  # the page's rules: type, size
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    name = file.name or f"{kind}.csv"
    job = start_job(request.user, kind=job_kind("production", importer),  # type: ignore[arg-type]
                    label=f"{importer.label}: {name}", upload=file, upload_name=name)
    job.refresh_from_db(fields=["status"])
    return Status(202, {"job_id": job.pk, "status": job.status,
                        "status_url": f"/api/core/jobs/{job.pk}"})
