"""Import commands: `manage.py import_<app> KIND FILE --user USERNAME` runs an app's importer
(register or bulk) as that user, audited as a command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cnqp.core.audit.commands import AuditedCommand

if TYPE_CHECKING:
    from cnqp.core.imports import Importer
    from cnqp.core.imports.bulk.importer import BulkImporter
    from cnqp.core.models import Job, User


class _FileCommand(AuditedCommand):
    """`KIND FILE --user USERNAME`: one of `importers`, run as an active user who holds its
    permission, on a file that exists."""

    importers: dict[str, Any] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(self.importers))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def checked(self, options: dict[str, Any]) -> tuple[Any, User, Path]:
        from cnqp.core.models import User

        importer = self.importers[options["kind"]]
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['user']!r}")
        if not user.has_perm(importer.permission):
            raise CommandError(f"{user.username} lacks the permission {importer.permission}")
        path: Path = options["file"].resolve()
        if not path.is_file():
            raise CommandError(f"no file {str(path)!r}")
        return importer, user, path


def add_mode_arguments(parser: CommandParser) -> None:
    """A register import's modes: --add-only, --clear-blanks, --dry-run."""
    parser.add_argument("--add-only", action="store_true",
                        help="refuse rows whose code is already recorded (default: they "
                             "update the record)")
    parser.add_argument("--clear-blanks", action="store_true",
                        help="an empty cell clears the stored value (default: keeps it)")
    parser.add_argument("--dry-run", action="store_true",
                        help="write nothing; print what each row would do")


class ImportCommand(_FileCommand):
    """`manage.py import_<app> KIND FILE --user USERNAME [--add-only] [--clear-blanks]
    [--dry-run]`: one of the app's importers, run as that user; any error and nothing is
    written (exit code 1, every error on stderr). A dry run prints what each row would do."""

    importers: dict[str, type[Importer]] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        add_mode_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from cnqp.core.imports.results import ImportMode

        importer, user, path = self.checked(options)
        mode = ImportMode.ADD_ONLY if options.get("add_only") else ImportMode.ADD_AND_UPDATE
        with path.open("rb") as handle:
            result = importer(user, mode=mode, clear_blanks=bool(options.get("clear_blanks"))
                              ).run(handle, path.name, dry_run=bool(options.get("dry_run")))
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s) in {path.name}; nothing was "
                               "written")
        for row in result.preview:
            changes = "; ".join(f"{c.label}: {c.before} -> {c.after}" for c in row.changes)
            self.stdout.write(f"row {row.row} {row.key}: {row.outcome}"
                              + (f" ({changes})" if changes else ""))
        done = "would be" if result.dry_run else ""
        self.stdout.write(self.style.SUCCESS(
            f"{path.name}: {result.created} {done} created, {result.updated} {done} updated, "
            f"{result.unchanged} unchanged (SHA-256 {result.sha256})".replace("  ", " ")))
        for label, link in result.links:
            self.stdout.write(f"{label}: {settings.CNQP_SITE_URL.rstrip('/')}{link}")


class BulkImportCommand(_FileCommand):
    """`manage.py import_<app> KIND FILE --user USERNAME` for bulk importers: run as a job of
    that user (so the import is in the job history), in this process, with its progress on
    the terminal; any error and nothing is written (exit code 1, every error on stderr)."""

    app_label = ""
    importers: dict[str, type[BulkImporter]] = {}

    def handle(self, *args: Any, **options: Any) -> None:
        from cnqp.core.choices import JobStatus
        from cnqp.core.imports.bulk.jobs import job_kind
        from cnqp.core.jobs import create_job, execute_job

        importer, user, path = self.checked(options)
        job = create_job(user, kind=job_kind(self.app_label, importer),
                         label=f"{importer.label}: {path.name}",
                         params={"path": str(path)}, upload_name=path.name)
        job = execute_job(job, echo=self.echo)
        self.stderr.write("")
        if job.status == JobStatus.FAILED:
            raise CommandError(f"the import stopped on an internal error: {job.error}")
        result = job.result
        if job.status == JobStatus.REFUSED:
            for row, column, message in result["errors"]:
                where = ", ".join(str(p) for p in (f"row {row}" if row else "", column) if p)
                self.stderr.write(f"{where}: {message}" if where else message)
            more = result["error_count"] - len(result["errors"])
            if more > 0:
                self.stderr.write(f"… and {more} more: see the job's error file "
                                  f"(job #{job.pk}).")
            raise CommandError(f"{result['error_count']} error(s) in {path.name}; nothing "
                               "was written")
        self.stdout.write(self.style.SUCCESS(
            f"{path.name}: {result['rows']} rows, "
            + ", ".join(f"{k} {v}" for k, v in result["created"].items())
            + f" in {result['seconds']} s (SHA-256 {result['sha256']}, job #{job.pk})"))

    def echo(self, job: Job) -> None:
        total = f"/{job.total}" if job.total else ""
        self.stderr.write(f"\r{job.phase}: {job.done}{total}\033[K", ending="")
        self.stderr.flush()
