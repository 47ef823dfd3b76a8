"""Import pages, for both engines: the upload form beside the columns, the template to download
(XLSX with its guide sheet, or CSV), and what an upload starts.

A register import (`Importer`) runs in the request, and its page shows the result: every error
(row, column, message) with nothing written, or the counts of what was written. A bulk import
(`BulkImporter`) is too large for a request: the upload starts a job, and the job's page
follows its progress and then shows the outcome. The views know nothing of an app beyond the
importer they are given: an app lists its pages with `import_urls_for`.

Whatever the user chooses beside the file belongs in `ImportForm`, whose cleaned value
`ImportView.post` hands to `start`, the one place where either engine is started: the register
importer run in the request, or the job of a bulk import. A register import whose rows name
records (`Importer.match`) offers "add new only" (the default) or "add and update", and
whether empty cells clear stored values; its "Preview" is a dry run that shows what would be
created, changed field by field and refused, keeps the file (pending.py) and offers to import
it as previewed without uploading it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cnqp.core.imports import pending
from cnqp.core.imports.bulk.importer import BulkImporter
from cnqp.core.imports.bulk.jobs import job_kind
from cnqp.core.imports.columns import ImportDeclaration
from cnqp.core.imports.register import Importer
from cnqp.core.imports.results import ImportMode, ImportResult
from cnqp.core.imports.templates import template_csv, template_xlsx
from cnqp.core.jobs import start_job
from cnqp.core.models import User
from cnqp.core.records.export import XLSX_TYPE
from cnqp.core.records.forms import StyledForm
from cnqp.core.uploads import name_too_long

MAX_IMPORT_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")


@dataclass(frozen=True)
class UploadLimit:
    """The largest upload an engine takes, and what its form says about it."""

    max_bytes: Callable[[], int]
    help_text: str | Promise
    too_large: str | Promise


REGISTER_UPLOAD = UploadLimit(
    lambda: MAX_IMPORT_BYTES,
    gettext_lazy("XLSX, or CSV in UTF-8; the header row first; at most 10 MB."),
    gettext_lazy("The file is larger than 10 MB: split it."))
BULK_UPLOAD = UploadLimit(
    lambda: settings.CNQP_MAX_UPLOAD_BYTES,
    gettext_lazy("CSV in UTF-8 or XLSX; the header row first. Large files are read in the "
                 "background: the next page shows the progress."),
    gettext_lazy("The file is larger than the upload limit."))


class ImportForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("File"))
    mode = forms.TypedChoiceField(
        label=gettext_lazy("Rows whose code is already recorded"), coerce=ImportMode,
        choices=[(ImportMode.ADD_ONLY, gettext_lazy("Add new only: refuse them")),
                 (ImportMode.ADD_AND_UPDATE, gettext_lazy("Add and update those records"))],
        initial=ImportMode.ADD_ONLY, required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    clear_blanks = forms.BooleanField(
        label=gettext_lazy("Clear the stored value where a cell is empty"), required=False,
        help_text=gettext_lazy("Unticked, an empty cell keeps what is recorded."))

    def __init__(self, *args: Any, limit: UploadLimit = REGISTER_UPLOAD,
                 updates: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["file"].help_text = str(limit.help_text)
        if not updates:  # every row adds a record: nothing to choose
            del self.fields["mode"], self.fields["clear_blanks"]

    def options(self) -> dict[str, Any]:
        """The importer's keyword arguments the user chose."""
        if "mode" not in self.fields:
            return {}
        return {"mode": self.cleaned_data.get("mode") or ImportMode.ADD_ONLY,
                "clear_blanks": bool(self.cleaned_data.get("clear_blanks"))}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        too_long = name_too_long(upload)
        if too_long:
            raise forms.ValidationError(too_long)
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > self.limit.max_bytes():
            raise forms.ValidationError(str(self.limit.too_large))
        return upload


class ImportView(LoginRequiredMixin, View):
    """GET: the upload form and the columns; POST: the upload checked, then `start`ed."""

    importer: type[ImportDeclaration] = ImportDeclaration
    limit: UploadLimit = REGISTER_UPLOAD
    list_url: str = ""
    template_url: str = ""  # the XLSX template
    template_csv_url: str = ""
    template_name = "core/import.html"

    def check_permission(self, request: HttpRequest) -> User:
        if not request.user.has_perm(self.importer.permission):
            raise PermissionDenied
        return cast(User, request.user)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"title": self.importer.label, "columns": self.importer.columns,
                "list_url": reverse(self.list_url), "template_url": reverse(self.template_url),
                "template_csv_url": reverse(self.template_csv_url), **extra}

    def form(self, *args: Any) -> ImportForm:
        updates = getattr(self.importer, "match", None) is not None and \
            getattr(self.importer, "updates", False)
        return ImportForm(*args, limit=self.limit, updates=updates)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.check_permission(request)
        return TemplateResponse(request, self.template_name, self.context(form=self.form()))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self.check_permission(request)
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, self.context(form=form))
        return self.start(request, user, form.cleaned_data["file"], form)

    def start(self, request: HttpRequest, user: User, upload: UploadedFile,
              form: ImportForm) -> HttpResponse:
        raise NotImplementedError


class RegisterImportView(ImportView):
    """The import runs in the request; its result is shown above a new upload form. "Preview"
    runs it dry and keeps the file; "Import as previewed" runs the kept file for real."""

    importer: type[Importer] = Importer
    result_template = "core/import_result.html"

    def context(self, **extra: Any) -> dict[str, Any]:
        return super().context(previewable=True, **extra)

    def post(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("pending", "")
        if token:
            user = self.check_permission(request)
            kept = pending.take(request, token, self.importer.name)
            if kept is None:
                messages.error(request, _("The previewed file is no longer kept: upload it "
                                          "again."))
                return TemplateResponse(request, self.template_name,
                                        self.context(form=self.form()))
            upload, options = kept
            return self.show(request, self.importer(user, **options).run(upload, upload.name or ""))
        return super().post(request)

    def start(self, request: HttpRequest, user: User, upload: UploadedFile,
              form: ImportForm) -> HttpResponse:
        options = form.options()
        if "preview" in request.POST:
            result = self.importer(user, **options).run(upload, upload.name or "",
                                                         dry_run=True)
            token = pending.keep(request, upload, self.importer.name, options) \
                if result.ok else ""
            return self.show(request, result, pending=token)
        return self.show(request, self.importer(user, **options).run(upload, upload.name or ""))

    def show(self, request: HttpRequest, result: ImportResult, pending: str = "") -> HttpResponse:
        result.links = [(label, request.build_absolute_uri(link)) for label, link in result.links]
        return TemplateResponse(request, self.result_template,
                                self.context(result=result, form=self.form(), pending=pending))


class BulkImportView(ImportView):
    """The import runs as a job of the user; the job's page follows."""

    importer: type[BulkImporter] = BulkImporter
    limit = BULK_UPLOAD

    def start(self, request: HttpRequest, user: User, upload: UploadedFile,
              form: ImportForm) -> HttpResponse:
        app = apps.get_containing_app_config(self.importer.__module__)
        assert app is not None, self.importer
        job = start_job(user, kind=job_kind(app.label, self.importer),
                        label=f"{self.importer.label}: {upload.name}", upload=upload,
                        upload_name=upload.name or "",
                        # a refused job's page offers this page again, for the corrected file
                        params={"import_page": request.path})
        return redirect("core:jobs-detail", job.pk)


class ImportTemplateView(LoginRequiredMixin, View):
    """The template: the header row as XLSX (with a sheet describing the columns) or CSV, and
    below it the rows the importer pre-fills for the user."""

    importer: type[ImportDeclaration] = ImportDeclaration

    def get(self, request: HttpRequest, extension: str) -> HttpResponse:
        if not request.user.has_perm(self.importer.permission):
            raise PermissionDenied
        rows = self.importer.template_rows(cast(User, request.user))
        if extension == "csv":
            response = HttpResponse(template_csv(self.importer, rows),
                                    content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(template_xlsx(self.importer, rows), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.importer.name}.{extension}"')
        return response


def import_urls_for(importer: type[ImportDeclaration], slug: str,
                    list_url: str) -> list[URLPattern]:
    """The upload page `import/<slug>/` of a register or bulk importer, and its templates
    (`template.xlsx`, `template.csv`); `list_url` (a namespaced URL name, "app:list") also
    gives the namespace of the templates' URLs."""
    name = f"import-{slug}"
    namespace = list_url.partition(":")[0]
    page = BulkImportView if issubclass(importer, BulkImporter) else RegisterImportView
    template = ImportTemplateView.as_view(importer=importer)
    return [
        path(f"import/{slug}/", page.as_view(
            importer=importer, list_url=list_url,
            template_url=f"{namespace}:{name}-template-xlsx",
            template_csv_url=f"{namespace}:{name}-template-csv"), name=name),
        path(f"import/{slug}/template.xlsx", template, {"extension": "xlsx"},
             name=f"{name}-template-xlsx"),
        # the name the register imports' template had first
        path(f"import/{slug}/template.xlsx", template, {"extension": "xlsx"},
             name=f"{name}-template"),
        path(f"import/{slug}/template.csv", template, {"extension": "csv"},
             name=f"{name}-template-csv"),
    ]
