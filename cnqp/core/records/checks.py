"""System checks of the resource declarations: a typo in a declared name fails start-up instead
of showing as an empty cell or a null in the API.

- every column, detail, export and API field resolves to a model field path (dotted or `__`),
  an `<fk>_id`, an annotation of the resource's queryset or an attribute of the model;
- every sort (a column's and the default) is an ORM path or an annotation;
- every write follows the one convention: the form's cleaned keys are the service's keyword
  names (`create(actor, **cleaned)`, `update(actor, obj, **cleaned)`, `action.call(actor, obj,
  **cleaned)`, `delete(actor, obj)`): each key is a parameter of the service and each required
  parameter is a key. A form whose `clean()` turns some boxes into another value says so in
  `derived = {"serials": ("serial_numbers", "product_type_code")}`;
- a declared detail template exists;
- every column, detail and export field has a header a reader can read: the verbose name of
  the model field it names, or else its own `label` (an annotation or a property would
  otherwise be headed by its Python name, "item count").
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Column, Resource


def resolves(model: type[Model], path: str, annotations: Iterable[str] = (),
             attributes: bool = True) -> bool:
    """Whether `path` names something a row of `model` has (see the module docstring)."""
    current = model
    parts = path.replace(".", "__").split("__")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        try:
            found: Any = current._meta.get_field(part)
        except FieldDoesNotExist:
            if (i == 0 and part in annotations) or part == "pk":
                return last
            if last and part.endswith("_id") and _is_relation(current, part[:-3]):
                return True
            return attributes and hasattr(current, part)
        if not last:
            if found.related_model is None:
                return False
            current = found.related_model
    return True


def _is_relation(model: type[Model], name: str) -> bool:
    try:
        return model._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False


def _annotations(resource: Resource) -> set[str]:
    names = set(getattr(resource.filterset, "annotates", ()))
    if resource.base_queryset is not None:
        names |= set(resource.base_queryset().query.annotations)
    return names


def field_errors(resource: Resource) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    label = f"{resource.app_label}.{resource.slug}"
    annotations = _annotations(resource)
    declared: list[tuple[str, str]] = [("columns", c.name) for c in resource.columns]
    declared += [("detail_fields", c.name if isinstance(c, Column) else c)
                 for c in resource.detail_fields]
    declared += [("export_fields", c.name if isinstance(c, Column) else c)
                 for c in resource.export_fields]
    declared += [("api_fields", name) for name in resource.api_fields]
    for where, name in declared:
        if not resolves(resource.model, name, annotations):
            errors.append(checks.Error(
                f"resource {label}: {where} names {name!r}, which {resource.model.__name__} "
                "does not have", obj=resource.model, id="cnqp.E010"))
    sorts = [("a column's sort", c.sort_field) for c in resource.columns if c.sort_field]
    sorts.append(("default_sort", resource.ordering.lstrip("-")))
    for where, path in sorts:
        if path and not resolves(resource.model, path, annotations, attributes=False):
            errors.append(checks.Error(
                f"resource {label}: {where} {path!r} is no field or annotation to sort by",
                obj=resource.model, id="cnqp.E011"))
    return errors


def header_errors(resource: Resource) -> list[checks.CheckMessage]:
    label = f"{resource.app_label}.{resource.slug}"
    declared = [("columns", resource.columns)]
    if resource.detail_fields:  # else they are the columns
        declared.append(("detail_fields", resource.detail_columns))
    if resource.export_fields:
        declared.append(("export_fields", resource.export_columns))
    return [checks.Error(
        f"resource {label}: {where} {column.name!r} names no model field, so it needs a "
        "label: Column(name, label=_(...))", obj=resource.model, id="cnqp.E014")
        for where, columns in declared for column in columns
        if not column.label and column.named_field(resource.model) is None]


def _keys(form_class: Any) -> set[str]:
    """The cleaned keys a form hands to its service."""
    derived: dict[str, tuple[str, ...]] = getattr(form_class, "derived", {})
    consumed = {name for names in derived.values() for name in names}
    return (set(form_class.base_fields) - consumed) | set(derived)


def _signature_errors(label: str, operation: str, service: Callable[..., Any],
                      leading: int, keys: set[str]) -> list[str]:
    """What breaks the convention between a service and the keys it is called with."""
    try:
        parameters = list(inspect.signature(service).parameters.values())[leading:]
    except (TypeError, ValueError):
        return [f"resource {label}: the {operation} service has no signature to check"]
    open_ended = any(p.kind is p.VAR_KEYWORD for p in parameters)
    named = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    required = {p.name for p in parameters
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty}
    problems = []
    unknown = sorted(keys - named) if not open_ended else []
    if unknown:
        problems.append(f"resource {label}: the {operation} form's keys {unknown} are not "
                        f"parameters of {service.__qualname__}")
    missing = sorted(required - keys)
    if missing:
        problems.append(f"resource {label}: {service.__qualname__} requires {missing}, which "
                        f"the {operation} form does not give")
    return problems


def operation_errors(resource: Resource) -> list[checks.CheckMessage]:
    label = f"{resource.app_label}.{resource.slug}"
    problems: list[str] = []
    writes: list[tuple[str, Callable[..., Any] | None, int]] = [
        ("create", resource.create, 1), ("update", resource.update, 2),
        ("delete", resource.delete, 2)]
    for operation, service, leading in writes:
        if service is None:
            continue
        form_class = resource.form_class(operation)
        keys = _keys(form_class) if form_class is not None else set()
        problems += _signature_errors(label, operation, service, leading, keys)
    names = [action.name for action in resource.actions]
    if len(set(names)) != len(names):
        problems.append(f"resource {label}: an action is declared twice in {names}")
    for action in resource.actions:
        keys = _keys(action.form) if action.form is not None else set()
        problems += _signature_errors(label, f"{action.name!r} action", action.call, 2, keys)
    return [checks.Error(p, obj=resource.model, id="cnqp.E012") for p in problems]


def template_errors(resource: Resource) -> list[checks.CheckMessage]:
    if not resource.detail_template:
        return []
    try:
        get_template(resource.detail_template)
    except TemplateDoesNotExist:
        return [checks.Error(
            f"resource {resource.app_label}.{resource.slug}: detail_template "
            f"{resource.detail_template!r} does not exist", obj=resource.model,
            id="cnqp.E013")]
    return []


@checks.register()
def check_resources(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for resource in resources():
        errors += field_errors(resource)
        errors += header_errors(resource)
        errors += operation_errors(resource)
        errors += template_errors(resource)
    return errors
