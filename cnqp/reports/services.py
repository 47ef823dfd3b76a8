"""Writes of the reports app: asking for a report (a history row and its background job),
and generating its files (run by the job)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit, jobs
from cnqp.core.choices import AuditAction
from cnqp.core.locks import take_turns
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.units import units_in_reach
from cnqp.reports.assembly import (
    ReportSpec,
    build_report,
    issuing_unit,
    period_for,
    sections_for,
    signer_name,
    title_for,
)
from cnqp.reports.choices import ReportFormat
from cnqp.reports.document import Report
from cnqp.reports.models import GeneratedReport
from cnqp.reports.render.docx import render_docx
from cnqp.reports.render.pdf import docx_to_pdf
from cnqp.reports.render.xlsx import render_xlsx

log = logging.getLogger(__name__)
JOB_KIND = "reports.generate"
GENERATE_PERMISSION = "reports.add_generatedreport"


def next_number(unit: OrgUnit | None, year: int, issuer: OrgUnit | None = None) -> str:
    """The next number of the issuing unit's reports in the year, padded below 10 ("05"):
    Decree 30 numbers documents from 01 each year. The issuer is the one chosen, else the
    reported unit, else the root (a report of the whole directorate): its reports are those
    whose symbol is its own, whatever figures they carry. A preview shows it as is;
    `request_report` takes it with the issuer's writers taking turns."""
    code = issuing_unit(unit, issuer).code
    taken = GeneratedReport.objects.filter(number__endswith=f"/BC-{code}",
                                           document_date__year=year).count()
    return f"{taken + 1:02d}"


def check_request(actor: User, spec: ReportSpec, formats: list[str]) -> None:
    """Whether `actor` may ask for this report: the permission, a unit within their reach,
    sections they may read, known formats. Raises PermissionDenied or ValidationError."""
    if not actor.has_perm(GENERATE_PERMISSION):
        raise PermissionDenied(_("You may not generate reports."))
    errors: dict[str, str] = {}
    if spec.unit is not None and not units_in_reach(actor).filter(pk=spec.unit.pk).exists():
        errors["unit"] = _("You may not ask for the figures of this unit.")
    if spec.issuer is not None and not units_in_reach(actor).filter(pk=spec.issuer.pk).exists():
        errors["issuer"] = _("You may not issue reports in the name of this unit.")
    offered = {s.key for s in sections_for(actor)}
    if not spec.sections:
        errors["sections"] = _("Choose at least one section.")
    elif set(spec.sections) - offered:
        errors["sections"] = _("Unknown or unavailable sections: %(keys)s.") % {
            "keys": ", ".join(sorted(set(spec.sections) - offered))}
    if not formats or set(formats) - set(ReportFormat.values):
        errors["formats"] = _("Choose among DOCX, PDF and XLSX.")
    if not errors.get("issuer") and not signer_name(spec):
        errors["signer_name"] = _(
            "Name the signer, or record the head of %(unit)s on the unit's page: a report is "
            "not issued unsigned.") % {"unit": issuing_unit(spec.unit, spec.issuer).name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_report(actor: User, spec: ReportSpec, formats: list[str]) -> GeneratedReport:
    """Record the request (audited) and its job, not yet queued: `start_generation` queues
    it for the worker, a command runs it in its own process (jobs.execute_job)."""
    check_request(actor, spec, formats)
    unit = issuing_unit(spec.unit, spec.issuer)
    if not spec.number:
        # two requests at once would otherwise count the same reports and take one number
        take_turns(f"reports.number:{unit.pk}:{spec.date.year}")
        spec = replace(spec, number=next_number(spec.unit, spec.date.year, spec.issuer))
    number = f"{spec.number}/BC-{unit.code}"
    title = build_title(spec)
    report = writes.create(actor, GeneratedReport(
        kind=spec.kind, title=title, period_start=spec.period.start,
        period_end=spec.period.end, unit=spec.unit, sections=list(spec.sections),
        formats=[f for f in ReportFormat.values if f in formats], number=number,
        document_date=spec.date, params=spec.as_params(), created_by=actor,
        owner_unit_id=actor.org_unit_id))
    job = jobs.create_job(actor, kind=JOB_KIND, label=f"{number} {title}",
                          params={"report": report.pk})
    GeneratedReport.objects.filter(pk=report.pk).update(job=job)
    report.job = job
    return report


def start_generation(actor: User, spec: ReportSpec, formats: list[str]) -> GeneratedReport:
    """Ask for a report and queue its generation (the worker runs it; tests run it inline)."""
    report = request_report(actor, spec, formats)
    assert report.job is not None
    jobs.run_job.enqueue(report.job.pk)
    return report


def build_title(spec: ReportSpec) -> str:
    return title_for(spec.kind, spec.period)


def spec_from_params(params: dict[str, object]) -> ReportSpec:
    code = str(params.get("unit") or "")
    issuer = str(params.get("issuer") or "")
    return ReportSpec(
        issuer=OrgUnit.objects.get(code=issuer) if issuer else None,
        kind=str(params["kind"]),
        period=period_for("custom", start=dt.date.fromisoformat(str(params["start"])),
                          end=dt.date.fromisoformat(str(params["end"]))),
        unit=OrgUnit.objects.get(code=code) if code else None,
        sections=[str(s) for s in params.get("sections", [])],  # type: ignore[attr-defined]
        number=str(params["number"]), date=dt.date.fromisoformat(str(params["date"])),
        place=str(params.get("place") or settings.CNQP_REPORT_PLACE),
        recipients=[str(r) for r in params.get("recipients", [])],  # type: ignore[attr-defined]
        signer_position=str(params.get("signer_position") or ""),
        signer_name=str(params.get("signer_name") or ""))


# --- generation (the job) ---------------------------------------------------------------------

Progress = Callable[[int, int, str], None]


def _store(report: GeneratedReport, fmt: str, data: bytes) -> None:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(report.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"report.{fmt}"
    target.write_bytes(data)
    setattr(report, f"{fmt}_path", str(target.relative_to(settings.MEDIA_ROOT)))
    setattr(report, f"{fmt}_sha256", hashlib.sha256(data).hexdigest())


def render_formats(content: Report, formats: list[str],
                   progress: Progress | None = None) -> dict[str, bytes]:
    """The files of a report, in the order DOCX, XLSX, PDF (the PDF is made from the DOCX)."""
    files: dict[str, bytes] = {}
    steps = [f for f in (ReportFormat.DOCX, ReportFormat.XLSX, ReportFormat.PDF)
             if f in formats]
    for done, fmt in enumerate(steps):
        if progress:
            progress(done, len(steps), _("Writing %(format)s") % {"format": fmt.upper()})
        if fmt == ReportFormat.XLSX:
            files[fmt] = render_xlsx(content)
        else:
            docx = files.get(ReportFormat.DOCX) or render_docx(content)
            files[fmt] = docx if fmt == ReportFormat.DOCX else docx_to_pdf(docx)
    return files


def generate_files(report: GeneratedReport, progress: Progress | None = None) -> Report:
    """Build the report as its requester may see the records now, write its files and keep
    its content; progress per section, then per file."""
    actor = report.created_by
    spec = spec_from_params(report.params)
    sections = len(spec.sections)
    total = sections + len(report.formats)

    def section_progress(done: int, _total: int, phase: str) -> None:
        if progress:
            progress(done, total, phase)

    def file_progress(done: int, _total: int, phase: str) -> None:
        if progress:
            progress(sections + done, total, phase)

    started = time.monotonic()
    content = build_report(actor, spec, section_progress)
    built = time.monotonic()
    files = render_formats(content, report.formats, file_progress)
    for fmt, data in files.items():
        _store(report, fmt, data)
    report.content = content.to_json()
    report.classification = content.classification
    report.generated_at = timezone.now()
    with transaction.atomic():
        report.save()
        audit.record(AuditAction.UPDATE, actor=actor, obj=report, changes={
            "files": [None, {fmt: report.file_sha256(fmt) for fmt in files}],
            "classification": [0, report.classification]})
    if progress:
        progress(total, total, _("Done"))
    log.info("report %s: figures %.2f s, files %.2f s", report.pk, built - started,
             time.monotonic() - built)
    return content


def file_of(report: GeneratedReport, fmt: str) -> Path | None:
    relative = report.file_path(fmt) if fmt in ReportFormat.values else ""
    if not relative:
        return None
    path = Path(settings.MEDIA_ROOT) / relative
    return path if path.is_file() else None


def record_download(actor: User, report: GeneratedReport, fmt: str) -> None:
    audit.record(AuditAction.DOWNLOAD, actor=actor, obj=report,
                 changes={"format": fmt, "sha256": report.file_sha256(fmt)})


def read_download(actor: User, report: GeneratedReport, fmt: str) -> bytes | None:
    """The stored file as the user downloads it: None when there is none, or when it no
    longer matches the SHA-256 taken at generation; else the download is audited."""
    path = file_of(report, fmt)
    if path is None:
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != report.file_sha256(fmt):
        log.error("report %s: stored %s file does not match its checksum", report.pk, fmt)
        return None
    record_download(actor, report, fmt)
    return data


def download_name(report: GeneratedReport, fmt: str) -> str:
    """"05-BC-TCCNQP.docx": the number and symbol, as the document is filed."""
    return f"{report.number.replace('/', '-')}.{fmt}"
