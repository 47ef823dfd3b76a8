"""Running the walk: one query, unscoped (the services that must see everything a recall
reaches use it as it is; pages and the API go through `build.trace`, which scopes)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from cnqp.core.prepared import fetch_prepared
from cnqp.quality.trace.sql import Direction, node_set_sql, walk_sql

THOUSANDTH = Decimal("0.001")


@dataclass(frozen=True)
class Edge:
    input_id: int
    output_id: int
    quantity: Decimal
    operation_step: str

    def ends(self, direction: Direction) -> tuple[int, int]:
        """(parent, child) in the walk's direction: forward from input to output."""
        if direction == "forward":
            return self.input_id, self.output_id
        return self.output_id, self.input_id


@dataclass(frozen=True)
class Walk:
    direction: Direction
    start: int
    nodes: frozenset[int]  # the start and everything reached
    edges: tuple[Edge, ...]  # every edge among them, once


def walk(direction: Direction, start: int) -> Walk:
    """Everything reached in `direction` from node `start`, with the edges between: ONE
    recursive query (no per-node or per-level query)."""
    rows = fetch_prepared(walk_sql(direction), [int(start), int(start)])
    # Quantities as the column stores them (3 places): SQLite hands back plain numbers.
    edges = tuple(Edge(int(i), int(o), Decimal(str(q)).quantize(THOUSANDTH), s or "")
                  for i, o, q, s in rows[1:])
    nodes = {int(start)}
    for edge in edges:
        nodes.add(edge.input_id)
        nodes.add(edge.output_id)
    return Walk(direction, int(start), frozenset(nodes), edges)


def reached_ids(direction: Direction, start: int) -> set[int]:
    """Only the node ids (the start included)."""
    with connection.cursor() as cursor:
        cursor.execute(node_set_sql(direction), [int(start)])
        return {int(row[0]) for row in cursor.fetchall()}
