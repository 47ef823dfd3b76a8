"""Safety's work queues (`core.work`): the findings a unit must fix, and the inspections of its
assets falling due (the "falls due" page shows every kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.work import Waiting, filtered_list, work_queue
from cnqp.safety.models import Finding
from cnqp.safety.models.reviews import OPEN_FINDING
from cnqp.safety.selectors import due_records

if TYPE_CHECKING:
    from cnqp.core.models import User


@work_queue("safety.findings_open", _("Safety findings my unit must fix"),
            permission="safety.view_finding")
def findings_open(user: User) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    findings = within_unit(scope_queryset(Finding.objects.filter(status__in=OPEN_FINDING),
                                          user), unit)
    return Waiting(findings.order_by("due_date", "pk"), filtered_list(
        "safety:findings-list", unit=unit.id, open="true"))


@work_queue("safety.inspections_due", _("Safety inspections falling due or overdue"),
            permission="safety.view_safetyasset")
def inspections_due(user: User) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    assets = within_unit(scope_queryset(due_records(timezone.localdate()).assets, user), unit)
    return Waiting(assets, filtered_list("safety:due", unit=unit.id))
