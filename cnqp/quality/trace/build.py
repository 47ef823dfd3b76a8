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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.prepared import fetch_prepared
from cnqp.documents.models import Revision
from cnqp.production.choices import NodeKind
from cnqp.production.models import DeliveryLine, TraceNode
from cnqp.production.selectors import ITEM_SLUGS
from cnqp.quality.trace.sql import (
    DELIVERIES_SQL,
    INSPECTIONS_SQL,
    ITEMS_SQL,
    Direction,
    ids_in,
    ids_param,
)
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


def _date(value: Any) -> dt.date | None:
    """Raw rows bring dates as dates (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _item(row: tuple[Any, ...], labels: dict[str, str]) -> TraceItem:
    """A node's row (sql.ITEMS_SQL) as a TraceItem, labelled as its item's __str__ does."""
    (pk, kind, level, enterprise, m_id, m_code, m_name, m_date, built_id, lot_number,
     serial_number, made, product_type, revision_id, revision_number, set_code) = row
    revision_label = ""
    if kind == NodeKind.MATERIAL_LOT:
        item_id, label, date = m_id, f"{m_code} {m_name}", m_date
    else:
        number = lot_number if kind == NodeKind.LOT else serial_number
        item_id, label, date = built_id, f"{labels[kind]} {number}", made
        revision_label = f"{set_code}, {labels['revision']} {revision_number}"
    if item_id is None:  # a node without its item (bad data): named by its number
        label, revision_id, revision_label = f"#{pk}", None, ""
    return TraceItem(node_id=int(pk), kind=kind, item_id=item_id, label=label,
                     enterprise_code=enterprise, product_type_code=product_type or "",
                     revision_id=revision_id, revision_label=revision_label, date=_date(date),
                     classification=int(level))


def scoped_ids_sql(queryset: QuerySet[Any]) -> tuple[str, list[Any]]:
    """The ids of a scoped queryset as SQL (column `visible_id`), to drive a hand-written
    statement; nothing visible: a subquery that yields nothing."""
    if queryset.query.is_empty():
        return "SELECT NULL AS visible_id WHERE 1 = 0", []
    sql, params = (queryset.order_by().annotate(visible_id=F("pk"))
                   .values_list("visible_id", flat=True).query.sql_with_params())
    return sql, list(params)


def visible_items(user: User, ids: set[int] | frozenset[int]) -> dict[int, TraceItem]:
    """The nodes among `ids` the user may see, with their items: one query."""
    visible, params = scoped_ids_sql(scope_queryset(
        TraceNode.objects.filter(pk__in=ids_in(sorted(ids))), user))
    labels = {NodeKind.LOT: str(_("Lot")), NodeKind.SERIAL: str(_("Serial")),
              "revision": str(_("revision"))}
    rows = fetch_prepared(ITEMS_SQL.format(visible=visible), params)
    items = {int(row[0]): _item(row, labels) for row in rows}
    return _revisions_seen(user, items)


def _revisions_seen(user: User, items: dict[int, TraceItem]) -> dict[int, TraceItem]:
    """The design revision of an item the reader sees, shown only when they may see the
    revision too (its set may be above their clearance): one query, when any is named."""
    named = {item.revision_id for item in items.values() if item.revision_id is not None}
    if not named:
        return items
    seen = set(scope_queryset(Revision.objects.filter(pk__in=named), user)
               .values_list("pk", flat=True))
    return {pk: item if item.revision_id is None or item.revision_id in seen
            else replace(item, revision_id=None, revision_label="")
            for pk, item in items.items()}


def _attach_inspections(items: dict[int, TraceItem]) -> None:
    """Every visible node's inspections, oldest first: one query (an inspection is as
    visible as its target: see sql.INSPECTIONS_SQL)."""
    wanted, params = ids_param(sorted(items))
    for pk, target, stage, date, result, signed, step in fetch_prepared(
            INSPECTIONS_SQL.format(ids=wanted), params):
        items[int(target)].inspections.append(
            InspectionInfo(int(pk), stage, _date(date) or dt.date.min, result, signed is not None,
                           step or ""))


def _deliveries(user: User, items: dict[int, TraceItem]) -> dict[int, list[Delivered]]:
    """Where the visible serials went (the delivery lines the user may see): one query."""
    serial_nodes = [n for n, i in items.items() if i.kind == NodeKind.SERIAL]
    if not serial_nodes:
        return {}
    visible, params = scoped_ids_sql(scope_queryset(
        DeliveryLine.objects.filter(serial__node_id__in=ids_in(serial_nodes)), user))
    out: dict[int, list[Delivered]] = defaultdict(list)
    for node_id, serial_id, unit_id, code, name, date in fetch_prepared(
            DELIVERIES_SQL.format(visible=visible), params):
        out[int(node_id)].append(Delivered(int(node_id), serial_id, unit_id, code, name,
                                           _date(date) or dt.date.min))
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


def build_trace(user: User, direction: Direction, node: TraceNode) -> Trace:
    """The trace from `node` as `user` may see it (see the module's docstring)."""
    return _assemble(user, walk(direction, node.pk))


def start_node(user: User, **params: int | None) -> int:
    """The node of the one item named (serial=, lot= or material_lot=, item ids); 404 when
    it does not exist, is not visible, or not exactly one is named. One scoped lookup: an
    item the user may not see is never walked, so its 404 takes the time of one for an item
    that does not exist (walked, the time told that it exists and how much it reaches)."""
    named = [(name, value) for name, value in params.items()
             if name in START_PARAMS and value is not None]
    if len(named) != 1:
        raise Http404
    name, value = named[0]
    visible, scope_params = scoped_ids_sql(scope_queryset(
        TraceNode.objects.filter(**{f"{name}__pk": value}), user))
    # prepared, as the trace's other statements: planning it cost 1-3 ms, running it 0.1 ms
    found = fetch_prepared(f"SELECT v.visible_id FROM ({visible}) v", scope_params)
    if not found:
        raise Http404
    return int(found[0][0])


def trace_from(user: User, direction: Direction, **params: int | None) -> Trace:
    """The trace from the one item named (see start_node)."""
    return _assemble(user, walk(direction, start_node(user, **params)))


def _assemble(user: User, walked: Walk) -> Trace:
    direction, start = walked.direction, walked.start
    # Each statement is left to the planner's join order: the scoping subqueries are the
    # ORM's, written from the scoped table outwards (a unit's received serials start from
    # the delivery lines), and forcing the written order made a producer's trace scan a
    # million lines (1.7 s). Prepared (core/prepared.py), they are planned once per
    # connection.
    items = visible_items(user, walked.nodes)
    if start not in items:
        raise Http404
    _attach_inspections(items)
    deliveries = _deliveries(user, items) if direction == "forward" else {}
    return Trace(direction, items[start], items, contract(walked, set(items)), deliveries)
