"""Settings from the environment: a production environment passes `check --deploy` without a
warning, and bad or missing values fail early with a clear message."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cnqp.env import env_bool, env_int, env_list

REPO_ROOT = Path(__file__).resolve().parents[3]


def base_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """A clean environment: nothing of the developer's or CI's own configuration leaks in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "cnqp.settings",
        "CNQP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.update(values)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_repository_root_is_found() -> None:
    assert (REPO_ROOT / "manage.py").is_file()
    assert (REPO_ROOT / "cnqp" / "settings.py").is_file()


def anchor_elsewhere(tmp_path: Path) -> str:
    """An anchor file outside the application and its var/ (another machine's mount)."""
    return str(tmp_path.parent / f"{tmp_path.name}-elsewhere" / "audit-anchor.json")


def test_production_environment_passes_deploy_check(tmp_path: Path) -> None:
    env = base_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(48),
                   ALLOWED_HOSTS="cnqp.example", AUDIT_KEY=secrets.token_urlsafe(48),
                   AUDIT_ANCHOR_PATH=anchor_elsewhere(tmp_path))
    assert len(env["SECRET_KEY"]) == 64

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output
    assert "?:" not in output  # the prefix of every system check message
    assert not (tmp_path / "secret_key.dev").exists()  # the given key is used, none generated


def test_deploy_check_asks_for_the_audit_key_and_an_anchor_apart(tmp_path: Path) -> None:
    env = base_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(48), ALLOWED_HOSTS="cnqp.example")
    output = run(["manage.py", "check", "--deploy"], env).stderr
    assert "(cnqp.W101) AUDIT_KEY is not set" in output
    assert "(cnqp.W103) The audit chain's head is anchored in " in output  # under var/

    output = run(["manage.py", "check", "--deploy"], {**env, "AUDIT_ANCHOR_PATH": ""}).stderr
    assert "(cnqp.W102) AUDIT_ANCHOR_PATH is empty" in output


def test_production_defaults_are_secure(tmp_path: Path) -> None:
    env = base_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(48),
                   ALLOWED_HOSTS="cnqp.example, www.cnqp.example")
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS, s.PASSWORD_HASHERS[0].endswith('Argon2"
        "PasswordHasher'))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True True True ['cnqp.example', 'www.cnqp.example'] True")


def test_missing_secret_key_with_debug_off_fails_clearly(tmp_path: Path) -> None:
    env = base_env(tmp_path, DEBUG="0")

    result = run(["-c", "import cnqp.settings"], env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DEBUG is off: set SECRET_KEY" in result.stderr


def test_manage_py_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    result = run(["manage.py", "check"], base_env(tmp_path, DEBUG="false"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_bad_boolean_in_environment_fails_clearly(tmp_path: Path) -> None:
    result = run(["-c", "import cnqp.settings"], base_env(tmp_path, DEBUG="maybe"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG='maybe'" in result.stderr


def test_env_bool_rejects_maybe_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNQP_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="CNQP_TEST_FLAG='maybe'"):
        env_bool("CNQP_TEST_FLAG", default=False)


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("true", True), (" Yes ", True), ("ON", True),
    ("0", False), ("false", False), ("no", False), ("off", False), ("", False),
])
def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch, raw: str,
                                            expected: bool) -> None:
    monkeypatch.setenv("CNQP_TEST_FLAG", raw)
    assert env_bool("CNQP_TEST_FLAG", default=not expected) is expected


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CNQP_TEST_FLAG", raising=False)
    assert env_bool("CNQP_TEST_FLAG", default=True) is True
    assert env_bool("CNQP_TEST_FLAG", default=False) is False


def test_env_int_rejects_words_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNQP_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="CNQP_TEST_NUMBER='ten'"):
        env_int("CNQP_TEST_NUMBER", 1)
    monkeypatch.setenv("CNQP_TEST_NUMBER", " ")
    assert env_int("CNQP_TEST_NUMBER", 7) == 7
    monkeypatch.setenv("CNQP_TEST_NUMBER", "42")
    assert env_int("CNQP_TEST_NUMBER", 7) == 42


def test_env_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNQP_TEST_LIST", " a.example , ,b.example,")
    assert env_list("CNQP_TEST_LIST", ["x"]) == ["a.example", "b.example"]
    monkeypatch.delenv("CNQP_TEST_LIST")
    assert env_list("CNQP_TEST_LIST", ["x"]) == ["x"]


def test_postgres_options_of_the_url_are_kept_beside_jit_off(tmp_path: Path) -> None:
    env = base_env(tmp_path, DATABASE_URL="postgres://u@db:5432/cnqp?options="
                                          "-c%20statement_timeout%3D5000")
    done = run(["-c", "import django; django.setup(); from django.conf import settings; "
                "print(settings.DATABASES['default']['OPTIONS']['options'])"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.parametrize(("argv", "limit"), [
    (["manage.py", "runserver"], " -c statement_timeout=30000"),
    (["/opt/cnqp/venv/bin/gunicorn", "cnqp.wsgi"], " -c statement_timeout=30000"),
    (["manage.py", "job_worker"], ""), (["manage.py", "import_production"], ""),
])
def test_a_request_statement_is_bounded_and_background_work_is_not(
        tmp_path: Path, argv: list[str], limit: str) -> None:
    """Request time had no bound: a statement of a web request is cancelled after
    CNQP_REQUEST_STATEMENT_SECONDS; the worker's and commands' run as long as they need."""
    env = base_env(tmp_path, DATABASE_URL="postgres://u@db:5432/cnqp")
    done = run(["-c", f"import sys; sys.argv = {argv!r}; import django; django.setup(); "
                "from django.conf import settings; "
                "print(settings.DATABASES['default']['OPTIONS']['options'])"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"-c jit=off{limit}"
