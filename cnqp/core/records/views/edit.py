"""Generic create, edit and delete views. They validate with the resource's form and write
through the resource's service functions; htmx posts get the form back with its errors."""

from __future__ import annotations

import copy
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.access.scoping import get_visible_or_404
from cnqp.core.models import User
from cnqp.core.records.views.lists import ResourceViewMixin


def attach_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, on the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class ObjectEditView(ResourceViewMixin, View):
    """Create when there is no pk, edit otherwise."""

    template_name = "core/object_form.html"
    partial_template = "core/_object_form.html"

    def get_object(self, request: HttpRequest, pk: Any) -> Any:
        if pk is None:
            if self.resource.create is None or not request.user.has_perm(self.resource.perm("add")):
                raise PermissionDenied
            return None
        obj = get_visible_or_404(self.get_queryset(request.user), request.user, pk=pk)
        if self.resource.update is None or not request.user.has_perm(self.resource.perm("change")):
            raise PermissionDenied
        return obj

    def make_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Any:
        assert self.resource.form is not None
        # The form validates a copy: a model form writes cleaned values into its instance,
        # and the service must see the record as stored to audit what changed.
        instance = copy.copy(obj) if obj is not None else None
        # A new record may start from the query string ("New revision" on a set passes
        # ?document_set=<pk>); only the form's own fields, and its scoped choices still apply.
        initial = {k: v for k, v in request.GET.items() if k in self.resource.form.base_fields}
        return self.resource.form(data, request.FILES or None, instance=instance,
                                  initial=initial if obj is None else None,
                                  user=cast(User, request.user))  # behind LoginRequired

    def render(self, request: HttpRequest, form: Any, obj: Any) -> HttpResponse:
        template = self.partial_template if getattr(request, "htmx", False) else self.template_name
        return TemplateResponse(request, template, {"resource": self.resource, "form": form,
                                                    "object": obj})

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        return self.render(request, self.make_form(request, obj), obj)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self.make_form(request, obj, request.POST)
        if form.is_valid():
            try:
                if obj is None:
                    assert self.resource.create is not None
                    obj = self.resource.create(request.user, form.cleaned_data)  # type: ignore[arg-type]
                else:
                    assert self.resource.update is not None
                    obj = self.resource.update(request.user, obj, form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect_to(request, reverse(self.resource.url_name("detail"),
                                                    args=[obj.pk]))
        return self.render(request, form, obj)


class ObjectDeleteView(ResourceViewMixin, View):
    template_name = "core/object_confirm_delete.html"

    def get_object(self, request: HttpRequest, pk: Any) -> Any:
        obj = get_visible_or_404(self.get_queryset(request.user), request.user, pk=pk)
        if self.resource.delete is None or not request.user.has_perm(self.resource.perm("delete")):
            raise PermissionDenied
        return obj

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(request, pk)
        return TemplateResponse(request, self.template_name, {"resource": self.resource,
                                                              "object": obj})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(request, pk)
        assert self.resource.delete is not None
        try:
            self.resource.delete(request.user, obj)  # type: ignore[arg-type]
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.resource.url_name("detail"), pk=obj.pk)
        messages.success(request, _("Deleted."))
        return redirect_to(request, reverse(self.resource.url_name("list")))

