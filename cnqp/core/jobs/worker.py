"""The task worker that outlives its database: `manage.py job_worker`.

django-tasks-db's worker (`manage.py db_worker`) stops at the first database error that is
not a lock: a poll over a connection PostgreSQL dropped (a restart, `pg_terminate_backend`,
an idle timeout), a connection refused while the server is down or out of connections ("too
many clients already"), or the write of a task's outcome while the database is away (its
`set_failed` retries three times over the same broken connection, then raises). Without
`--reload` the process exits with a traceback; with it (`make run`, where DEBUG turns it on)
the polling thread dies and the process lives on, polling nothing. Either way the task row
and the job stay "running".

`Worker` is the library's worker, not patched, with three additions:

- `run` starts the library's polling loop again after a transient database error
  (`OperationalError`, `InterfaceError`): it closes this thread's connections, so a broken
  one is never used again, and waits 0.5 s, doubling up to `max_backoff` (10 s). The log
  says so once when the outage starts, once more for each new kind of error, and once when
  the database answers again (`Outage`). Any other error (a missing table, a bug) still ends
  the process, for its supervisor to see.
- Each (re)start checks in (`checkin.check_in`), fails the task the outage cut off and
  sweeps lost jobs (`lost.sweep`), so a job interrupted by an outage is failed, with its
  reason, as soon as the database is back; a stop signal during an outage ends the worker.
- `Keeper`, a thread with its own connection, moves the heartbeat every `heartbeat` seconds
  and sweeps every `CNQP_WORKER_STALE_SECONDS / 2`, however long the job the main thread
  runs; it logs its failures the same way and never stops before the worker does. At its
  first beat and every `duties.INTERVAL` after, it runs the apps' daily duties
  (`jobs.duties`: reminders of what falls due), each idempotent for the day, so every worker
  may run them and none tells a unit twice.

On SQLite (development, one worker) a long write transaction holds the database's single
write lock and the heartbeat waits for it; the worker that holds it is the one running the
job, so it sweeps only once the job has ended.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from cnqp.core.jobs import checkin, duties, lost

log = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)


def reset_connections() -> None:
    """Close this thread's database connections: a broken one is not used again, the next
    query opens a new one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # it was gone already
            connection.close()


class Outage:
    """Failures against the database, in streaks: a failure `2 * cap` seconds or more after
    the previous one starts a new streak. Logged: the first failure of each kind in a streak,
    and then once that the database answers again; `failed` gives the wait before the next
    attempt, doubling within a streak from `first` up to `cap`."""

    def __init__(self, name: str, *, first: float = 0.5, cap: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name, self.first, self.cap, self.clock = name, first, cap, clock
        self.since: float | None = None  # the streak's first failure
        self.last = 0.0
        self.attempts = 0
        self._logged: set[str] = set()
        self._answered = True  # "works again" said since the last failure logged

    def failed(self, exc: BaseException) -> float:
        now = self.clock()
        if self.since is None or now - self.last >= 2 * self.cap:
            self.since, self.attempts, self._logged = now, 0, set()
        self.last = now
        self.attempts += 1
        lines = str(exc).strip().splitlines()
        kind = f"{exc.__class__.__name__}: {lines[0] if lines else ''}"[:300]
        if kind in self._logged:
            log.debug("%s failed again (%s)", self.name, kind)
        else:
            self._logged.add(kind)
            self._answered = False
            log.warning("%s failed (%s); trying again, at most every %s s",
                        self.name, kind, self.cap)
        return min(self.cap, self.first * 2 ** (self.attempts - 1))

    def recovered(self) -> None:
        if self._answered or self.since is None:
            return
        self._answered = True
        log.warning("%s works again after %.1f s and %d failed attempts",
                    self.name, self.clock() - self.since, self.attempts)


class Keeper(threading.Thread):
    """The worker's heartbeat and periodic sweep, on a thread (and connection) of its own."""

    def __init__(self, worker_id: str, *, heartbeat: float) -> None:
        super().__init__(name=f"cnqp-heartbeat-{worker_id}", daemon=True)
        self.worker_id, self.heartbeat = worker_id, heartbeat
        self.outage = Outage(f"worker {worker_id}: check-in", cap=heartbeat)
        self._halt = threading.Event()
        self._next_sweep = time.monotonic() + settings.CNQP_WORKER_STALE_SECONDS / 2
        self._next_duties = time.monotonic()  # at the first beat, then every INTERVAL

    def run(self) -> None:
        try:
            while not self._halt.wait(self.heartbeat):
                self.tick(timezone.now(), time.monotonic())
        finally:
            reset_connections()

    def stop(self) -> None:
        self._halt.set()

    def tick(self, now: Any, clock: float) -> None:
        """One heartbeat, and a sweep and the daily duties when they are due; nothing that
        breaks stops the next (a duty that fails is logged by `run_duties`, the others run)."""
        try:
            close_old_connections()  # an unusable or expired connection is replaced
            checkin.beat(self.worker_id, now)
            if clock >= self._next_sweep:
                lost.sweep(now)
                self._next_sweep = clock + settings.CNQP_WORKER_STALE_SECONDS / 2
            if clock >= self._next_duties:
                self._next_duties = clock + duties.INTERVAL
                duties.run_duties(timezone.localdate(now))
        except Exception as exc:  # the heartbeat must outlive any error; the log keeps it
            if isinstance(exc, DatabaseError):
                reset_connections()
            self.outage.failed(exc)
        else:
            self.outage.recovered()


class Worker(db_worker.Worker):
    """django-tasks-db's worker that survives database outages and checks in."""

    def __init__(self, *, heartbeat: float, max_backoff: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep, **options: Any) -> None:
        super().__init__(**options)
        self.sleep = sleep
        self.outage = Outage(f"worker {self.worker_id}: polling", cap=max_backoff)
        self.keeper = Keeper(self.worker_id, heartbeat=heartbeat) if heartbeat > 0 else None
        self._cut_off: DBTaskResult | None = None  # the task an outage interrupted

    def run(self) -> None:
        checkin.set_worker(self.worker_id)
        if self.keeper is not None:
            self.keeper.start()
        try:
            while True:
                try:
                    self.resume()
                    super().run()
                    return
                except TRANSIENT as exc:
                    reset_connections()
                    delay = self.outage.failed(exc)
                    if not self.running:  # asked to stop while the database was away
                        return
                    self.startup_delay = False
                    self.sleep(delay)
        finally:
            if self.keeper is not None:
                self.keeper.stop()
            checkin.set_worker(None)

    def resume(self) -> None:
        """Before polling (again): check in, fail what an outage cut off, sweep."""
        now = timezone.now()
        checkin.check_in(self.worker_id, now)
        if self._cut_off is not None:
            lost.fail_task(self._cut_off.pk, now)
            self._cut_off = None
        lost.sweep(now)
        self.outage.recovered()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self._cut_off = db_task_result  # until its outcome is written and the job released
        super().run_task(db_task_result)
        checkin.release(self.worker_id)
        self._cut_off = None
        lost.sweep()  # a job whose outcome could not be written is failed now, not later
