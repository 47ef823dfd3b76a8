"""Background jobs: long imports and report generation, run by the task worker, with
progress the pages can show while they run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.choices import JobStatus
from cnqp.core.fields import ClassificationField
from cnqp.core.models.base import TimestampedModel

FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class Job(TimestampedModel):
    """One piece of background work started by a user. `kind` names the handler
    (`core.jobs.handler`); `params` are its JSON arguments; the handler reports progress as
    `done` of `total` in `phase` and leaves its `result` (JSON) and possibly an output file.

    Owned by the starting user's unit; its level is the highest level of what it read or
    wrote, so a job over classified records is as hidden as they are."""

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    label = models.CharField(_("job"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_name = models.CharField(_("input file"), max_length=255, blank=True)
    input_path = models.CharField(max_length=255, blank=True, editable=False)
    phase = models.CharField(_("phase"), max_length=128, blank=True)
    done = models.BigIntegerField(_("done"), default=0)
    total = models.BigIntegerField(_("total"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    output_name = models.CharField(_("output file"), max_length=255, blank=True)
    output_path = models.CharField(max_length=255, blank=True, editable=False)
    output_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   on_delete=models.PROTECT, related_name="jobs")
    owner_unit = models.ForeignKey("core.OrgUnit", verbose_name=_("org unit"),
                                   on_delete=models.PROTECT, related_name="jobs")
    classification = ClassificationField()
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # the task worker that claimed the job (its WorkerHeartbeat); empty when a command or the
    # request itself runs it
    worker = models.CharField(max_length=64, blank=True, editable=False)

    scope = Scope(unit="owner_unit", classification="classification")

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, round(100 * self.done / self.total))


class WorkerHeartbeat(models.Model):
    """One task worker process checking in (`core.jobs.worker`): `seen_at` moves every few
    seconds while the process lives, whatever it is doing; `job` is the job it runs now.
    Web processes read it for `/healthz/worker`; the sweep fails a running job that no live
    worker names (`core.jobs.lost`). A table rather than the cache, so every process of
    every installation (SQLite or PostgreSQL, one machine or several) sees the same rows."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")

    scope = Scope(unit=None, classification=None)  # read by health checks, not by users

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
