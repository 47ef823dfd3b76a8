"""`manage.py make_report --kind annual --year 2023 [--unit CODE] [--issuer CODE]
--format docx,pdf,xlsx --out DIR --user USERNAME`: the same report the builder makes,
generated in this process (the same job, printing its progress), recorded in the history and
the audit log, and copied to DIR. The figures are those USERNAME may see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone, translation

from cnqp.core.audit.commands import AuditedCommand
from cnqp.core.choices import JobStatus
from cnqp.core.jobs import execute_job
from cnqp.core.models import Job, OrgUnit, User
from cnqp.reports import services
from cnqp.reports.assembly import ReportSpec, period_for, sections_for
from cnqp.reports.choices import ReportFormat, ReportKind

KINDS = {"annual": ReportKind.ANNUAL, "half-year": ReportKind.HALF_YEAR,
         "custom": ReportKind.CUSTOM}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(AuditedCommand):
    help = "Generate a periodic report (DOCX, PDF, XLSX) as a user, into a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=sorted(KINDS), required=True)
        parser.add_argument("--year", type=int, help="annual and half-year reports")
        parser.add_argument("--from", dest="start", type=_date, help="custom: first day")
        parser.add_argument("--to", dest="end", type=_date, help="custom: last day")
        parser.add_argument("--unit", help="code of a unit (default: the whole directorate)")
        parser.add_argument("--issuer", help="code of the unit whose name and number the "
                                             "report carries (default: the unit, or the root)")
        parser.add_argument("--sections", type=_list,
                            help="section keys, comma separated (default: all the user may "
                                 "read)")
        parser.add_argument("--format", dest="formats", type=_list, default=["docx", "pdf",
                                                                               "xlsx"],
                            help="docx,pdf,xlsx (default: all three)")
        parser.add_argument("--out", type=Path, required=True, help="folder for the files")
        parser.add_argument("--user", required=True,
                            help="username whose view of the records the figures show")
        parser.add_argument("--number", default="", help="number (default: the next one)")
        parser.add_argument("--date", type=_date, help="document date (default: today)")
        parser.add_argument("--signer", default="",
                            help="the signer's name (default: the head recorded on the issuing "
                                 "unit)")
        parser.add_argument("--signer-title", default="",
                            help="the signer's title (default: the head's title recorded on "
                                 "the issuing unit)")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['user']!r}")
        unknown = set(options["formats"]) - set(ReportFormat.values)
        if unknown:
            raise CommandError(f"unknown format(s): {', '.join(sorted(unknown))}")
        unit = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"].upper()).first()
            if unit is None:
                raise CommandError(f"no unit with code {options['unit']!r}")
        issuer = None
        if options["issuer"]:
            issuer = OrgUnit.objects.filter(code=options["issuer"].upper()).first()
            if issuer is None:
                raise CommandError(f"no unit with code {options['issuer']!r}")
        options["issuer_unit"] = issuer
        try:
            period = period_for(KINDS[options["kind"]], options["year"], options["start"],
                                options["end"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with translation.override(options["language"]):
            report = self._request(user, unit, period, options)
            assert report.job is not None
            job = execute_job(report.job, echo=self._echo)
        if job.status != JobStatus.DONE:
            raise CommandError(f"the report was not generated: {job.error}")
        report.refresh_from_db()
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        for fmt in report.available_formats:
            data = services.read_download(user, report, fmt)
            if data is None:
                raise CommandError(f"the {fmt} file is missing or does not match its checksum")
            target = out / services.download_name(report, fmt)
            target.write_bytes(data)
            self.stdout.write(f"{target} (SHA-256 {report.file_sha256(fmt)})")
        self.stdout.write(self.style.SUCCESS(
            f"Report {report.number} ({report.title}), level {report.classification}, "
            f"history #{report.pk}"))

    def _request(self, user: User, unit: OrgUnit | None, period: Any,
                 options: dict[str, Any]) -> Any:
        spec = ReportSpec(
            kind=KINDS[options["kind"]], period=period, unit=unit,
            sections=options["sections"] or [s.key for s in sections_for(user)],
            number=options["number"], date=options["date"] or timezone.localdate(),
            place=settings.CNQP_REPORT_PLACE, issuer=options["issuer_unit"],
            signer_name=options["signer"], signer_position=options["signer_title"])
        try:
            return services.request_report(user, spec, options["formats"])
        except PermissionDenied as exc:
            raise CommandError(f"{user.username}: {exc}") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _echo(self, job: Job) -> None:
        total = f"/{job.total}" if job.total else ""
        self.stdout.write(f"  {job.phase} {job.done}{total}")
