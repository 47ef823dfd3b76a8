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
from cnqp.quality.trace.sql import node_set_sql, walk_sql

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


def _ids_param(ids: list[int]) -> tuple[str, object]:
    """The same one-parameter id list as trace/sql.py."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])", ids
    import json

    return "SELECT value FROM json_each(%s)", json.dumps(ids)


ITEMS_SQL = (
    "SELECT n.id, n.kind, n.classification, o.code, m.code, m.material_name, l.lot_number,"
    " s.serial_number, p.code, r.id, r.number, d.code"
    f" FROM {NODES} n JOIN core_orgunit o ON o.id = n.enterprise_id"
    " LEFT JOIN production_materiallot m ON m.node_id = n.id"
    " LEFT JOIN production_lot l ON l.node_id = n.id"
    " LEFT JOIN production_serialunit s ON s.node_id = n.id"
    " LEFT JOIN documents_producttype p ON p.id = COALESCE(l.product_type_id, s.product_type_id)"
    " LEFT JOIN documents_revision r ON r.id = COALESCE(l.revision_id, s.revision_id)"
    " LEFT JOIN documents_documentset d ON d.id = r.document_set_id"
    " WHERE n.id IN ({ids}) AND n.classification <= {clearance}")
INSPECTIONS_SQL = ("SELECT id, target_id, stage, date, result, signed_off_at, operation_step"
                   " FROM production_inspection WHERE target_id IN ({ids}) ORDER BY date, id")
DELIVERIES_SQL = (
    "SELECT s.node_id, s.id, d.recipient_id, o.code, o.name, d.date"
    " FROM production_deliveryline dl JOIN production_serialunit s ON s.id = dl.serial_id"
    " JOIN production_delivery d ON d.id = dl.delivery_id"
    " JOIN core_orgunit o ON o.id = d.recipient_id WHERE s.node_id IN ({ids})"
    " ORDER BY d.date, dl.id")


def raw_trace(direction: str, start: int, clearance: int) -> Callable[[], object]:
    """The trace's work in raw SQL: the walk, the items, the inspections (and deliveries)."""

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(walk_sql(direction), [start])  # type: ignore[arg-type]
            edges = cursor.fetchall()
            ids = sorted({start} | {i for i, _o, _q, _s in edges} | {o for _i, o, _q, _s in edges})
            subquery, param = _ids_param(ids)
            cursor.execute(ITEMS_SQL.format(ids=subquery, clearance=int(clearance)), [param])
            items = cursor.fetchall()
            cursor.execute(INSPECTIONS_SQL.format(ids=subquery), [param])
            cursor.fetchall()
            if direction == "forward":
                serials = [row[0] for row in items if row[1] == "serial"]
                subquery, param = _ids_param(serials)
                cursor.execute(DELIVERIES_SQL.format(ids=subquery), [param])
                cursor.fetchall()
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
