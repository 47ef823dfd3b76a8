"""The walk: equal to a reference computed in Python on random graphs (hypothesis), cycles
attempted through the service (refused) and inserted behind its back (the walk still ends)."""

from __future__ import annotations

from collections import defaultdict, deque
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnqp.core.choices import Classification
from cnqp.core.factories import OrgUnitFactory
from cnqp.production import services as production
from cnqp.production.choices import NodeKind
from cnqp.production.models import GenealogyEdge, TraceNode
from cnqp.quality.trace.build import build_trace
from cnqp.quality.trace.walk import reached_ids, walk


def reference(edges: set[tuple[int, int]], start: int, direction: str) -> set[int]:
    """Breadth-first search in Python: the definition the SQL must meet."""
    nexts: dict[int, set[int]] = defaultdict(set)
    for i, o in edges:
        if direction == "forward":
            nexts[i].add(o)
        else:
            nexts[o].add(i)
    seen, queue = {start}, deque([start])
    while queue:
        for node in nexts[queue.popleft()]:
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return seen


graphs = st.integers(min_value=2, max_value=9).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=22),
    st.integers(0, n - 1)))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(graph=graphs)
def test_walk_equals_reference_on_random_graphs(graph: tuple[int, list[Any], int],
                                                admin_user: Any) -> None:
    size, wanted, start_index = graph
    with transaction.atomic():
        unit = OrgUnitFactory()
        nodes = TraceNode.objects.bulk_create(
            [TraceNode(kind=NodeKind.LOT, enterprise=unit) for _ in range(size)])
        accepted: set[tuple[int, int]] = set()
        for i, o in wanted:  # every edge asked for, cycles included; the service decides
            source, target = nodes[i], nodes[o]
            try:
                production.record_consumption(None, output=target, inputs=[(source, 1)])
            except ValidationError:
                continue  # a self-edge, a repeat, or the edge that would close a cycle
            accepted.add((source.pk, target.pk))
        assert set(GenealogyEdge.objects.filter(input_node__in=nodes).values_list(
            "input_node_id", "output_node_id")) >= accepted
        start = nodes[start_index].pk
        for direction in ("forward", "backward"):
            expected = reference(accepted, start, direction)
            walked = walk(direction, start)  # type: ignore[arg-type]
            assert walked.nodes == expected
            assert reached_ids(direction, start) == expected  # type: ignore[arg-type]
            assert {(e.input_id, e.output_id) for e in walked.edges} == {
                (i, o) for i, o in accepted if (i if direction == "forward" else o) in expected}
            trace = build_trace(admin_user, direction, nodes[start_index])  # type: ignore[arg-type]
            assert set(trace.items) == expected  # the administrator sees every node
            assert all(not link.indirect for link in trace.links)
        transaction.set_rollback(True)


def _nodes(count: int, kind: str = NodeKind.LOT) -> list[TraceNode]:
    unit = OrgUnitFactory()
    return TraceNode.objects.bulk_create([TraceNode(kind=kind, enterprise=unit)
                                          for _ in range(count)])


def test_a_cycle_inserted_behind_the_service_still_ends(db: Any) -> None:
    """Old data may hold a cycle (an import that bypassed record_consumption): UNION stops
    the walk at nodes already reached."""
    a, b, c, d = _nodes(4)
    GenealogyEdge.objects.bulk_create([
        GenealogyEdge(input_node=a, output_node=b), GenealogyEdge(input_node=b, output_node=c),
        GenealogyEdge(input_node=c, output_node=a), GenealogyEdge(input_node=c, output_node=d)])
    assert walk("forward", a.pk).nodes == {a.pk, b.pk, c.pk, d.pk}
    assert walk("backward", a.pk).nodes == {a.pk, b.pk, c.pk}
    assert walk("backward", d.pk).nodes == {a.pk, b.pk, c.pk, d.pk}
    assert len(walk("forward", a.pk).edges) == 4


def test_the_service_refuses_the_cycle_the_walk_tolerates(db: Any) -> None:
    a, b, c = _nodes(3)
    production.record_consumption(None, output=b, inputs=[(a, 1)])
    production.record_consumption(None, output=c, inputs=[(b, 1)])
    with pytest.raises(ValidationError):
        production.record_consumption(None, output=a, inputs=[(c, 1)])
    assert walk("forward", a.pk).nodes == {a.pk, b.pk, c.pk}


def test_walk_is_one_query_and_a_trace_a_constant_number(db: Any, admin_user: Any) -> None:
    """No per-node or per-level query: a chain of 3 and a tree of 40 cost the same."""
    small = _nodes(3)
    for parent, child in pairwise(small):
        GenealogyEdge.objects.create(input_node=parent, output_node=child)
    big = _nodes(40)
    for index, node in enumerate(big[1:], start=1):
        GenealogyEdge.objects.create(input_node=big[(index - 1) // 3], output_node=node)
    build_trace(admin_user, "forward", small[0])  # the user's roles and unit, read once
    counts = []
    for root in (small[0], big[0]):
        with CaptureQueriesContext(connection) as queries:
            trace = build_trace(admin_user, "forward", root)
        counts.append(len(queries.captured_queries))
        assert len(trace.items) in (3, 40)
    assert counts[0] == counts[1] <= 4
    with CaptureQueriesContext(connection) as queries:
        walk("backward", big[-1].pk)
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"].upper()
    recursion = sql.split(") SELECT", 1)[0]  # the CTE: its step joins with UNION, not UNION ALL
    assert "WITH RECURSIVE" in recursion and " UNION SELECT" in recursion
    assert "UNION ALL" not in recursion


def test_classified_node_hidden_below_clearance(db: Any, org: Any, make_user: Any) -> None:
    a, b, c = _nodes(3)
    TraceNode.objects.filter(pk=b.pk).update(classification=Classification.SECRET)
    GenealogyEdge.objects.create(input_node=a, output_node=b)
    GenealogyEdge.objects.create(input_node=b, output_node=c)
    low = make_user(["department_staff"], org.department, Classification.CONFIDENTIAL)
    trace = build_trace(low, "forward", a)
    assert set(trace.items) == {a.pk, c.pk}  # the walk went through b; b is not shown
    assert [(lk.parent, lk.child, lk.indirect) for lk in trace.links] == [(a.pk, c.pk, True)]


def test_an_inspection_is_scoped_as_its_target(line: Any, make_user: Any) -> None:
    """The trace reads inspections by their visible targets' ids (sql.INSPECTIONS_SQL): that
    holds only while an inspection is exactly as visible as its target node."""
    from cnqp.core.access.scoping import scope_of, scope_queryset
    from cnqp.production import services as production
    from cnqp.production.models import Inspection

    # An inspection repeats its node's enterprise and level (kept in step by the services).
    node, inspection = scope_of(TraceNode), scope_of(Inspection)
    assert (inspection.unit, inspection.classification) == (node.unit, node.classification)
    assert inspection.directorate_wide == node.directorate_wide
    production.update_serial(line.world.staff, line.rifles[0], classification=2)
    low = make_user(["department_staff"], line.world.org.department, Classification.CONFIDENTIAL)
    for user in (line.sd304_user, line.sd308_user, line.world.staff, line.world.staff_b,
                 line.qlcn, low):
        nodes = scope_queryset(TraceNode.objects.all(), user)
        seen = set(scope_queryset(Inspection.objects.all(), user))
        assert seen == set(Inspection.objects.filter(target__in=nodes)), user
