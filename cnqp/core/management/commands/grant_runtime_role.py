"""Make a PostgreSQL role the application's runtime role (cnqp/core/dbroles.py): rows but not
the schema, and never UPDATE or DELETE on the audit log. Run as the owner, after every migrate."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from cnqp.core import dbroles


class Command(BaseCommand):
    help = ("As the owner of the tables (the role that migrates), grant ROLE what the running "
            "application needs and no more: no ALTER TABLE, no trigger disabled, no audit entry "
            "changed or deleted. Run again after every migrate.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the role the application connects as (DATABASE_URL)")
        parser.add_argument("--print", action="store_true", dest="print_only",
                            help="print the SQL instead of running it")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("runtime roles are a PostgreSQL matter: SQLite has no roles")
        role = options["role"]
        with connection.cursor() as cursor:
            if options["print_only"]:
                cursor.execute("SELECT current_schema(), current_database()")
                schema, database = cursor.fetchone()
                for sql in dbroles.runtime_grants(role, schema=schema, database=database):
                    self.stdout.write(f"{sql};")
                return
            try:
                with transaction.atomic():
                    dbroles.grant_runtime_role(cursor, role)
            except dbroles.RoleRefused as exc:
                raise CommandError(str(exc)) from exc
            rights = dbroles.runtime_rights(cursor, role)
        for right, held in rights.items():
            self.stdout.write(f"  {right}: {'yes' if held else 'no'}")
        wrong = [right for right, held in rights.items()
                 if held != right.startswith(("SELECT", "INSERT"))]
        if wrong:
            raise CommandError(f"{role!r} still holds or lacks: {', '.join(wrong)} (through "
                               "PUBLIC or another role it belongs to); see SECURITY.md")
        self.stdout.write(self.style.SUCCESS(
            f"{role!r} may read and write rows, append to and read the audit log; it may not "
            "change or delete audit entries, alter tables or disable triggers"))
