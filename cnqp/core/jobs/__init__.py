"""Background jobs: long imports and report generation.

A service starts a job with `start_job` (the uploaded file, if any, saved beside it); the task
worker (`manage.py job_worker`, started by `make run`; see `jobs.worker`) runs `run_job`,
which claims the job (`jobs.checkin`) and calls the handler registered for the job's kind.
The handler reports progress through a `Progress` and returns a `JobOutcome`; pages and the
API poll the job row. A command runs the same handler in its own process with `execute_job`,
printing the progress as it goes.

Progress is written to the job row outside any long transaction of the handler's (handlers
read and check their input before they open the one write transaction), so other
connections see it move.

A job never stays "running" after its process is gone: an interruption the process sees
(Ctrl-C, a second stop signal) is recorded here, and a job whose worker died or lost the
database is failed by `jobs.lost` with the same reason (`interrupted_reason`).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from cnqp.core import audit
from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditAction, AuditSource, JobStatus
from cnqp.core.jobs import checkin
from cnqp.core.models import Job

if TYPE_CHECKING:
    from cnqp.core.models import User

log = logging.getLogger(__name__)


@dataclass
class JobOutcome:
    """What a handler leaves: DONE, or REFUSED when it checked the input and wrote nothing;
    a JSON result; optionally an output file (its name and bytes, or a path to move in)."""

    status: str = JobStatus.DONE
    result: dict[str, Any] = field(default_factory=dict)
    output_name: str = ""
    output_bytes: bytes | None = None
    output_file: Path | None = None
    classification: int | None = None  # raise the job's level to what it produced


class Progress:
    """`progress(done, total, phase)`: written to the job row at most every `interval`
    seconds (and at every change of phase), echoed to `echo` (a command's terminal)."""

    def __init__(self, job: Job, *, interval: float = 0.5,
                 echo: Callable[[Job], None] | None = None) -> None:
        self.job, self.interval, self.echo = job, interval, echo
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        job = self.job
        changed_phase = phase is not None and phase != job.phase
        job.done = done
        if total is not None:
            job.total = total
        if phase is not None:
            job.phase = phase
        now = time.monotonic()
        if not changed_phase and now - self._last < self.interval:
            return
        self._last = now
        Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, phase=job.phase)
        if self.echo is not None:
            self.echo(job)


Handler = Callable[[Job, Progress], JobOutcome]
_handlers: dict[str, Handler] = {}
_discovered = False


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind` (in an app's `jobs.py`)."""

    def register(function: Handler) -> Handler:
        if _handlers.get(kind, function) is not function:
            raise ValueError(f"job kind {kind!r} registered twice")
        _handlers[kind] = function
        return function

    return register


def handler_for(kind: str) -> Handler:
    global _discovered
    if not _discovered:
        from cnqp.core.discovery import app_modules

        app_modules("jobs")
        _discovered = True
    try:
        return _handlers[kind]
    except KeyError:
        raise ValueError(f"no handler for job kind {kind!r}") from None


def job_dir(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)


def input_path(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / job.input_path


def create_job(actor: User, *, kind: str, label: str, params: dict[str, Any] | None = None,
               upload: IO[bytes] | None = None, upload_name: str = "",
               classification: int = 0) -> Job:
    """Record a queued job (and save its input file), audited; `start_job` also queues it."""
    handler_for(kind)  # an unknown kind is a programming error: fail before writing
    if actor.org_unit_id is None:
        raise ValidationError(_("Your account belongs to no unit: ask an administrator."))
    with transaction.atomic():
        # The handler's messages come out in the language of the user who started it.
        language = translation.get_language() or settings.LANGUAGE_CODE
        job = Job.objects.create(kind=kind, label=label[:255],
                                 params={**(params or {}), "language": language},
                                 created_by=actor, owner_unit_id=actor.org_unit_id,
                                 classification=classification,
                                 input_name=Path(upload_name).name[:255])
        if upload is not None:
            folder = job_dir(job)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / "input"
            upload.seek(0)
            with target.open("wb") as out:
                shutil.copyfileobj(upload, out, 1 << 20)
            job.input_path = str(target.relative_to(settings.MEDIA_ROOT))
            job.save(update_fields=["input_path"])
        audit.record(AuditAction.CREATE, actor=actor, obj=job,
                     changes={"kind": [None, kind], "params": [None, job.params],
                              "input_name": [None, job.input_name]})
    return job


def start_job(actor: User, **kwargs: Any) -> Job:
    """Create the job and queue it for the worker."""
    job = create_job(actor, **kwargs)
    run_job.enqueue(job.pk)
    return job


@task()
def run_job(job_id: int) -> str:
    """The worker's entry point: run a queued job once."""
    if not checkin.claim(job_id):
        return "skipped"  # already run, or gone
    job = Job.objects.select_related("created_by", "owner_unit").get(pk=job_id)
    execute_job(job)
    return job.status


def execute_job(job: Job, echo: Callable[[Job], None] | None = None) -> Job:
    """Run the job's handler here, as its starter; record the outcome on the row."""
    progress = Progress(job, echo=echo)
    if job.started_at is None:
        job.started_at = timezone.now()
    job.status = JobStatus.RUNNING
    interruption: BaseException | None = None
    try:
        with audit_context(AuditSource.JOB), \
                translation.override(job.params.get("language", settings.LANGUAGE_CODE)):
            outcome = handler_for(job.kind)(job, progress)
    except Exception as exc:  # the job must end, whatever broke; the log keeps the trace
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.status, job.error = JobStatus.FAILED, f"{exc.__class__.__name__}: {exc}"[:2000]
    except BaseException as exc:  # Ctrl-C, a stop signal: recorded, then on its way
        log.warning("job %s (%s) interrupted: %r", job.pk, job.kind, exc)
        job.status, job.error = JobStatus.FAILED, interrupted_reason(job)
        job.result = {**job.result, "interrupted": True}
        interruption = exc
    else:
        job.status, job.result = outcome.status, outcome.result
        if outcome.classification is not None:
            job.classification = max(job.classification, outcome.classification)
        _store_output(job, outcome)
    job.finished_at = timezone.now()
    job.phase = ""  # the status says it now
    drop_input(job)
    job.save()
    if echo is not None:
        echo(job)
    if interruption is not None:
        raise interruption
    return job


INTERRUPTED = gettext_lazy(
    "The process running this job stopped before the job finished (a restart, a lost "
    "database connection or a lack of memory). It is not run again by itself: check whether "
    "its records were written and start it again if they were not.")


def interrupted_reason(job: Job) -> str:
    """Why a job ended without its outcome, in the language of the user who started it."""
    with translation.override(job.params.get("language", settings.LANGUAGE_CODE)):
        return str(INTERRUPTED)


def _store_output(job: Job, outcome: JobOutcome) -> None:
    if outcome.output_bytes is None and outcome.output_file is None:
        return
    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "output"
    if outcome.output_file is not None:
        shutil.move(str(outcome.output_file), target)
    else:
        target.write_bytes(outcome.output_bytes or b"")
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    job.output_name = outcome.output_name or "output"
    job.output_path = str(target.relative_to(settings.MEDIA_ROOT))
    job.output_sha256 = digest.hexdigest()


def drop_input(job: Job) -> None:
    """The uploaded file is not kept once read: its name and SHA-256 are in the audit log."""
    if job.input_path:
        input_path(job).unlink(missing_ok=True)
        job.input_path = ""


def output_path(job: Job) -> Path | None:
    if not job.output_path:
        return None
    path = Path(settings.MEDIA_ROOT) / job.output_path
    return path if path.is_file() else None
