"""The resource registry: each app declares its models once, in `<app>/resources.py`, and gets
list, detail, create, edit, delete, search and export pages, API endpoints, and a place in the
generic permission suite, which probes every registered resource.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst

from cnqp.core.access.scoping import scope_queryset

if TYPE_CHECKING:
    from django import forms
    from django.contrib.auth.models import AnonymousUser
    from django_filters import FilterSet

    from cnqp.core.models import User
    from cnqp.core.records.forms import ScopedModelForm


@dataclass(frozen=True)
class Column:
    """A list column: a model attribute (dotted for relations), its header, whether it links to
    the record, and the ORM field to sort by (None: not sortable)."""

    name: str
    label: str | Promise | None = None
    link: bool = False
    sort: str | None = ""

    def header(self, model: type[Model]) -> str:
        if self.label:
            return str(self.label)
        first = self.name.split(".")[0]
        try:
            field = model._meta.get_field(first)
        except FieldDoesNotExist:
            return first.replace("_", " ")
        return str(capfirst(getattr(field, "verbose_name", first)))

    @property
    def sort_field(self) -> str | None:
        if self.sort is None:
            return None
        return self.sort or self.name.replace(".", "__")


@dataclass(frozen=True)
class Action:
    """A lifecycle step on one record (submit, approve, issue, revoke, ...), declared once:
    the registry makes a UI route (`<slug>/<pk>/<name>/`, url name `<slug>-<name>`) and an API
    route (`POST /api/<app>/<slug>/{id}/<name>`). Both check that the record is visible (404)
    and the permission held (403), validate the payload with `form`, then `call` the service,
    which decides whether the step is legal."""

    name: str
    permission: str
    call: Callable[[User, Any, dict[str, Any]], Any]
    form: type[forms.Form] | None = None
    done_message: str | Promise = ""


Creator = Callable[["User", dict[str, Any]], Model]
Updater = Callable[["User", Any, dict[str, Any]], Model]
Deleter = Callable[["User", Any], None]


@dataclass
class Resource:
    model: type[Model]
    slug: str
    columns: Sequence[Column]
    detail_fields: Sequence[str | Column] = ()
    filterset: type[FilterSet] | None = None
    form: type[ScopedModelForm] | None = None
    create: Creator | None = None
    update: Updater | None = None
    delete: Deleter | None = None
    base_queryset: Callable[[], QuerySet[Any]] | None = None
    default_sort: str = "-pk"
    export_fields: Sequence[str] = ()
    api_fields: Sequence[str] = ()
    searchable: bool = True
    view_permission: str = ""
    detail_template: str = ""
    detail_context: Callable[[User, Any], dict[str, Any]] | None = None
    actions: Sequence[Action] = ()

    # --- naming -----------------------------------------------------------------------------
    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name))

    @property
    def label_lower(self) -> str:
        """The record name inside a sentence: Vietnamese capitalises only the first word."""
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.slug}-{action}"

    def perm(self, action: str) -> str:
        if action == "view" and self.view_permission:
            return self.view_permission
        return f"{self.app_label}.{action}_{self.model_name}"

    # --- reads: always through the scoping mechanism ------------------------------------------
    def queryset(self, user: User | AnonymousUser) -> QuerySet[Any]:
        base = self.base_queryset() if self.base_queryset else self.model._default_manager.all()
        if not user.has_perm(self.perm("view")):
            return base.none()
        return scope_queryset(base, user)

    def list_queryset(self, user: User | AnonymousUser) -> QuerySet[Any]:
        """The scoped queryset with the to-one relations a list walks per row joined in: its
        columns, and the path to each row's classification (markings, audit of listings)."""
        from cnqp.core.access.scoping import scope_of
        from cnqp.core.records.display import select_related_for

        paths = [c.name for c in self.columns]
        level = scope_of(self.model).classification
        if level:
            paths.append(level)
        related = select_related_for(self.model, paths)
        queryset = self.queryset(user)
        return queryset.select_related(*related) if related else queryset

    @property
    def field_names(self) -> list[str]:
        if self.export_fields:
            return list(self.export_fields)
        return [c.name for c in self.columns]


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
        _discovered = True


def resources(app_label: str | None = None) -> list[Resource]:
    autodiscover()
    return [r for r in _registry.values() if app_label is None or r.app_label == app_label]
