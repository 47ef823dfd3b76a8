"""What a bulk import's run sets up around its steps: the PostgreSQL session's planner settings,
the timing of each phase, and the clean-up of its temporary tables, which runs however the
import ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

log = logging.getLogger(__name__)


@contextmanager
def planner_settings(name: str) -> Iterator[None]:
    """PostgreSQL (whose connections run without JIT: settings): room for the hash joins,
    index probes priced as the cached lookups they are, and room in memory for the temporary
    tables (settable only before the session's first one); restored afterwards, the
    connection being reused."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'; SET random_page_cost = 1.1; "
                       "SET default_statistics_target = 20")
        try:
            with transaction.atomic():
                cursor.execute("SET temp_buffers = '512MB'")
        except DatabaseError:
            pass  # this connection already used temporary tables: keep its buffers
    try:
        yield
    finally:
        after_error_too(name, "planner settings reset by the rollback",
                        "RESET work_mem", "RESET random_page_cost",
                        "RESET default_statistics_target")


@contextmanager
def timed(timings: dict[str, float], phase: str, add: bool = False) -> Iterator[None]:
    """The seconds the block takes, in `timings[phase]` (added to what is there: `add`)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        before = timings.get(phase, 0.0) if add else 0.0
        timings[phase] = before + time.perf_counter() - started


def drop(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def drop_at_the_end(name: str, tables: list[str]) -> None:
    """Drop the import's temporary tables (see `after_error_too`)."""
    after_error_too(name, "temporary tables left to the rollback",
                    *(f"DROP TABLE IF EXISTS {t}" for t in tables))


def after_error_too(name: str, otherwise: str, *statements: str) -> None:
    """Clean-up that runs whether the import ended well or not. In a caller's transaction that
    a database error has broken, nothing more can run (the rollback undoes what this would):
    the error that broke it must reach the caller, not this one's."""
    try:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    except DatabaseError as exc:
        log.warning("bulk import %s: %s (%s)", name, otherwise, exc)
