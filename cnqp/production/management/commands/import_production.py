from typing import Any

from django.core.management.base import CommandError, CommandParser

from cnqp.core.imports.commands import BulkImportCommand, ImportCommand, add_mode_arguments
from cnqp.production.bulk import IMPORTERS as BULK_IMPORTERS
from cnqp.production.imports import IMPORTERS as REGISTER_IMPORTERS

REGISTER_ONLY = ("add_only", "clear_blanks", "dry_run")


class Command(BulkImportCommand):
    help = ("Import production plans and their items or deliveries (register imports, with "
            "--add-only, --clear-blanks and --dry-run), or genealogy edges or inspection "
            "results (bulk imports, at scale, as a job with its progress shown) from a CSV or "
            "XLSX file, as USER: every row is checked first; any error and nothing is written "
            "(exit code 1).")
    app_label = "production"
    importers: dict[str, Any] = {**BULK_IMPORTERS, **REGISTER_IMPORTERS}

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        add_mode_arguments(parser)  # the register imports' modes, as other imports take them

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] in REGISTER_IMPORTERS:
            ImportCommand.handle(self, *args, **options)  # type: ignore[arg-type]
            return
        given = [f"--{name.replace('_', '-')}" for name in REGISTER_ONLY if options.get(name)]
        if given:
            raise CommandError(f"{', '.join(given)}: for plan-items and deliveries only; a "
                               f"{options['kind']} import only adds, all or nothing")
        super().handle(*args, **options)
