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
    """The walk from one node (the one parameter). Rows: (input, output, quantity, step) of
    every edge whose near end (in the walk's direction) was reached."""
    table = GenealogyEdge._meta.db_table
    near, far = _COLUMNS[direction]
    return (
        "WITH RECURSIVE reached(node_id) AS ("
        " SELECT CAST(%s AS BIGINT)"
        " UNION"
        f" SELECT e.{far} FROM {table} e JOIN reached r ON e.{near} = r.node_id"
        ")"
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
        return "SELECT unnest(%s::bigint[])", [values]
    return "SELECT value FROM json_each(%s)", [json.dumps(values)]


def ids_in(ids: Sequence[int]) -> RawSQL:
    """The same, as an expression for querysets: `filter(pk__in=ids_in(ids))`."""
    return RawSQL(*ids_param(ids))


# --- what the trace shows of the nodes it reached ---------------------------------------------
# Hand-written because the ORM's compilation of these joins cost more than running them (about
# 2 ms against 0.7 ms per trace on the demo). Every statement is restricted by a subquery of
# the ids the user may see, compiled from `scope_queryset` (build.py): scoping stays the one
# rule, only its SQL is reused. `{ids}` is an `ids_in` subquery, `{visible}` a scoped one.

ITEMS_SQL = (
    "SELECT n.id, n.kind, n.classification, o.code,"
    " m.id, m.code, m.material_name, m.received_date,"
    " l.id, l.lot_number, l.made_date, lp.code, l.revision_id, lr.number, ld.code,"
    " s.id, s.serial_number, s.made_date, sp.code, s.revision_id, sr.number, sd.code"
    " FROM production_tracenode n"
    " JOIN core_orgunit o ON o.id = n.enterprise_id"
    " LEFT JOIN production_materiallot m ON m.node_id = n.id"
    " LEFT JOIN production_lot l ON l.node_id = n.id"
    " LEFT JOIN documents_producttype lp ON lp.id = l.product_type_id"
    " LEFT JOIN documents_revision lr ON lr.id = l.revision_id"
    " LEFT JOIN documents_documentset ld ON ld.id = lr.document_set_id"
    " LEFT JOIN production_serialunit s ON s.node_id = n.id"
    " LEFT JOIN documents_producttype sp ON sp.id = s.product_type_id"
    " LEFT JOIN documents_revision sr ON sr.id = s.revision_id"
    " LEFT JOIN documents_documentset sd ON sd.id = sr.document_set_id"
    " WHERE n.id IN ({ids}) AND n.id IN ({visible})"
)

# An inspection is scoped exactly as its target node (Inspection.scope repeats TraceNode's
# through `target`; a test holds them together), so the visible nodes' ids are its filter.
INSPECTIONS_SQL = (
    "SELECT i.id, i.target_id, i.stage, i.date, i.result, i.signed_off_at, i.operation_step"
    " FROM production_inspection i WHERE i.target_id IN ({ids}) ORDER BY i.date, i.id"
)

DELIVERIES_SQL = (
    "SELECT s.node_id, s.id, d.recipient_id, o.code, o.name, d.date"
    " FROM production_deliveryline dl"
    " JOIN production_serialunit s ON s.id = dl.serial_id"
    " JOIN production_delivery d ON d.id = dl.delivery_id"
    " JOIN core_orgunit o ON o.id = d.recipient_id"
    " WHERE s.node_id IN ({ids}) AND dl.id IN ({visible}) ORDER BY d.date, dl.id"
)
