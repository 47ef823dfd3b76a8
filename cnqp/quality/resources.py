"""Quality in the registry: pages, exports, API routes, lifecycle actions and permission
probes for field reports, photos, non-conformances, corrective actions, recalls and the
serials they marked (declarations only; the detail pages' contexts are in detail.py)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.quality import services
from cnqp.quality.choices import ActionStatus, NCStatus
from cnqp.quality.filters import (
    CorrectiveActionFilter,
    FieldReportFilter,
    NonConformanceFilter,
    PhotoFilter,
    RecalledSerialFilter,
    RecallFilter,
)
from cnqp.quality.forms import (
    AnalyseForm,
    CheckForm,
    CloseReportForm,
    CorrectiveActionChangeForm,
    CorrectiveActionForm,
    DateForm,
    FieldReportChangeForm,
    FieldReportForm,
    NonConformanceChangeForm,
    NonConformanceForm,
    OpenNonConformanceForm,
    RecallForm,
)
from cnqp.quality.models import (
    CorrectiveAction,
    FieldReport,
    FieldReportPhoto,
    NonConformance,
    Recall,
    RecalledSerial,
)

TRIAGE = "quality.add_nonconformance"  # the producer's staff and the quality department


field_reports = register(Resource(
    model=FieldReport,
    slug="field-reports",
    columns=[Column("code", link=True), Column("occurred_on"),
             Column("reporting_unit.name", label=_("Reporting unit"),
                    sort="reporting_unit__name"),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("serial_count", label=_("Serial units"), sort="serial_count"),
             Column("severity"), Column("status"), Column("classification")],
    detail_fields=["code", "reporting_unit", "product_type", "enterprise", "occurred_on",
                   "symptom", Column("usage_text", label=_("Usage at failure")), "severity",
                   "status", "filed_by", "triaged_by", "triaged_at", "close_reason",
                   "classification"],
    export_fields=["code", "occurred_on", "reporting_unit.code", "product_type.code",
                   "enterprise.code", "serial_count", "symptom", "usage_value", "usage_unit",
                   "severity", "status", "close_reason", "classification"],
    api_fields=["id", "code", "reporting_unit_id", "enterprise_id", "product_type_id",
                "serial_ids", "symptom", "occurred_on", "usage_value", "usage_unit",
                "severity", "status", "close_reason", "classification"],
    filterset=FieldReportFilter,
    form=FieldReportForm,
    update_form=FieldReportChangeForm,
    create=services.file_field_report,
    update=services.update_field_report,
    delete=services.delete_field_report,
    base_queryset=lambda: FieldReport.objects.annotate(serial_count=Count("serial_links"))
    .prefetch_related("serial_links"),
    default_sort="-occurred_on",
    detail_template="quality/fieldreport_detail.html",
    actions=(
        Action("open_nonconformance", TRIAGE, services.open_nonconformance,
               form=OpenNonConformanceForm, done_message=_("Non-conformance opened.")),
        Action("close", TRIAGE, services.close_field_report, form=CloseReportForm,
               done_message=_("Report closed.")),
    ),
))

photos = register(Resource(
    model=FieldReportPhoto,
    slug="photos",
    columns=[Column("original_name", link=True),
             Column("report.code", label=_("Field report"), sort="report__code"),
             Column("size"), Column("created_at")],
    detail_fields=["original_name", "report", "content_type", "size", "sha256", "uploaded_by",
                   "created_at"],
    api_fields=["id", "report_id", "original_name", "content_type", "size", "sha256",
                "created_at"],
    filterset=PhotoFilter,
    delete=services.delete_photo,
    searchable=False,
    detail_template="quality/photo_detail.html",
))


nonconformances = register(Resource(
    model=NonConformance,
    slug="nonconformances",
    columns=[Column("code", link=True), Column("title", link=True), Column("detected_on"),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("source"), Column("severity"), Column("root_cause_stage"),
             Column("open_actions", label=_("Open actions"), sort="open_actions"),
             Column("status"), Column("classification")],
    detail_fields=["code", "title", "description", "source", "field_report", "enterprise",
                   "product_type", "severity", "detected_on", "revision", "material_lot",
                   "operation_step", "root_cause_stage", "root_cause", "status", "opened_by",
                   "closed_on", "closed_by", "classification"],
    export_fields=["code", "title", "detected_on", "enterprise.code", "product_type.code",
                   "source", "severity", "root_cause_stage", "root_cause", "operation_step",
                   "open_actions", "status", "closed_on", "classification"],
    api_fields=["id", "code", "title", "description", "source", "field_report_id",
                "inspection_id", "enterprise_id", "product_type_id", "serial_ids",
                "revision_id", "material_lot_id", "operation_step", "severity", "detected_on",
                "root_cause_stage", "root_cause", "status", "closed_on", "classification"],
    filterset=NonConformanceFilter,
    form=NonConformanceForm,
    update_form=NonConformanceChangeForm,
    create=services.create_nonconformance,
    update=services.update_nonconformance,
    delete=services.delete_nonconformance,
    base_queryset=lambda: NonConformance.objects.annotate(open_actions=Count(
        "actions", filter=~Q(actions__status=ActionStatus.CLOSED)))
    .prefetch_related("serial_links"),
    default_sort="-detected_on",
    editable=lambda obj: obj.status != NCStatus.CLOSED,
    deletable=lambda obj: obj.status == NCStatus.OPEN,
    detail_template="quality/nonconformance_detail.html",
    actions=(
        Action("analyse", "quality.change_nonconformance", services.analyse_nonconformance,
               form=AnalyseForm, done_message=_("Root cause recorded.")),
        Action("close", "quality.change_nonconformance", services.close_nonconformance,
               form=DateForm, done_message=_("Non-conformance closed.")),
    ),
))


actions = register(Resource(
    model=CorrectiveAction,
    slug="actions",
    columns=[Column("code", link=True), Column("title", link=True),
             Column("nonconformance.code", label=_("Non-conformance"),
                    sort="nonconformance__code"),
             Column("owner_unit.code", label=_("Responsible unit"), sort="owner_unit__code"),
             Column("due_date"), Column("status"),
             Column("is_overdue", label=_("Overdue"), sort=None),
             Column("effective")],
    detail_fields=["code", "title", "description", "nonconformance", "owner_unit", "owner",
                   "due_date", "status", "started_on", "implemented_on", "new_revision",
                   "checked_on", "checked_by", "effective", "check_note", "closed_on"],
    export_fields=["code", "title", "nonconformance.code", "owner_unit.code", "due_date",
                   "status", "is_overdue", "implemented_on", "checked_on", "effective",
                   "closed_on"],
    api_fields=["id", "code", "nonconformance_id", "title", "description", "owner_unit_id",
                "owner_id", "due_date", "status", "started_on", "implemented_on",
                "new_revision_id", "checked_on", "checked_by_id", "effective", "check_note",
                "closed_on", "is_overdue"],
    filterset=CorrectiveActionFilter,
    form=CorrectiveActionForm,
    update_form=CorrectiveActionChangeForm,
    create=services.create_action,
    update=services.update_action,
    delete=services.delete_action,
    default_sort="due_date",
    editable=lambda obj: obj.status != ActionStatus.CLOSED,
    deletable=lambda obj: obj.status == ActionStatus.PLANNED,
    detail_template="quality/action_detail.html",
    actions=(
        Action("start", "quality.change_correctiveaction", services.start_action,
               form=DateForm, done_message=_("Action started.")),
        Action("implement", "quality.change_correctiveaction", services.implement_action,
               form=DateForm, done_message=_("Action reported implemented.")),
        Action("check", "quality.change_correctiveaction", services.check_effectiveness,
               form=CheckForm, done_message=_("Effectiveness check recorded.")),
        Action("close", "quality.change_correctiveaction", services.close_action,
               form=DateForm, done_message=_("Action closed.")),
    ),
))

recalls = register(Resource(
    model=Recall,
    slug="recalls",
    columns=[Column("code", link=True), Column("issued_at"),
             Column("issuing_unit.code", label=_("Issuing unit"), sort="issuing_unit__code"),
             Column("lot_count"), Column("serial_count"), Column("unit_count"),
             Column("classification")],
    detail_fields=["code", "reason", "issuing_unit", "issued_by", "issued_at", "lot_count",
                   "serial_count", "unit_count", "classification"],
    export_fields=["code", "issued_at", "issuing_unit.code", "reason", "lot_count",
                   "serial_count", "unit_count", "classification"],
    api_fields=["id", "code", "reason", "start_node_id", "nonconformance_id",
                "issuing_unit_id", "issued_by_id", "issued_at", "lot_count", "serial_count",
                "unit_count", "classification"],
    filterset=RecallFilter,
    form=RecallForm,
    create=services.issue_recall,
    default_sort="-issued_at",
    detail_template="quality/recall_detail.html",
))

recalled_serials = register(Resource(
    model=RecalledSerial,
    slug="recalled-serials",
    columns=[Column("recall.code", label=_("Recall"), link=True, sort="recall__code"),
             Column("serial.serial_number", label=_("Serial number"), link=True,
                    sort="serial__serial_number"),
             Column("serial.product_type.code", label=_("Product type"),
                    sort="serial__product_type__code"),
             Column("serial.enterprise.code", label=_("Enterprise"),
                    sort="serial__enterprise__code"),
             Column("recipient.name", label=_("Receiving unit"), sort="recipient__name")],
    detail_fields=["recall", "serial", "recipient"],
    export_fields=["recall.code", "serial.serial_number", "serial.product_type.code",
                   "serial.enterprise.code", "recipient.code", "recipient.name"],
    api_fields=["id", "recall_id", "serial_id", "recipient_id"],
    filterset=RecalledSerialFilter,
    searchable=False,
    default_sort="serial__serial_number",
))
