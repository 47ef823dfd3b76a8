"""Finding each app's optional module by name: `menu`, `api`, `demo`, `factories`, `resources`,
`jobs`, `duties`... One place, so that a broken import inside such a module is raised, never
mistaken for absence."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every project app that has `<app>/<name>.py`, in app order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cnqp."):
            continue
        try:
            module = import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        found.append((config.label, module))
    return found
