from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cnqp.awards.imports import IMPORTERS, AwardImporter
from cnqp.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = ("Import an existing register of awards from an XLSX or CSV file (one award per "
            "row), as USER: every row is validated first and any error writes nothing (exit "
            "code 1).")
    importers = IMPORTERS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, kind=AwardImporter.name, **options)
