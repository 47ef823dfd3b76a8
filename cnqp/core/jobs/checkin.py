"""Task workers checking in: which worker runs which job, and whether any worker is alive.

A worker (`core.jobs.worker`) keeps one `WorkerHeartbeat` row. Its polling loop writes the
row whenever it (re)starts (`check_in`) and names the job it claims in the same transaction
that marks the job running (`claim`), then clears it (`release`); a thread of the worker's
own moves `seen_at` every `CNQP_WORKER_HEARTBEAT_SECONDS` (`beat`), while a job runs for an
hour as much as while the queue is empty. A worker is alive while its `seen_at` is younger
than `CNQP_WORKER_STALE_SECONDS`. Nothing is cached: every process reads the same table.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cnqp.core.choices import JobStatus
from cnqp.core.models import Job
from cnqp.core.models.jobs import WorkerHeartbeat

_worker_id: str | None = None  # the worker polling in this process, while one does


def set_worker(worker_id: str | None) -> None:
    """Called by the worker when it starts and stops: the jobs this process claims are its."""
    global _worker_id
    _worker_id = worker_id


def fresh_since(now: datetime) -> datetime:
    """A worker seen at or after this moment is alive."""
    return now - timedelta(seconds=settings.CNQP_WORKER_STALE_SECONDS)


def check_in(worker_id: str, now: datetime) -> None:
    """The polling loop (re)starts: the row exists, is fresh and names no job."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now, "job": None},
        create_defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(),
                         "started_at": now, "seen_at": now, "job": None})


def beat(worker_id: str, now: datetime) -> bool:
    """The worker is alive; False when its row is not there (yet)."""
    return WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now) == 1


def claim(job_id: int, now: datetime | None = None) -> bool:
    """Mark a queued job running, for this process's worker if one polls here; False when it
    is not queued any more (already run, or gone). The heartbeat names the job in the same
    transaction, so no sweep ever sees it running and unnamed."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, worker=_worker_id or "")
        if claimed and _worker_id:
            WorkerHeartbeat.objects.filter(worker_id=_worker_id).update(job_id=job_id,
                                                                        seen_at=now)
    return bool(claimed)


def release(worker_id: str) -> None:
    """The worker has finished its job (whatever became of it)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(job=None)


@dataclass(frozen=True)
class WorkerHealth:
    """What `/healthz/worker` answers: how many workers are alive, when one was last seen."""

    alive: int
    last_seen: datetime | None
    stale_after: int

    @property
    def ok(self) -> bool:
        return self.alive > 0

    def as_json(self, now: datetime) -> dict[str, Any]:
        status = "ok" if self.ok else "stale" if self.last_seen else "none"
        since = None if self.last_seen is None else (now - self.last_seen).total_seconds()
        return {"status": status, "workers": self.alive,
                "last_seen": self.last_seen.isoformat() if self.last_seen else None,
                "seconds_since": None if since is None else round(since, 1),
                "stale_after": self.stale_after}


def health(now: datetime) -> WorkerHealth:
    rows = WorkerHeartbeat.objects.all()
    alive = rows.filter(seen_at__gte=fresh_since(now)).count()
    last_seen = rows.aggregate(last=Max("seen_at"))["last"]
    return WorkerHealth(alive=alive, last_seen=last_seen,
                        stale_after=settings.CNQP_WORKER_STALE_SECONDS)
