"""The factory registry: every model of the project has a factory, registered here by its
app's `factories.py`. The generic permission suite builds records with them, and a meta-test
fails when a model has none."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model

from cnqp.core.discovery import app_modules

_factories: dict[type[Model], Any] = {}


def register_factory(factory_class: Any) -> Any:
    _factories[factory_class._meta.model] = factory_class
    return factory_class


def load_all() -> dict[type[Model], Any]:
    app_modules("factories")  # importing them registers their factories
    return dict(_factories)


def factory_for(model: type[Model]) -> Any:
    return load_all()[model]


def project_models() -> list[type[Model]]:
    return [
        m for m in apps.get_models()
        if m.__module__.startswith("cnqp.") and not m._meta.auto_created
    ]
