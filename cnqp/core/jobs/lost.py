"""Jobs whose worker died: failed with their reason, never left "running", never retried.

A job is lost when it is running, a task worker claimed it (`Job.worker`) and no live worker
names it (`jobs.checkin`): its worker stopped checking in (killed, out of memory, the machine
restarted), or lives on without it (the database went away as the job ended, so its outcome
could not be written). `sweep` fails lost jobs with `jobs.interrupted_reason` (the job's page
shows it), drops their uploaded input as a finished job's is dropped, and fails the task rows
(django-tasks-db) the dead workers had claimed, which would otherwise stay RUNNING too. The
worker sweeps whenever its polling (re)starts and every `CNQP_WORKER_STALE_SECONDS / 2`.

Why failed and not retried:

- A job that killed its worker would kill the next one: a file that exhausts memory or
  aborts a native reader, retried, becomes a worker dying in a loop and a queue that never
  moves. One failed job with its reason is the better outcome.
- Whether a lost job wrote anything cannot be told from its row. An import writes in one
  transaction, so it is all or nothing, but the worker may have died after the commit and
  before the job's row said so (everything written) as well as before it (nothing written);
  a report may already have its number and files. Running it again could write it twice.
  The reason asks the user who started it to check and start it again.

Jobs run by a command (`execute_job`) or inside a request have no worker and are never
swept: their own process records an interruption it sees (`execute_job`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cnqp.core import jobs
from cnqp.core.choices import JobStatus
from cnqp.core.jobs import checkin
from cnqp.core.models import Job
from cnqp.core.models.jobs import WorkerHeartbeat

log = logging.getLogger(__name__)

# rows of workers gone this long are deleted; /healthz/worker keeps the latest in any case
HEARTBEAT_RETENTION = timedelta(days=7)


class WorkerLost(Exception):
    """Recorded on a task row whose worker stopped before it could record the outcome."""


def sweep(now: datetime | None = None) -> list[int]:
    """Fail the lost jobs and the dead workers' task rows; the ids of the jobs failed."""
    now = now or timezone.now()
    fresh = checkin.fresh_since(now)
    named = WorkerHeartbeat.objects.filter(seen_at__gte=fresh, job__isnull=False)
    lost = (Job.objects.filter(status=JobStatus.RUNNING).exclude(worker="")
            .exclude(pk__in=named.values("job_id")))
    failed = [job.pk for job in lost if _fail(job, now)]
    dead = set(WorkerHeartbeat.objects.filter(seen_at__lt=fresh)
               .values_list("worker_id", flat=True))
    for task_id, worker_ids in (DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
                                .values_list("id", "worker_ids")):
        if worker_ids and worker_ids[-1] in dead:
            fail_task(task_id, now)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_RETENTION).exclude(
        pk=WorkerHeartbeat.objects.order_by("-seen_at").values("pk")[:1]).delete()
    return failed


def _fail(job: Job, now: datetime) -> bool:
    """Fail one lost job, unless it ended (or was swept) meanwhile."""
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).update(
        status=JobStatus.FAILED, error=jobs.interrupted_reason(job), phase="", finished_at=now,
        result={**job.result, "interrupted": True}, input_path="")
    if not updated:
        return False
    log.warning("job %s (%s) lost by worker %s: marked failed", job.pk, job.kind, job.worker)
    jobs.drop_input(job)
    return True


def fail_task(task_id: UUID | str, now: datetime) -> None:
    """Fail a task row left RUNNING by a worker that could not record its outcome."""
    if DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
            exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: the worker stopped before it recorded "
                      "the outcome of this task\n"):
        log.warning("task %s lost by its worker: marked failed", task_id)
