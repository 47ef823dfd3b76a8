from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db import transaction

from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.discovery import app_modules
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext


def generators() -> list[Any]:
    return sorted((module for _label, module in app_modules("demo")), key=lambda m: m.ORDER)


class Command(AuditedCommand):
    help = "Load the deterministic demo data (once): org tree, users for every role, records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (and succeed) when demo data is already there")

    def handle(self, *args: Any, **options: Any) -> None:
        if OrgUnit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already loaded.")
                self.print_logins(self.existing_logins())
                return
            self.stderr.write("The database already holds data; seed_demo loads into an empty one.")
            raise SystemExit(1)
        ctx = DemoContext(rng=random.Random(options["seed"]), scale=options["scale"])
        with transaction.atomic():
            for module in generators():
                self.stdout.write(f"Seeding {module.__name__} …")
                module.seed(ctx)
        for module in generators():  # what must run outside the transaction (VACUUM, say)
            if hasattr(module, "after_seed"):
                module.after_seed(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins(ctx.logins)

    def existing_logins(self) -> list[tuple[str, str, str]]:
        from cnqp.core.demo import DEMO_USERS

        names = [row[0] for row in DEMO_USERS]
        users = User.objects.filter(username__in=names).select_related("org_unit")
        by_name = {u.username: u for u in users.prefetch_related("roles")}
        return [(n, ", ".join(sorted(by_name[n].role_codes)), by_name[n].org_unit.name)
                for n in names if n in by_name]

    def print_logins(self, logins: list[tuple[str, str, str]]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo logins "
                                             f"(password for all: {settings.CNQP_DEMO_PASSWORD}):"))
        for username, roles, unit in logins:
            self.stdout.write(f"  {username:<10} {roles:<18} {unit}")
