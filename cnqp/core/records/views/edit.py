"""The generic create, edit and delete pages: thin layers over `Resource.get_for` and
`Resource.perform`; htmx posts get the form back with its errors."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.models import User
from cnqp.core.records.resource import RecordInvalid
from cnqp.core.records.views.lists import ResourceViewMixin, htmx_partial


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    if htmx_partial(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class ObjectEditView(ResourceViewMixin, View):
    """Create when there is no pk, edit otherwise."""

    template_name = "core/object_form.html"
    partial_template = "core/_object_form.html"

    def target(self, user: User, pk: Any) -> tuple[str, Any]:
        if pk is None:
            if not self.resource.may(user, "create"):
                raise PermissionDenied
            return "create", None
        return "update", self.resource.get_for(user, pk, "update")

    def render(self, request: HttpRequest, form: Any, obj: Any) -> HttpResponse:
        template = self.partial_template if htmx_partial(request) else self.template_name
        return TemplateResponse(request, template, {"resource": self.resource, "form": form,
                                                    "object": obj})

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        operation, obj = self.target(user, pk)
        # A new record may start from the query string ("New revision" on a set passes
        # ?document_set=<pk>); only the form's own fields, and its scoped choices still apply.
        form_class = self.resource.form_class(operation)
        initial = None
        if obj is None and form_class is not None:
            initial = {k: v for k, v in request.GET.items() if k in form_class.base_fields}
        return self.render(request, self.resource.form_for(user, operation, obj,
                                                           initial=initial), obj)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        user = cast(User, request.user)
        operation, obj = self.target(user, pk)
        try:
            saved = self.resource.perform(user, operation, obj, request.POST,
                                          request.FILES or None)
        except RecordInvalid as exc:
            return self.render(request, exc.form, obj)
        messages.success(request, _("Saved."))
        return redirect_to(request, reverse(self.resource.url_name("detail"), args=[saved.pk]))


class ObjectDeleteView(ResourceViewMixin, View):
    template_name = "core/object_confirm_delete.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.resource.get_for(cast(User, request.user), pk, "delete")
        return TemplateResponse(request, self.template_name, {"resource": self.resource,
                                                              "object": obj})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        user = cast(User, request.user)
        obj = self.resource.get_for(user, pk, "delete")
        try:
            self.resource.perform(user, "delete", obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.resource.url_name("detail"), pk=obj.pk)
        messages.success(request, _("Deleted."))
        return redirect_to(request, reverse(self.resource.url_name("list")))
