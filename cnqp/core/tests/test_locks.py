"""Writers taking turns (cnqp/core/locks.py)."""

import zlib

import pytest
from django.db import connection, transaction

from cnqp.core.locks import take_turns

pytestmark = pytest.mark.django_db


def _free_elsewhere(key: int) -> bool:
    """Whether another session could take `key` now (it gives the lock back at once)."""
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(conninfo="", dbname=params["dbname"], host=params.get("host"),
                         port=params.get("port"), user=params.get("user"),
                         autocommit=True) as other:
        return bool(other.execute("SELECT pg_try_advisory_xact_lock(%s)", [key]).fetchone()[0])


@pytest.mark.skipif("connection.vendor != 'postgresql'")  # SQLite writers queue at BEGIN
def test_the_key_is_held_until_the_transaction_ends() -> None:
    key, other_key = zlib.crc32(b"reports.number:1:2025"), zlib.crc32(b"elsewhere")
    with transaction.atomic():
        take_turns("reports.number:1:2025")
        assert not _free_elsewhere(key)  # a second writer would wait
        assert _free_elsewhere(other_key)  # another key does not
        with transaction.atomic():  # a savepoint's end does not give it back
            pass
        assert not _free_elsewhere(key)
