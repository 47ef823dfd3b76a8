"""The task worker against a failing database: it reconnects and runs the next job, checks
in for /healthz/worker, and no job stays "running" once its worker is gone.

Most tests raise the database's errors where PostgreSQL raises them (connecting, the poll,
the write of an outcome) inside the test's transaction, the worker's closing of connections
recorded rather than done (`reconnects`). On PostgreSQL the worker's own backend is also
terminated for real (pg_terminate_backend from a second connection): those tests commit, so
they create no audit entry (its table refuses DELETE and TRUNCATE) and delete what they made.
Clocks and waits are injected: nothing sleeps."""

from __future__ import annotations

import io
import logging
import signal
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet, get_date_max

from cnqp.core import jobs
from cnqp.core.choices import JobStatus
from cnqp.core.factories import (
    JobFactory,
    OrgUnitFactory,
    UserFactory,
    WorkerHeartbeatFactory,
)
from cnqp.core.jobs import JobOutcome, Progress, checkin, handler, lost, start_job
from cnqp.core.jobs import worker as worker_module
from cnqp.core.jobs.worker import Keeper, Outage, Worker, reset_connections
from cnqp.core.models import Job
from cnqp.core.models.jobs import WorkerHeartbeat

REASON_VI = "Tiến trình xử lý nền đã dừng giữa chừng"
POSTGRES_ONLY = pytest.mark.skipif("connection.vendor != 'postgresql'")
CLOSED = "server closed the connection unexpectedly"
REFUSED = ('connection failed: connection to server at "127.0.0.1", port 5432 failed: '
           "Connection refused\n\tIs the server running on that host?")
TOO_MANY = "FATAL:  sorry, too many clients already"


@handler("tests.worker.ok")
def _ok(job: Job, progress: Progress) -> JobOutcome:
    progress(1, 1, "Đang xử lý")
    return JobOutcome(result={"message": "Xong."})


@handler("tests.worker.db_lost")
def _db_lost(job: Job, progress: Progress) -> JobOutcome:
    raise OperationalError(CLOSED)


def _terminate(pid: int) -> None:
    """End a backend from a second connection, as an administrator or a restart would."""
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(host=params["HOST"] or None, port=params["PORT"] or None,
                         user=params["USER"] or None, password=params["PASSWORD"] or None,
                         dbname=params["NAME"], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def _backend_pid() -> int:
    connection.ensure_connection()
    return int(connection.connection.info.backend_pid)


@handler("tests.worker.kill_backend")
def _kill_backend(job: Job, progress: Progress) -> JobOutcome:
    _terminate(_backend_pid())
    progress(1, 2, "Sau khi mất kết nối")  # this write meets the terminated connection
    return JobOutcome()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def queued(settings: Any) -> None:
    """Jobs go to the database queue, for the worker under test to take."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def reconnects(monkeypatch: Any) -> list[str]:
    """The worker's closing of connections, recorded instead of done: the test's transaction
    lives on the connection."""
    calls: list[str] = []
    monkeypatch.setattr(worker_module, "reset_connections", lambda: calls.append("reset"))
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return calls


@pytest.fixture
def committed(monkeypatch: Any) -> Any:
    """For the tests that end a backend for real (no transaction to roll back): queued jobs
    of a user of their own, made without audit entries, deleted afterwards."""
    monkeypatch.setattr(jobs, "_discovered", True)  # the tests' handlers are registered
    made: list[Any] = []

    def job(kind: str) -> Job:
        if not made:
            made.append(UserFactory(org_unit=OrgUnitFactory(code="WORKER-TEST", parent=None)))
        created = cast(Job, JobFactory(kind=kind, created_by=made[0],
                                       owner_unit=made[0].org_unit))
        jobs.run_job.enqueue(created.pk)
        return created

    yield job
    reset_connections()  # a terminated backend may still be this thread's connection
    WorkerHeartbeat.objects.all().delete()
    if made:
        Job.objects.filter(created_by=made[0]).delete()
        made[0].delete()
        made[0].org_unit.delete()


def enqueue(admin_user: Any, label: str, kind: str = "tests.worker.ok") -> Job:
    """A queued job, as start_job makes it."""
    return start_job(admin_user, kind=kind, label=label)


def make_worker(**options: Any) -> tuple[Worker, list[float]]:
    """A worker that empties the queue and stops (batch), without its heartbeat thread,
    recording the waits of its back-off instead of sleeping."""
    waits: list[float] = []
    options = {"interval": 0, "batch": True, "max_tasks": None, **options}
    worker = Worker(queue_names=["default"], excluded_queue_names=[], backend_name="default",
                    startup_delay=False, worker_id="w-test", heartbeat=0, sleep=waits.append,
                    **options)
    return worker, waits


def warnings_of(caplog: Any) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "cnqp.core.jobs.worker" and r.levelno >= logging.WARNING]


def task_row(job: Job) -> DBTaskResult:
    return DBTaskResult.objects.get(args_kwargs__args=[job.pk])


# --- the polling loop -------------------------------------------------------------------------

def test_worker_survives_a_database_outage_and_runs_the_next_job(
        admin_user: Any, queued: None, reconnects: list[str], monkeypatch: Any,
        caplog: Any) -> None:
    """Every query fails for three attempts (the server is down, then out of connections),
    then the database answers: the library's worker exited at the first."""
    job = start_job(admin_user, kind="tests.worker.ok", label="Sau sự cố")
    errors = [OperationalError(REFUSED), OperationalError(REFUSED), OperationalError(TOO_MANY)]
    real = connection.ensure_connection

    def ensure_connection() -> None:
        if errors:
            raise errors.pop(0)
        real()

    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    worker, waits = make_worker()
    with caplog.at_level(logging.DEBUG, logger="cnqp.core.jobs.worker"):
        worker.run()  # returns: batch mode stops once the queue is empty
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.worker == "w-test"
    assert task_row(job).status == TaskResultStatus.SUCCESSFUL
    assert waits == [0.5, 1.0, 2.0]  # a bounded back-off, doubling
    assert reconnects == ["reset"] * 3  # the broken connection is never used again
    logged = warnings_of(caplog)
    assert len(logged) == 3, logged  # each kind of failure once, then the recovery once
    assert "Connection refused" in logged[0] and "too many clients" in logged[1]
    assert "works again" in logged[2] and "3 failed attempts" in logged[2]
    heartbeat = WorkerHeartbeat.objects.get(worker_id="w-test")
    assert heartbeat.job_id is None  # released once the job ended


def test_worker_survives_an_error_on_one_poll(admin_user: Any, queued: None,
                                              reconnects: list[str], monkeypatch: Any) -> None:
    job = start_job(admin_user, kind="tests.worker.ok", label="Sau một lần lỗi")
    errors = [OperationalError(CLOSED)]
    real = DBTaskResultQuerySet.get_locked

    def get_locked(self: DBTaskResultQuerySet) -> Any:
        if errors:
            raise errors.pop()
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    worker, waits = make_worker()
    worker.run()
    assert waits == [0.5]
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_back_off_is_bounded_and_starts_again_after_a_quiet_spell() -> None:
    now = [0.0]
    outage = Outage("test", clock=lambda: now[0])
    waits = [outage.failed(OperationalError(TOO_MANY)) for _ in range(8)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]
    now[0] += 19.0  # another failure soon after: the same outage, the same wait
    assert outage.failed(OperationalError(TOO_MANY)) == 10.0
    now[0] += 20.0  # twice the longest wait without a failure: a new outage
    assert outage.failed(OperationalError(TOO_MANY)) == 0.5


def test_job_cut_off_by_an_outage_is_failed_and_the_worker_runs_the_next(
        admin_user: Any, queued: None, reconnects: list[str], monkeypatch: Any) -> None:
    """The database goes away while a job ends: neither the job's outcome nor the task's
    can be written. The library's worker died there, both rows left running."""
    cut = start_job(admin_user, kind="tests.worker.db_lost", label="Bị cắt")
    after = start_job(admin_user, kind="tests.worker.ok", label="Tiếp theo")
    real_save = Job.save

    def save(self: Job, *args: Any, **kwargs: Any) -> None:
        if self.kind == "tests.worker.db_lost":
            raise OperationalError(CLOSED)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Job, "save", save)
    failures = [OperationalError(CLOSED)]
    real_set_failed = DBTaskResult.set_failed

    def set_failed(self: DBTaskResult, exc: BaseException) -> None:
        if failures:
            raise failures.pop()
        real_set_failed(self, exc)

    monkeypatch.setattr(DBTaskResult, "set_failed", set_failed)
    worker, waits = make_worker()
    worker.run()
    cut.refresh_from_db()
    after.refresh_from_db()
    assert waits == [0.5]
    assert cut.status == JobStatus.FAILED and cut.error.startswith(REASON_VI)
    assert cut.result["interrupted"] is True and cut.finished_at is not None
    task = task_row(cut)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "cnqp.core.jobs.lost.WorkerLost"
    assert after.status == JobStatus.DONE


@POSTGRES_ONLY
@pytest.mark.parametrize(("health_checks", "expected_waits"), [(True, []), (False, [0.5])])
@pytest.mark.django_db(transaction=True, available_apps=["django_tasks_db"])
def test_worker_outlives_its_backend_terminated_between_polls(
        committed: Any, queued: None, monkeypatch: Any, health_checks: bool,
        expected_waits: list[float]) -> None:
    """With CONN_HEALTH_CHECKS (the default) the dropped connection is replaced before the
    next poll and nothing fails; without, that poll fails and the worker reconnects."""
    first = committed("tests.worker.ok")
    after: list[Job] = []

    def idle(seconds: float) -> None:  # the worker waits for work: its backend is ended
        if not after:
            after.append(committed("tests.worker.ok"))
            _terminate(_backend_pid())

    monkeypatch.setattr(db_worker, "time", SimpleNamespace(sleep=idle))
    monkeypatch.setattr(connections["default"], "health_check_enabled", health_checks)
    worker, waits = make_worker(batch=False, max_tasks=2, interval=1)
    worker.run()  # returns after two jobs
    assert waits == expected_waits
    assert Job.objects.get(pk=first.pk).status == JobStatus.DONE
    assert Job.objects.get(pk=after[0].pk).status == JobStatus.DONE


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True, available_apps=["django_tasks_db"])
def test_worker_outlives_its_backend_terminated_during_a_job(committed: Any,
                                                            queued: None) -> None:
    killed = committed("tests.worker.kill_backend")
    after = committed("tests.worker.ok")
    worker, waits = make_worker()
    worker.run()
    killed.refresh_from_db()
    assert waits == [0.5]
    assert killed.status == JobStatus.FAILED and killed.error.startswith(REASON_VI)
    assert task_row(killed).status == TaskResultStatus.FAILED
    assert Job.objects.get(pk=after.pk).status == JobStatus.DONE


def test_job_worker_command_runs_the_queue_and_checks_in(admin_user: Any, queued: None,
                                                        reconnects: list[str],
                                                        settings: Any) -> None:
    settings.CNQP_WORKER_HEARTBEAT_SECONDS = 0  # no heartbeat thread: tick() is tested below
    job = start_job(admin_user, kind="tests.worker.ok", label="Lệnh")
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("job_worker", "--batch", "--no-reload", "--no-startup-delay",
                     "--interval", "0", "--worker-id", "w-command", verbosity=0,
                     stdout=io.StringIO())
    finally:
        for number, previous in handlers.items():
            signal.signal(number, previous)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.worker == "w-command"
    assert WorkerHeartbeat.objects.filter(worker_id="w-command", job=None).exists()


# --- the heartbeat -----------------------------------------------------------------------------

def test_keeper_beats_sweeps_and_outlives_database_errors(org: Any, reconnects: list[str],
                                                         monkeypatch: Any, caplog: Any) -> None:
    start = timezone.now()
    checkin.check_in("w-keeper", start)
    keeper = Keeper("w-keeper", heartbeat=5)
    keeper.tick(start + timedelta(seconds=5), clock=0.0)
    assert WorkerHeartbeat.objects.get(worker_id="w-keeper").seen_at == start + timedelta(
        seconds=5)
    real_beat = checkin.beat

    def broken_beat(*args: Any) -> bool:
        raise OperationalError(CLOSED)

    monkeypatch.setattr(checkin, "beat", broken_beat)
    with caplog.at_level(logging.DEBUG, logger="cnqp.core.jobs.worker"):
        keeper.tick(start + timedelta(seconds=10), clock=1.0)  # no exception escapes
        keeper.tick(start + timedelta(seconds=15), clock=2.0)
        monkeypatch.setattr(checkin, "beat", real_beat)
        orphan = running(worker="w-gone", started_at=start)
        keeper.tick(start + timedelta(seconds=20), clock=1e9)  # a sweep is due
    logged = warnings_of(caplog)
    assert len(logged) == 2 and CLOSED in logged[0] and "works again" in logged[1]
    assert WorkerHeartbeat.objects.get(worker_id="w-keeper").seen_at == start + timedelta(
        seconds=20)
    assert Job.objects.get(pk=orphan.pk).status == JobStatus.FAILED
    assert reconnects == ["reset", "reset"]  # a broken connection is closed each time


def test_worker_health_answers_503_without_a_recent_check_in(db: Any) -> None:
    client = Client()
    response = client.get("/healthz/worker")
    assert response.status_code == 503
    assert response.json() == {"status": "none", "workers": 0, "last_seen": None,
                               "seconds_since": None,
                               "stale_after": django_settings.CNQP_WORKER_STALE_SECONDS}
    seen = timezone.now() - timedelta(seconds=django_settings.CNQP_WORKER_STALE_SECONDS + 30)
    WorkerHeartbeatFactory(seen_at=seen)
    body = client.get("/healthz/worker").json()
    assert body["status"] == "stale" and body["workers"] == 0
    assert body["last_seen"] == seen.isoformat() and body["seconds_since"] >= 90
    assert client.get("/healthz").status_code == 200  # the web process and its database


def test_worker_health_answers_200_with_a_recent_check_in(db: Any) -> None:
    WorkerHeartbeatFactory(seen_at=timezone.now() - timedelta(minutes=10))
    WorkerHeartbeatFactory(seen_at=timezone.now() - timedelta(seconds=3))
    response = Client().get("/healthz/worker")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["workers"] == 1 and body["seconds_since"] < 60


def test_waiting_job_says_when_no_worker_checks_in(admin_user: Any, client_for: Any) -> None:
    job = jobs.create_job(admin_user, kind="tests.worker.ok", label="Đang chờ")
    client = client_for(admin_user)

    def card() -> str:
        return str(client.get(reverse("core:job-status", args=[job.pk])).content.decode())

    assert "Chưa có tiến trình xử lý nền nào hoạt động" in card()
    heartbeat = WorkerHeartbeatFactory(seen_at=timezone.now() - timedelta(hours=2))
    assert "Không có tiến trình xử lý nền nào hoạt động kể từ" in card()
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(seen_at=timezone.now())
    assert 'id="job-no-worker"' not in card() and "Đang chờ tiến trình xử lý nền" in card()
    # running in a worker that stopped, with no other worker to fail it yet
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=heartbeat.worker_id)
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
        seen_at=timezone.now() - timedelta(hours=2))
    assert "sẽ được đánh dấu thất bại khi tiến trình chạy lại" in card()


# --- lost jobs ----------------------------------------------------------------------------------

def running(**fields: Any) -> Job:
    return cast(Job, JobFactory(status=JobStatus.RUNNING, **fields))


def _task(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, args_kwargs={"args": [0], "kwargs": {}},
        task_path="cnqp.core.jobs.run_job", backend_name="default", run_after=get_date_max(),
        worker_ids=[worker_id])


def test_sweep_fails_jobs_no_live_worker_names(admin_user: Any, tmp_path: Path) -> None:
    now = timezone.now()
    long_ago = now - timedelta(seconds=django_settings.CNQP_WORKER_STALE_SECONDS + 1)
    dead_job = running(worker="w-dead", started_at=long_ago,
                          input_path="jobs/in/input")
    (tmp_path / "jobs/in").mkdir(parents=True)
    (tmp_path / "jobs/in/input").write_bytes(b"serial;lot")
    WorkerHeartbeatFactory(worker_id="w-dead", seen_at=long_ago, job=dead_job)
    live_job = running(worker="w-live", started_at=long_ago)
    WorkerHeartbeatFactory(worker_id="w-live", seen_at=now, job=live_job)
    # its worker is alive but moved on: the outcome was never written
    forgotten = running(worker="w-live", started_at=long_ago)
    by_command = running(worker="", started_at=long_ago)
    dead_task, plain_task, live_task = _task("w-dead"), _task("db-worker"), _task("w-live")

    assert sorted(lost.sweep(now)) == sorted([dead_job.pk, forgotten.pk])

    dead_job.refresh_from_db()
    assert dead_job.status == JobStatus.FAILED and dead_job.error.startswith(REASON_VI)
    assert dead_job.finished_at == now and dead_job.result == {"interrupted": True}
    assert dead_job.input_path == "" and not (tmp_path / "jobs/in/input").exists()
    assert Job.objects.get(pk=forgotten.pk).status == JobStatus.FAILED
    for untouched in (live_job, by_command):  # a live worker's job, a command's job
        assert Job.objects.get(pk=untouched.pk).status == JobStatus.RUNNING
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[dead_task.pk] == TaskResultStatus.FAILED
    assert statuses[plain_task.pk] == statuses[live_task.pk] == TaskResultStatus.RUNNING
    assert lost.sweep(now) == []  # nothing twice


def test_sweep_speaks_the_language_of_the_starter(db: Any) -> None:
    job = running(worker="w-gone", params={"language": "en"})
    lost.sweep()
    job.refresh_from_db()
    assert job.error.startswith("The process running this job stopped")


def test_lost_job_page_shows_the_reason(admin_user: Any, client_for: Any) -> None:
    job = running(worker="w-gone", created_by=admin_user,
                     owner_unit=admin_user.org_unit)
    lost.sweep()
    client = client_for(admin_user)
    text = client.get(reverse("core:jobs-detail", args=[job.pk])).content.decode()
    assert REASON_VI in text and 'data-status="failed"' in text
    assert "hx-trigger" not in text  # the page stops polling
    assert "lỗi nội bộ" not in text  # not the internal error's sentence


def test_command_interrupted_marks_its_job_failed(admin_user: Any, monkeypatch: Any) -> None:
    """Ctrl-C in `manage.py import_production ...`: the job ends failed, not running."""

    job = jobs.create_job(admin_user, kind="tests.worker.ok", label="Ctrl-C")

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "__call__", interrupt)
    with pytest.raises(KeyboardInterrupt):
        jobs.execute_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith(REASON_VI)
    assert job.finished_at is not None and job.worker == ""
