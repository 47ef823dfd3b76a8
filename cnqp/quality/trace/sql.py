"""The SQL of the trace, in one place: the recursive walk (the same statement on SQLite and
PostgreSQL) and the one vendor difference, how a list of node ids is handed to the database as
a single parameter.

The walk is ONE recursive CTE over `production_genealogyedge`. It collects the reached nodes
with UNION, not UNION ALL: a node already reached is not expanded again, so a cycle that
slipped into old data (an import that bypassed `record_consumption`) cannot make it loop. The
statement then returns the edges among the reached nodes, so the caller has the graph (for the
tree) and the node set in one round trip. Backward follows (output, input), forward
(input, output): each direction is led by one of the edge table's two composite indexes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from django.db import connection
from django.db.models.expressions import RawSQL

from cnqp.production.models import GenealogyEdge

Direction = Literal["backward", "forward"]

# (column followed from a reached node, column that yields the next node)
_COLUMNS: dict[str, tuple[str, str]] = {
    "backward": ("output_node_id", "input_node_id"),
    "forward": ("input_node_id", "output_node_id"),
}


def walk_sql(direction: Direction) -> str:
    """The walk from one start node (its id given twice). Rows: first the start node alone
    (the other columns NULL), then (input, output, quantity, step) of every edge whose near
    end (in the walk's direction) was reached."""
    table = GenealogyEdge._meta.db_table
    near, far = _COLUMNS[direction]
    seed = "CAST(%s AS BIGINT)"
    return (
        "WITH RECURSIVE reached(node_id) AS ("
        f" SELECT {seed}"
        " UNION"
        f" SELECT e.{far} FROM {table} e JOIN reached r ON e.{near} = r.node_id"
        ")"
        f" SELECT {seed}, NULL, NULL, NULL"
        " UNION ALL"
        " SELECT e.input_node_id, e.output_node_id, e.quantity, e.operation_step"
        f" FROM {table} e JOIN reached r ON e.{near} = r.node_id"
    )


def node_set_sql(direction: Direction) -> str:
    """The same walk returning only the reached node ids (the start included): what the
    benchmarks compare with, and what a count needs."""
    table = GenealogyEdge._meta.db_table
    near, far = _COLUMNS[direction]
    return (
        "WITH RECURSIVE reached(node_id) AS ("
        " SELECT CAST(%s AS BIGINT)"
        " UNION"
        f" SELECT e.{far} FROM {table} e JOIN reached r ON e.{near} = r.node_id"
        ") SELECT node_id FROM reached"
    )


def ids_param(ids: Sequence[int]) -> tuple[str, list[object]]:
    """A subquery yielding `ids`, passed as ONE parameter whatever their number (an IN list
    of thousands of placeholders would pass SQLite's limit and bloat PostgreSQL's plans):
    an array on PostgreSQL, a JSON array read by json_each on SQLite."""
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[]) AS id", [values]
    return "SELECT value AS id FROM json_each(%s)", [json.dumps(values)]


def ids_in(ids: Sequence[int]) -> RawSQL:
    """The same, as an expression for querysets: `filter(pk__in=ids_in(ids))`."""
    return RawSQL(*ids_param(ids))


# --- what the trace shows of the nodes it reached ---------------------------------------------
# Hand-written because the ORM's compilation of these joins cost more than running them (about
# 2 ms against 0.7 ms per trace on the demo). Each statement is driven by a small derived table
# of ids (`{visible}`: the ids the user may see among those reached, compiled from
# `scope_queryset(...).filter(pk__in=ids)`; `{ids}`: an `ids_param` subquery), joined to the
# big tables by their indexes. (Written as `n.id IN (...)` instead, PostgreSQL joined the whole
# node table to its items before filtering: 3.5 s at 2.5 million nodes, against 0.3 ms. The
# small tables are LEFT joined, which keeps them after the node they describe: joined, the
# planner crossed the 61 units with the ids before looking the nodes up, 22 ms for 381 nodes.)

ITEMS_SQL = (
    "SELECT n.id, n.kind, n.classification, o.code,"
    " m.id, m.code, m.material_name, m.received_date,"
    " COALESCE(l.id, s.id), l.lot_number, s.serial_number, COALESCE(l.made_date, s.made_date),"
    " p.code, r.id, r.number, d.code"
    " FROM ({visible}) v"
    " JOIN production_tracenode n ON n.id = v.visible_id"
    " LEFT JOIN core_orgunit o ON o.id = n.enterprise_id"
    " LEFT JOIN production_materiallot m ON m.node_id = n.id"
    " LEFT JOIN production_lot l ON l.node_id = n.id"
    " LEFT JOIN production_serialunit s ON s.node_id = n.id"
    " LEFT JOIN documents_producttype p ON p.id = COALESCE(l.product_type_id, s.product_type_id)"
    " LEFT JOIN documents_revision r ON r.id = COALESCE(l.revision_id, s.revision_id)"
    " LEFT JOIN documents_documentset d ON d.id = r.document_set_id"
)

# An inspection is scoped exactly as its target node (Inspection.scope repeats TraceNode's
# through `target`; a test holds them together), so the visible nodes' ids are its filter.
INSPECTIONS_SQL = (
    "SELECT i.id, i.target_id, i.stage, i.date, i.result, i.signed_off_at, i.operation_step"
    " FROM ({ids}) w JOIN production_inspection i ON i.target_id = w.id ORDER BY i.date, i.id"
)

DELIVERIES_SQL = (
    "SELECT s.node_id, s.id, d.recipient_id, o.code, o.name, d.date"
    " FROM ({visible}) v"
    " JOIN production_deliveryline dl ON dl.id = v.visible_id"
    " JOIN production_serialunit s ON s.id = dl.serial_id"
    " JOIN production_delivery d ON d.id = dl.delivery_id"
    " LEFT JOIN core_orgunit o ON o.id = d.recipient_id"
    " ORDER BY d.date, dl.id"
)
