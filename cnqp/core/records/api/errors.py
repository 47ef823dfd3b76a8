"""One JSON error format for every API failure:
{"code", "message", "errors": [{"field", "message"}]}.

Also for a request the server cannot read: a body over the limits (413: a JSON body over
DATA_UPLOAD_MAX_MEMORY_SIZE, a multipart one over the upload limit), a multipart body without
its boundary or cut short, too many fields or files (400). Django would answer those with its
HTML error page, or a 500 when a view met them.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldError] = []


SOURCES = ("body", "query", "path", "form", "file", "header", "cookie")
CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         413: "too_large", 422: "invalid"}


def error_response(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str,
                   errors: list[dict[str, str]] | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message,
                                         "errors": errors or []}, status=status)


def django_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [{"field": "" if field == "__all__" else field, "message": str(message)}
                for field, messages in exc.message_dict.items() for message in messages]
    return [{"field": "", "message": str(m)} for m in exc.messages]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for item in exc.errors:
            loc = [str(p) for p in item.get("loc", ())]
            if loc[:1] and loc[0] in SOURCES:  # where ninja read it, not a field
                loc = loc[1:]
            if loc[:1] == ["payload"]:  # the name of every route's body parameter
                loc = loc[1:]
            errors.append({"field": ".".join(loc), "message": str(item.get("msg", ""))})
        return error_response(api, request, 422, "invalid", _("The request is not valid."),
                              errors)

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(api, request, 422, "invalid", _("The request is not valid."),
                              django_errors(exc))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 403, "forbidden",
                              _("You do not have permission to do this."))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated",
                              _("Authentication required: send a valid bearer token."))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code,
                              CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(RequestDataTooBig)
    def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        _security_log(exc)
        return error_response(api, request, 413, "too_large",
                              _("The request is larger than the server accepts."))

    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(UnreadablePostError)
    def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, SuspiciousOperation):
            _security_log(exc)
        return error_response(api, request, 400, "bad_request",
                              _("The request's body cannot be read."))


def _security_log(exc: Exception) -> None:
    """As Django logs what it answers for itself (django.security.<kind>)."""
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))


