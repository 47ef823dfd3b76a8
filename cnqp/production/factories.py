"""One factory per production model. The permission suite passes scope paths as keyword
arguments (`enterprise=`, `plan__enterprise=`, `inspection__enterprise=`, ...), so nested owners
are SubFactories, and an item's node follows its item's owner and level."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory, UserFactory
from cnqp.core.testing.factories import register_factory
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory, RevisionFactory
from cnqp.production.choices import (
    FundingSource,
    InspectionResult,
    InspectionStage,
    NodeKind,
    PlanItemKind,
)
from cnqp.production.models import (
    Characteristic,
    Delivery,
    DeliveryDay,
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    InspectionDay,
    InspectionTemplate,
    Lot,
    MaterialLot,
    Measurement,
    OutputDay,
    PlanItem,
    ProductionPlan,
    SerialUnit,
    TraceNode,
)


@register_factory
class ProductionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionPlan

    year = factory.Sequence(lambda n: 2000 + n % 100)
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    classification = Classification.UNCLASSIFIED


@register_factory
class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(ProductionPlanFactory)
    product_type = factory.SubFactory(ProductTypeFactory)
    kind = PlanItemKind.PRODUCTION
    quantity = 10
    due_date = factory.LazyAttribute(lambda o: dt.date(o.plan.year, 11, 30))
    funding_source = FundingSource.STATE_BUDGET


@register_factory
class TraceNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TraceNode

    kind = NodeKind.LOT
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    classification = Classification.UNCLASSIFIED


def _node_for(kind: str) -> Any:
    return factory.LazyAttribute(lambda o: TraceNodeFactory(
        kind=kind, enterprise=o.enterprise, classification=o.classification))


@register_factory
class MaterialLotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialLot

    code = factory.Sequence(lambda n: f"VT-{n:05d}")
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    supplier = "Công ty Thép Thái Nguyên"
    material_name = "Thép hợp kim 30XГCA"
    quantity = Decimal("1200.000")
    unit_of_measure = "kg"
    received_date = dt.date(2024, 3, 4)
    certificate_number = factory.Sequence(lambda n: f"CQ-{n:05d}")
    classification = Classification.UNCLASSIFIED
    node = _node_for(NodeKind.MATERIAL_LOT)


class _BuiltFactory(factory.django.DjangoModelFactory):
    product_type = factory.SubFactory(ProductTypeFactory)
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    revision = factory.SubFactory(
        RevisionFactory, status=RevisionStatus.ISSUED, issue_date=dt.date(2023, 1, 10),
        document_set=factory.SubFactory(DocumentSetFactory,
                                        product_type=factory.SelfAttribute(
                                            "...product_type")))
    made_date = dt.date(2024, 5, 6)
    classification = Classification.UNCLASSIFIED


@register_factory
class LotFactory(_BuiltFactory):
    class Meta:
        model = Lot

    lot_number = factory.Sequence(lambda n: f"L{n:05d}")
    quantity = 500
    node = _node_for(NodeKind.LOT)


@register_factory
class SerialUnitFactory(_BuiltFactory):
    class Meta:
        model = SerialUnit

    serial_number = factory.Sequence(lambda n: f"S{n:06d}")
    node = _node_for(NodeKind.SERIAL)


@register_factory
class GenealogyEdgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GenealogyEdge

    input_node = factory.SubFactory(TraceNodeFactory, kind=NodeKind.MATERIAL_LOT)
    output_node = factory.SubFactory(TraceNodeFactory, kind=NodeKind.LOT)
    quantity = Decimal("2.5")
    operation_step = "Gia công cơ khí"
    classification = Classification.UNCLASSIFIED


@register_factory
class InspectionTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionTemplate

    code = factory.Sequence(lambda n: f"KT-{n:04d}")
    name = factory.Sequence(lambda n: f"Mẫu kiểm tra nghiệm thu {n}")
    stage = InspectionStage.FINAL_ACCEPTANCE


@register_factory
class CharacteristicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Characteristic

    template = factory.SubFactory(InspectionTemplateFactory)
    name = factory.Sequence(lambda n: f"Đường kính lòng nòng {n}")
    unit = "mm"
    lower_limit = Decimal("7.62")
    upper_limit = Decimal("7.66")


@register_factory
class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    stage = InspectionStage.FINAL_ACCEPTANCE
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    classification = Classification.UNCLASSIFIED
    # the node repeats into the inspection: built from the inspection's owner and level
    target = factory.SubFactory(TraceNodeFactory, kind=NodeKind.SERIAL,
                                enterprise=factory.SelfAttribute("..enterprise"),
                                classification=factory.SelfAttribute("..classification"))
    template = factory.SubFactory(InspectionTemplateFactory)
    inspector = factory.SubFactory(UserFactory)
    date = dt.date(2024, 6, 1)
    result = InspectionResult.PASSED


@register_factory
class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    inspection = factory.SubFactory(InspectionFactory)
    characteristic = factory.SubFactory(CharacteristicFactory)
    value = Decimal("7.64")
    within_limits = True


@register_factory
class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    document_number = factory.Sequence(lambda n: f"{n}/BBGN")
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    recipient = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.USER_UNIT)
    date = dt.date(2024, 9, 2)


@register_factory
class DeliveryLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryLine

    delivery = factory.SubFactory(DeliveryFactory)
    serial = factory.SubFactory(SerialUnitFactory,
                                enterprise=factory.SelfAttribute("..delivery.enterprise"))


class _RollupRowFactory(factory.django.DjangoModelFactory):
    """A rollup row as the services would count it (tests of the figures build the records
    and let the services count: these are for the model checks)."""

    unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    day = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))
    classification = Classification.UNCLASSIFIED


@register_factory
class OutputDayFactory(_RollupRowFactory):
    class Meta:
        model = OutputDay

    product_type = factory.SubFactory(ProductTypeFactory)
    repair = False
    is_lot = False
    quantity = 3


@register_factory
class InspectionDayFactory(_RollupRowFactory):
    class Meta:
        model = InspectionDay

    stage = InspectionStage.FINAL_ACCEPTANCE
    product_type = factory.SubFactory(ProductTypeFactory)
    total, passed, failed = 3, 2, 1


@register_factory
class DeliveryDayFactory(_RollupRowFactory):
    class Meta:
        model = DeliveryDay

    product_type = factory.SubFactory(ProductTypeFactory)
    recipient = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.USER_UNIT)
    quantity = 3
