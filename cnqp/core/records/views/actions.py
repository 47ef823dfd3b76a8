"""The generic page route of a lifecycle action on one record (submit, approve, issue,
revoke, ...): a thin layer over `Resource.get_for` and `Resource.perform`; the service decides
whether the transition is legal and says why not."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.models import User
from cnqp.core.records.resource import Action, RecordInvalid
from cnqp.core.records.views.lists import ResourceViewMixin


class ObjectActionView(ResourceViewMixin, View):
    http_method_names = ["post"]
    action: Action = cast(Action, None)  # set per URL by `as_view(action=...)`

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        action = self.action
        obj = self.resource.get_for(user, pk, action.name)
        try:
            self.resource.perform(user, action.name, obj, request.POST)
        except RecordInvalid as exc:
            self.report(request, exc)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(action.done_message or _("Done.")))
        return redirect(self.resource.url_name("detail"), pk=obj.pk)

    @staticmethod
    def report(request: HttpRequest, exc: RecordInvalid) -> None:
        """The service's reasons as it gave them; the form's errors under their labels."""
        if exc.refusal is not None:
            for message in exc.refusal.messages:
                messages.error(request, message)
            return
        form = exc.form
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
