"""Reading settings from environment variables, with clear errors for bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def default_conn_max_age(argv: list[str]) -> int:
    """Seconds a database connection is kept when CONN_MAX_AGE is not set: none for
    `runserver`, which starts a thread per request, so a kept connection is never used again
    and they pile up until the server has none left; 60 for every process with a fixed
    number of threads (gunicorn's workers, the task worker, commands)."""
    return 0 if argv[1:2] == ["runserver"] else 60


def serves_requests(argv: list[str]) -> bool:
    """Whether this process answers web requests (gunicorn's workers, `runserver`), as
    opposed to the task worker and commands, whose statements may rightly run for minutes."""
    return argv[1:2] == ["runserver"] or Path(argv[0]).name.startswith("gunicorn")


def development_secret_key(var_dir: Path) -> str:
    """A per-machine key kept under var/, so development needs no configuration."""
    path = var_dir / "secret_key.dev"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    path.write_text(key)
    path.chmod(0o600)
    return key
