"""Writers that must take turns: a numbering, a chain, a graph checked for cycles.

On PostgreSQL a transaction-level advisory lock on a key: held until the transaction ends,
so the check and the write it guards are one step for everyone taking the same key. SQLite
transactions begin IMMEDIATE (settings): its writers already take turns, one at a time.
"""

from __future__ import annotations

import zlib

from django.db import connection


def take_turns(key: int | str) -> None:
    """Wait for, then hold until the end of the current transaction, the lock on `key` (an
    int, or a text hashed to one). Call inside the writing transaction."""
    if connection.vendor != "postgresql":
        return
    number = key if isinstance(key, int) else zlib.crc32(key.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
