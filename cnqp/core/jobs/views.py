"""Background job pages: the status partial the job page polls while the job runs, and the
download of what the job produced (audited like every download)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from cnqp.core import audit
from cnqp.core.choices import AuditAction, JobStatus
from cnqp.core.jobs import checkin, output_path
from cnqp.core.models import Job
from cnqp.core.resources import jobs


def visible_job(request: HttpRequest, pk: int) -> Job:
    return jobs.get_for(request.user, pk)  # type: ignore[no-any-return]


@login_required
def job_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress card, polled while the job runs; the card of a job waiting for a worker
    (queued, or running in a worker) says when no task worker has checked in, and since
    when, rather than waiting in silence."""
    job = visible_job(request, pk)
    waits = job.status == JobStatus.QUEUED or (job.status == JobStatus.RUNNING and job.worker)
    health = checkin.health(timezone.now()) if waits else None
    response = TemplateResponse(request, "core/_job_status.html",
                                {"job": job, "no_worker": health is not None and not health.ok,
                                 "worker_last_seen": health and health.last_seen,
                                 "reload_when_done": bool(request.GET.get("reload"))})
    if job.is_finished and request.GET.get("reload"):
        # a page that shows what the job made (a report's marking, files and content) is
        # drawn again whole, not only its progress card
        response["HX-Refresh"] = "true"
    return response


@login_required
def job_output_view(request: HttpRequest, pk: int) -> FileResponse:
    job = visible_job(request, pk)
    path = output_path(job)
    if path is None:
        raise Http404
    user: Any = request.user
    audit.record(AuditAction.DOWNLOAD, actor=user, obj=job,
                 changes={"output": [None, {"name": job.output_name,
                                            "sha256": job.output_sha256}]})
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.output_name)
