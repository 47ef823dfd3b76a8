"""Check the report figures' rollups against a recount, or count them again.

The services keep every rollup equal to its raw records in the transaction that changes them
(cnqp/core/figures/rollups.py); a recount is for what bypasses the services: a restore of
part of the tables, rows loaded by hand or by an older version. `--check` writes nothing and
fails (exit status 1) naming each rollup that differs; without it, every rollup is counted
again, each in its own transaction, and the rebuild is audited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from cnqp.core import audit
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import AuditAction
from cnqp.core.figures import rollups


class Command(AuditedCommand):
    help = "Check the report figures' rollups against their records (--check), or rebuild them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="Compare with a recount; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        wrong = []
        for rollup in rollups.registered():
            if options["check"]:
                differing = rollups.differences(rollup)
                if differing:
                    wrong.append(rollup.key)
                self.stdout.write(f"{rollup.key}: "
                                  + (f"{len(differing)} rows differ" if differing else "ok"))
                continue
            with transaction.atomic():
                written = rollups.rebuild(rollup)
                audit.record(AuditAction.UPDATE, actor=None, object_type="rollup",
                             object_repr=rollup.key, changes={"rows": [None, written]})
            self.stdout.write(f"{rollup.key}: {written} rows")
        if wrong:
            raise CommandError("Rollups that differ from their records: " + ", ".join(wrong)
                               + ". Run manage.py rebuild_rollups.")
