"""Quality: the trace through the API, next to raw SQL doing the same work (the recursive walk,
then the nodes with their items and revisions, their inspections and, forward, the delivery
lines), and the recursive walk alone.

Starting nodes are picked with cheap queries that work at any scale:
- a final serial: the highest-numbered output that is a serial and an input of nothing;
- a "typical lot" (a component lot): the lowest-numbered lot made from something and used in
  something;
- a material lot used in something (the recall question).
Targets at the large demo scale (≥ 20 million edges, PostgreSQL): backward ≤ 5 ms, forward of
a typical lot ≤ 60 ms, both within 1.5x of the raw SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.prepared import fetch_prepared
from cnqp.core.testing.clients import signed_in_client
from cnqp.production.models import DeliveryLine, TraceNode
from cnqp.quality.trace.build import scoped_ids_sql
from cnqp.quality.trace.sql import (
    DELIVERIES_SQL,
    INSPECTIONS_SQL,
    ITEMS_SQL,
    ids_in,
    ids_param,
    node_set_sql,
    walk_sql,
)

EDGES = "production_genealogyedge"
NODES = "production_tracenode"


def _one(sql: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def final_serial() -> int | None:
    return _one(
        f"SELECT e.output_node_id FROM {EDGES} e JOIN {NODES} n ON n.id = e.output_node_id"
        f" WHERE n.kind = 'serial' AND NOT EXISTS (SELECT 1 FROM {EDGES} x"
        f" WHERE x.input_node_id = e.output_node_id) ORDER BY e.output_node_id DESC LIMIT 1")


def used_node(kind: str, made: bool) -> int | None:
    made_from = (f" AND EXISTS (SELECT 1 FROM {EDGES} y WHERE y.output_node_id = n.id)"
                 if made else "")
    return _one(f"SELECT n.id FROM {NODES} n WHERE n.kind = '{kind}' AND EXISTS (SELECT 1 FROM"
                f" {EDGES} x WHERE x.input_node_id = n.id){made_from} ORDER BY n.id LIMIT 1")


def _item_id(table: str, node: int) -> int:
    return int(_one(f"SELECT id FROM {table} WHERE node_id = {int(node)}") or 0)


def _scoped_sql(queryset: Any, user: Any) -> tuple[str, list[Any]]:
    """A scoping subquery exactly as the trace compiles it for `user`, the ids' array as its
    first parameter (compiled once, outside the timing)."""
    return scoped_ids_sql(scope_queryset(queryset, user))


def raw_trace(direction: str, start: int, user: Any) -> Callable[[], object]:
    """The trace's work in raw SQL: the same statements as cnqp/quality/trace/sql.py (the
    walk, the items, the inspections and, forward, the deliveries), with the scoping
    subqueries the trace compiles for `user`, prepared as the trace prepares them, and no
    Django request, session or ORM in between."""
    nodes, node_params = _scoped_sql(TraceNode.objects.filter(pk__in=ids_in([0])), user)
    lines, line_params = _scoped_sql(
        DeliveryLine.objects.filter(serial__node_id__in=ids_in([0])), user)

    def run() -> object:
        edges = fetch_prepared(walk_sql(direction), [start, start])[1:]  # type: ignore[arg-type]
        ids = sorted({start} | {i for i, _o, _q, _s in edges} | {o for _i, o, _q, _s in edges})
        _sql, params = ids_param(ids)
        items = fetch_prepared(ITEMS_SQL.format(visible=nodes), [*params, *node_params[1:]])
        seen, seen_params = ids_param([row[0] for row in items])
        fetch_prepared(INSPECTIONS_SQL.format(ids=seen), seen_params)
        if direction == "forward":
            _sql, serial_params = ids_param([row[0] for row in items if row[1] == "serial"])
            fetch_prepared(DELIVERIES_SQL.format(visible=lines), [*serial_params, *line_params[1:]])
        return items

    return run


def _own_final_serial(user: Any) -> int | None:
    """The newest final serial of the user's enterprise within their clearance."""
    return _one(
        f"SELECT s.node_id FROM production_serialunit s WHERE s.enterprise_id = "
        f"{int(user.org_unit_id)} AND s.serial_number LIKE '%%-C%%' AND s.classification <= "
        f"{int(user.clearance)} ORDER BY s.id DESC LIMIT 1")


def raw_walk(direction: str, start: int) -> Callable[[], object]:
    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(node_set_sql(direction), [start])  # type: ignore[arg-type]
            return cursor.fetchall()

    return run


def _size(direction: str, start: int) -> int:
    return len(raw_walk(direction, start)())  # type: ignore[arg-type]


def cases(ctx: BenchContext) -> list[Case]:
    client = ctx.client
    out: list[Case] = []
    final = final_serial()
    if final is not None:
        serial = _item_id("production_serialunit", final)
        out += [
            Case(f"trace backward, API, final serial ({_size('backward', final)} nodes)",
                 lambda: client.get("/api/quality/trace/backward", {"serial": serial}),
                 raw_trace("backward", final, ctx.admin), repeat=50, target="≤ 5 ms, ≤ 1.5x raw"),
            Case("  recursive walk alone (backward)", raw_walk("backward", final), repeat=50),
        ]
    producer = User.objects.filter(username="z111").first()
    own = _own_final_serial(producer) if producer is not None else None
    if own is not None:
        own_serial, own_client = _item_id("production_serialunit", own), signed_in_client(producer)
        out.append(Case(
            f"trace backward, API, an enterprise's own serial ({_size('backward', own)} nodes)",
            lambda: own_client.get("/api/quality/trace/backward", {"serial": own_serial}),
            raw_trace("backward", own, producer), repeat=50, target="≤ 5 ms, scoped user"))
    lot = used_node("lot", made=True)
    if lot is not None:
        lot_id = _item_id("production_lot", lot)
        out += [
            Case(f"trace forward, API, component lot ({_size('forward', lot)} nodes)",
                 lambda: client.get("/api/quality/trace/forward", {"lot": lot_id}),
                 raw_trace("forward", lot, ctx.admin), target="≤ 60 ms, ≤ 1.5x raw"),
            Case("  recursive walk alone (forward, lot)", raw_walk("forward", lot)),
        ]
    material = used_node("material_lot", made=False)
    if material is not None:
        material_id = _item_id("production_materiallot", material)
        out += [
            Case(f"trace forward, API, material lot ({_size('forward', material)} nodes)",
                 lambda: client.get("/api/quality/trace/forward",
                                    {"material_lot": material_id}),
                 raw_trace("forward", material, ctx.admin), repeat=10,
                 target="the recall question"),
            Case("  recursive walk alone (forward, material lot)", raw_walk("forward", material),
                 repeat=10),
        ]
    return out
