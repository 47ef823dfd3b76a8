"""Production and repair: plans, material lots, lots and serials, genealogy, inspections,
deliveries."""

from cnqp.production.models.deliveries import Delivery, DeliveryLine
from cnqp.production.models.inspections import (
    Characteristic,
    Inspection,
    InspectionTemplate,
    Measurement,
)
from cnqp.production.models.plans import PlanItem, ProductionPlan
from cnqp.production.models.rollups import DeliveryDay, InspectionDay, OutputDay
from cnqp.production.models.trace import (
    GenealogyEdge,
    Lot,
    MaterialLot,
    SerialUnit,
    TraceNode,
)

__all__ = [
    "Characteristic",
    "Delivery",
    "DeliveryDay",
    "DeliveryLine",
    "GenealogyEdge",
    "Inspection",
    "InspectionDay",
    "InspectionTemplate",
    "Lot",
    "MaterialLot",
    "Measurement",
    "OutputDay",
    "PlanItem",
    "ProductionPlan",
    "SerialUnit",
    "TraceNode",
]
