"""What the detail pages show beyond their fields: a report's serials, photos and triage; a
non-conformance's links, trace and actions; an action's next steps; a recall's marked serials.
Everything through `scope_queryset`, like the lists."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cnqp.core import audit
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.core.records.masking import shown
from cnqp.core.units import units_in_reach
from cnqp.production.models import SerialUnit, TraceNode
from cnqp.quality import resources
from cnqp.quality.choices import ActionStatus, NCStatus, ReportStatus
from cnqp.quality.forms import (
    AnalyseForm,
    CheckForm,
    CloseReportForm,
    DateForm,
    OpenNonConformanceForm,
    PhotoForm,
)
from cnqp.quality.models import (
    CorrectiveAction,
    FieldReport,
    NonConformance,
    Recall,
    RecalledSerial,
)
from cnqp.quality.selectors import recalls_seen
from cnqp.quality.trace.build import Trace, build_trace
from cnqp.quality.trace.tree import tree_rows

TRIAGE = "quality.add_nonconformance"


def record_trace_read(user: User, trace: Trace, action: str = AuditAction.VIEW,
                      kind: str = "") -> None:
    """A trace that shows classified items is a read of them: one entry naming them."""
    if not trace.classified_ids:
        return
    audit.record(action, actor=user, object_type="production.tracenode",
                 object_id=str(trace.start.node_id),
                 object_repr=f"{trace.direction}: {trace.start.label}"[:255],
                 classification=trace.classification,
                 changes={"direction": trace.direction, "classified_ids": trace.classified_ids,
                          **({"format": kind} if kind else {})})


def _serials(user: User, ids: Any) -> list[SerialUnit]:
    return list(scope_queryset(SerialUnit.objects.filter(pk__in=ids), user)
                .select_related("product_type").order_by("serial_number"))


def marked(user: User, serial_ids: Any) -> dict[int, list[RecalledSerial]]:
    """The recall marks on these serials the user may see, newest first, each with `linked`:
    whether the user may see the recall itself (a unit holding only some of its serials
    learns that and when its serials were recalled, not the recall's number or page)."""
    rows = list(scope_queryset(RecalledSerial.objects.filter(serial_id__in=serial_ids), user)
                .select_related("recall", "recipient").order_by("-recall__issued_at", "pk"))
    visible = set(scope_queryset(Recall.objects.filter(pk__in={r.recall_id for r in rows}),
                                 user).values_list("pk", flat=True)) if rows else set()
    out: dict[int, list[RecalledSerial]] = {}
    for row in rows:
        row.linked = row.recall_id in visible  # type: ignore[attr-defined]
        out.setdefault(row.serial_id, []).append(row)
    return out


def acts_for(user: User, unit_id: int) -> bool:
    return units_in_reach(user).filter(pk=unit_id).exists()


@resources.field_reports.detail
def report_context(user: User, report: FieldReport) -> dict[str, Any]:
    serial_ids = report.serial_links.values("serial_id")
    serials = _serials(user, serial_ids)
    marks = marked(user, serial_ids)
    is_new = report.status == ReportStatus.NEW
    return {
        "serials": [(s, marks.get(s.pk, [])) for s in serials],
        "photos": scope_queryset(report.photos.all(), user),
        "nonconformances": scope_queryset(report.nonconformances.all(), user),
        "can_triage": is_new and user.has_perm(TRIAGE) and acts_for(user, report.enterprise_id),
        "can_add_photos": is_new and user.has_perm("quality.change_fieldreport"),
        "open_form": OpenNonConformanceForm(auto_id="open_%s"),
        "close_form": CloseReportForm(auto_id="close_%s"),
        "photo_form": PhotoForm(),
    }


@resources.nonconformances.detail
def nc_context(user: User, nc: NonConformance) -> dict[str, Any]:
    serials = _serials(user, nc.serial_links.values("serial_id"))
    actions = (scope_queryset(nc.actions.all(), user).select_related("owner_unit", "owner")
               .order_by("due_date", "pk"))
    context: dict[str, Any] = {
        "serials": serials, "actions": actions,
        "recalls": recalls_seen(user, nc.recalls.all()),
        "can_change_nc": user.has_perm("quality.change_nonconformance")
        and nc.status != NCStatus.CLOSED,
        "can_add_action": user.has_perm("quality.add_correctiveaction")
        and nc.status != NCStatus.CLOSED,
        "can_recall": user.has_perm("quality.add_recall"),
        "analyse_form": AnalyseForm(initial={"stage": nc.root_cause_stage,
                                             "root_cause": nc.root_cause}),
        "date_form": DateForm(),
        "source_url": _source_url(user, nc),
    }
    if serials and user.has_perm("production.view_genealogyedge"):
        trace = build_trace(user, "backward", TraceNode.objects.get(pk=serials[0].node_id))
        record_trace_read(user, trace)
        context["backward"], context["backward_cut"] = tree_rows(trace, limit=200)
        context["backward_start"] = serials[0]
    lot = nc.material_lot
    if lot is not None and user.has_perm("production.view_genealogyedge") and scope_queryset(
            TraceNode.objects.filter(pk=lot.node_id), user).exists():
        forward = build_trace(user, "forward", TraceNode.objects.get(pk=lot.node_id))
        record_trace_read(user, forward)
        context["forward"] = forward
    return context


def _source_url(user: User, nc: NonConformance) -> str:
    if nc.field_report_id and scope_queryset(
            FieldReport.objects.filter(pk=nc.field_report_id), user).exists():
        return reverse("quality:field-reports-detail", args=[nc.field_report_id])
    if nc.inspection_id:
        return reverse("production:inspections-detail", args=[nc.inspection_id])
    return ""


@resources.actions.detail
def action_context(user: User, action: CorrectiveAction) -> dict[str, Any]:
    can = user.has_perm("quality.change_correctiveaction")
    status = action.status
    return {
        "can_start": can and status == ActionStatus.PLANNED,
        "can_implement": can and status == ActionStatus.IN_PROGRESS,
        "can_check": can and status == ActionStatus.IMPLEMENTED
        and action.owner_id != user.pk,
        "can_close": can and status == ActionStatus.IMPLEMENTED and action.effective is True,
        "date_form": DateForm(), "check_form": CheckForm(),
    }


@resources.recalls.detail
def recall_context(user: User, recall: Recall) -> dict[str, Any]:
    marked = (scope_queryset(recall.marked.all(), user)
              .select_related("serial__product_type", "serial__enterprise", "recipient")
              .order_by("recipient__code", "serial__serial_number"))
    start = scope_queryset(TraceNode.objects.filter(pk=recall.start_node_id), user).select_related(
        "material_lot", "lot", "serial").first()
    nc = (scope_queryset(NonConformance.objects.filter(pk=recall.nonconformance_id), user).first()
          if recall.nonconformance_id else None)
    count = marked.count()
    # a receiving unit that holds only part reads the recall without its totals (the rule the
    # list, export and API mask them by: `Recall.shown_when`)
    whole = shown(recall, "serial_count")
    return {"marked": list(marked[:500]), "marked_count": count, "start": start,
            "start_item": start.item if start is not None else None, "nonconformance": nc,
            "hidden_fields": () if whole else ("lot_count", "serial_count", "unit_count"),
            "totals_hidden": not whole}
