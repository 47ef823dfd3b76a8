"""Saving and deleting a list's named filters (POST only): thin layers over
`records.saved`, back to the list."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cnqp.core.models import User
from cnqp.core.records.saved import delete_saved_filter, kept_query, save_filter
from cnqp.core.records.views.lists import ResourceViewMixin


class SaveFilterView(ResourceViewMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        self.resource.require(user, "view")
        query = kept_query(QueryDict(request.POST.get("query", "")))
        try:
            saved = save_filter(user, self.resource, name=request.POST.get("name", ""),
                                query=query)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
        return redirect(f"{reverse(self.resource.url_name('list'))}?{query}")


class DeleteFilterView(ResourceViewMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, saved: int) -> HttpResponse:
        user = cast(User, request.user)  # behind LoginRequired
        self.resource.require(user, "view")
        delete_saved_filter(user, self.resource, saved)
        messages.success(request, _("Saved filter deleted."))
        return redirect(self.resource.url_name("list"))
