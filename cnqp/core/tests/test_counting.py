"""A list's total at a bounded cost: exact up to the bound, above it the planner's estimate
on PostgreSQL, shown as such, and pages that go on while rows do (issue 22)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit
from cnqp.core.records import counting
from cnqp.core.records.counting import ListPaginator, total_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(counting, "EXACT_UP_TO", 3)
    return 3


def test_a_list_under_the_bound_is_counted_exactly(org: Any, bound: int) -> None:
    units = OrgUnit.objects.filter(parent=org.enterprise_a)
    total = total_of(units)
    assert total == counting.Total(units.count()) and total.value <= bound


def test_above_the_bound_the_total_is_marked_an_estimate_on_postgresql(org: Any,
                                                                     bound: int) -> None:
    units = OrgUnit.objects.all()
    assert units.count() > bound
    total = total_of(units)
    if connection.vendor == "postgresql":
        assert total.estimated and total.value > bound
    else:  # no planner estimate to read: counted
        assert total == counting.Total(units.count())


def test_an_estimated_list_pages_on_while_rows_do(org: Any, bound: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the planner may be wrong either way: one estimate far short of the truth
    monkeypatch.setattr(counting, "planner_rows", lambda queryset: 1)
    monkeypatch.setattr(counting, "planner_estimates", lambda alias: True)
    units = OrgUnit.objects.order_by("code")
    paginator = ListPaginator(units, 2)
    assert paginator.estimated and paginator.count == bound + 1
    codes, page = [], paginator.get_page(1)
    while True:
        codes += [u.code for u in page.object_list]
        if not page.has_next():
            break
        page = paginator.get_page(page.next_page_number())
    assert codes == list(units.values_list("code", flat=True))
    assert paginator.get_page(999).number == 1  # past the end: back to the first page
    assert paginator.get_page("x").number == 1


def test_the_list_page_says_estimated_and_offers_no_last_page(
        org: Any, make_user: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "EXACT_UP_TO", 2)
    monkeypatch.setattr(counting, "planner_rows", lambda queryset: 1_234_567)
    monkeypatch.setattr(counting, "planner_estimates", lambda alias: True)
    client = client_for(make_user(["admin"], org.root, Classification.SECRET))
    response = client.get("/org-units/", {"per_page": 25}, headers={"Accept-Language": "vi"})
    text = response.content.decode()
    assert "Khoảng 1.234.567 bản ghi (ước tính)" in text
    assert 'rel="last"' not in text
    api = client.get("/api/core/org-units", {"limit": 2}).json()
    assert api["count"] == 1_234_567 and api["count_estimated"] is True


def test_counting_costs_the_same_queries_whatever_the_rows(org: Any, bound: int) -> None:
    with CaptureQueriesContext(connection) as few:
        total_of(OrgUnit.objects.filter(code="none"))
    with CaptureQueriesContext(connection) as many:
        total_of(OrgUnit.objects.all())
    # the bounded count, then the planner's estimate (or, on SQLite, the count)
    assert (len(few.captured_queries), len(many.captured_queries)) == (1, 2)


def test_a_page_is_read_by_its_keys_then_its_rows_with_their_annotations(org: Any) -> None:
    """The page's rows, in the list's order (ties broken by the key), whole with their
    annotations, as a plain slice would give them: in two queries, whatever the page."""
    units = (OrgUnit.objects.annotate(below=Count("children"), has_parent=Exists(
        OrgUnit.objects.filter(pk=OuterRef("parent_id")))).order_by("kind", "-pk"))
    expected = list(units)
    for start, stop in ((0, 2), (1, 4), (3, 100)):
        with CaptureQueriesContext(connection) as queries:
            rows = counting.page_rows(units, start, stop)
        assert [(u.pk, u.below, u.has_parent) for u in rows] == \
            [(u.pk, u.below, u.has_parent) for u in expected[start:stop]]
        assert len(queries) == 2
    # ordered by an annotation: the keys cannot be read without it, one plain slice
    by_children = units.order_by("-below", "pk")
    with CaptureQueriesContext(connection) as queries:
        rows = counting.page_rows(by_children, 0, 3)
    assert len(queries) == 1 and rows == list(by_children[:3])
