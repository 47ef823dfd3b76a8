"""The fixed vocabularies of production safety. What a decree may change (asset categories,
inspection regimes, courses, incident kinds, severity classes, causes) is data with validity
dates (models/reference.py), not a choice here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation")  # quy định
    CODE = "code", _("Safety code")  # quy tắc
    PROCEDURE = "procedure", _("Procedure")  # quy trình
    HOUSE_RULES = "house_rules", _("House rules")  # nội quy
    GUIDE = "guide", _("Guide")  # hướng dẫn


class RuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    ANNULLED = "annulled", _("Annulled")


class SafetyRoleKind(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time safety officer")  # cán bộ chuyên trách ATVSLĐ
    PART_TIME = "part_time", _("Part-time safety officer")  # bán chuyên trách
    REPRESENTATIVE = "representative", _("Safety and hygiene representative")  # ATVSV
    MEDICAL = "medical", _("Medical staff")
    FIRE_TEAM = "fire_team", _("On-site fire team")  # đội PCCC cơ sở
    CHEMICAL_TEAM = "chemical_team", _("Chemical response team")
    INSPECTOR = "inspector", _("Safety inspector")  # kiểm định viên


class InspectionKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical safety inspection")  # kiểm định kỹ thuật an toàn
    INTERNAL = "internal", _("Periodic internal check")  # kiểm tra định kỳ nội bộ
    MAINTENANCE = "maintenance", _("Maintenance")  # bảo dưỡng
    EARTHING = "earthing", _("Lightning protection resistance")  # đo điện trở chống sét
    FIRE = "fire", _("Fire safety check")  # kiểm tra PCCC


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    CONDITIONAL = "conditional", _("Passed with conditions")
    FAILED = "failed", _("Failed")


class AssetStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    DECOMMISSIONED = "decommissioned", _("Decommissioned")


class PlanKind(models.TextChoices):
    FIRE = "fire", _("Fire-fighting and rescue plan")  # phương án chữa cháy và CNCH (PC06)
    CHEMICAL = "chemical", _("Chemical incident prevention and response plan")
    ANNUAL = "annual", _("Annual safety plan")  # kế hoạch ATVSLĐ năm
    TEST_FIRING = "test_firing", _("Test-firing safety plan")
    EMERGENCY = "emergency", _("Emergency response plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")


class CampaignKind(models.TextChoices):
    GENERAL = "general", _("General review")  # tổng rà soát
    YEARLY = "yearly", _("Yearly review")
    UNANNOUNCED = "unannounced", _("Unannounced check")
    EXTERNAL = "external", _("External inspection")  # thanh tra


class FindingSeverity(models.TextChoices):
    HIGH = "high", _("High: stop the work")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding", "Open")
    IN_REMEDIATION = "in_remediation", _("In remediation")
    CLAIMED_FIXED = "claimed_fixed", _("Claimed fixed, awaiting verification")
    CLOSED = "closed", _("Verified and closed")
    CARRIED_OVER = "carried_over", _("Carried over to a later review")


class Activity(models.TextChoices):
    """What was being done: the resolution names research and prototyping apart."""

    PRODUCTION = "production", _("Production")
    REPAIR = "repair", _("Repair")
    RESEARCH = "research", _("Research and prototyping")
    TEST_FIRING = "test_firing", _("Testing and test firing")
    TRANSPORT = "transport", _("Transport")
    STORAGE = "storage", _("Storage")
    OTHER = "other", _("Other")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    INVESTIGATING = "investigating", _("Under investigation")
    CONCLUDED = "concluded", _("Concluded")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    """What happened to a person, as NĐ 39/2016 counts it."""

    DEATH = "death", _("Death")
    SERIOUS = "serious", _("Seriously injured")
    MINOR = "minor", _("Slightly injured")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Not recorded")  # historical records that kept only the counts


class CauseParty(models.TextChoices):
    """Phụ lục XII NĐ 39/2016 groups causes by who caused them."""

    EMPLOYER = "employer", _("The employer")
    WORKER = "worker", _("The worker")
    OBJECTIVE = "objective", _("Objective or other")


class Answer(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "na", _("Not applicable")


class InvestigationLevel(models.TextChoices):
    ESTABLISHMENT = "establishment", _("Establishment")  # cấp cơ sở
    DIRECTORATE = "directorate", _("Directorate")
    PROVINCE = "province", _("Province")
    MINISTRY = "ministry", _("Ministry of Defence")
    CENTRAL = "central", _("Central")


class DrillResult(models.TextChoices):
    GOOD = "good", _("Achieved its aims")
    NEEDS_WORK = "needs_work", _("Achieved with shortcomings")
    FAILED = "failed", _("Did not achieve its aims")
