"""Running a bulk import as a background job: the job's file, its progress, its outcome."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from cnqp.core import jobs
from cnqp.core.choices import JobStatus
from cnqp.core.imports.bulk.importer import BulkImporter
from cnqp.core.imports.results import BulkResult
from cnqp.core.jobs import JobOutcome, Progress
from cnqp.core.models import Job

KIND_PREFIX = "bulk-import:"


def job_kind(app_label: str, importer: type[BulkImporter]) -> str:
    return f"{KIND_PREFIX}{app_label}.{importer.name}"


def run_import(importer_class: type[BulkImporter], job: Job, progress: Progress) -> JobOutcome:
    """The handler of an import job: the importer runs as the job's starter."""
    importer = importer_class(job.created_by, progress=progress, job_id=job.pk)
    # an upload was saved beside the job; a command names the file where it lies
    path = jobs.input_path(job) if job.input_path else Path(job.params["path"])
    with path.open("rb") as handle:
        result = importer.run(handle, job.input_name)
    return outcome_of(importer_class, result)


def outcome_of(importer: type[BulkImporter], result: BulkResult) -> JobOutcome:
    data = {
        "file_name": result.file_name,
        "sha256": result.sha256,
        "rows": result.rows,
        "seconds": round(result.seconds, 2),
        "timings": {phase: round(t, 2) for phase, t in result.timings.items()},
        "created": result.created,
        "error_count": result.error_count,
        "error_rows": result.error_rows,
        "errors": [[i.row, i.column, i.message] for i in result.errors],
    }
    if not result.ok:
        data["message"] = _("The import was refused: nothing was written.")
        return JobOutcome(status=JobStatus.REFUSED, result=data, output_name="loi-nhap.csv",
                          output_bytes=result.error_csv)
    data["message"] = _("Import complete: %(rows)s rows written.") % {"rows": result.rows}
    data["summary"] = [[_("Rows read"), result.rows],
                       *[[str(importer.count_labels.get(key, key)), count]
                         for key, count in result.created.items()],
                       [_("Rows per second"), round(result.rows_per_second)]]
    return JobOutcome(result=data, classification=result.classification)
