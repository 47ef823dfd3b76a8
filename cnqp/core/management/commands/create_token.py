from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cnqp.core import services
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.models import User


class Command(AuditedCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        _token, raw = services.create_api_token(user, user=user, name=options["name"])
        self.stdout.write(raw)
