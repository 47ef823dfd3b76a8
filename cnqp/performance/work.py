"""The performance app's work queues (`core.work`): the returns an enterprise must file or
correct, and those the reviewing departments must review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.work import Waiting, filtered_list, work_queue
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission

if TYPE_CHECKING:
    from cnqp.core.models import User

DOMAIN = "performance"


def _returns(user: User, status: str) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    returns = within_unit(scope_queryset(Submission.objects.filter(status=status), user), unit)
    return Waiting(returns.select_related("unit").order_by("year", "period_kind",
                                                           "period_number", "pk"),
                   filtered_list("performance:returns-list", unit=unit.id, status=status))


@work_queue("performance.returns_draft", _("Returns in draft, not submitted"),
            permission="performance.view_submission")
def returns_draft(user: User) -> Waiting | None:
    return _returns(user, ReturnStatus.DRAFT)


@work_queue("performance.returns_to_correct", _("Returns sent back for correction"),
            permission="performance.view_submission")
def returns_to_correct(user: User) -> Waiting | None:
    return _returns(user, ReturnStatus.RETURNED)


@work_queue("performance.returns_to_review", _("Returns submitted, to review"),
            permission="performance.view_submission")
def returns_to_review(user: User) -> Waiting | None:
    """For the reviewing departments (domain `performance`): every submitted return."""
    if user.org_unit_id is None or DOMAIN not in user.org_unit.domain_list:
        return None
    returns = scope_queryset(Submission.objects.filter(status=ReturnStatus.SUBMITTED), user)
    return Waiting(returns.select_related("unit").order_by("submitted_at", "pk"),
                   filtered_list("performance:returns-list", status=ReturnStatus.SUBMITTED))
