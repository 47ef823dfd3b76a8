"""The forward trace grouped for people: by the unit that holds each lot or serial reached,
then by product type and lot (a serial's lot is the lot it was made from directly, among the
reached lots the reader may see; a serial made from none groups under its type alone).

Bounded whatever the reach: the groups and their counts (items, serials, lots, failed) come
from one GROUP BY, the items shown from one ROW_NUMBER() query capped at `PER_GROUP` a group,
then their labels and inspections for those items only (build.visible_items and
build._attach_inspections): a constant number of queries. Only what the reader may see is
grouped or counted: the reached nodes pass `scope_queryset(TraceNode, user)` first, and the
holder is read from the delivery lines the reader may see (else the building enterprise).

An item failed when its latest inspection failed (a re-inspection that passed clears it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.prepared import fetch_prepared
from cnqp.production.choices import InspectionResult, NodeKind
from cnqp.production.models import DeliveryLine, TraceNode
from cnqp.quality.trace.build import (
    TraceItem,
    _attach_inspections,
    scoped_ids_sql,
    visible_items,
)
from cnqp.quality.trace.sql import ids_in

PER_GROUP = 50  # items listed in a group; the rest through its "and N more" link
MAX_GROUPS = 200  # groups drawn; the totals still count every group


def _reached_sql(user: User, reached: Iterable[int], start: int) -> tuple[str, list[Any]]:
    """One row per visible lot or serial reached (the start too when it is a serial: it is
    affected): node, kind, number, product type, lot (node), holder, failed (0/1)."""
    ids = sorted(reached)
    visible, v_params = scoped_ids_sql(scope_queryset(
        TraceNode.objects.filter(pk__in=ids_in(ids)), user))
    lines, l_params = scoped_ids_sql(scope_queryset(
        DeliveryLine.objects.filter(serial__node_id__in=ids_in(ids)), user))
    sql = (
        "SELECT n.id AS node_id, n.kind AS kind,"
        " COALESCE(l.lot_number, s.serial_number) AS number,"
        " COALESCE(l.product_type_id, s.product_type_id) AS type_id,"
        " CASE WHEN n.kind = %s THEN n.id ELSE ("
        "  SELECT MIN(e.input_node_id) FROM production_genealogyedge e"
        "  JOIN production_tracenode ln ON ln.id = e.input_node_id"
        f"  WHERE e.output_node_id = n.id AND ln.kind = %s AND ln.id IN ({visible})"
        " ) END AS lot_node,"
        " COALESCE((SELECT d.recipient_id FROM production_deliveryline dl"
        "  JOIN production_delivery d ON d.id = dl.delivery_id"
        f"  WHERE dl.serial_id = s.id AND dl.id IN ({lines})"
        "  ORDER BY d.date DESC, dl.id DESC LIMIT 1), n.enterprise_id) AS holder_id,"
        " CASE WHEN (SELECT i.result FROM production_inspection i WHERE i.target_id = n.id"
        "  ORDER BY i.date DESC, i.id DESC LIMIT 1) = %s THEN 1 ELSE 0 END AS failed"
        f" FROM ({visible}) v JOIN production_tracenode n ON n.id = v.visible_id"
        " LEFT JOIN production_lot l ON l.node_id = n.id"
        " LEFT JOIN production_serialunit s ON s.node_id = n.id"
        " WHERE (n.kind = %s AND n.id <> %s) OR n.kind = %s"
    )
    params = [NodeKind.LOT, NodeKind.LOT, *v_params, *l_params, InspectionResult.FAILED,
              *v_params, NodeKind.LOT, int(start), NodeKind.SERIAL]
    return sql, [str(p) if isinstance(p, NodeKind | InspectionResult) else p for p in params]


# the groups' joins and order, shared by both statements so their groups come alike
_NAMES = (" LEFT JOIN core_orgunit o ON o.id = g.holder_id"
          " LEFT JOIN documents_producttype p ON p.id = g.type_id"
          " LEFT JOIN production_lot lt ON lt.node_id = g.lot_node")
_ORDER = "o.code, p.code, lt.lot_number, g.holder_id, g.type_id, g.lot_node"

GROUPS_SQL = (
    "SELECT g.holder_id, o.code, o.name, g.type_id, p.code, g.lot_node, lt.lot_number,"
    " COUNT(*), SUM(CASE WHEN g.kind = %s THEN 1 ELSE 0 END), SUM(g.failed)"
    " FROM ({reached}) g" + _NAMES +
    " GROUP BY g.holder_id, o.code, o.name, g.type_id, p.code, g.lot_node, lt.lot_number"
    " ORDER BY " + _ORDER
)

# the first PER_GROUP items of each group: lots before serials, then by number
SHOWN_SQL = (
    "SELECT r.node_id, r.holder_id, r.type_id, r.lot_node, r.failed FROM ("
    " SELECT g.node_id, g.holder_id, g.type_id, g.lot_node, g.failed,"
    "  ROW_NUMBER() OVER (PARTITION BY g.holder_id, g.type_id, g.lot_node"
    "   ORDER BY g.kind, g.number, g.node_id) AS rn, o.code AS o_code, p.code AS p_code,"
    "  lt.lot_number AS lot_number"
    " FROM ({reached}) g" + _NAMES +
    ") r WHERE r.rn <= %s"
    " ORDER BY r.o_code, r.p_code, r.lot_number, r.holder_id, r.type_id, r.lot_node, r.rn"
    " LIMIT %s"
)


@dataclass
class Group:
    holder_id: int
    holder_code: str
    holder_name: str
    type_id: int | None
    type_code: str
    lot_node: int | None
    lot_number: str
    count: int
    serials: int
    failed: int
    items: list[tuple[TraceItem, bool]] = field(default_factory=list)  # (item, failed)
    more_url: str = ""

    @property
    def key(self) -> tuple[int, int | None, int | None]:
        return (self.holder_id, self.type_id, self.lot_node)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Grouped:
    groups: list[Group]  # at most MAX_GROUPS
    group_count: int
    lots: int
    serials: int
    failed: int
    holders: int  # units holding serials reached

    @property
    def items(self) -> dict[int, TraceItem]:
        return {item.node_id: item for g in self.groups for item, _failed in g.items}


def _more_url(group: Group, start: int) -> str:
    query: dict[str, Any] = {"downstream_of": start, "held_by": group.holder_id}
    if group.type_id is not None:
        query["product_type"] = group.type_id
    if group.lot_node is not None:
        query["made_from"] = group.lot_node
    return f"{reverse('production:serials-list')}?{urlencode(query)}"


def forward_groups(user: User, reached: Iterable[int], start: int,
                   per_group: int | None = None) -> Grouped:
    """The groups of a forward trace from `start` that reached `reached` (node ids), as
    `user` may see them (see the module's docstring)."""
    per_group = per_group or PER_GROUP
    reached_sql, params = _reached_sql(user, reached, start)
    rows = fetch_prepared(GROUPS_SQL.format(reached=reached_sql),
                          [str(NodeKind.SERIAL), *params])
    groups = [Group(int(h), hc or "", hn or "", t, tc or "", lot, ln or "", int(c), int(s or 0),
                    int(f or 0)) for h, hc, hn, t, tc, lot, ln, c, s, f in rows]
    shown = groups[:MAX_GROUPS]
    by_key = {g.key: g for g in shown}
    picked = fetch_prepared(SHOWN_SQL.format(reached=reached_sql),
                            [*params, per_group, per_group * len(shown)]) if shown else []
    items = visible_items(user, {int(row[0]) for row in picked}) if picked else {}
    if items:
        _attach_inspections(items)
    for node, holder, type_id, lot, failed in picked:
        group = by_key.get((int(holder), type_id, lot))
        if group is not None and int(node) in items:
            group.items.append((items[int(node)], bool(failed)))
    for group in shown:
        if group.more > 0:
            group.more_url = _more_url(group, start)
    return Grouped(shown, len(groups), sum(g.count - g.serials for g in groups),
                   sum(g.serials for g in groups), sum(g.failed for g in groups),
                   len({g.holder_id for g in groups if g.serials}))
