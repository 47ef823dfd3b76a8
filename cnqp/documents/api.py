"""/api/documents/: product types, sets, revisions (with the lifecycle as actions), files,
usage rights (with revocation), and the right to produce."""

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from ninja import File as FilePart
from ninja import Query, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from cnqp.core.audit.context import client_address
from cnqp.core.models import OrgUnit
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.routes import app_router
from cnqp.core.records.api.schemas import Code, Input, PathId, serialise
from cnqp.documents import files
from cnqp.documents.models import ProductType
from cnqp.documents.resources import document_sets, revision_files, revisions, usage_rights
from cnqp.documents.selectors import can_produce

router = app_router("documents")


class ClearanceOut(Schema):
    allowed: bool
    reasons: list[str]
    design_set_id: int | None = None
    usage_right_id: int | None = None


class CanProduceParams(Input):
    enterprise: Code
    product_type: Code
    on_date: dt.date | None = None


@router.get("/can-produce", response={200: ClearanceOut, 404: ErrorOut, 422: ErrorOut},
            operation_id="documents_can_produce", tags=["Usage rights"],
            summary="May an enterprise produce a product type on a date?")
def can_produce_endpoint(request: HttpRequest,
                         params: Query[CanProduceParams]) -> dict[str, Any]:
    unit = get_object_or_404(OrgUnit, code=params.enterprise.upper())
    kind = get_object_or_404(ProductType, code=params.product_type.upper())
    answer = can_produce(unit, kind, params.on_date or dt.date.today())
    # The answer is a rule of the directorate; the ids are records, shown only when visible.
    visible_set = answer.design_set is not None and document_sets.queryset(request.user).filter(
        pk=answer.design_set.pk).exists()
    visible_right = answer.right is not None and usage_rights.queryset(request.user).filter(
        pk=answer.right.pk).exists()
    return {"allowed": answer.allowed, "reasons": answer.reasons,
            "design_set_id": answer.design_set.pk if visible_set and answer.design_set
            else None,
            "usage_right_id": answer.right.pk if visible_right and answer.right else None}


# --- files ------------------------------------------------------------------------------------

FILE_FIELDS = list(revision_files.api_fields)


@router.post("/revisions/{revision_id}/files",
             response={201: dict[str, Any], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
             operation_id="documents_revisions_upload_file", tags=["Revision files"],
             summary="Upload a file to a draft revision (multipart, field `file`)")
def upload_file(request: HttpRequest, revision_id: PathId,
                file: FilePart[UploadedFile]) -> Status:
    obj = revisions.get_for(request.user, revision_id, "update")
    stored = files.upload_revision_file(request.user, obj, file)  # type: ignore[arg-type]
    return Status(201, serialise(stored, FILE_FIELDS))


@router.get("/files/{file_id}/download",
            response={200: None, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
            operation_id="documents_files_download", tags=["Revision files"],
            summary="Download a file: checksum verified; a classified one is a numbered, "
                    "audited copy, and a PDF comes stamped",
            openapi_extra={"responses": {"200": {
                "description": "The file's content",
                "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}}}})
def download_file(request: HttpRequest, file_id: PathId) -> Any:
    obj = revision_files.get_for(request.user, file_id)
    try:
        download = files.open_for_download(request.user, obj,  # type: ignore[arg-type]
                                           action="download", address=client_address(request))
    except files.ChecksumMismatch as exc:
        return Status(409, {"code": "checksum_mismatch", "message": exc.message, "errors": []})
    except files.FileRefused as exc:
        return Status(409, {"code": "file_refused", "message": exc.message, "errors": []})
    response: HttpResponseBase = FileResponse(
        download.content, as_attachment=True, filename=download.filename,
        content_type=download.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
