"""Safety's own pages beside the registry's: a rule's files, uploaded through the checked
uploads and downloaded after their checksum."""

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
from cnqp.safety import services
from cnqp.safety.resources import rule_files, rules


@login_required
@require_POST
def add_rule_files(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    rule = rules.get_for(user, pk, "update")
    try:
        services.add_rule_files(user, rule, files=request.FILES.getlist("files"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Files added."))
    return redirect("safety:rules-detail", pk=rule.pk)


@login_required
@require_GET
def rule_file(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    user = cast(User, request.user)  # behind login_required
    return file_response(user, rule_files.get_for(user, pk))


urlpatterns: list[URLPattern] = [
    path("rules/<int:pk>/files/", add_rule_files, name="rules-files"),
    path("rule-files/<int:pk>/file/", rule_file, name="rule-file"),
]
