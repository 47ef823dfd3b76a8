"""The directives' work queues (`core.work`): the tasks a unit leads and has not completed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.work import Waiting, filtered_list, work_queue
from cnqp.directives.models import Task

if TYPE_CHECKING:
    from cnqp.core.models import User


@work_queue("directives.tasks_open", _("Tasks my unit leads, not completed"),
            permission="directives.view_task")
def tasks_open(user: User) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    tasks = scope_queryset(Task.objects.filter(lead_unit__path__startswith=unit.path,
                                               completed_on__isnull=True), user)
    return Waiting(tasks.order_by("deadline", "pk"), filtered_list(
        "directives:tasks-list", lead_unit=unit.id, open="true"))
