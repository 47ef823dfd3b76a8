"""Loading millions of generated rows (the large demo and benchmark data) on PostgreSQL: ids
reserved in blocks, rows streamed with COPY in text format, the tables' secondary indexes and
foreign keys set aside during the load and rebuilt after it in one pass each (a sort beats
millions of single insertions). Not for user data: nothing here is validated or audited row
by row; user files go through `importer.BulkImporter`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

CHUNK_ROWS = 20_000


def reserve_ids(table: str, count: int) -> int:
    """The first of `count` consecutive ids of `table` that no other writer will take (the
    table is locked against inserts until the transaction ends). PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        first = int(cursor.fetchone()[0])
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                       [table, first + count - 1])
    return first


def text_value(value: Any) -> str:
    """A value in COPY's text format (NULL as \\N; tabs, newlines and backslashes escaped)."""
    kind = type(value)
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    text = value if kind is str else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY `rows` (tuples of Python values) into `table`; returns how many."""
    return copy_lines(table, columns, ("\t".join(map(text_value, row)) + "\n" for row in rows))


def copy_lines(table: str, columns: Sequence[str], lines: Iterable[str]) -> int:
    """COPY lines already in COPY's text format ("1\\t2\\tabc\\n"): the fastest way for
    generated values known to need no escaping. Returns how many."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        chunk: list[str] = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= CHUNK_ROWS:
                copy.write("".join(chunk))
                count += len(chunk)
                chunk = []
        if chunk:
            copy.write("".join(chunk))
            count += len(chunk)
    return count


@contextmanager
def indexes_set_aside(tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes, unique constraints and foreign keys of `tables` (the
    primary keys stay), and rebuild them all on the way out, in the same transaction."""
    with connection.cursor() as cursor:
        # Deferred key checks still queued in this transaction would forbid the ALTERs.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
            "AND contype IN ('f', 'u')", [list(tables)])
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid)", [list(tables)])
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for kind in ("UNIQUE", "FOREIGN KEY"):  # keys first: the references need them
            for table, name, definition in constraints:
                if definition.startswith(kind):
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
