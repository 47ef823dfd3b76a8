from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cnqp.core.imports.commands import ImportCommand
from cnqp.legal.imports import IMPORTERS, LegalInstrumentImporter


class Command(ImportCommand):
    help = ("Import the register of the sector's legal documents from an XLSX or CSV file (one "
            "document per row), as USER: every row is validated first and any error writes "
            "nothing (exit code 1).")
    importers = IMPORTERS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, kind=LegalInstrumentImporter.name, **options)
