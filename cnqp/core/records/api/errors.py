"""One JSON error format for every API failure:
{"code", "message", "errors": [{"field", "message"}]}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
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
            loc = [str(p) for p in item.get("loc", ()) if p not in ("body", "payload", "query")]
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
        return error_response(api, request, exc.status_code, "error", str(exc))


