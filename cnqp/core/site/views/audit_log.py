"""The audit log's list with the anchored head of its chain above it, for those who read the
log: whether the database still holds the entry anchored outside it (`audit.anchor.check`)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse

from cnqp.core.audit import anchor
from cnqp.core.models import User
from cnqp.core.records.views.lists import ObjectListView, htmx_partial


class AuditLogListView(ObjectListView):
    template_name = "core/audit_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().get(request, *args, **kwargs)
        user = cast(User, request.user)
        if (isinstance(response, TemplateResponse) and not htmx_partial(request)
                and user.has_perm(self.resource.perm("view"))):
            check = anchor.check(full=False)  # the head file and a few indexed reads
            head = check.anchor
            response.context_data = {
                **(response.context_data or {}),
                "anchor_check": check,
                # the entry is linked only for those who may open it
                "anchor_entry_visible": head is not None and self.resource.queryset(user)
                .filter(pk=head.entry_id).exists(),
            }
        return response
