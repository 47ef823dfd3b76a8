from cnqp.core.imports.commands import ImportCommand
from cnqp.directives.imports import IMPORTERS


class Command(ImportCommand):
    help = ("Import resolutions and directives, or their items and indicators, from an XLSX or "
            "CSV file, as USER (directives first: the indicators name them by number): every "
            "row is validated first; any error and nothing is written (exit code 1).")
    importers = IMPORTERS
