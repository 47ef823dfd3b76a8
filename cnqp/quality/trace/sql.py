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


def ids_in(ids: Sequence[int]) -> RawSQL:
    """A subquery yielding `ids`, passed as ONE parameter whatever their number (an IN list
    of thousands of placeholders would pass SQLite's limit and bloat PostgreSQL's plans):
    an array on PostgreSQL, a JSON array read by json_each on SQLite."""
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [values])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
