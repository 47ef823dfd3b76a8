"""System checks: every project model read by users declares a scope whose paths exist."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from cnqp.core.access.scoping import Scope


def _resolves(model: Any, path: str) -> bool:
    current = model
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if i < len(parts) - 1:
            if field.related_model is None:
                return False
            current = field.related_model
    return True


@checks.register()
def check_scopes(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not model.__module__.startswith("cnqp.") or model._meta.auto_created:
            continue
        scope = getattr(model, "scope", None)
        if not isinstance(scope, Scope):
            errors.append(checks.Error(f"{model._meta.label} declares no `scope`",
                                       hint="Add `scope = Scope(...)`; see cnqp/core/scoping.py",
                                       obj=model, id="cnqp.E001"))
            continue
        for label, path in (("unit", scope.unit_path_lookup),
                            ("classification", scope.classification),
                            ("recipient", scope.recipient)):
            if path and not _resolves(model, path):
                errors.append(checks.Error(
                    f"{model._meta.label}.scope.{label} = {path!r} names no field",
                    obj=model, id="cnqp.E002"))
    return errors
