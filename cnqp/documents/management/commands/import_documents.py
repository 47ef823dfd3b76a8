from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cnqp.core.commands import AuditedCommand
from cnqp.core.models import User
from cnqp.documents.imports import IMPORTERS


class Command(AuditedCommand):
    help = ("Import product types or the document register from an XLSX or CSV file, as USER: "
            "every row is validated first; any error and nothing is written (exit code 1).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = IMPORTERS[options["kind"]]
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['user']!r}")
        if not user.has_perm(importer.permission):
            raise CommandError(f"{user.username} lacks the permission {importer.permission}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {str(path)!r}")
        with path.open("rb") as handle:
            result = importer(user).run(handle, path.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s) in {path.name}; nothing was "
                               "written")
        self.stdout.write(self.style.SUCCESS(
            f"{path.name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged (SHA-256 {result.sha256})"))
