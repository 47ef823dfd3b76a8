from cnqp.core.imports.commands import ImportCommand
from cnqp.documents.imports import IMPORTERS


class Command(ImportCommand):
    help = ("Import product types, the document register, usage rights or the revisions issued "
            "(metadata) from an XLSX or CSV file, as USER: "
            "every row is validated first; any error and nothing is written (exit code 1).")
    importers = IMPORTERS
