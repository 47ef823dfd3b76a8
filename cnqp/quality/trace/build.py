"""A trace as a user may see it: the walk (one recursive query), then a constant number of
queries for what the page, the API and the export show: the visible nodes with their items
(material lot, lot or serial), product types and design revisions; their inspections; and,
forward, the delivery lines that lead to user units. Four queries in all, whatever the size.

Visibility. The walk itself does NOT stop at nodes the user may not see; it goes through them
and only hides them. A recall question must not get a smaller answer because an intermediate
item (a sub-assembly of another enterprise, a classified lot) is out of the asker's view: the
serials of their own that it reached are still affected. So every reached node is checked
against `scope_queryset(TraceNode, user)`: a hidden node is never returned (not its id, kind,
label or count), and the visible nodes below it are attached to their nearest visible
ancestor by an *indirect* link. What an indirect link discloses is only that the path passes
through something the user may not see, never what. The start itself must be visible (404).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404

from cnqp.core.models import User
from cnqp.core.scoping import scope_queryset
from cnqp.production.choices import NodeKind
from cnqp.production.models import DeliveryLine, Inspection, TraceNode
from cnqp.production.selectors import ITEM_SLUGS, item_of
from cnqp.quality.trace.sql import Direction, ids_in
from cnqp.quality.trace.walk import Walk, walk

START_PARAMS = {"serial": NodeKind.SERIAL, "lot": NodeKind.LOT,
                "material_lot": NodeKind.MATERIAL_LOT}


@dataclass(frozen=True)
class InspectionInfo:
    id: int
    stage: str
    date: dt.date
    result: str
    signed_off: bool
    operation_step: str


@dataclass
class TraceItem:
    """A visible node and the item behind it."""

    node_id: int
    kind: str
    item_id: int | None
    label: str
    enterprise_code: str
    product_type_code: str
    revision_id: int | None
    revision_label: str
    date: dt.date | None
    classification: int
    inspections: list[InspectionInfo] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return ITEM_SLUGS[NodeKind(self.kind)]


@dataclass(frozen=True)
class TraceLink:
    """`child` was reached from `parent` (in the trace's direction): directly through one
    edge (with its quantity and step), or indirectly through nodes the user may not see."""

    parent: int
    child: int
    indirect: bool
    quantity: Decimal | None = None
    operation_step: str = ""


@dataclass(frozen=True)
class Delivered:
    node_id: int
    serial_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    date: dt.date


@dataclass
class Trace:
    direction: Direction
    start: TraceItem
    items: dict[int, TraceItem]
    links: list[TraceLink]
    deliveries: dict[int, list[Delivered]] = field(default_factory=dict)

    @property
    def classification(self) -> int:
        return max((item.classification for item in self.items.values()), default=0)

    @property
    def classified_ids(self) -> list[int]:
        return sorted(n for n, item in self.items.items() if item.classification > 0)

    def of_kind(self, kind: str) -> list[TraceItem]:
        found = [i for n, i in self.items.items() if i.kind == kind and n != self.start.node_id]
        return sorted(found, key=lambda i: (i.product_type_code, i.label))

    @property
    def lots(self) -> list[TraceItem]:
        return self.of_kind(NodeKind.LOT)

    @property
    def serials(self) -> list[TraceItem]:
        """Serials reached; forward, the start too when it is a serial (it is affected)."""
        found = self.of_kind(NodeKind.SERIAL)
        if self.direction == "forward" and self.start.kind == NodeKind.SERIAL:
            found.insert(0, self.start)
        return found

    @property
    def material_lots(self) -> list[TraceItem]:
        return self.of_kind(NodeKind.MATERIAL_LOT)

    @property
    def units(self) -> list[dict[str, Any]]:
        """The user units the reached serials were delivered to, with how many each."""
        counts: dict[int, dict[str, Any]] = {}
        for lines in self.deliveries.values():
            for line in lines:
                row = counts.setdefault(line.unit_id, {"id": line.unit_id, "code": line.unit_code,
                                                       "name": line.unit_name, "serials": 0})
                row["serials"] += 1
        return sorted(counts.values(), key=lambda r: r["code"])

    def children(self) -> dict[int, list[TraceLink]]:
        out: dict[int, list[TraceLink]] = defaultdict(list)
        for link in self.links:
            out[link.parent].append(link)
        for links in out.values():
            links.sort(key=lambda lk: (self.items[lk.child].kind, self.items[lk.child].label))
        return out


def _item(node: TraceNode) -> TraceItem:
    item = item_of(node)
    revision = getattr(item, "revision", None)
    product_type = getattr(item, "product_type", None)
    date = getattr(item, "made_date", None) or getattr(item, "received_date", None)
    return TraceItem(
        node_id=node.pk, kind=node.kind, item_id=item.pk if item is not None else None,
        label=str(item) if item is not None else str(node),
        enterprise_code=node.enterprise.code,
        product_type_code=product_type.code if product_type is not None else "",
        revision_id=revision.pk if revision is not None else None,
        revision_label=str(revision) if revision is not None else "",
        date=date, classification=node.classification)


ITEM_RELATED = ("enterprise", "material_lot", "lot__product_type", "lot__revision__document_set",
                "serial__product_type", "serial__revision__document_set")


def visible_items(user: User, ids: set[int] | frozenset[int]) -> dict[int, TraceItem]:
    """The nodes among `ids` the user may see, with their items: one query."""
    nodes = scope_queryset(TraceNode.objects.filter(pk__in=ids_in(sorted(ids))), user)
    return {node.pk: _item(node) for node in nodes.select_related(*ITEM_RELATED)}


def _attach_inspections(user: User, items: dict[int, TraceItem]) -> None:
    """Every visible node's inspections, oldest first: one query."""
    rows = (scope_queryset(Inspection.objects.filter(target_id__in=ids_in(sorted(items))), user)
            .order_by("date", "pk")
            .values_list("pk", "target_id", "stage", "date", "result", "signed_off_at",
                         "operation_step"))
    for pk, target, stage, date, result, signed, step in rows:
        items[target].inspections.append(
            InspectionInfo(pk, stage, date, result, signed is not None, step))


def _deliveries(user: User, items: dict[int, TraceItem]) -> dict[int, list[Delivered]]:
    """Where the visible serials went (the delivery lines the user may see): one query."""
    serial_nodes = [n for n, i in items.items() if i.kind == NodeKind.SERIAL]
    if not serial_nodes:
        return {}
    rows = (scope_queryset(DeliveryLine.objects.filter(serial__node_id__in=ids_in(serial_nodes)),
                           user)
            .order_by("delivery__date", "pk")
            .values_list("serial__node_id", "serial_id", "delivery__recipient_id",
                         "delivery__recipient__code", "delivery__recipient__name",
                         "delivery__date"))
    out: dict[int, list[Delivered]] = defaultdict(list)
    for node_id, serial_id, unit_id, code, name, date in rows:
        out[node_id].append(Delivered(node_id, serial_id, unit_id, code, name, date))
    return dict(out)


def contract(walked: Walk, visible: set[int]) -> list[TraceLink]:
    """The links among visible nodes: each walked edge between two visible nodes as it is, and
    each visible node whose parent is hidden attached to its nearest visible ancestors through
    the hidden ones (indirect). Computed in memory over the walked edges: no query."""
    parents: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for edge in walked.edges:
        parent, child = edge.ends(walked.direction)
        parents[child].append((parent, edge))
    links: list[TraceLink] = []
    seen: set[tuple[int, int]] = set()
    for child in sorted(visible):
        if child == walked.start:
            continue
        for parent, edge in parents.get(child, ()):
            if parent in visible and (parent, child) not in seen:
                seen.add((parent, child))
                links.append(TraceLink(parent, child, False, edge.quantity, edge.operation_step))
        hidden = deque(p for p, _e in parents.get(child, ()) if p not in visible)
        crossed: set[int] = set(hidden)
        while hidden:  # up through the hidden region, to the visible nodes that bound it
            node = hidden.popleft()
            for parent, _edge in parents.get(node, ()):
                if parent in visible:
                    if (parent, child) not in seen and parent != child:
                        seen.add((parent, child))
                        links.append(TraceLink(parent, child, True))
                elif parent not in crossed:
                    crossed.add(parent)
                    hidden.append(parent)
    return links


def start_node(user: User, **params: int | None) -> TraceNode:
    """The visible node of the one item named (serial=, lot= or material_lot=, item ids);
    404 when it is not visible or when not exactly one is named."""
    named = [(name, value) for name, value in params.items()
             if name in START_PARAMS and value is not None]
    if len(named) != 1:
        raise Http404
    name, value = named[0]
    lookup = Q(**{f"{name}__pk": value}, kind=START_PARAMS[name])
    node = scope_queryset(TraceNode.objects.filter(lookup), user).first()
    if node is None:
        raise Http404
    return node


def build_trace(user: User, direction: Direction, node: TraceNode) -> Trace:
    """The trace from `node` as `user` may see it (see the module's docstring)."""
    walked = walk(direction, node.pk)
    items = visible_items(user, walked.nodes)
    if node.pk not in items:
        raise Http404
    _attach_inspections(user, items)
    deliveries = _deliveries(user, items) if direction == "forward" else {}
    return Trace(direction, items[node.pk], items, contract(walked, set(items)), deliveries)
