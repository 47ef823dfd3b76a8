from typing import Any

from cnqp.core.imports.commands import BulkImportCommand, ImportCommand
from cnqp.production.bulk import IMPORTERS as BULK_IMPORTERS
from cnqp.production.imports import IMPORTERS as REGISTER_IMPORTERS


class Command(BulkImportCommand):
    help = ("Import production plans and their items or deliveries (register imports), or "
            "genealogy edges or inspection results (bulk imports, at scale, as a job with its "
            "progress shown) from a CSV or XLSX file, as USER: every row is checked first; any "
            "error and nothing is written (exit code 1).")
    app_label = "production"
    importers: dict[str, Any] = {**BULK_IMPORTERS, **REGISTER_IMPORTERS}

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] in REGISTER_IMPORTERS:
            ImportCommand.handle(self, *args, **options)  # type: ignore[arg-type]
        else:
            super().handle(*args, **options)
