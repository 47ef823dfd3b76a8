from pathlib import Path

from django.core.management.base import CommandParser

from cnqp.cooperation.imports import IMPORTERS
from cnqp.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = ("Import an existing register of cooperation records from an XLSX or CSV file, as "
            "USER: KIND is agreements, contracts (export contracts) or exhibitions (one "
            "participating unit per row); every row is validated first and any error writes "
            "nothing (exit code 1).")
    importers = IMPORTERS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")
