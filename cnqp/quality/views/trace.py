"""The trace page: find an item, walk backward (what went into it, with the inspections and the
design revision at each node) or forward (every lot, serial and user unit it reached: the
recall set, with the recall form), draw the tree, export it as XLSX. Reads through the scoped
trace (trace/build.py); a trace showing classified items is audited as their read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.core.records.export import XLSX_TYPE, export_filename
from cnqp.core.text import nfc
from cnqp.production.choices import NodeKind
from cnqp.production.models import Lot, MaterialLot, SerialUnit
from cnqp.production.models.trace import NODE_ITEMS
from cnqp.production.resources import genealogy
from cnqp.production.selectors import visible_node
from cnqp.quality.detail import record_trace_read
from cnqp.quality.forms import RecallForm
from cnqp.quality.trace.build import START_PARAMS, Trace, start_node, trace_from, visible_items
from cnqp.quality.trace.groups import forward_groups
from cnqp.quality.trace.tree import trace_xlsx, tree_rows
from cnqp.quality.trace.walk import walk

DIRECTIONS = ("backward", "forward")


def start_params(query: Any) -> dict[str, int | None]:
    """serial=, lot=, material_lot= (item ids) from a query string; junk reads as absent."""
    out: dict[str, int | None] = {}
    for name in START_PARAMS:
        raw = query.get(name, "")
        out[name] = int(raw) if str(raw).isdigit() else None
    return out


def find_items(user: User, text: str) -> list[tuple[str, Any]]:
    """Items the user may see whose number or code is `text` (any case): serials, lots,
    material lots; at most 20."""
    wanted = nfc(text).strip().upper()
    if not wanted:
        return []
    found: list[tuple[str, Any]] = []
    kinds: tuple[tuple[str, Any, str], ...] = (
        ("serial", SerialUnit, "serial_number"), ("lot", Lot, "lot_number"),
        ("material_lot", MaterialLot, "code"))
    for name, model, field in kinds:
        rows = scope_queryset(model.objects.filter(**{field: wanted}), user)
        found += [(name, item) for item in rows.select_related("enterprise")[:20]]
    return found[:20]


def _trace(user: User, direction: str, params: dict[str, int | None]) -> Trace:
    if direction not in DIRECTIONS:
        raise Http404
    return trace_from(user, direction, **params)  # type: ignore[arg-type]


@login_required
@require_GET
def trace_page(request: HttpRequest) -> HttpResponse:
    user = genealogy.require(request.user)  # the trace reads the genealogy
    direction = request.GET.get("direction", "backward")
    direction = direction if direction in DIRECTIONS else "backward"
    params = start_params(request.GET)
    context: dict[str, Any] = {"direction": direction, "q": request.GET.get("q", "")}
    if not any(params.values()) and context["q"]:
        matches = find_items(user, context["q"])
        if len(matches) == 1:
            name, item = matches[0]
            params[name] = item.pk
        context["matches"] = matches
    if any(params.values()):
        name, value = next((k, v) for k, v in params.items() if v is not None)
        context.update({"param": name, "value": value})
        if direction == "forward":
            context.update(_forward(user, params))
        else:
            trace = _trace(user, direction, params)
            rows, cut = tree_rows(trace)
            context.update({"trace": trace, "rows": rows, "cut": cut})
        record_trace_read(user, context["trace"])
    return TemplateResponse(request, "quality/trace.html", context)


def _forward(user: User, params: dict[str, int | None]) -> dict[str, Any]:
    """Forward, grouped by holder and lot, bounded whatever the reach (trace/groups.py); the
    trace it returns holds the items shown, which the audit names."""
    start = start_node(user, **params)
    walked = walk("forward", start)
    first = visible_items(user, {start})[start]
    grouped = forward_groups(user, walked.nodes, start)
    trace = Trace("forward", first, {start: first, **grouped.items}, [])
    return {"trace": trace, "grouped": grouped,
            "can_recall": user.has_perm("quality.add_recall"),
            "recall_form": RecallForm(initial={"start_node": start}, user=user)}


@login_required
@require_GET
def trace_export(request: HttpRequest) -> HttpResponse:
    """The trace as XLSX; classified items exported are named in the audit log."""
    user = genealogy.require(request.user)  # the trace reads the genealogy
    trace = _trace(user, request.GET.get("direction", ""), start_params(request.GET))
    audit.record(AuditAction.EXPORT, actor=user, object_type="production.tracenode",
                 object_id=str(trace.start.node_id),
                 object_repr=_("Trace %(direction)s from %(item)s (xlsx)") % {
                     "direction": trace.direction, "item": trace.start.label},
                 classification=trace.classification,
                 changes={"format": "xlsx", "direction": trace.direction,
                          "count": len(trace.items), "classified_ids": trace.classified_ids})
    response = HttpResponse(trace_xlsx(trace), content_type=XLSX_TYPE)
    name = export_filename(f"truy-vet-{trace.direction}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def node_page(request: HttpRequest, pk: int) -> HttpResponse:
    """/quality/trace/node/<id>/: the trace of a node by its number (links from lists)."""
    user = genealogy.require(request.user)  # the trace reads the genealogy
    node = visible_node(user, pk)
    item = node.item
    param = NODE_ITEMS[NodeKind(node.kind)]
    return redirect(f"{request.path.rsplit('node/', 1)[0]}?direction="
                    f"{request.GET.get('direction', 'backward')}&{param}={item.pk}")
