"""Daily duties: what the system does by itself each day, such as telling each unit what falls
due. An app declares its duties in its `duties.py`, the way it registers job handlers in
`jobs.py`:

    @duty("safety.remind_due")
    def remind_due(today: date) -> int: ...   # how many things it did (notices sent)

A duty runs as the system (no actor; audited with source "job" from the worker, "command"
from `manage.py run_duties`), and must be idempotent for a day: it runs again whenever the
worker starts and every `INTERVAL` seconds after (`worker.Keeper`), on every worker at once,
and `run_duties` for cron or by hand. Idempotence costs no table of runs (and no migration):
a reminder is a notification with a key, sent once per unit and key (`core.notifications`),
so running twice tells nobody twice. A duty's cost is therefore paid each interval: keep it
a constant number of queries (the safety reminders: 9 when nothing is new, whatever the
number of records).

Duties are found once, through `core.discovery`; a duty module that does not import, a name
declared twice or a function that does not take the day fails the system check
(`check_duties`), so start-up says so instead of a worker failing quietly at night.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils import timezone, translation

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource

log = logging.getLogger(__name__)

Duty = Callable[[dt.date], int]
INTERVAL = 3600.0  # seconds between two runs by a worker: a date change is seen within an hour

_duties: dict[str, Duty] = {}
_discovered = False


def duty(name: str) -> Callable[[Duty], Duty]:
    """Register a daily duty of an app (in its `duties.py`) under `name` ("app.what")."""

    def register(function: Duty) -> Duty:
        if _duties.get(name, function) is not function:
            raise ValueError(f"daily duty {name!r} registered twice")
        _duties[name] = function
        return function

    return register


def registered() -> dict[str, Duty]:
    """Every app's duties by name, found on the first call."""
    global _discovered
    if not _discovered:
        from cnqp.core.discovery import app_modules

        app_modules("duties")
        _discovered = True
    return dict(sorted(_duties.items()))


@dataclass(frozen=True)
class DutyRun:
    name: str
    done: int = 0
    error: str = ""  # the exception, when the duty failed (the log has its trace)


def run_duties(today: dt.date | None = None, names: Iterable[str] = (),
               source: str = AuditSource.JOB) -> list[DutyRun]:
    """Run the duties (`names`, or all) for `today`, each on its own: one that fails is
    logged and reported, and the others still run. Texts are written in the site's language,
    whoever reads them later."""
    today = today or timezone.localdate()
    duties = registered()
    unknown = sorted(set(names) - set(duties))
    if unknown:
        raise ValueError(f"no daily duty named {', '.join(unknown)}")
    chosen = [name for name in duties if not names or name in set(names)]
    runs = []
    for name in chosen:
        try:
            with audit_context(source), translation.override(settings.LANGUAGE_CODE):
                done = duties[name](today)
        except Exception as exc:  # one duty's failure must not stop the others
            log.exception("daily duty %s failed for %s", name, today)
            runs.append(DutyRun(name, error=f"{exc.__class__.__name__}: {exc}"[:2000]))
        else:
            log.info("daily duty %s for %s: %s", name, today, done)
            runs.append(DutyRun(name, done=done))
    return runs


@checks.register()
def check_duties(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every declared duty imports, is named once and takes the day."""
    try:
        duties = registered()
    except Exception as exc:  # a duty module that does not import, a name declared twice
        return [checks.Error(f"daily duties: {exc.__class__.__name__}: {exc}",
                             id="cnqp.E030")]
    errors: list[checks.CheckMessage] = []
    for name, function in duties.items():
        try:
            inspect.signature(function).bind(dt.date.today())
        except TypeError:
            errors.append(checks.Error(
                f"daily duty {name!r} ({function.__module__}.{function.__qualname__}) does not "
                "take the day as its one argument", id="cnqp.E031"))
    return errors
