from cnqp.safety.models.assets import AssetInspection, SafetyAsset
from cnqp.safety.models.incidents import (
    DAMAGE_FIELDS,
    ActionOrigin,
    Casualty,
    Incident,
)
from cnqp.safety.models.plans import Drill, SafetyPlan
from cnqp.safety.models.reference import (
    AssetCategory,
    CauseCode,
    ChecklistCriterion,
    Course,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    LegalBasis,
    SeverityClass,
    TrainingGroup,
    valid_on_q,
)
from cnqp.safety.models.reviews import (
    OPEN_FINDING,
    Finding,
    ReviewCampaign,
    ReviewVisit,
    VisitAnswer,
)
from cnqp.safety.models.rules import RuleBriefing, SafetyRule, SafetyRuleFile
from cnqp.safety.models.staff import SafetyRole, TrainingRecord, TrainingSession

__all__ = [
    "DAMAGE_FIELDS", "OPEN_FINDING", "ActionOrigin", "AssetCategory", "AssetInspection",
    "Casualty", "CauseCode", "ChecklistCriterion", "Course", "Drill", "Finding", "Incident",
    "IncidentKind", "InjuryFactor", "InspectionRegime", "LegalBasis", "ReviewCampaign",
    "ReviewVisit", "RuleBriefing", "SafetyAsset", "SafetyPlan", "SafetyRole", "SafetyRule",
    "SafetyRuleFile", "SeverityClass", "TrainingGroup", "TrainingRecord", "TrainingSession",
    "VisitAnswer", "valid_on_q",
]
