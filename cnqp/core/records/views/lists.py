"""The generic list and detail pages of a resource: thin layers over `Resource.browse` and
`Resource.read` (see `cnqp.core.records.resource`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views import View

from cnqp.core import audit
from cnqp.core.models import User
from cnqp.core.records.chips import active_filters, cleared, filter_keys, without
from cnqp.core.records.counting import ListPaginator
from cnqp.core.records.display import raw_value, shown_text
from cnqp.core.records.export import export_response
from cnqp.core.records.forms import style_form
from cnqp.core.records.history import history
from cnqp.core.records.panels import panels_for
from cnqp.core.records.registry import resource_of
from cnqp.core.records.resource import Browse, Resource
from cnqp.core.records.saved import kept_query, saved_filters_of

PAGE_SIZES = (25, 50, 100)


def page_size(query: Mapping[str, Any]) -> int:
    """The page size asked for, bounded: one of PAGE_SIZES; more than the largest is the
    largest, anything else the smallest."""
    try:
        asked = int(query.get("per_page", PAGE_SIZES[0]))
    except (TypeError, ValueError):
        return PAGE_SIZES[0]
    if asked in PAGE_SIZES:
        return asked
    return PAGE_SIZES[-1] if asked > PAGE_SIZES[-1] else PAGE_SIZES[0]


def htmx_partial(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment of the page, not the whole of it."""
    return bool(getattr(request, "htmx", False))


class ResourceViewMixin(LoginRequiredMixin):
    resource: Resource = cast(Resource, None)  # set per URL by `as_view(resource=...)`


class ObjectListView(ResourceViewMixin, View):
    """List with filters, sort, pagination, search and export; htmx gets the table alone."""

    template_name = "core/object_list.html"
    partial_template = "core/_object_table.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = cast(User, request.user)  # behind LoginRequired
        resource = self.resource
        browse = resource.browse(user, request.GET)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return export_response(resource, user, browse.queryset, export,
                                   request.GET.urlencode())
        paginator = ListPaginator(browse.queryset, page_size(request.GET))
        page = paginator.get_page(request.GET.get("page"))
        rows = [(obj, self.cells(obj)) for obj in page.object_list]
        audit.record_listing(user, resource.model, [obj for obj, _ in rows])
        query = request.GET.copy()
        query.pop("page", None)
        chips = active_filters(browse.filterset, request.GET, resource.searchable)
        bulk_actions = resource.bulk_actions(user)
        return TemplateResponse(request, self.template(request), {
            "resource": resource,
            "headers": self.headers(browse),
            "rows": rows,
            "page": page,
            "filterset": self.styled(browse),
            "q": request.GET.get("q", ""),
            "querystring": query.urlencode(),
            "can_add": resource.may(user, "create"),
            "page_sizes": PAGE_SIZES,
            "per_page": paginator.per_page,
            "unpaged": without(query, ["per_page"]),
            "chips": chips,
            # the filters count in the toggle's badge: the search box stays in sight
            "filters_active": sum(1 for key in filter_keys(browse.filterset, False)
                                  if request.GET.get(key, "")),
            "cleared": cleared(request.GET),
            "saved_filters": list(saved_filters_of(user, resource)),
            "saved_query": kept_query(request.GET),
            "bulk_actions": bulk_actions,
        })

    def template(self, request: HttpRequest) -> str:
        return self.partial_template if htmx_partial(request) else self.template_name

    @staticmethod
    def styled(browse: Browse) -> Any:
        if browse.filterset is not None:
            browse.filterset.form.compact = True
            style_form(browse.filterset.form)
        return browse.filterset

    def headers(self, browse: Browse) -> list[dict[str, Any]]:
        current = browse.sort
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
        return [{"text": shown_text(obj, c.name), "link": c.link}
                for c in self.resource.columns]


def related_url(user: User, value: Any) -> str:
    """The page of a related record a detail page names (raw_value already hid those the user
    may not see), when its resource has pages the user may view; else ""."""
    if not isinstance(value, Model):
        return ""
    resource = resource_of(type(value))
    if resource is None or not resource.may(user, "view"):
        return ""
    try:
        return reverse(resource.url_name("detail"), args=[value.pk])
    except NoReverseMatch:
        return ""


class ObjectDetailView(ResourceViewMixin, View):
    template_name = "core/object_detail.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        resource = self.resource
        obj = resource.read(user, pk)
        extra = resource.detail_context(user, obj) if resource.detail_context else {}
        return TemplateResponse(request, [resource.detail_template or self.template_name], {
            **extra,
            "resource": resource,
            "object": obj,
            "fields": [(c.header(resource.model), shown_text(obj, c.name),
                        related_url(user, raw_value(obj, c.name)))
                       for c in resource.detail_columns
                       # what this reader may open but not read whole (a recall's totals)
                       if c.name not in extra.get("hidden_fields", ())],
            "history": history(user, obj) if resource.may(user, "view") else [],
            "panels": panels_for(user, obj),
            # offered only on a record that would take them (resource.allows)
            "can_change": resource.allows(user, "update", obj),
            "can_delete": resource.allows(user, "delete", obj),
            "offered_steps": resource.steps(user, obj),
        })
