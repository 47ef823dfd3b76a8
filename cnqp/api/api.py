"""The one NinjaAPI object. Each app contributes `router` from its `api.py`, mounted under
/api/<app>/; OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from cnqp.api.auth import BearerToken, SessionWithSecondFactor
from cnqp.core.discovery import app_modules
from cnqp.core.records.api import errors

api = NinjaAPI(
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
