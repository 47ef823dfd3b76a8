from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from cnqp.core import services
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit


class Command(AuditedCommand):
    help = "Create a system administrator in the given org unit (first set-up of a deployment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--unit", required=True, help="org unit code")
        parser.add_argument("--clearance", type=int, default=Classification.SECRET,
                            choices=[c.value for c in Classification])

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"].upper()).first()
        if unit is None:
            raise CommandError(f"no org unit with code {options['unit']!r}")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        try:
            services.create_user(None, username=options["username"],
                                 full_name=options["full_name"], org_unit=unit,
                                 password=password, roles=["admin"],
                                 clearance=options["clearance"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"administrator {options['username']} created"))
