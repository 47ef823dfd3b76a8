"""One factory per directives model. The permission suite passes scope paths as keyword
arguments (`owner_unit=`, `directive__owner_unit=`, `lead_unit=`, `review__owner_unit=`...),
so nested owners are SubFactories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from cnqp.core.choices import OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.directives import choices
from cnqp.directives.models import (
    Directive,
    DirectiveFile,
    DirectiveItem,
    Indicator,
    IndicatorAssessment,
    Review,
    ReviewFigure,
    Task,
    TaskReport,
)


@register_factory
class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    kind = choices.DirectiveKind.RESOLUTION
    number = factory.Sequence(lambda n: f"{100 + n}-NQ/ĐU")
    issuer = "Đảng ủy Tổng cục Công nghiệp quốc phòng"
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.DIRECTORATE)
    issued_on = dt.date(2016, 7, 8)
    title = "Về lãnh đạo công tác bảo đảm an toàn trong sản xuất"
    period_start = dt.date(2016, 7, 8)
    period_end = dt.date(2025, 12, 31)


@register_factory
class DirectiveFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveFile

    directive = factory.SubFactory(DirectiveFactory)
    file = factory.django.FileField(filename="nghi-quyet.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "nghi-quyet.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64


@register_factory
class DirectiveItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveItem

    directive = factory.SubFactory(DirectiveFactory)
    kind = choices.ItemKind.OBJECTIVE
    ordinal = factory.Sequence(lambda n: f"({n + 1})")
    text = "Không để xảy ra cháy nổ và tai nạn lao động nghiêm trọng"


@register_factory
class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    item = factory.SubFactory(DirectiveItemFactory)
    name = "Số đề tài được nghiệm thu"
    metric_key = "research.accepted"
    target_kind = choices.TargetKind.AT_LEAST
    target_value = Decimal(10)
    measure = "đề tài"
    period_start = dt.date(2016, 7, 8)
    period_end = dt.date(2021, 12, 31)


@register_factory
class IndicatorAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorAssessment

    indicator = factory.SubFactory(IndicatorFactory, metric_key="",
                                   target_kind=choices.TargetKind.QUALITATIVE)
    assessed_on = dt.date(2021, 12, 1)
    verdict = choices.Assessment.ACHIEVED
    evidence = "Báo cáo sơ kết của các đơn vị"


@register_factory
class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    title = "Rà soát, bổ sung quy định về an toàn trong sản xuất"
    lead_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    assigned_on = dt.date(2022, 1, 10)
    deadline = dt.date(2022, 6, 30)


@register_factory
class TaskReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskReport

    task = factory.SubFactory(TaskFactory)
    reported_on = dt.date(2022, 3, 31)
    progress = 40
    text = "Đã dự thảo quy định, đang lấy ý kiến các phân xưởng"


@register_factory
class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    title = "Sơ kết 5 năm thực hiện Nghị quyết"
    kind = choices.ReviewKind.INTERIM
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.DIRECTORATE)
    period_start = dt.date(2016, 7, 8)
    period_end = dt.date(2021, 12, 31)
    compare_start = dt.date(2011, 1, 1)
    compare_end = dt.date(2015, 12, 31)
    held_on = dt.date(2022, 3, 15)


@register_factory
class ReviewFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewFigure

    review = factory.SubFactory(ReviewFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    position = factory.Sequence(lambda n: n + 1)
    directive_number = "195-NQ/ĐU"
    item_text = "(1) Không để xảy ra cháy nổ và tai nạn lao động nghiêm trọng"
    indicator_name = "Số đề tài được nghiệm thu"
    metric_key = "research.accepted"
    measure = "đề tài"
    target_kind = choices.TargetKind.AT_LEAST
    target_text = "≥ 10 đề tài"
    value = Decimal(12)
    previous_value = Decimal(8)
    years = Decimal("5.48")
    previous_years = Decimal("5.00")
    assessment = choices.Assessment.EXCEEDED
