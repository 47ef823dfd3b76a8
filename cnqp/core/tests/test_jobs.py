"""Background jobs: started, run by the (inline, in tests) worker, progress and outcome on the
row, output downloads audited, scoped like every record."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cnqp.core import jobs
from cnqp.core.choices import AuditAction, AuditSource, Classification, JobStatus
from cnqp.core.jobs import JobOutcome, Progress, execute_job, handler, start_job
from cnqp.core.models import AuditEntry, Job

SEEN: dict[str, Any] = {}


@handler("tests.echo")
def _echo(job: Job, progress: Progress) -> JobOutcome:
    """Reads its input, reports progress, writes an output; refuses or breaks on demand."""
    data = jobs.input_path(job).read_bytes() if job.input_path else b""
    SEEN["input"] = data
    for step in range(3):
        progress(step + 1, 3, "Đang xử lý")
    if job.params.get("break"):
        raise RuntimeError("boom")
    if job.params.get("refuse"):
        return JobOutcome(status=JobStatus.REFUSED,
                          result={"errors": [[2, "A", "sai"]], "error_count": 1,
                                  "error_rows": 1})
    return JobOutcome(result={"summary": [["Số dòng", 3]], "message": "Xong."},
                      output_name="ket-qua.txt", output_bytes=data.upper(),
                      classification=job.params.get("level"))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_job_runs_with_progress_and_output(admin_user: Any) -> None:
    job = start_job(admin_user, kind="tests.echo", label="Thử", upload=io.BytesIO(b"abc"),
                    upload_name="du-lieu.csv")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.phase) == (3, 3, "")  # the phase ends with the job
    assert job.percent == 100
    assert SEEN["input"] == b"abc"
    assert job.input_name == "du-lieu.csv" and job.input_path == ""  # upload not kept
    assert jobs.output_path(job).read_bytes() == b"ABC"
    assert job.output_name == "ket-qua.txt" and len(job.output_sha256) == 64
    assert job.result["summary"] == [["Số dòng", 3]]
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    created = AuditEntry.objects.get(object_type="core.job", action=AuditAction.CREATE)
    assert created.changes["input_name"] == [None, "du-lieu.csv"]


def test_refused_and_failed_jobs_end_with_their_reason(admin_user: Any) -> None:
    refused = start_job(admin_user, kind="tests.echo", label="x", params={"refuse": True})
    broken = start_job(admin_user, kind="tests.echo", label="y", params={"break": True})
    refused.refresh_from_db()
    broken.refresh_from_db()
    assert refused.status == JobStatus.REFUSED and refused.result["error_count"] == 1
    assert broken.status == JobStatus.FAILED and "boom" in broken.error
    assert broken.finished_at is not None


def test_unknown_kind_writes_nothing(admin_user: Any) -> None:
    with pytest.raises(ValueError, match="no handler"):
        start_job(admin_user, kind="tests.nothing", label="z")
    assert not Job.objects.exists()


def test_user_without_unit_is_refused(make_user: Any, org: Any) -> None:
    user = make_user(["admin"], org.root)
    user.org_unit = None
    with pytest.raises(ValidationError):
        start_job(user, kind="tests.echo", label="z")


def test_job_page_status_partial_and_audited_download(admin_user: Any, client_for: Any) -> None:
    job = start_job(admin_user, kind="tests.echo", label="Thử", upload=io.BytesIO(b"abc"),
                    upload_name="a.csv", classification=Classification.CONFIDENTIAL)
    client = client_for(admin_user)
    page = client.get(reverse("core:jobs-detail", args=[job.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="job-status"' in text and "Xong." in text and "hx-trigger" not in text
    partial = client.get(reverse("core:job-status", args=[job.pk]))
    assert partial.status_code == 200 and 'data-status="done"' in partial.content.decode()
    assert "HX-Refresh" not in partial  # an import's page: its card tells everything
    # a page showing what the job made (a report) asked to be drawn again when it ends
    ended = client.get(reverse("core:job-status", args=[job.pk]) + "?reload=1")
    assert ended["HX-Refresh"] == "true"
    download = client.get(reverse("core:job-output", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"ABC"
    entry = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).get()
    assert entry.object_id == str(job.pk)
    assert entry.changes["output"][1]["sha256"] == Job.objects.get(pk=job.pk).output_sha256


def test_running_job_page_polls(admin_user: Any, client_for: Any) -> None:
    job = jobs.create_job(admin_user, kind="tests.echo", label="Chờ")  # queued, no worker
    text = client_for(admin_user).get(reverse("core:job-status", args=[job.pk])).content
    assert b'hx-trigger="every 1s"' in text and b'data-status="queued"' in text


def test_other_unit_and_lower_clearance_see_no_job(org: Any, make_user: Any,
                                                  client_for: Any) -> None:
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    job = start_job(owner, kind="tests.echo", label="Bí mật", upload=io.BytesIO(b"x"),
                    upload_name="a.csv", params={"level": Classification.SECRET})
    assert Job.objects.get(pk=job.pk).classification == Classification.SECRET
    stranger = make_user(["enterprise_staff"], org.enterprise_b, Classification.TOP_SECRET)
    low = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    for user in (stranger, low):
        client = client_for(user)
        for name in ("core:jobs-detail", "core:job-status", "core:job-output"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.get(f"/api/core/jobs/{job.pk}").status_code == 404
    assert client_for(owner).get(reverse("core:job-output", args=[job.pk])).status_code == 200


def test_command_runs_job_in_process_with_echo(admin_user: Any) -> None:
    job = jobs.create_job(admin_user, kind="tests.echo", label="CLI")
    lines: list[str] = []
    with jobs.audit_context(AuditSource.COMMAND):
        execute_job(job, echo=lambda j: lines.append(f"{j.phase} {j.done}/{j.total}"))
    assert job.status == JobStatus.DONE
    assert lines[0] == "Đang xử lý 1/3" and lines[-1].endswith("3/3")  # throttled, then final
