from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UsageUnit(models.TextChoices):
    """How a product's use is counted: operating hours, cycles, rounds fired."""

    HOURS = "hours", _("hours")
    CYCLES = "cycles", _("cycles")
    ROUNDS = "rounds", _("rounds")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical: unsafe or out of service")
    MAJOR = "major", _("Major: degraded performance")
    MINOR = "minor", _("Minor")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New, awaiting triage")
    NC_OPENED = "nc_opened", _("Non-conformance opened")
    CLOSED = "closed", _("Closed without non-conformance")


class NCSource(models.TextChoices):
    FIELD_REPORT = "field_report", _("Field report")
    INSPECTION = "inspection", _("Failed inspection")
    REVIEW = "review", _("Review")


class RootCauseStage(models.TextChoices):
    """The four stages the directorate traced its defects back to."""

    DESIGN = "design", _("Design")
    TECHNOLOGY = "technology", _("Technology")
    MATERIAL = "material", _("Material")
    ACCEPTANCE = "acceptance", _("Acceptance")


class NCStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("non-conformance", "Open")
    ANALYSED = "analysed", _("Root cause found")
    CLOSED = "closed", _("Closed")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented, awaiting effectiveness check")
    CLOSED = "closed", _("Closed")


class TraceDirection(models.TextChoices):
    BACKWARD = "backward", _("Backward: what went into it")
    FORWARD = "forward", _("Forward: where it went")
