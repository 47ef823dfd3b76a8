"""The cards of a training course's page (cnqp/core/records/panels.py): its participants by
unit, as the participations list shows them (scoped), with "Add" for its organiser."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.models import User
from cnqp.core.records.panels import RecordPanel, related_panel
from cnqp.training import resources
from cnqp.training.models import TrainingCourse


def panels(user: User, obj: Any) -> list[RecordPanel]:
    if not isinstance(obj, TrainingCourse):
        return []
    return [related_panel(user, resources.participations, {"course": obj},
                          _("Participants by unit"), add_query=f"course={obj.pk}",
                          without=("course.title", "course.start"))]
