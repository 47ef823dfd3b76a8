"""A generic view for a lifecycle action on one record (submit, approve, issue, revoke, ...):
the record must be visible (else 404), the permission held (else 403), the form valid; the
service decides whether the transition is legal and says why not."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.access.scoping import get_visible_or_404
from cnqp.core.models import User
from cnqp.core.records.registry import Action
from cnqp.core.records.views.lists import ResourceViewMixin


class ObjectActionView(ResourceViewMixin, View):
    http_method_names = ["post"]
    action: Action = cast(Action, None)  # set per URL by `as_view(action=...)`

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = self.action
        obj = get_visible_or_404(self.get_queryset(request.user), request.user, pk=pk)
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        data: dict[str, Any] = {}
        if action.form is not None:
            form = action.form(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    for error in errors:
                        messages.error(request, f"{label}: {error}" if label else str(error))
                return redirect(self.resource.url_name("detail"), pk=obj.pk)
            data = form.cleaned_data
        try:
            action.call(cast(User, request.user), obj, data)  # behind LoginRequired
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(action.done_message or _("Done.")))
        return redirect(self.resource.url_name("detail"), pk=obj.pk)
