"""Would a file of new genealogy edges close a cycle?

A cycle through a new edge u → v needs a path from v back to u, so v must have an outgoing
edge: a recorded one, or a new one (v is also an input in the file). The usual file (new
lots and serials made from existing items) has neither, and that is settled by two set-wise
queries. Only otherwise is the part of the graph reachable from such outputs walked (one
recursive query over recorded and new edges) and its strongly connected components found;
every new edge inside a component of two or more nodes lies on a cycle.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

EDGES = "production_genealogyedge"
OUTS = "cnqp_bulk_outputs"
REACH = "cnqp_bulk_reach"


def _rows(sql: str) -> list[tuple[int, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def cycle_rows(new_edges: str, outputs: str, inputs: str) -> list[int]:
    """Row numbers of the edges of `new_edges` (row_no, in_node, out_node) that would lie on
    a cycle once added to the recorded genealogy. `outputs`, `inputs`: selects of the nodes
    (a column `node`) the edges enter and leave, as the caller has them (the distinct items
    named: fewer than the rows)."""
    _execute(f"DROP TABLE IF EXISTS {OUTS}", f"DROP TABLE IF EXISTS {REACH}",
             f"CREATE TEMPORARY TABLE {OUTS} AS SELECT DISTINCT node FROM ({outputs}) x "
             f"WHERE node IS NOT NULL")
    try:
        # A correlated probe per output (the index on the input column), whatever the
        # planner would guess for a join against millions of recorded edges.
        onward = _rows(
            f"SELECT o.node FROM {OUTS} o WHERE (SELECT 1 FROM {EDGES} e "
            f"WHERE e.input_node_id = o.node LIMIT 1) IS NOT NULL "
            f"UNION SELECT o.node FROM {OUTS} o WHERE o.node IN (SELECT node FROM ({inputs}) y)")
        if not onward:
            return []
        return _cycles_from([node for (node,) in onward], new_edges)
    finally:
        _execute(f"DROP TABLE IF EXISTS {OUTS}", f"DROP TABLE IF EXISTS {REACH}")


def _cycles_from(starts: list[int], new_edges: str) -> list[int]:
    _execute(f"CREATE TEMPORARY TABLE {REACH} (node bigint PRIMARY KEY)")
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {REACH} (node) VALUES (%s)", [(n,) for n in starts])
    _execute(
        f"CREATE INDEX cnqp_bulk_new_in ON {new_edges} (in_node)",
        f"INSERT INTO {REACH} (node) "
        f"WITH RECURSIVE walk(node) AS (SELECT node FROM {REACH} UNION "
        f"SELECT g.o FROM (SELECT input_node_id AS i, output_node_id AS o FROM {EDGES} "
        f"UNION ALL SELECT in_node, out_node FROM {new_edges}) g "
        f"JOIN walk ON g.i = walk.node) "
        f"SELECT node FROM walk WHERE node NOT IN (SELECT node FROM {REACH})")
    graph: dict[int, set[int]] = defaultdict(set)
    for source, target in _rows(
            f"SELECT e.input_node_id, e.output_node_id FROM {EDGES} e "
            f"JOIN {REACH} r ON r.node = e.input_node_id"):
        graph[source].add(target)
    new = _rows(f"SELECT n.row_no, n.in_node, n.out_node FROM {new_edges} n "
                f"JOIN {REACH} r ON r.node = n.in_node")
    for _row, source, target in new:
        graph[source].add(target)
    component = strongly_connected(graph)
    return sorted(row for row, source, target in new
                  if component[source] == component[target])


def strongly_connected(graph: dict[int, set[int]]) -> dict[int, int]:
    """Node → component id (Tarjan's algorithm, iterative: no recursion limit)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    nodes = set(graph) | {t for targets in graph.values() for t in targets}
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = node
                    if member == node:
                        break
    return component
