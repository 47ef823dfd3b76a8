from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectLevel(models.TextChoices):
    """Cấp quản lý of a project, from the highest; reports list the levels in this order."""

    NATIONAL = "national", _("National level")
    MINISTRY = "ministry", _("Ministry of Defence level")
    DIRECTORATE = "directorate", _("Directorate level")
    GRASSROOTS = "grassroots", _("Grassroots level")


class ProjectType(models.TextChoices):
    TOPIC = "topic", _("Research topic")
    TASK = "task", _("S&T task")
    TRIAL_PRODUCTION = "trial_production", _("Trial production project")


class ProjectStatus(models.TextChoices):
    """The stage of a project. The main line runs proposed → ... → applied; suspended and
    cancelled are side states."""

    PROPOSED = "proposed", _("Proposed")
    OPENED = "opened", _("Opened")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ACCEPTED = "accepted", _("Accepted")
    ELIGIBLE_O = "eligible_o", _("Eligible for O-series production")
    O_SERIES = "o_series", _("O-series produced")
    APPLIED = "applied", _("Applied to production")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


# "In execution" (đang thực hiện): opened and not yet completed, suspended or cancelled.
EXECUTING = (ProjectStatus.OPENED, ProjectStatus.IN_PROGRESS)
# The pipeline's columns, in order.
PIPELINE = (ProjectStatus.PROPOSED, ProjectStatus.OPENED, ProjectStatus.IN_PROGRESS,
            ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.ELIGIBLE_O,
            ProjectStatus.O_SERIES, ProjectStatus.APPLIED)


class Grade(models.TextChoices):
    """Xếp loại nghiệm thu."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Step(models.TextChoices):
    """A step of a project's history; each one is a `ProjectEvent`."""

    PROPOSE = "propose", _("Proposed")
    OPEN = "open", _("Opened (new)")
    START = "start", _("Started")
    EXTEND = "extend", _("Extended")
    SUSPEND = "suspend", _("Suspended")
    RESUME = "resume", _("Resumed")
    CANCEL = "cancel", _("Cancelled")
    COMPLETE = "complete", _("Completed")
    ACCEPT = "accept", _("Accepted")
    FAIL_ACCEPTANCE = "fail_acceptance", _("Failed acceptance, back to rework")
    ELIGIBLE_O = "eligible_o", _("Declared eligible for O-series production")
    O_SERIES = "o_series", _("O-series produced")
    APPLY = "apply", _("Applied to production")


class RecognitionLevel(models.TextChoices):
    """Cấp công nhận of an initiative."""

    UNIT = "unit", _("Unit level")
    DIRECTORATE = "directorate", _("Directorate level")
    MINISTRY = "ministry", _("Ministry of Defence level")
    NATIONAL = "national", _("National level")
