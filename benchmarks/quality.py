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

from django.db import connection

from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core.prepared import fetch_prepared
from cnqp.quality.trace.sql import (
    DELIVERIES_SQL,
    INSPECTIONS_SQL,
    ITEMS_SQL,
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


def raw_trace(direction: str, start: int, clearance: int) -> Callable[[], object]:
    """The trace's work in raw SQL, the same statements as cnqp/quality/trace/sql.py (the
    walk, the items, the inspections and, forward, the deliveries), prepared as the trace
    prepares them, with the clearance filter an administrator's scope comes to, and no Django
    request, session or ORM in between."""

    def run() -> object:
        edges = fetch_prepared(walk_sql(direction), [start, start])[1:]  # type: ignore[arg-type]
        ids = sorted({start} | {i for i, _o, _q, _s in edges} | {o for _i, o, _q, _s in edges})
        wanted, params = ids_param(ids)
        visible = (f"SELECT t.id AS visible_id FROM production_tracenode t"
                   f" WHERE t.id IN ({wanted}) AND t.classification <= {int(clearance)}")
        items = fetch_prepared(ITEMS_SQL.format(visible=visible), params)
        seen, seen_params = ids_param([row[0] for row in items])
        fetch_prepared(INSPECTIONS_SQL.format(ids=seen), seen_params)
        if direction == "forward":
            serials, serial_params = ids_param([row[0] for row in items if row[1] == "serial"])
            lines = (f"SELECT dl.id AS visible_id FROM production_deliveryline dl"
                     f" JOIN production_serialunit s ON s.id = dl.serial_id"
                     f" WHERE s.node_id IN ({serials})")
            fetch_prepared(DELIVERIES_SQL.format(visible=lines), serial_params)
        return items

    return run


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
    level = ctx.admin.clearance  # the raw queries filter by the same clearance as the API
    out: list[Case] = []
    final = final_serial()
    if final is not None:
        serial = _item_id("production_serialunit", final)
        out += [
            Case(f"trace backward, API, final serial ({_size('backward', final)} nodes)",
                 lambda: client.get("/api/quality/trace/backward", {"serial": serial}),
                 raw_trace("backward", final, level), repeat=50, target="≤ 5 ms, ≤ 1.5x raw"),
            Case("  recursive walk alone (backward)", raw_walk("backward", final), repeat=50),
        ]
    lot = used_node("lot", made=True)
    if lot is not None:
        lot_id = _item_id("production_lot", lot)
        out += [
            Case(f"trace forward, API, component lot ({_size('forward', lot)} nodes)",
                 lambda: client.get("/api/quality/trace/forward", {"lot": lot_id}),
                 raw_trace("forward", lot, level), target="≤ 60 ms, ≤ 1.5x raw"),
            Case("  recursive walk alone (forward, lot)", raw_walk("forward", lot)),
        ]
    material = used_node("material_lot", made=False)
    if material is not None:
        material_id = _item_id("production_materiallot", material)
        out += [
            Case(f"trace forward, API, material lot ({_size('forward', material)} nodes)",
                 lambda: client.get("/api/quality/trace/forward",
                                    {"material_lot": material_id}),
                 raw_trace("forward", material, level), repeat=10, target="the recall question"),
            Case("  recursive walk alone (forward, material lot)", raw_walk("forward", material),
                 repeat=10),
        ]
    return out
