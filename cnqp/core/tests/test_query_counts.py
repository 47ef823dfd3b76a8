"""No per-row queries: for every registered resource, a list page and an API list run the same
number of queries whether they show one record or several."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.choices import Classification
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.testing.factories import factory_for


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"per_page": 100, "limit": 100})
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize("resource", resources(), ids=lambda r: f"{r.app_label}.{r.slug}")
def test_lists_run_no_query_per_row(resource: Resource, org: Any, make_user: Any,
                                    client_for: Any) -> None:
    user = make_user(["admin"], org.root, Classification.TOP_SECRET)
    client = client_for(user)
    factory = factory_for(resource.model)
    factory()
    page_url = f"/{resource.app_label}/{resource.slug}/".replace("/core/", "/")
    api_url = f"/api/{resource.app_label}/{resource.slug}"
    _count(client, page_url), _count(client, api_url)  # warm per-session caches
    one = (_count(client, page_url), _count(client, api_url))
    factory.create_batch(3)
    several = (_count(client, page_url), _count(client, api_url))
    assert several == one, f"list page, API list: {one} queries for one row, {several} for more"
