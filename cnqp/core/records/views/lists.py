"""Generic list and detail views, declared per resource (see `cnqp.core.records.registry`)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import Collate
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.views import View

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of, get_visible_or_404, scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry
from cnqp.core.records.display import as_text, field_at, raw_value
from cnqp.core.records.export import csv_response, export_filename, xlsx_response
from cnqp.core.records.forms import style_form
from cnqp.core.records.panels import panels_for
from cnqp.core.records.registry import Column, Resource
from cnqp.core.records.search import apply_search

PAGE_SIZES = (25, 50, 100)


def ordering_expression(model: type[models.Model], sort_field: str, descending: bool) -> Any:
    field = field_at(model, sort_field)
    expression: Any = F(sort_field)
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        expression = Collate(expression, "vi")  # Vietnamese order on both databases
    return expression.desc() if descending else expression.asc()


class ResourceViewMixin(LoginRequiredMixin):
    resource: Resource = cast(Resource, None)  # set per URL by `as_view(resource=...)`

    def get_queryset(self, user: Any) -> QuerySet[Any]:
        return self.resource.queryset(user)


class ObjectListView(ResourceViewMixin, View):
    """List with filters, sort, pagination, search and export; htmx gets the table alone."""

    template_name = "core/object_list.html"
    partial_template = "core/_object_table.html"

    def filtered(self, request: HttpRequest) -> tuple[QuerySet[Any], Any]:
        resource = self.resource
        queryset = resource.list_queryset(request.user)
        filterset = None
        if resource.filterset is not None:
            filterset = resource.filterset(request.GET, queryset=queryset, request=request)
            filterset.form.compact = True
            style_form(filterset.form)
            queryset = filterset.qs
        queryset = apply_search(queryset, request.GET.get("q", "").strip())
        sort = request.GET.get("sort", "")
        allowed = {c.sort_field for c in resource.columns if c.sort_field}
        key = sort.lstrip("-")
        if key in allowed:
            queryset = queryset.order_by(
                ordering_expression(resource.model, key, sort.startswith("-")), "-pk"
            )
        else:
            queryset = queryset.order_by(resource.default_sort)
        return queryset, filterset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset = self.filtered(request)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(request, queryset, export)  # type: ignore[return-value]
        try:
            per_page = int(request.GET.get("per_page", PAGE_SIZES[0]))
        except ValueError:
            per_page = PAGE_SIZES[0]
        paginator = Paginator(queryset, per_page if per_page in PAGE_SIZES else PAGE_SIZES[0])
        page = paginator.get_page(request.GET.get("page"))
        rows = [(obj, self.cells(obj)) for obj in page.object_list]
        self.audit_classified_rows(request, [obj for obj, _ in rows])
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "resource": self.resource,
            "headers": self.headers(request),
            "rows": rows,
            "page": page,
            "filterset": filterset,
            "q": request.GET.get("q", ""),
            "querystring": query.urlencode(),
            "can_add": self.resource.create is not None
            and request.user.has_perm(self.resource.perm("add")),
            "page_sizes": PAGE_SIZES,
        }
        template = self.partial_template if getattr(request, "htmx", False) else self.template_name
        return TemplateResponse(request, template, context)

    def headers(self, request: HttpRequest) -> list[dict[str, Any]]:
        current = request.GET.get("sort", "")
        out = []
        for column in self.resource.columns:
            key = column.sort_field
            next_sort = None
            if key:
                next_sort = f"-{key}" if current == key else key
            out.append({"label": column.header(self.resource.model), "sort": next_sort,
                        "active": current.lstrip("-") == key if key else False,
                        "descending": current.startswith("-")})
        return out

    def cells(self, obj: Any) -> list[dict[str, Any]]:
        return [{"text": as_text(raw_value(obj, c.name)), "link": c.link}
                for c in self.resource.columns]

    def audit_classified_rows(self, request: HttpRequest, objects: list[Any]) -> None:
        audit.record_listing(request.user, self.resource.model, objects)  # type: ignore[arg-type]

    def export(self, request: HttpRequest, queryset: QuerySet[Any],
               kind: str) -> HttpResponseBase:
        from django.conf import settings

        resource = self.resource
        names = resource.field_names
        headers = [Column(n).header(resource.model) for n in names]
        objects = list(queryset[: settings.CNQP_EXPORT_MAX_ROWS])
        rows = [[raw_value(obj, n) for n in names] for obj in objects]
        levels = {obj.pk: classification_of(obj) for obj in objects}
        audit.record(
            AuditAction.EXPORT, actor=request.user,  # type: ignore[arg-type]
            object_type=resource.model._meta.label_lower,
            object_repr=f"{resource.label_plural} ({kind})",
            classification=max(levels.values(), default=0),
            changes={"format": kind, "count": len(objects), "query": request.GET.urlencode(),
                     "classified_ids": [pk for pk, lvl in levels.items() if lvl > 0]},
        )
        filename = export_filename(resource.slug)
        if kind == "csv":
            # An identifier is a name, not a quantity: 1475, never "1.475".
            idents = [i for i, n in enumerate(names) if is_identifier(resource.model, n)]
            for row in rows:
                for i in idents:
                    row[i] = None if row[i] is None else str(row[i])
            return csv_response(filename, headers, rows)
        return xlsx_response(filename, resource.label_plural, headers, rows)


def is_identifier(model: type[Any], name: str) -> bool:
    if name in ("id", "pk") or name.endswith("_id"):
        return True
    field = field_at(model, name)
    return field is not None and bool(getattr(field, "primary_key", False))


class ObjectDetailView(ResourceViewMixin, View):
    template_name = "core/object_detail.html"

    def get_template_names(self) -> list[str]:
        return [self.resource.detail_template or self.template_name]

    def get_object(self, request: HttpRequest, pk: Any) -> Any:
        return get_visible_or_404(self.get_queryset(request.user), request.user, pk=pk)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(request, pk)
        audit.record_read(AuditAction.VIEW, actor=request.user, obj=obj)  # type: ignore[arg-type]
        user: Any = request.user
        extra = self.resource.detail_context(user, obj) if self.resource.detail_context else {}
        return TemplateResponse(request, self.get_template_names(), {
            **extra,
            "resource": self.resource,
            "object": obj,
            "fields": self.fields(obj),
            "history": self.history(user, obj),
            "panels": panels_for(user, obj),
            "can_change": self.resource.update is not None
            and user.has_perm(self.resource.perm("change")),
            "can_delete": self.resource.delete is not None
            and user.has_perm(self.resource.perm("delete")),
        })

    def fields(self, obj: Any) -> list[tuple[str, str]]:
        declared = list(self.resource.detail_fields) or [
            f.name for f in obj._meta.concrete_fields
            if f.name not in ("id", "search_text", "path", "password") and f.editable
        ]
        columns = [c if isinstance(c, Column) else Column(c) for c in declared]
        return [(c.header(obj._meta.model), as_text(raw_value(obj, c.name))) for c in columns]

    def history(self, user: Any, obj: Any) -> list[AuditEntry]:
        entries = AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk),
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
        ).order_by("-id")
        return list(scope_queryset(entries, user)[:50]) if user.has_perm(
            self.resource.perm("view")) else []
