"""The one NinjaAPI object. Each app contributes `router` from its `api.py`, mounted under
/api/<app>/; OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Two things every route gets here: a path under /api/ that names no route answers 404 in the
API's error format (not Django's HTML page: a negative id, say, matches no route), and the
OpenAPI document refuses two schemas of one name (ninja kept the last one, so an endpoint was
documented with another's schema: quality's and research's FiguresOut, production's
InspectionOut and the trace's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.openapi.schema import OpenAPISchema

from cnqp.api.auth import BearerToken, SessionWithSecondFactor
from cnqp.core.discovery import app_modules
from cnqp.core.records.api import errors


class OneSchemaPerName(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                raise ImproperlyConfigured(
                    f"Two API schemas are named {name!r}: rename one of them.")
        super().add_schema_definitions(definitions)


class CnqpAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return OneSchemaPerName(self, path_prefix)


api = CnqpAPI(
    title="CNQP API",
    version="1",
    description="API của hệ thống thông tin Tổng cục Công nghiệp quốc phòng. "
    "Xác thực: `Authorization: Bearer <token>`.",
    auth=[BearerToken(), SessionWithSecondFactor()],
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)

for label, module in app_modules("api"):
    if label != "api":
        api.add_router(f"/{label}/", module.router)

unknown = Router()  # mounted last: its pattern comes after every route's


@unknown.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None,
                       include_in_schema=False)
def no_such_route(request: HttpRequest, rest: str) -> None:
    raise Http404


api.add_router("/", unknown)
