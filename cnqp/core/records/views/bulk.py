"""What a list does with the rows a reader ticked (POST only, CSRF-checked like every form):
export them, through the resource's own export, or take one lifecycle step on each.

The ids are read through the scoped queryset, so an id the user may not see is ignored, as if
it had not been sent. A step runs the same operation as the detail page (`Resource.perform`),
per record, inside one transaction: every record takes it or none does, and the refusal names
the record that refused."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponseBadRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.models import User
from cnqp.core.records.export import export_response
from cnqp.core.records.resource import RecordInvalid, Resource
from cnqp.core.records.views.lists import PAGE_SIZES, ResourceViewMixin

EXPORTS = {"export:csv": "csv", "export:xlsx": "xlsx"}


class BulkView(ResourceViewMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponseBase:
        user = cast(User, request.user)  # behind LoginRequired
        resource = self.resource
        resource.require(user, "view")
        back = QueryDict(request.POST.get("query", ""))  # the list as it was shown
        ids = selected_ids(request.POST.getlist("ids"))
        operation = request.POST.get("operation", "")
        list_url = f"{reverse(resource.url_name('list'))}?{back.urlencode()}"
        if not ids:
            messages.warning(request, _("Select at least one row."))
            return redirect(list_url)
        chosen = resource.browse(user, back).queryset.filter(pk__in=ids)
        if operation in EXPORTS:
            return export_response(resource, user, chosen, EXPORTS[operation],
                                   f"ids={','.join(map(str, ids))}")
        if operation not in {a.name for a in resource.bulk_actions(user)}:
            if any(a.name == operation for a in resource.actions):
                raise PermissionDenied
            return HttpResponseBadRequest()
        try:
            done = run_step(resource, user, operation, list(chosen))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            action = resource.action(operation)
            step = str(action.label or action.done_message).rstrip(".")
            messages.success(request, _("%(step)s: %(count)s records.") % {
                "step": step, "count": done})
        return redirect(list_url)


def selected_ids(values: list[str]) -> list[int]:
    """The ticked ids, as integers, at most a page's worth (the largest page size)."""
    ids = []
    for value in values[: PAGE_SIZES[-1]]:
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


def run_step(resource: Resource, user: User, operation: str, objects: list[Any]) -> int:
    """The step on every record, or on none: the first refusal undoes the others, and its
    message names the record."""
    with transaction.atomic():
        for obj in objects:
            try:
                if not resource.allows(user, operation, obj):
                    raise ValidationError(_("You do not take this step on this record."))
                resource.perform(user, operation, obj, {})
            except RecordInvalid as exc:
                raise _naming(obj, exc.refusal or ValidationError(exc.form.errors.as_data())
                              ) from exc
            except ValidationError as exc:
                raise _naming(obj, exc) from exc
    return len(objects)


def _naming(obj: Any, error: ValidationError) -> ValidationError:
    reasons = " ".join(error.messages)
    return ValidationError(_("%(record)s: %(reasons)s Nothing was changed.") % {
        "record": obj, "reasons": reasons})
