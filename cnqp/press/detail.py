"""What a press item's page shows beyond its fields: its file (download, or attach one)."""

from __future__ import annotations

from typing import Any

from cnqp.core.models import User
from cnqp.press import resources
from cnqp.press.files import FILE_TYPES
from cnqp.press.models import PressItem


@resources.items.detail
def item_context(user: User, item: PressItem) -> dict[str, Any]:
    writable = resources.items.writable_by
    return {
        "can_attach": user.has_perm("press.change_pressitem")
        and (writable is None or writable(user, item)),
        "accepted": ",".join(FILE_TYPES),
    }
