"""`manage.py load_safety_reference [--user USERNAME]`: the shipped reference data of production
safety (legal bases, asset categories, inspection regimes, training groups and courses,
incident kinds, severity classes, causes, injury factors, the review checklist), written through
the reference services and audited as a command. Run it again: only what is missing is written."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.models import User
from cnqp.safety.reference_data import load_reference


class Command(AuditedCommand):
    help = ("Load the shipped reference data of production safety (idempotent: rows already "
            "there are left as edited).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="username the writes are audited under (default: "
                                           "the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user named {options['user']!r}")
        counts = load_reference(actor)
        self.stdout.write(self.style.SUCCESS(
            f"Safety reference data: {counts['created']} created, {counts['ended']} ended, "
            f"{counts['unchanged']} unchanged."))
