"""Hot reads prepared once per connection on PostgreSQL (cnqp/core/prepared.py)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.models import OrgUnit
from cnqp.core.prepared import fetch_prepared
from cnqp.quality.trace.sql import ids_param

pytestmark = pytest.mark.django_db
POSTGRES_ONLY = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _sql(tag: str) -> tuple[str, str]:
    ids, _params = ids_param([])
    return (f"SELECT id, code FROM core_orgunit WHERE id IN ({ids}) ORDER BY id /* {tag} */",
            tag)


def _prepared(tag: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       [f"%{tag}%"])
        return int(cursor.fetchone()[0])


def test_rows_as_a_plain_cursor_gives_and_logged_like_any_read(org: Any) -> None:
    units = list(OrgUnit.objects.order_by("id")[:3])
    sql, _tag = _sql("rows")
    with CaptureQueriesContext(connection) as queries:
        first = fetch_prepared(sql, ids_param([u.pk for u in units])[1])
        second = fetch_prepared(sql, ids_param([units[0].pk])[1])
    assert first == [(u.pk, u.code) for u in units] and second == first[:1]
    assert len(queries.captured_queries) == 2  # query counts and the debug log see it


@POSTGRES_ONLY
def test_prepared_once_per_connection_and_only_these(org: Any) -> None:
    sql, tag = _sql("once")
    for unit in OrgUnit.objects.all()[:3]:
        fetch_prepared(sql, ids_param([unit.pk])[1])
    assert _prepared(tag) == 1
    before = _prepared("")
    for _ in range(10):  # Django's own cursors bind on the client and never prepare
        OrgUnit.objects.filter(code="X").count()
    assert _prepared("") == before


@POSTGRES_ONLY
def test_off_prepares_nothing(org: Any, settings: Any) -> None:
    settings.CNQP_PREPARED_STATEMENTS = False
    sql, tag = _sql("off")
    unit = OrgUnit.objects.first()
    assert fetch_prepared(sql, ids_param([unit.pk])[1]) == [(unit.pk, unit.code)]
    assert _prepared(tag) == 0
