"""The core app's detail pages: what they show beside the record's fields."""

from __future__ import annotations

from typing import Any

from cnqp.core import notifications as notices
from cnqp.core.models import Notification, User
from cnqp.core.resources import notifications


@notifications.detail
def notification_context(user: User, notification: Notification) -> dict[str, Any]:
    """Opening a notification is reading it: the read state follows the page view."""
    notices.mark_read(user, notification)
    return {}
