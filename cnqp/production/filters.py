from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import OrgUnitKind
from cnqp.core.filters import YesNoFilter
from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet
from cnqp.core.units import producing_units
from cnqp.documents.choices import ProductGroup
from cnqp.documents.models import ProductType
from cnqp.production.choices import (
    FundingSource,
    InspectionResult,
    InspectionStage,
    NodeKind,
    PlanItemKind,
    PlanItemStatus,
)
from cnqp.production.models import (
    Characteristic,
    Delivery,
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    InspectionTemplate,
    Lot,
    MaterialLot,
    PlanItem,
    ProductionPlan,
    SerialUnit,
)
from cnqp.production.selectors import (
    accepted_node_ids,
    annotate_flags,
    downstream_of,
    held_by,
)


def _types() -> Any:
    return django_filters.ModelChoiceFilter(label=_("Product type"),
                                            queryset=ProductType.objects.all(),
                                            empty_label=_("All"))


def _enterprises(field_name: str = "enterprise") -> Any:
    return django_filters.ModelChoiceFilter(label=_("Enterprise"), field_name=field_name,
                                            queryset=producing_units(), empty_label=_("All"))


class PlanFilter(RecordFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    enterprise = _enterprises()

    class Meta:
        model = ProductionPlan
        fields = ["year", "enterprise"]


class PlanItemFilter(RecordFilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="plan__year")
    enterprise = _enterprises("plan__enterprise")
    product_type = _types()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlanItemKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanItemStatus.choices)
    funding_source = django_filters.ChoiceFilter(label=_("Funding source"),
                                                 choices=FundingSource.choices)
    product_group = django_filters.ChoiceFilter(label=_("Product group"),
                                                field_name="product_type__group",
                                                choices=ProductGroup.choices)
    # Declared last, so it judges the items the other filters kept (the year's, say): the
    # items of the product types counted in "N/M chủng loại ... đúng tiến độ, chất lượng".
    type_done_well = YesNoFilter(label=_("Product type done well"),
                                 method="filter_type_done_well")

    class Meta:
        model = PlanItem
        fields = ["kind", "status", "funding_source"]

    def filter_type_done_well(self, queryset: QuerySet[Any], name: str,
                              value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        failing = annotate_flags(queryset.order_by()).filter(Q(done_well=False))
        types = Q(product_type__in=failing.values("product_type"))
        return queryset.exclude(types) if value else queryset.filter(types)


class MaterialLotFilter(RecordFilterSet):
    enterprise = _enterprises()
    received_since = django_filters.DateFilter(label=_("Received from"),
                                               field_name="received_date", lookup_expr="gte")
    received_until = django_filters.DateFilter(label=_("Received to"),
                                               field_name="received_date", lookup_expr="lte")

    class Meta:
        model = MaterialLot
        fields = ["enterprise"]


class _BuiltFilter(RecordFilterSet):
    product_type = _types()
    enterprise = _enterprises()
    plan_item = django_filters.NumberFilter(label=_("Plan item"))
    accepted = YesNoFilter(label=_("Accepted"), method="filter_accepted")
    made_since = django_filters.DateFilter(label=_("Built from"), field_name="made_date",
                                           lookup_expr="gte")
    made_until = django_filters.DateFilter(label=_("Built to"), field_name="made_date",
                                           lookup_expr="lte")

    def filter_accepted(self, queryset: QuerySet[Any], name: str,
                        value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        accepted = Q(node_id__in=accepted_node_ids())
        return queryset.filter(accepted) if value else queryset.exclude(accepted)


class LotFilter(_BuiltFilter):
    class Meta:
        model = Lot
        fields = ["product_type", "enterprise"]


class SerialFilter(_BuiltFilter):
    recipient = django_filters.ModelChoiceFilter(
        label=_("Delivered to"), queryset=OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT),
        empty_label=_("All"), method="filter_recipient")

    received_in = django_filters.NumberFilter(label=_("Received in year"),
                                              method="filter_received_in")
    # the forward trace's "and N more" links: a group's serials (quality/trace/groups.py)
    downstream_of = django_filters.NumberFilter(label=_("Made from trace node"),
                                                method="filter_downstream_of")
    made_from = django_filters.NumberFilter(label=_("Directly from trace node"),
                                            method="filter_made_from")
    held_by = django_filters.ModelChoiceFilter(
        label=_("Held by unit"), queryset=OrgUnit.objects.all(), empty_label=_("All"),
        method="filter_held_by")

    class Meta:
        model = SerialUnit
        fields = ["product_type", "enterprise"]

    def filter_recipient(self, queryset: QuerySet[Any], name: str,
                         value: OrgUnit) -> QuerySet[Any]:
        return queryset.filter(pk__in=DeliveryLine.objects.filter(
            delivery__recipient=value).values("serial_id"))

    def filter_downstream_of(self, queryset: QuerySet[Any], name: str,
                             value: Any) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(
            node_id__in=downstream_of(int(value)))

    def filter_made_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(
            node_id__in=GenealogyEdge.objects.filter(input_node_id=int(value))
            .values("output_node_id"))

    def filter_held_by(self, queryset: QuerySet[Any], name: str,
                       value: OrgUnit | None) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(held_by(value.pk))

    def filter_received_in(self, queryset: QuerySet[Any], name: str,
                           value: Any) -> QuerySet[Any]:
        """Serials delivered in the year; to the reader's unit (or below) when the reader
        does not see every unit: what a user unit's dashboard counts."""
        if value is None:
            return queryset
        lines = DeliveryLine.objects.filter(delivery__date__year=int(value))
        user = self.user
        if user is not None and not user.sees_all_units and user.org_unit_id:
            lines = lines.filter(delivery__recipient__path__startswith=user.org_unit.path)
        return queryset.filter(pk__in=lines.values("serial_id"))


class EdgeFilter(RecordFilterSet):
    node = django_filters.NumberFilter(label=_("Trace node"), method="filter_node")
    input_kind = django_filters.ChoiceFilter(label=_("Input kind"),
                                             field_name="input_node__kind",
                                             choices=NodeKind.choices)
    output_kind = django_filters.ChoiceFilter(label=_("Output kind"),
                                              field_name="output_node__kind",
                                              choices=NodeKind.choices)

    class Meta:
        model = GenealogyEdge
        fields = ["operation_step"]

    def filter_node(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Q(input_node_id=value) | Q(output_node_id=value))


class InspectionFilter(RecordFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=InspectionStage.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    enterprise = _enterprises("enterprise")
    target = django_filters.NumberFilter(label=_("Trace node"))
    signed_off = YesNoFilter(label=_("Signed off"), field_name="signed_off_at",
                             method="filter_signed")
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["stage", "result"]

    def filter_signed(self, queryset: QuerySet[Any], name: str,
                      value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(signed_off_at__isnull=not value)


class TemplateFilter(RecordFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=InspectionStage.choices)
    product_type = _types()
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = InspectionTemplate
        fields = ["stage", "product_type", "is_active"]


class CharacteristicFilter(RecordFilterSet):
    template = django_filters.ModelChoiceFilter(label=_("Inspection template"),
                                                queryset=InspectionTemplate.objects.all(),
                                                empty_label=_("All"))

    class Meta:
        model = Characteristic
        fields = ["template"]


class DeliveryFilter(RecordFilterSet):
    enterprise = _enterprises()
    recipient = django_filters.ModelChoiceFilter(
        label=_("Receiving unit"), queryset=OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT),
        empty_label=_("All"))
    since = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Delivery
        fields = ["enterprise", "recipient"]
