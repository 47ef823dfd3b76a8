from cnqp.core.imports.commands import BulkImportCommand
from cnqp.production.bulk import IMPORTERS


class Command(BulkImportCommand):
    help = ("Import genealogy edges or inspection results from a CSV or XLSX file, as USER, "
            "at scale: every row is checked first; any error and nothing is written (exit "
            "code 1). The progress is shown as it goes; the job stays in the job history.")
    app_label = "production"
    importers = IMPORTERS
