from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cnqp.core.imports.commands import ImportCommand
from cnqp.training.imports import IMPORTERS, CourseImporter


class Command(ImportCommand):
    help = ("Import an existing register of training courses from an XLSX or CSV file (one "
            "row per course and participating unit), as USER: every row is validated first "
            "and any error writes nothing (exit code 1).")
    importers = IMPORTERS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, kind=CourseImporter.name, **options)
