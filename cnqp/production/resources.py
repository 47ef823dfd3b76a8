"""Production in the registry: pages, exports, API routes and permission probes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.forms import StyledForm
from cnqp.core.records.registry import Action, Column, Resource, register
from cnqp.production import detail, services
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.filters import (
    CharacteristicFilter,
    DeliveryFilter,
    EdgeFilter,
    InspectionFilter,
    LotFilter,
    MaterialLotFilter,
    PlanFilter,
    PlanItemFilter,
    SerialFilter,
    TemplateFilter,
)
from cnqp.production.forms import (
    CharacteristicForm,
    DeliveryForm,
    EdgeForm,
    LotForm,
    MaterialLotForm,
    PlanForm,
    PlanItemForm,
    SerialBatchForm,
    TemplateForm,
)
from cnqp.production.models import (
    Characteristic,
    Delivery,
    GenealogyEdge,
    Inspection,
    InspectionTemplate,
    Lot,
    MaterialLot,
    PlanItem,
    ProductionPlan,
    SerialUnit,
)
from cnqp.production.selectors import accepted_q, annotate_items, node_related


class DateForm(StyledForm):
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


def _accepted() -> Exists:
    return Exists(Inspection.objects.filter(accepted_q(), target_id=OuterRef("node_id")))


def _incoming_passed() -> Exists:
    return Exists(Inspection.objects.filter(target_id=OuterRef("node_id"),
                                            stage=InspectionStage.INCOMING,
                                            result=InspectionResult.PASSED))


ITEM_ACTIONS = (
    Action("start", "production.change_planitem",
           lambda user, obj, data: services.start_plan_item(user, obj,
                                                            on_date=data.get("on_date")),
           form=DateForm, done_message=_("Production started.")),
    Action("complete", "production.change_planitem",
           lambda user, obj, data: services.complete_plan_item(user, obj,
                                                               on_date=data.get("on_date")),
           form=DateForm, done_message=_("Item completed.")),
)

INSPECTION_ACTIONS = (
    Action("sign_off", "production.sign_off_inspection",
           lambda user, obj, data: services.sign_off_acceptance(user, obj),
           done_message=_("Acceptance signed off.")),
)

plans = register(Resource(
    model=ProductionPlan,
    slug="plans",
    columns=[Column("year", link=True),
             Column("enterprise.code", label=_("Enterprise"), link=True,
                    sort="enterprise__code"),
             Column("enterprise.name", label=_("Name"), sort="enterprise__name"),
             Column("item_count", label=_("Items"), sort="item_count"),
             Column("classification")],
    detail_fields=["year", "enterprise", "classification", "note"],
    export_fields=["year", "enterprise.code", "enterprise.name", "item_count",
                   "classification", "note"],
    api_fields=["id", "year", "enterprise_id", "classification", "note"],
    filterset=PlanFilter,
    form=PlanForm,
    create=lambda actor, data: services.create_plan(actor, **data),
    update=lambda actor, obj, data: services.update_plan(actor, obj, **data),
    delete=services.delete_plan,
    base_queryset=lambda: ProductionPlan.objects.annotate(item_count=Count("items")),
    searchable=False,
    default_sort="-year",
    detail_template="production/plan_detail.html",
    detail_context=detail.plan_context,
))

plan_items = register(Resource(
    model=PlanItem,
    slug="plan-items",
    columns=[Column("plan.year", label=_("Year"), sort="plan__year"),
             Column("plan.enterprise.code", label=_("Enterprise"),
                    sort="plan__enterprise__code"),
             Column("product_type.code", label=_("Product type"), link=True,
                    sort="product_type__code"),
             Column("product_type.name", label=_("Name"), sort=None),
             Column("kind"), Column("quantity"),
             Column("progress", label=_("Accepted"), sort="progress"),
             Column("due_date"), Column("status"),
             Column("on_time_display", label=_("Schedule"), sort="on_time_status"),
             Column("quality_passed", label=_("Quality passed"), sort="quality_passed")],
    detail_fields=["plan", "product_type", "kind", "quantity", "due_date", "funding_source",
                   "status", "started_on", "completed_on", "note"],
    export_fields=["plan.year", "plan.enterprise.code", "product_type.code",
                   "product_type.name", "kind", "quantity", "progress", "due_date",
                   "funding_source", "status", "started_on", "completed_on",
                   "on_time_display", "quality_passed"],
    api_fields=["id", "plan_id", "product_type_id", "kind", "quantity", "due_date",
                "funding_source", "status", "started_on", "completed_on", "progress",
                "on_time_status", "quality_passed"],
    filterset=PlanItemFilter,
    form=PlanItemForm,
    create=lambda actor, data: services.create_plan_item(actor, **data),
    update=lambda actor, obj, data: services.update_plan_item(
        actor, obj, **{k: v for k, v in data.items() if k != "plan"}),
    delete=services.delete_plan_item,
    base_queryset=lambda: annotate_items(PlanItem.objects.select_related("plan__enterprise")),
    searchable=False,
    default_sort="due_date",
    detail_template="production/planitem_detail.html",
    detail_context=detail.item_context,
    actions=ITEM_ACTIONS,
))

material_lots = register(Resource(
    model=MaterialLot,
    slug="material-lots",
    columns=[Column("code", link=True), Column("material_name", link=True),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("supplier"), Column("quantity"), Column("unit_of_measure"),
             Column("received_date"),
             Column("incoming_passed", label=_("Incoming inspection passed"),
                    sort="incoming_passed"),
             Column("classification")],
    detail_fields=["code", "material_name", "enterprise", "supplier", "quantity",
                   "unit_of_measure", "received_date", "certificate_number", "classification",
                   Column("node_id", label=_("Trace node no."))],
    export_fields=["code", "material_name", "enterprise.code", "supplier", "quantity",
                   "unit_of_measure", "received_date", "certificate_number", "classification"],
    api_fields=["id", "code", "enterprise_id", "supplier", "material_name", "quantity",
                "unit_of_measure", "received_date", "certificate_number", "classification",
                "node_id"],
    filterset=MaterialLotFilter,
    form=MaterialLotForm,
    create=lambda actor, data: services.create_material_lot(actor, **data),
    update=lambda actor, obj, data: services.update_material_lot(actor, obj, **data),
    delete=services.delete_material_lot,
    base_queryset=lambda: MaterialLot.objects.annotate(incoming_passed=_incoming_passed()),
    default_sort="-received_date",
    detail_template="production/item_detail.html",
    detail_context=detail.node_item_context,
))

lots = register(Resource(
    model=Lot,
    slug="lots",
    columns=[Column("lot_number", link=True),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("quantity"), Column("made_date"),
             Column("plan_item", label=_("Plan item"), sort="plan_item_id"),
             Column("accepted", label=_("Accepted"), sort="accepted"),
             Column("classification")],
    detail_fields=["lot_number", "product_type", "enterprise", "plan_item", "revision",
                   "quantity", "made_date", "classification",
                   Column("node_id", label=_("Trace node no."))],
    export_fields=["lot_number", "product_type.code", "enterprise.code", "quantity",
                   "made_date", "plan_item_id", "accepted", "classification"],
    api_fields=["id", "lot_number", "product_type_id", "enterprise_id", "plan_item_id",
                "revision_id", "quantity", "made_date", "classification", "node_id",
                "accepted"],
    filterset=LotFilter,
    form=LotForm,
    create=lambda actor, data: services.create_lot(actor, **data),
    update=lambda actor, obj, data: services.update_lot(
        actor, obj, **{k: v for k, v in data.items()
                       if k in ("lot_number", "quantity", "made_date", "classification")}),
    delete=services.delete_lot,
    base_queryset=lambda: Lot.objects.annotate(accepted=_accepted()),
    default_sort="-made_date",
    detail_template="production/item_detail.html",
    detail_context=detail.node_item_context,
))


def _create_serials(actor: Any, data: dict[str, Any]) -> SerialUnit:
    """The form makes a batch; the generic pages and the API answer with its first serial
    (the batch is listed on the plan item's page)."""
    created = services.create_serials(
        actor, plan_item=data["plan_item"], revision=data["revision"],
        made_date=data["made_date"], numbers=data.get("numbers") or (),
        prefix=data.get("serial_prefix") or "", start=data.get("start") or 1,
        count=data.get("count") or 0, width=data.get("width") or 5,
        classification=data.get("classification") or 0)
    return created[0]


serials = register(Resource(
    model=SerialUnit,
    slug="serials",
    columns=[Column("serial_number", link=True),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("product_type.name", label=_("Name"), sort=None),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("made_date"),
             Column("accepted", label=_("Accepted"), sort="accepted"),
             Column("classification")],
    detail_fields=["serial_number", "product_type", "enterprise", "plan_item", "revision",
                   "made_date", "classification",
                   Column("node_id", label=_("Trace node no."))],
    export_fields=["serial_number", "product_type.code", "enterprise.code", "plan_item_id",
                   "made_date", "accepted", "classification"],
    api_fields=["id", "serial_number", "product_type_id", "enterprise_id", "plan_item_id",
                "revision_id", "made_date", "classification", "node_id", "accepted"],
    filterset=SerialFilter,
    form=SerialBatchForm,
    create=_create_serials,
    update=lambda actor, obj, data: services.update_serial(
        actor, obj, **{k: v for k, v in data.items() if k in ("made_date", "classification")}),
    delete=services.delete_serial,
    base_queryset=lambda: SerialUnit.objects.annotate(accepted=_accepted()),
    default_sort="serial_number",
    detail_template="production/item_detail.html",
    detail_context=detail.node_item_context,
))

genealogy = register(Resource(
    model=GenealogyEdge,
    slug="genealogy",
    columns=[Column("id", label=_("No."), link=True),
             Column("input_label", label=_("Input"), sort=None),
             Column("output_label", label=_("Output"), sort=None),
             Column("quantity"), Column("operation_step"), Column("at"),
             Column("classification")],
    detail_fields=[Column("input_label", label=_("Input")),
                   Column("output_label", label=_("Output")), "quantity", "operation_step",
                   "at", "operator", "classification"],
    export_fields=["input_node_id", "input_label", "output_node_id", "output_label",
                   "quantity", "operation_step", "at", "classification"],
    api_fields=["id", "input_node_id", "output_node_id", "quantity", "operation_step", "at",
                "operator_id", "classification"],
    filterset=EdgeFilter,
    form=EdgeForm,
    create=lambda actor, data: services.record_consumption(
        actor, output=data["output_node"], inputs=[(data["input_node"], data["quantity"])],
        operation_step=data.get("operation_step", ""), at=data.get("at"))[0],
    delete=services.delete_edge,
    base_queryset=lambda: GenealogyEdge.objects.select_related(
        *node_related("input_node"), *node_related("output_node")),
    searchable=False,
    default_sort="-at",
))

inspections = register(Resource(
    model=Inspection,
    slug="inspections",
    columns=[Column("id", label=_("No."), link=True), Column("stage"),
             Column("target_label", label=_("Inspected item"), sort=None),
             Column("template.code", label=_("Template"), sort="template__code"),
             Column("inspector.username", label=_("Inspector"), sort="inspector__username"),
             Column("date"), Column("result"), Column("signed_off_at")],
    detail_fields=["stage", "operation_step", Column("target_label", label=_("Inspected item")),
                   "template", "inspector", "date", "result", "signed_off_by",
                   "signed_off_at", "note"],
    export_fields=["id", "stage", "operation_step", "target_id", "target_label",
                   "template.code", "inspector.username", "date", "result",
                   "signed_off_by.username", "signed_off_at"],
    api_fields=["id", "stage", "operation_step", "target_id", "template_id", "inspector_id",
                "date", "result", "signed_off_by_id", "signed_off_at", "note"],
    filterset=InspectionFilter,
    delete=services.delete_inspection,
    base_queryset=lambda: Inspection.objects.select_related(*node_related("target")),
    searchable=False,
    default_sort="-date",
    detail_template="production/inspection_detail.html",
    detail_context=detail.inspection_context,
    actions=INSPECTION_ACTIONS,
))

templates = register(Resource(
    model=InspectionTemplate,
    slug="templates",
    columns=[Column("code", link=True), Column("name", link=True), Column("stage"),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("is_active")],
    detail_fields=["code", "name", "stage", "product_type", "is_active"],
    api_fields=["id", "code", "name", "stage", "product_type_id", "is_active"],
    filterset=TemplateFilter,
    form=TemplateForm,
    create=lambda actor, data: services.create_template(actor, **data),
    update=lambda actor, obj, data: services.update_template(actor, obj, **data),
    delete=services.delete_template,
    default_sort="code",
    detail_template="production/template_detail.html",
    detail_context=detail.template_context,
))

characteristics = register(Resource(
    model=Characteristic,
    slug="characteristics",
    columns=[Column("name", link=True),
             Column("template.code", label=_("Template"), sort="template__code"),
             Column("unit"), Column("lower_limit"), Column("upper_limit"),
             Column("position")],
    detail_fields=["template", "name", "unit", "lower_limit", "upper_limit", "position"],
    api_fields=["id", "template_id", "name", "unit", "lower_limit", "upper_limit",
                "position"],
    filterset=CharacteristicFilter,
    form=CharacteristicForm,
    create=lambda actor, data: services.create_characteristic(actor, **data),
    update=lambda actor, obj, data: services.update_characteristic(actor, obj, **data),
    delete=services.delete_characteristic,
    searchable=False,
    default_sort="template__code",
))

deliveries = register(Resource(
    model=Delivery,
    slug="deliveries",
    columns=[Column("document_number", link=True),
             Column("enterprise.code", label=_("Enterprise"), sort="enterprise__code"),
             Column("recipient.name", label=_("Receiving unit"), sort="recipient__name"),
             Column("date"), Column("serial_count", label=_("Serial units"),
                                    sort="serial_count")],
    detail_fields=["document_number", "enterprise", "recipient", "date", "note"],
    export_fields=["document_number", "enterprise.code", "recipient.code", "date",
                   "serial_count", "note"],
    api_fields=["id", "document_number", "enterprise_id", "recipient_id", "date", "note"],
    filterset=DeliveryFilter,
    form=DeliveryForm,
    create=lambda actor, data: services.create_delivery(
        actor, document_number=data["document_number"], enterprise=data["enterprise"],
        recipient=data["recipient"], date=data["date"], serials=data["serials"],
        note=data.get("note", "")),
    update=lambda actor, obj, data: services.update_delivery(
        actor, obj, **{k: v for k, v in data.items()
                       if k in ("document_number", "date", "note")}),
    delete=services.delete_delivery,
    base_queryset=lambda: Delivery.objects.annotate(serial_count=Count("lines")),
    default_sort="-date",
    detail_template="production/delivery_detail.html",
    detail_context=detail.delivery_context,
))
