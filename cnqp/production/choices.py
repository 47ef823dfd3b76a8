from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanItemKind(models.TextChoices):
    PRODUCTION = "production", _("Production")
    REPAIR = "repair", _("Repair")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget (defense budget)")
    OWN_FUNDS = "own_funds", _("Enterprise own funds")
    OTHER = "other", _("Other sources")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class OnTimeStatus(models.TextChoices):
    """Computed, never stored (see docs/production-figures.md)."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    OPEN = "open", _("Open")


class NodeKind(models.TextChoices):
    MATERIAL_LOT = "material_lot", _("Material lot")
    LOT = "lot", _("Lot")
    SERIAL = "serial", _("Serial unit")


OUTPUT_KINDS = (NodeKind.LOT, NodeKind.SERIAL)


class InspectionStage(models.TextChoices):
    INCOMING = "incoming", _("Incoming material")
    IN_PROCESS = "in_process", _("In-process")
    FINAL_ACCEPTANCE = "final_acceptance", _("Final acceptance")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
