"""Notification pages beyond the generic list and detail: "mark all as read", and opening a
notification's link (which reads it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cnqp.core import notifications as notices
from cnqp.core.resources import notifications


@login_required
@require_POST
def read_all_view(request: HttpRequest) -> HttpResponse:
    count = notices.mark_all_read(notifications.require(request.user))
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("core:notifications-list")


@login_required
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; following it reads it."""
    user = notifications.require(request.user)
    notification = notifications.get_for(user, pk)
    notices.mark_read(user, notification)
    return redirect(notification.link or "core:notifications-detail", *(
        () if notification.link else (notification.pk,)))
