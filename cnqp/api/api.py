"""The one NinjaAPI object. Each app contributes `router` from its `api.py`, mounted under
/api/<app>/; OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from cnqp.api import errors
from cnqp.api.auth import BearerToken, SessionWithSecondFactor

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

for config in apps.get_app_configs():
    if not config.name.startswith("cnqp.") or config.name == "cnqp.api":
        continue
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    api.add_router(f"/{config.label}/", module.router)
