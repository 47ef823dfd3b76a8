"""How many records a list holds, at a bounded cost: exact up to `EXACT_UP_TO` (a count that
stops there), above it PostgreSQL's planner estimate, shown as an estimate. Counting millions
of scoped rows exactly on every page of a list was most of the page's time (issue 22).

SQLite, the development database, has no planner estimate: above the bound it counts exactly."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

EXACT_UP_TO = 10_000


@dataclass(frozen=True)
class Total:
    value: int
    estimated: bool = False


def planner_rows(queryset: QuerySet[Any]) -> int:
    """The rows PostgreSQL's planner expects `queryset` to return (EXPLAIN, nothing run)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def planner_estimates(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def total_of(queryset: QuerySet[Any]) -> Total:
    unordered = queryset.order_by()
    bounded = unordered[:EXACT_UP_TO + 1].count()
    if bounded <= EXACT_UP_TO:
        return Total(bounded)
    if planner_estimates(queryset.db):
        return Total(max(planner_rows(unordered), EXACT_UP_TO + 1), estimated=True)
    return Total(unordered.count())


def page_rows(queryset: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """The rows [start:stop] of an ordered list, in two steps: the page's keys first, by the
    ordering alone (an index walk), then those rows with every annotation. PostgreSQL plans
    the select list's subqueries (whether a column may be shown, whether an item is accepted)
    for every row of the list and may hash their whole tables to answer them for a page of
    25: a million-row list took a second for its first page. One plain slice where the order
    or the rows depend on the annotations themselves."""
    query = queryset.query
    by_annotation = any(not isinstance(key, str) or key.lstrip("-").split("__")[0]
                        in query.annotations for key in query.order_by)
    if not query.annotations or by_annotation or query.distinct or not query.order_by:
        return list(queryset[start:stop])
    keys = list(queryset.values_list("pk", flat=True)[start:stop])
    found = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


class _OpenEndedPage(Page):
    """A page of a list whose total is estimated: whether another follows is read, not
    computed from the estimate (which may be short of the truth or beyond it)."""

    def __init__(self, rows: list[Any], number: int, paginator: Paginator, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1


class ListPaginator(Paginator):
    """A paginator whose count is `total_of` the list: `estimated` says when it is a guess;
    then the pages go on while rows do, and there is no last page to offer."""

    @property
    def rows(self) -> QuerySet[Any]:
        return self.object_list  # type: ignore[return-value]  # (always a queryset)

    @cached_property
    def total(self) -> Total:
        return total_of(self.rows)

    @cached_property
    def count(self) -> int:  # type: ignore[override]  # (a cached property, as Django's)
        return self.total.value

    @property
    def estimated(self) -> bool:
        return self.total.estimated

    def page(self, number: Any) -> Page:
        if not self.estimated:
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return Page(page_rows(self.rows, bottom, top), number, self)
        number = max(1, int(number))
        start = (number - 1) * self.per_page
        rows = page_rows(self.rows, start, start + self.per_page + 1)
        if not rows and number > 1:
            return self.page(1)
        return _OpenEndedPage(rows[:self.per_page], number, self,
                              more=len(rows) > self.per_page)

    def get_page(self, number: Any) -> Page:
        if not self.estimated:
            return super().get_page(number)
        try:
            return self.page(number)
        except (TypeError, ValueError):
            return self.page(1)
