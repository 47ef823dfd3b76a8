"""Quality over the whole life: field reports, non-conformances, corrective actions, recalls."""

from cnqp.quality.models.field_reports import FieldReport, FieldReportPhoto, FieldReportSerial
from cnqp.quality.models.nonconformances import (
    CorrectiveAction,
    NonConformance,
    NonConformanceSerial,
)
from cnqp.quality.models.recalls import Recall, RecalledSerial

__all__ = [
    "CorrectiveAction",
    "FieldReport",
    "FieldReportPhoto",
    "FieldReportSerial",
    "NonConformance",
    "NonConformanceSerial",
    "Recall",
    "RecalledSerial",
]
