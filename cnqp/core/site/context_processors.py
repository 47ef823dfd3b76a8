from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cnqp.core.notifications import unread_count
from cnqp.core.site.navigation import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu_groups": menu_for(user, request.path),
            # Counted only when a page draws the bell: one query.
            "unread_notifications": SimpleLazyObject(lambda: unread_badge(user))}


def unread_badge(user: Any) -> int:
    """The unread count of the bell and of the menu's entry: one query per request (kept on
    the user object, which lives as long as the request)."""
    cached = getattr(user, "_cnqp_unread", None)
    if cached is None:
        cached = unread_count(user) if user.has_perm("core.view_notification") else 0
        user._cnqp_unread = cached
    return int(cached)
