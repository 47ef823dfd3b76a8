"""The background generation of a report (`services.generate_files`), with progress per
section and per file; the links to the files are the job's result."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.jobs import JobOutcome, Progress, handler
from cnqp.core.models import Job
from cnqp.reports import services
from cnqp.reports.models import GeneratedReport


@handler(services.JOB_KIND)
def generate(job: Job, progress: Progress) -> JobOutcome:
    report = GeneratedReport.objects.select_related("created_by", "unit").get(
        pk=job.params["report"])
    content = services.generate_files(report, progress)
    links = [[f"{fmt.upper()}", reverse("reports:download", args=[report.pk, fmt])]
             for fmt in report.available_formats]
    links.append([_("Open the report"), reverse("reports:generated-detail", args=[report.pk])])
    return JobOutcome(
        result={"message": _("Report %(number)s generated: %(sections)s sections, "
                             "%(tables)s tables.") % {
                    "number": report.number, "sections": len(content.sections),
                    "tables": len(content.tables())},
                "links": links, "report": report.pk},
        classification=report.classification)
