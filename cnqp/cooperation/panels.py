"""The cards of the cooperation record pages (cnqp/core/records/panels.py): an agreement's
follow-up actions, an exhibition's participating units and products. Each card lists only what
the user may see, as the lists do."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cnqp.cooperation import resources as r
from cnqp.cooperation.models import Agreement, Exhibition
from cnqp.core.models import User
from cnqp.core.records.panels import RecordPanel, related_panel


def panels(user: User, obj: Any) -> list[RecordPanel]:
    if isinstance(obj, Agreement):
        return [related_panel(user, r.follow_ups, {"agreement": obj}, _("Follow-up actions"),
                              add_query=f"agreement={obj.pk}",
                              without=("agreement.subject",))]
    if isinstance(obj, Exhibition):
        return [related_panel(user, r.entries, {"exhibition": obj},
                              _("Participating units and products"),
                              add_query=f"exhibition={obj.pk}",
                              without=("exhibition.name",))]
    return []
