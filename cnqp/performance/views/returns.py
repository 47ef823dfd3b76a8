"""Pages of a return beyond the generated ones:

- the entry page (`returns/<pk>/values/`): every entered indicator of a draft or returned
  return in one form, with its unit of measure, last year's value for the same period and an
  explanation; the totals and ratios computed beside them. "Save" keeps the values; "Save and
  submit" saves and submits in one transaction, so when a check fails (an error on its
  indicator's row) nothing is written, the values as typed shown again;
- the amend step's page route (`returns/<pk>/amend/`, listed before the generated routes so it
  replaces theirs, same name and path): the same operation (`Resource.perform`), which then
  opens the new version it made instead of the version amended.

Both gate through the resource (`get_for`), never by hand; the services still decide."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cnqp.core.models import User
from cnqp.core.records.resource import RecordInvalid
from cnqp.core.records.views.actions import ObjectActionView
from cnqp.performance import selectors, services
from cnqp.performance.choices import EDITABLE
from cnqp.performance.forms.returns import ValuesForm
from cnqp.performance.models import Submission
from cnqp.performance.resources.returns import returns


def _entry_rows(form: ValuesForm, submission: Submission, user: User) -> list[dict[str, Any]]:
    """The grid's lines: each indicator with its fields (entered) or its computed value."""
    typed = form.typed()
    rows = selectors.rows_of(submission, typed, {}, user=user)
    out = []
    for row in rows:
        fields = form.row_fields(row.code)
        errors: list[str] = []
        if fields is not None and form.is_bound:
            errors = [*fields[0].errors, *fields[1].errors]
        out.append({"row": row, "fields": fields, "errors": errors})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def enter_values(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    submission: Submission = returns.get_for(user, pk, "update")
    if returns.writable_by is not None and not returns.writable_by(user, submission):
        raise PermissionDenied
    if submission.status not in EDITABLE:
        messages.error(request, _("Only a draft or returned return is edited."))
        return redirect(returns.url_name("detail"), pk=submission.pk)
    indicators = selectors.indicators()
    stored = selectors.stored(submission)
    submit = "submit" in request.POST
    if request.method == "POST":
        if submit and not returns.may(user, "submit"):
            raise PermissionDenied
        form = ValuesForm(request.POST, indicators=indicators, stored=stored)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.save_values(user, submission, values=form.values(),
                                         explanations=form.explanations())
                    if submit:
                        services.submit_return(user, submission)
            except ValidationError as exc:
                form.attach(exc)
            else:
                if submit:
                    messages.success(request, _("Return submitted."))
                    return redirect(returns.url_name("detail"), pk=submission.pk)
                messages.success(request, _("Values saved."))
                return redirect("performance:returns-values", pk=submission.pk)
    else:
        form = ValuesForm(indicators=indicators, stored=stored)
    return TemplateResponse(request, "performance/return_values.html", {
        "resource": returns, "object": submission, "form": form,
        "rows": _entry_rows(form, submission, user),
        "can_submit": returns.may(user, "submit"),
    })


class AmendView(ObjectActionView):
    """The amend step, opening the new version once made."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        obj = self.resource.get_for(user, pk, "amend")
        try:
            amendment = self.resource.perform(user, "amend", obj, request.POST)
        except RecordInvalid as exc:
            self.report(request, exc)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(self.action.done_message))
            return redirect("performance:returns-values", pk=amendment.pk)
        return redirect(self.resource.url_name("detail"), pk=obj.pk)


urlpatterns: list[URLPattern] = [
    path("returns/<int:pk>/values/", enter_values, name="returns-values"),
    path("returns/<int:pk>/amend/",
         AmendView.as_view(resource=returns, action=returns.action("amend")),
         name="returns-amend"),
]
