"""A press item's file: attached through the checked uploads, downloaded after its checksum."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cnqp.core.models import User
from cnqp.core.records.stored import file_response
from cnqp.press import services
from cnqp.press.resources import items


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    item = items.get_for(user, pk, "update")
    try:
        services.attach_file(user, item, file=request.FILES.get("file"))  # type: ignore[arg-type]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("File attached."))
    return redirect("press:items-detail", pk=item.pk)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = cast(User, request.user)  # behind login_required
    item = items.get_for(user, pk)
    if not item.file:
        raise Http404
    return file_response(user, item)


urlpatterns: list[URLPattern] = [
    path("items/<int:pk>/file/attach/", attach, name="items-attach"),
    path("items/<int:pk>/file/", download, name="items-file"),
]
