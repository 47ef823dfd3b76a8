"""Database connections each process keeps: none for `runserver` (a thread per request, so
kept connections are never reused and pile up until PostgreSQL has none left), CONN_MAX_AGE
for the others, always checked before reuse; a connection attempt gives up after 10 s."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from cnqp.env import default_conn_max_age


def test_runserver_keeps_no_connection_other_processes_keep_theirs() -> None:
    assert default_conn_max_age(["manage.py", "runserver", "127.0.0.1:8000"]) == 0
    assert default_conn_max_age(["manage.py", "job_worker"]) == 60
    assert default_conn_max_age(["/opt/cnqp/venv/bin/gunicorn", "cnqp.wsgi"]) == 60


@pytest.mark.parametrize(("argv", "env", "max_age", "timeout"), [
    (["manage.py", "runserver"], {}, 0, 10),
    (["gunicorn", "cnqp.wsgi"], {}, 60, 10),
    (["manage.py", "runserver"], {"CONN_MAX_AGE": "30"}, 30, 10),
    (["gunicorn", "cnqp.wsgi"], {"DATABASE_URL": "postgres://u@db/cnqp?connect_timeout=3"},
     60, 3),
])
def test_database_settings_for_each_process(monkeypatch: Any, tmp_path: Path, argv: list[str],
                                            env: dict[str, str], max_age: int,
                                            timeout: int) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://cnqp@127.0.0.1:5432/cnqp")
    monkeypatch.setenv("CNQP_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    monkeypatch.delenv("CONN_HEALTH_CHECKS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", argv)
    database = runpy.run_path(str(Path(django_settings.BASE_DIR) / "cnqp" / "settings.py"))[
        "DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == max_age
    assert database["CONN_HEALTH_CHECKS"] is True  # a kept connection is checked before reuse
    assert database["OPTIONS"]["connect_timeout"] == timeout
