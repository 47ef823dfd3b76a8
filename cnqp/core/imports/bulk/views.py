"""Bulk import pages: upload a file, and the import runs as a background job whose page shows
its progress and then every error (nothing written) or the counts of what was written."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from openpyxl import Workbook
from openpyxl.styles import Font

from cnqp.core.imports.bulk.importer import BulkImporter
from cnqp.core.imports.bulk.jobs import job_kind
from cnqp.core.imports.views import ImportView
from cnqp.core.jobs import start_job
from cnqp.core.records.export import XLSX_TYPE
from cnqp.core.records.forms import StyledForm

EXTENSIONS = (".xlsx", ".csv")


class BulkImportForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "CSV in UTF-8 or XLSX; the header row first. Large files are read in the background: "
        "the next page shows the progress."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > settings.CNQP_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than the upload limit."))
        return upload


class BulkImportView(ImportView):
    """The upload page of a bulk importer: the import runs as a job, whose page follows."""

    form_class = BulkImportForm
    app_label = ""

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self.check_permission(request)
        form = BulkImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, self.context(form=form))
        upload = form.cleaned_data["file"]
        job = start_job(user, kind=job_kind(self.app_label, self.importer),
                        label=f"{self.importer.label}: {upload.name}", upload=upload,
                        upload_name=upload.name)
        return redirect("core:jobs-detail", job.pk)


class BulkTemplateView(LoginRequiredMixin, View):
    """The header row as XLSX (with a sheet describing the columns) or CSV."""

    importer: type[BulkImporter] = BulkImporter

    def get(self, request: HttpRequest, extension: str) -> HttpResponse:
        if not request.user.has_perm(self.importer.permission):
            raise PermissionDenied
        if extension == "csv":
            response = HttpResponse(self.importer.template_csv(),
                                    content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(template_xlsx(self.importer), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.importer.name}.{extension}"')
        return response


def template_xlsx(importer: type[BulkImporter]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    bold = Font(bold=True)
    sheet.append([c.header for c in importer.columns])
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(_("Guide")[:31])
    guide.append([_("Column"), _("Key"), _("Required"), _("Accepted values")])
    for column in importer.columns:
        text = " ".join(p for p in (str(column.help), column.describe()) if p)
        guide.append([column.header, column.key, _("Yes") if column.required else _("No"),
                      text])
    for cell in guide[1]:
        cell.font = bold
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bulk_import_urls(importer: type[BulkImporter], app_label: str,
                     list_url: str) -> list[URLPattern]:
    """The upload page `import/<name>/` and its templates (`.xlsx`, `.csv`)."""
    name = f"import-{importer.name}"
    namespace = list_url.partition(":")[0]
    return [
        path(f"import/{importer.name}/", BulkImportView.as_view(
            importer=importer, app_label=app_label, list_url=list_url,
            template_url=f"{namespace}:{name}-template-xlsx"), name=name),
        path(f"import/{importer.name}/template.xlsx",
             BulkTemplateView.as_view(importer=importer), {"extension": "xlsx"},
             name=f"{name}-template-xlsx"),
        path(f"import/{importer.name}/template.csv",
             BulkTemplateView.as_view(importer=importer), {"extension": "csv"},
             name=f"{name}-template-csv"),
    ]
