"""Quality's work queues (`core.work`): the field reports a producer or the quality department
must triage, the corrective actions a unit must carry out, the non-conformances an enterprise
must close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.units import PRODUCING_KINDS
from cnqp.core.work import Waiting, filtered_list, work_queue
from cnqp.quality.choices import ActionStatus, NCStatus, ReportStatus
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance
from cnqp.quality.services.notices import DOMAIN

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User


def _list(name: str, **query: str | int) -> str:
    return filtered_list(f"quality:{name}-list", **query)


def _producer(unit: OrgUnit) -> dict[str, int]:
    """The list's enterprise filter, which names producers only (the directorate sees all)."""
    return {"enterprise": unit.id} if unit.kind in PRODUCING_KINDS else {}


@work_queue("quality.reports_to_triage", _("Field reports to triage"),
            permission="quality.view_fieldreport")
def reports_to_triage(user: User) -> Waiting | None:
    """The producer's new reports; every new report for the quality department."""
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    reports = scope_queryset(FieldReport.objects.filter(status=ReportStatus.NEW), user)
    if DOMAIN in unit.domain_list:
        return Waiting(reports.order_by("occurred_on", "pk"), _list("field-reports",
                                                                    status=ReportStatus.NEW))
    return Waiting(reports.filter(enterprise__path__startswith=unit.path)
                   .order_by("occurred_on", "pk"),
                   _list("field-reports", status=ReportStatus.NEW, **_producer(unit)))


@work_queue("quality.actions_open", _("Corrective actions of my unit not closed"),
            permission="quality.view_correctiveaction")
def actions_open(user: User) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    return Waiting(scope_queryset(CorrectiveAction.objects.filter(
        owner_unit__path__startswith=unit.path).exclude(status=ActionStatus.CLOSED), user)
        .order_by("due_date", "pk"), _list("actions", owner_unit=unit.id, open="true"))


@work_queue("quality.nonconformances_open", _("Non-conformances of my enterprise not closed"),
            permission="quality.view_nonconformance")
def nonconformances_open(user: User) -> Waiting | None:
    if user.org_unit_id is None:
        return None
    unit = user.org_unit
    return Waiting(scope_queryset(NonConformance.objects.filter(
        enterprise__path__startswith=unit.path).exclude(status=NCStatus.CLOSED), user)
        .order_by("detected_on", "pk"), _list("nonconformances", open="true",
                                              **_producer(unit)))
