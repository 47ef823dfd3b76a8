"""One factory per safety model. The permission suite passes scope paths as keyword arguments
(`unit=`, `issuer=`, `lead_unit=`, `session__unit=`, `asset__unit=`, `plan__unit=`,
`incident__unit=`, `action__source_unit=`...), so nested owners are SubFactories."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cnqp.core.choices import OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.quality.factories import CorrectiveActionFactory
from cnqp.safety import choices
from cnqp.safety.models import (
    ActionOrigin,
    AssetCategory,
    AssetInspection,
    Casualty,
    CauseCode,
    ChecklistCriterion,
    Course,
    Drill,
    Finding,
    Incident,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    LegalBasis,
    ReviewCampaign,
    ReviewVisit,
    RuleBriefing,
    SafetyAsset,
    SafetyPlan,
    SafetyRole,
    SafetyRule,
    SafetyRuleFile,
    SeverityClass,
    TrainingGroup,
    TrainingRecord,
    TrainingSession,
    VisitAnswer,
)

SINCE = dt.date(2011, 1, 1)
ENTERPRISE = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)


@register_factory
class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis

    code = factory.Sequence(lambda n: f"{n}/2016/NĐ-CP")
    title = "Quy định chi tiết một số điều của Luật An toàn, vệ sinh lao động"
    issued_on = dt.date(2016, 5, 15)
    effective_from = dt.date(2016, 7, 1)


@register_factory
class AssetCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetCategory

    code = factory.Sequence(lambda n: f"TB-{n:03d}")
    name = factory.Sequence(lambda n: f"Thiết bị nâng {n}")
    strict = True
    valid_from = SINCE


@register_factory
class InspectionRegimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionRegime

    category = factory.SubFactory(AssetCategoryFactory)
    kind = choices.InspectionKind.TECHNICAL
    interval_months = 12
    performer = "Tổ chức kiểm định được công nhận"
    valid_from = SINCE


@register_factory
class TrainingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingGroup

    number = factory.Sequence(lambda n: n % 6 + 1)
    name = "Người lao động làm công việc có yêu cầu nghiêm ngặt về ATVSLĐ"
    valid_from = factory.Sequence(lambda n: SINCE + dt.timedelta(days=n))


@register_factory
class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"HL-{n:03d}")
    name = "Huấn luyện an toàn, vệ sinh lao động nhóm 3"
    group = factory.SubFactory(TrainingGroupFactory)
    validity_months = 24
    valid_from = SINCE


@register_factory
class IncidentKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentKind

    code = factory.Sequence(lambda n: f"TNLD-{n}")
    name = "Tai nạn lao động"
    labour_accident = True
    valid_from = SINCE


@register_factory
class SeverityClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeverityClass

    code = factory.Sequence(lambda n: f"NT-{n}")
    name = "Nghiêm trọng"
    rank = 2
    min_deaths = 1
    valid_from = SINCE


@register_factory
class CauseCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseCode

    code = factory.Sequence(lambda n: f"NN-{n}")
    name = "Vi phạm quy trình, quy chuẩn an toàn"
    party = choices.CauseParty.WORKER
    valid_from = SINCE


@register_factory
class InjuryFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InjuryFactor

    code = factory.Sequence(lambda n: f"YT-{n}")
    name = "Thiết bị nâng"
    valid_from = SINCE


@register_factory
class ChecklistCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistCriterion

    code = factory.Sequence(lambda n: f"TC-{n:03d}")
    area = "Phòng cháy chữa cháy"
    text = "Phương án chữa cháy được phê duyệt và diễn tập trong năm"
    valid_from = SINCE


@register_factory
class SafetyRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRule

    number = factory.Sequence(lambda n: f"{n}/QĐ-AT")
    title = "Quy định bảo đảm an toàn trong sản xuất thuốc phóng, thuốc nổ"
    kind = choices.RuleKind.REGULATION
    issuer = ENTERPRISE
    issued_on = dt.date(2017, 3, 1)
    effective_on = dt.date(2017, 3, 15)
    status = choices.RuleStatus.IN_FORCE


@register_factory
class SafetyRuleFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRuleFile

    rule = factory.SubFactory(SafetyRuleFactory)
    file = factory.django.FileField(filename="quy-dinh.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "quy-dinh.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64


@register_factory
class RuleBriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleBriefing

    rule = factory.SubFactory(SafetyRuleFactory)
    unit = factory.SelfAttribute("rule.issuer")
    held_on = dt.date(2017, 4, 1)
    attendees = 42
    presenter = "Trưởng ban An toàn"


@register_factory
class SafetyRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRole

    person = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    unit = ENTERPRISE
    kind = choices.SafetyRoleKind.FULL_TIME
    start_on = dt.date(2018, 1, 1)


@register_factory
class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    unit = ENTERPRISE
    start_on = dt.date(2024, 3, 4)
    end_on = dt.date(2024, 3, 6)
    provider = "Trung tâm huấn luyện an toàn lao động"


@register_factory
class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.Sequence(lambda n: f"Trần Thị Bình {n}")
    certificate_number = factory.Sequence(lambda n: f"CC-{n:05d}")
    issued_on = dt.date(2024, 3, 6)
    expires_on = dt.date(2026, 3, 6)


@register_factory
class SafetyAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyAsset

    code = factory.Sequence(lambda n: f"TS-{n:05d}")
    name = "Cầu trục 5 tấn"
    category = factory.SubFactory(AssetCategoryFactory)
    unit = ENTERPRISE
    in_service_on = dt.date(2015, 6, 1)


@register_factory
class AssetInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetInspection

    asset = factory.SubFactory(SafetyAssetFactory)
    regime = factory.SubFactory(InspectionRegimeFactory,
                                category=factory.SelfAttribute("..asset.category"))
    inspected_on = dt.date(2024, 6, 1)
    performer = "Trung tâm Kiểm định kỹ thuật an toàn"
    certificate_number = factory.Sequence(lambda n: f"KĐ-{n:05d}")
    result = choices.InspectionResult.PASSED
    next_due = dt.date(2025, 6, 1)


@register_factory
class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    code = factory.Sequence(lambda n: f"PA-{n:04d}")
    title = "Phương án chữa cháy và cứu nạn, cứu hộ"
    kind = choices.PlanKind.FIRE
    unit = ENTERPRISE


@register_factory
class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drill

    plan = factory.SubFactory(SafetyPlanFactory, status=choices.PlanStatus.IN_FORCE)
    held_on = dt.date(2024, 9, 20)
    scenario = "Cháy kho vật tư ca đêm"
    participants = 35
    result = choices.DrillResult.GOOD


@register_factory
class ReviewCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCampaign

    code = factory.Sequence(lambda n: f"TRS-{n:04d}")
    name = "Tổng rà soát công trình, thiết bị bảo đảm an toàn"
    kind = choices.CampaignKind.GENERAL
    year = 2019
    lead_unit = ENTERPRISE
    start_on = dt.date(2019, 3, 1)
    end_on = dt.date(2019, 10, 31)


@register_factory
class ReviewVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewVisit

    campaign = factory.SubFactory(ReviewCampaignFactory)
    unit = ENTERPRISE
    visited_on = dt.date(2019, 5, 14)
    team = "Đặng Văn Thắng\nLê Minh Tâm"


@register_factory
class VisitAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitAnswer

    visit = factory.SubFactory(ReviewVisitFactory)
    criterion_code = factory.Sequence(lambda n: f"TC-{n:03d}")
    criterion_text = "Phương án chữa cháy được phê duyệt và diễn tập trong năm"
    answer = choices.Answer.NOT_MET


@register_factory
class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    code = factory.Sequence(lambda n: f"TT-2019-{n:04d}")
    unit = ENTERPRISE
    title = "Hệ thống chống sét kho K2 chưa đo điện trở tiếp địa"
    severity = choices.FindingSeverity.MEDIUM
    found_on = dt.date(2019, 5, 14)
    first_found_on = factory.SelfAttribute("found_on")
    due_date = dt.date(2019, 12, 31)


@register_factory
class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    code = factory.Sequence(lambda n: f"SC-2024-{n:04d}")
    kind = factory.SubFactory(IncidentKindFactory)
    title = "Kẹp tay khi vận hành máy dập"
    occurred_at = factory.LazyFunction(
        lambda: timezone.make_aware(dt.datetime(2024, 5, 7, 9, 30)))
    unit = ENTERPRISE
    activity = choices.Activity.PRODUCTION
    description = "Công nhân đưa tay vào vùng dập khi máy chưa dừng hẳn."


@register_factory
class CasualtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Casualty

    incident = factory.SubFactory(IncidentFactory)
    name = "Phạm Văn Cường"
    sex = choices.Sex.MALE
    outcome = choices.Outcome.MINOR
    days_off = 12


@register_factory
class ActionOriginFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionOrigin

    action = factory.SubFactory(CorrectiveActionFactory)
    incident = factory.SubFactory(
        IncidentFactory, unit=factory.SelfAttribute("..action.source_unit"),
        classification=factory.SelfAttribute("..action.classification"))
