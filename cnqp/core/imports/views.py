"""Import pages: upload a filled-in template, get back every error (row, column, message) with
nothing written, or the counts of what was written. The views know nothing of an app beyond
the importer they are given: each app lists its pages with `import_urls_for`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cnqp.core.imports import Importer
from cnqp.core.models import User
from cnqp.core.records.export import XLSX_TYPE
from cnqp.core.records.forms import StyledForm

MAX_IMPORT_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")


class ImportForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX, or CSV in UTF-8; the header row first; at most 10 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: split it."))
        return upload


class ImportView(LoginRequiredMixin, View):
    """GET: the upload form and the columns; POST: the import and its result."""

    importer: Any = Importer  # an Importer class (a BulkImporter for the bulk pages)
    form_class: type[forms.Form] = ImportForm
    list_url: str = ""
    template_url: str = ""
    template_name = "core/import.html"
    result_template = "core/import_result.html"

    def check_permission(self, request: HttpRequest) -> User:
        if not request.user.has_perm(self.importer.permission):
            raise PermissionDenied
        return cast(User, request.user)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"title": self.importer.label, "columns": self.importer.columns,
                "list_url": reverse(self.list_url), "template_url": reverse(self.template_url),
                **extra}

    def get(self, request: HttpRequest) -> HttpResponse:
        self.check_permission(request)
        return TemplateResponse(request, self.template_name,
                                self.context(form=self.form_class()))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self.check_permission(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, self.template_name, self.context(form=form))
        upload = form.cleaned_data["file"]
        result = self.importer(user).run(upload, upload.name)
        return TemplateResponse(request, self.result_template,
                                self.context(result=result, form=ImportForm()))


class ImportTemplateView(LoginRequiredMixin, View):
    importer: type[Importer] = Importer

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(self.importer.permission):
            raise PermissionDenied
        response = HttpResponse(self.importer.template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.importer.name}.xlsx"'
        return response


def import_urls_for(importer: type[Importer], slug: str, list_url: str) -> list[Any]:
    """The upload page `import/<slug>/` and its template; `list_url` (a namespaced URL name,
    "app:list") also gives the namespace of the template's URL."""
    name = f"import-{slug}"
    namespace = list_url.partition(":")[0]
    return [
        path(f"import/{slug}/", ImportView.as_view(
            importer=importer, list_url=list_url, template_url=f"{namespace}:{name}-template"),
            name=name),
        path(f"import/{slug}/template.xlsx", ImportTemplateView.as_view(importer=importer),
             name=f"{name}-template"),
    ]

