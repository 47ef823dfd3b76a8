"""/api/quality/: field-reports (triage: open_nonconformance, close; photos), photos,
nonconformances (analyse, close), actions (start, implement, check, close), recalls,
recalled-serials, figures, and the trace: trace/backward?serial=|lot= and
trace/forward?material_lot=|lot=|serial= (item ids).

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Schema
from ninja.files import UploadedFile
from ninja.responses import Response, Status

from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Id, Input, PathId, serialise
from cnqp.core.units import producing_units
from cnqp.documents.models import ProductType
from cnqp.production.resources import genealogy
from cnqp.quality import metrics as quality_metrics
from cnqp.quality import services
from cnqp.quality.detail import record_trace_read
from cnqp.quality.figures import FigureRow
from cnqp.quality.resources import field_reports, nonconformances, photos
from cnqp.quality.trace.build import Trace, TraceItem, trace_from

router = app_router("quality")


@router.post("/field-reports/{int:item_id}/photos",
             response={201: list[dict[str, Any]], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             operation_id="quality_field_reports_photos", tags=["Field reports"],
             summary="Add photos (PNG, JPEG) to a report awaiting triage")
def upload_photos(request: HttpRequest, item_id: PathId,
                  files: File[list[UploadedFile]]) -> Status:
    report = field_reports.get_for(request.user, item_id, "update")
    stored = services.add_photos(request.user, report, files)  # type: ignore[arg-type]
    return Status(201, [serialise(p, list(photos.api_fields)) for p in stored])


# --- trace ---------------------------------------------------------------------------------


class TraceInspectionOut(Schema):
    id: int
    stage: str
    date: dt.date
    result: str
    signed_off: bool
    operation_step: str


class NodeOut(Schema):
    node_id: int
    kind: str
    item_id: Optional[int]  # noqa: UP045 (pydantic reads it at runtime)
    label: str
    enterprise: str
    product_type: str
    revision_id: Optional[int]  # noqa: UP045
    revision: str
    date: Optional[dt.date]  # noqa: UP045
    classification: int
    inspections: list[TraceInspectionOut]


class LinkOut(Schema):
    parent: int
    child: int
    indirect: bool
    quantity: Optional[Decimal]  # noqa: UP045
    operation_step: str


class ReachedSerialOut(Schema):
    node_id: int
    serial_id: Optional[int]  # noqa: UP045
    label: str
    product_type: str
    enterprise: str
    units: list[str]


class UnitOut(Schema):
    id: int
    code: str
    name: str
    serials: int


class TraceOut(Schema):
    direction: str
    start: NodeOut
    nodes: list[NodeOut]
    links: list[LinkOut]
    lots: list[int] = []
    serials: list[ReachedSerialOut] = []
    units: list[UnitOut] = []


def _node(item: TraceItem) -> dict[str, Any]:
    return {"node_id": item.node_id, "kind": item.kind, "item_id": item.item_id,
            "label": item.label, "enterprise": item.enterprise_code,
            "product_type": item.product_type_code, "revision_id": item.revision_id,
            "revision": item.revision_label, "date": item.date,
            "classification": item.classification,
            "inspections": [i.__dict__ for i in item.inspections]}


def trace_out(trace: Trace) -> dict[str, Any]:
    out: dict[str, Any] = {
        "direction": trace.direction, "start": _node(trace.start),
        "nodes": [_node(item) for item in trace.items.values()],
        "links": [link.__dict__ for link in trace.links]}
    if trace.direction == "forward":
        out["lots"] = [lot.node_id for lot in trace.lots]
        out["serials"] = [{
            "node_id": s.node_id, "serial_id": s.item_id, "label": s.label,
            "product_type": s.product_type_code, "enterprise": s.enterprise_code,
            "units": [d.unit_code for d in trace.deliveries.get(s.node_id, [])]}
            for s in trace.serials]
        out["units"] = trace.units
    return out


class BackwardParams(Input):
    serial: Optional[Id] = None  # noqa: UP045
    lot: Optional[Id] = None  # noqa: UP045


class ForwardParams(BackwardParams):
    material_lot: Optional[Id] = None  # noqa: UP045


def _traced(request: HttpRequest, direction: str, params: dict[str, Any]) -> Response:
    """The trace as JSON in the TraceOut shape, rendered directly: validating thousands of
    nested nodes through the schema again cost as much as computing the trace."""
    user = genealogy.require(request.user)  # the trace reads the genealogy
    trace = trace_from(user, direction, **params)  # type: ignore[arg-type]
    record_trace_read(user, trace)
    return Response(trace_out(trace))


@router.get("/trace/backward", response={200: TraceOut, 403: ErrorOut, 404: ErrorOut,
                                         422: ErrorOut},
            operation_id="quality_trace_backward", tags=["Trace"],
            summary="Everything that went into a serial or lot, with inspections and revisions")
def trace_backward(request: HttpRequest, params: Query[BackwardParams]) -> Any:
    return _traced(request, "backward", params.dict())


@router.get("/trace/forward", response={200: TraceOut, 403: ErrorOut, 404: ErrorOut,
                                        422: ErrorOut},
            operation_id="quality_trace_forward", tags=["Trace"],
            summary="Every lot, serial and user unit reached from a material lot, lot or serial")
def trace_forward(request: HttpRequest, params: Query[ForwardParams]) -> Any:
    return _traced(request, "forward", params.dict())


# --- figures -------------------------------------------------------------------------------


class FigureRowOut(Schema):
    id: Optional[int]  # noqa: UP045
    code: str
    name: str
    counts: dict[str, int]
    pass_rate: Optional[float]  # noqa: UP045
    per_thousand: Optional[float]  # noqa: UP045
    mean_usage: dict[str, Decimal]


class StageOut(Schema):
    stage: str
    open: int
    closed: int
    fixed: int


class QualityFiguresOut(Schema):
    start: dt.date
    end: dt.date
    total: FigureRowOut
    by_product_type: list[FigureRowOut]
    by_enterprise: list[FigureRowOut]
    stages: list[StageOut]
    classification: int


def _row(key: str | None, row: FigureRow) -> dict[str, Any]:
    return {"id": int(key) if key else None, "code": row.code, "name": row.name,
            "counts": row.counts, "pass_rate": row.pass_rate, "per_thousand": row.per_thousand,
            "mean_usage": {unit: Decimal(str(mean)) for unit, mean in row.mean_usage.items()}}


class FigureParams(Input):
    start: dt.date
    end: dt.date
    product_type: Optional[Id] = None  # noqa: UP045
    enterprise: Optional[Id] = None  # noqa: UP045


@router.get("/figures", response={200: QualityFiguresOut, 403: ErrorOut, 422: ErrorOut},
            operation_id="quality_figures", tags=["Quality figures"],
            summary="Quality figures of a period per product type, enterprise and stage")
def figures(request: HttpRequest, params: Query[FigureParams]) -> Any:
    user = nonconformances.require(request.user)
    if params.start > params.end:
        raise ValidationError({"end": _("The period ends before it starts.")})
    product_type = None
    if params.product_type is not None:
        product_type = ProductType.objects.filter(pk=params.product_type).first()
        if product_type is None:
            raise ValidationError({"product_type": _("Unknown product type.")})
    enterprise = None
    if params.enterprise is not None:
        enterprise = producing_units().filter(pk=params.enterprise).first()
        if enterprise is None:
            raise ValidationError({"enterprise": _("Unknown enterprise.")})
    result = quality_metrics.read(user, ReportPeriod(params.start, params.end), enterprise,
                                  product_type)
    return {"start": params.start, "end": params.end, "total": _row(None, result.total),
            "by_product_type": [_row(k, r) for k, r in result.by_product_type.items()],
            "by_enterprise": [_row(k, r) for k, r in result.by_enterprise.items()],
            "stages": [{"stage": stage, **dataclasses.asdict(s)}
                       for stage, s in result.stages.items()],
            "classification": result.classification}
