from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cnqp.core.accounts.setup import setup_url
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.models import User


class Command(AuditedCommand):
    help = ("Print a new one-time set-up link for a user who has no password yet (created by "
            "init_directorate or the users' import) and whose link expired or was lost.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--site-url", default=settings.CNQP_SITE_URL)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        if user.has_usable_password():
            raise CommandError(f"{user.username} has set a password already: a set-up link is "
                               "only for a user who has none")
        self.stdout.write(setup_url(user, options["site_url"]))
