from cnqp.core.imports.commands import ImportCommand
from cnqp.safety.imports import IMPORTERS


class Command(ImportCommand):
    help = ("Import historical incidents, safety-critical assets with their last inspection, "
            "or findings from an XLSX or CSV file, as USER: every row is validated first; any "
            "error and nothing is written (exit code 1).")
    importers = IMPORTERS
