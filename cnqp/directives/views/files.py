"""A directive's files, uploaded through the checked uploads and downloaded after their
checksum."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cnqp.core.models import User
from cnqp.core.records.stored import file_response
from cnqp.directives import services
from cnqp.directives.resources import directive_files, directives


@login_required
@require_POST
def add_files(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    directive = directives.get_for(user, pk, "update")
    try:
        services.add_directive_files(user, directive, files=request.FILES.getlist("files"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Files added."))
    return redirect("directives:directives-detail", pk=directive.pk)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = cast(User, request.user)  # behind login_required
    return file_response(user, directive_files.get_for(user, pk))


urlpatterns: list[URLPattern] = [
    path("directives/<int:pk>/files/", add_files, name="directives-files"),
    path("directive-files/<int:pk>/file/", download, name="directive-file"),
]
