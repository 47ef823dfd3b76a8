from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from cnqp.core import services
from cnqp.core.accounts.setup import setup_url
from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.models import OrgUnit


class Command(AuditedCommand):
    help = ("First step of an empty installation: create the directorate (the root unit) and "
            "its first administrator, who sets their password through the one-time link "
            "printed (valid seven days). The rest of the organisation and the users are then "
            "imported (manage.py import_directory units|users FILE --user ADMIN).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="the directorate's unit code")
        parser.add_argument("--name", required=True, help="its full name")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--head-title", default="",
                            help="its head's title as signed on reports (CHỦ NHIỆM)")
        parser.add_argument("--head-name", default="",
                            help="its head's rank and name, who signs its reports")
        parser.add_argument("--admin", required=True, help="the administrator's username")
        parser.add_argument("--admin-name", required=True, help="the administrator's full name")
        parser.add_argument("--clearance", type=int, default=Classification.SECRET,
                            choices=[c.value for c in Classification],
                            help="the administrator's clearance (default 2, Tối mật)")
        parser.add_argument("--site-url", default=settings.CNQP_SITE_URL,
                            help="the address users open (default CNQP_SITE_URL)")

    def handle(self, *args: Any, **options: Any) -> None:
        if OrgUnit.objects.exists():
            raise CommandError("this installation already has its organisation: "
                               "init_directorate runs once, on an empty database")
        try:
            with transaction.atomic():
                root = services.create_org_unit(
                    None, code=options["code"], name=options["name"],
                    short_name=options["short_name"], kind=OrgUnitKind.DIRECTORATE, parent=None,
                    head_title=options["head_title"], head_name=options["head_name"])
                admin = services.create_user(
                    None, username=options["admin"], full_name=options["admin_name"],
                    org_unit=root, password=None, roles=["admin"],
                    clearance=options["clearance"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{root.code} ({root.name}) and its administrator "
                                             f"{admin.username} created."))
        self.stdout.write(f"{admin.username} sets a password (once, within 7 days) at:\n"
                          f"{setup_url(admin, options['site_url'])}")
