from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cnqp.core.imports.commands import ImportCommand
from cnqp.press.imports import IMPORTERS, PressItemImporter


class Command(ImportCommand):
    help = ("Import a register of press items from an XLSX or CSV file (one item per row), as "
            "USER: every row is validated first; any error and nothing is written (exit code "
            "1).")
    importers = IMPORTERS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, kind=PressItemImporter.name, **options)
