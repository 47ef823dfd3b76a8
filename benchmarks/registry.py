"""Every registered list page and every role's home dashboard, generated from the registry: a
new resource is benched without new code (issue 22).

Each list page is timed as the administrator opens it (first page with its total), sorted by
its first sortable column and searched for a word of its newest record's title. The raw
column replays the very statements the page ran, straight on the database connection: what
the page costs beyond the database's own work is the difference.

Targets at the large demo's scale: a list's first page ≤ 150 ms, count included."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.context import BenchContext
from benchmarks.loadtest import plan
from benchmarks.run import Case
from cnqp.core.records.counting import total_of
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.testing.clients import signed_in_client

LIST_TARGET = "≤ 150 ms"


def replay(client: Client, url: str, params: dict[str, str]) -> Callable[[], object]:
    """The statements one request reads with, run again on the bare connection."""
    client.get(url, params)  # as the timed runs find it: caches warm
    with CaptureQueriesContext(connection) as ran:
        client.get(url, params)
    # the reads: the audit entries of classified rows are not written twice into the chain
    statements = [q["sql"] for q in ran.captured_queries if q["sql"].startswith("SELECT")]

    def raw() -> object:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        return statements

    return raw


def _list_cases(ctx: BenchContext, resource: Resource) -> list[Case]:
    client = ctx.client
    url = f"/{resource.app_label}/{resource.slug}/".replace("/core/", "/")
    visible = resource.queryset(ctx.admin)
    total = total_of(visible)
    size = f"{'~' if total.estimated else ''}{total.value:,}".replace(",", ".")
    name = f"{resource.app_label}.{resource.slug}"
    cases = [Case(f"list {name} ({size} rows)", lambda: client.get(url),
                  replay(client, url, {}), repeat=10, target=LIST_TARGET)]
    sortable = sorted(resource.sorts - {"id"})
    if sortable:
        sort = {"sort": f"-{sortable[0]}"}
        cases.append(Case(f"  sorted by -{sortable[0]}", lambda: client.get(url, sort),
                          replay(client, url, sort), repeat=5, target=LIST_TARGET))
    newest = visible.order_by("-pk").first()
    word = next((w for w in str(newest).split() if len(w) >= 3), "") if newest else ""
    if word and resource.searchable:
        search = {"q": word}
        cases.append(Case(f"  search {word!r}", lambda: client.get(url, search),
                          replay(client, url, search), repeat=5, target=LIST_TARGET))
    return cases


def _dashboard_cases() -> list[Case]:
    cases = []
    for role, user in plan.accounts(settings.CNQP_DEMO_PASSWORD).items():
        client = signed_in_client(user)
        cases.append(Case(f"home dashboard, {role}, figures cached", lambda c=client: c.get("/"),
                          replay(client, "/", {}), repeat=10, target="≤ 250 ms"))
        cases.append(Case(f"  {role}, figures computed", lambda c=client: c.get("/"),
                          repeat=3, before=cache.clear))
    return cases


def cases(ctx: BenchContext) -> list[Case]:
    found: list[Case] = []
    for resource in resources():
        found += _list_cases(ctx, resource)
    return found + _dashboard_cases()
