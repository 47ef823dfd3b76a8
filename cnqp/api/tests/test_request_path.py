"""What a request costs before the view's own work: the user comes with their unit and their
roles in one query, by session and by token (issue 22: the roles were a query of their own)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.api.tests.test_api import ME, bearer_client
from cnqp.core.choices import Classification

pytestmark = pytest.mark.django_db


def _me(client: Any) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ME)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("way", ["session", "token"])
def test_the_user_comes_with_unit_and_roles_in_one_query(way: str, org: Any, make_user: Any,
                                                         client_for: Any) -> None:
    user = make_user(["enterprise_staff", "auditor"], org.enterprise_a, Classification.SECRET)
    client = client_for(user) if way == "session" else bearer_client(user)
    me, sql = _me(client)
    assert me["roles"] == ["auditor", "enterprise_staff"]
    reading_roles = [s for s in sql if "core_user_roles" in s]
    assert len(reading_roles) == 1, sql
    assert "core_orgunit" in reading_roles[0] and "core_user" in reading_roles[0]


def test_a_user_without_roles_reads_none(org: Any, make_user: Any, client_for: Any) -> None:
    me, _sql = _me(client_for(make_user([], org.enterprise_a)))
    assert me["roles"] == []
