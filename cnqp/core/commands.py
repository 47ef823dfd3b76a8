from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource

if TYPE_CHECKING:
    from cnqp.core.imports import Importer


class AuditedCommand(BaseCommand):
    """A management command whose writes are audited with source "command"."""

    def execute(self, *args: Any, **options: Any) -> Any:
        with audit_context(AuditSource.COMMAND):
            return super().execute(*args, **options)


class ImportCommand(AuditedCommand):
    """`manage.py import_<app> KIND FILE --user USERNAME`: one of the app's importers, run as
    that user; any error and nothing is written (exit code 1, every error on stderr)."""

    importers: dict[str, type[Importer]] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(self.importers))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        from cnqp.core.models import User

        importer = self.importers[options["kind"]]
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
