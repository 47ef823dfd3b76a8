"""Hot hand-written reads run as prepared statements on PostgreSQL.

Django binds parameters on the client and never prepares (so that connection poolers keep
working), and for most queries planning is a small part of the cost. For the few statements
run on every trace, it is most of it: the trace's node query took 1.5 ms to plan and 0.3 ms to
run at 22 million edges. `fetch_prepared` runs such a statement through a server-binding
cursor that prepares it, so each connection (persistent: CONN_MAX_AGE) plans it once and
reuses the plan. The cursor goes through Django's wrapper: execute wrappers and the query log
see it like any other.

A connection pooler in transaction mode (pgbouncer) would break prepared statements: set
CNQP_PREPARED_STATEMENTS=0 behind one. SQLite: a plain cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

NEVER_BY_COUNT = 2**31 - 1


def fetch_prepared(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of `sql` (placeholders %s), prepared once per connection on PostgreSQL."""
    if connection.vendor != "postgresql" or not settings.CNQP_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    # what Django's own cursor() does first
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection.prepare_threshold is None:
        # Django turns psycopg's preparing off (None); only a count of runs turns it on. So
        # high a count is never reached: the statements prepared are this module's alone
        # (Django's client-binding cursors cannot prepare anyway).
        connection.connection.prepare_threshold = NEVER_BY_COUNT
    raw = _preparing_cursor_class()(connection.connection)
    wrapper_class = _LoggedWrapper if connection.queries_logged else CursorWrapper
    with wrapper_class(raw, connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _LoggedWrapper(CursorDebugWrapper):
    """Django's query log reads the text of the last query back from the cursor, which
    psycopg does not keep for a prepared statement: the log gets the statement as written
    (placeholders, and the parameters beside it)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params, use_last_executed_query=False):
            return super(CursorDebugWrapper, self).execute(sql, params)


@cache
def _preparing_cursor_class() -> type:
    """Made on first use: the PostgreSQL backend imports psycopg."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
        """Binds on the server and prepares every statement it runs."""

        def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                    binary: bool | None = None) -> Any:
            return super().execute(  # type: ignore[misc]
                query, params, prepare=True, binary=binary)

    return PreparingCursor
