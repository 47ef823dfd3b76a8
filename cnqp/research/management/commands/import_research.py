from cnqp.core.imports.commands import ImportCommand
from cnqp.research.imports import IMPORTERS


class Command(ImportCommand):
    help = ("Import the register of research projects from an XLSX or CSV file, as USER: "
            "every row is validated first; any error and nothing is written (exit code 1).")
    importers = IMPORTERS
