"""`manage.py run_duties [--date YYYY-MM-DD] [--only NAME ...]`: the apps' daily duties
(reminders of what falls due), for cron, by hand and in tests. The task worker runs the same
duties by itself (`core.jobs.duties`); both may run on one day: a duty tells nobody twice."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import CommandError

from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import AuditSource
from cnqp.core.jobs.duties import registered, run_duties


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(AuditedCommand):
    help = "Run the apps' daily duties (reminders of what falls due) for today or a date"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", type=iso_date, default=None,
                            help="The day to run them for (default: today)")
        parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                            help="Only these duties (default: all)")
        parser.add_argument("--list", action="store_true", help="List the duties and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for name, function in registered().items():
                self.stdout.write(f"{name}\t{function.__module__}.{function.__qualname__}")
            return
        try:
            runs = run_duties(options["date"], options["only"], source=AuditSource.COMMAND)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for run in runs:
            line = f"{run.name}: {run.error}" if run.error else f"{run.name}: {run.done}"
            self.stdout.write(self.style.ERROR(line) if run.error else line)
        failed = [run.name for run in runs if run.error]
        if failed:
            raise CommandError(f"{len(failed)} duties failed: {', '.join(failed)}")
