"""The resource registry: each app declares its models once, in `<app>/resources.py`
(declarations only), and its detail pages' contexts in `<app>/detail.py`; it gets list,
detail, create, edit, delete, search and export pages, API routes, and a place in the
generated permission suite, which probes every registered resource."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from cnqp.core.records.resource import Resource

_registry: dict[str, Resource] = {}
_discovered = False


def register(resource: Resource) -> Resource:
    key = f"{resource.app_label}.{resource.slug}"
    if key in _registry and _registry[key].model is not resource.model:
        raise ValueError(f"resource {key} registered twice")
    _registry[key] = resource
    return resource


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("resources")
        autodiscover_modules("detail")  # `@resource.detail` contexts
        _discovered = True


def resources(app_label: str | None = None) -> list[Resource]:
    autodiscover()
    return [r for r in _registry.values() if app_label is None or r.app_label == app_label]


def resource_of(model: type) -> Resource | None:
    """The resource that shows `model`'s records (the first registered), or None."""
    return next((r for r in resources() if r.model is model), None)
