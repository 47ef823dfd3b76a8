"""One factory per performance model. The permission suite passes scope paths as keyword
arguments (`unit=`, `submission__unit=`, `owner_unit=`, `project__owner_unit=`...), so nested
owners are SubFactories. Indicators, schedules and programmes are the shipped reference data
(migration 0002); their factories make further ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from cnqp.core.choices import OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.performance import choices
from cnqp.performance.models import (
    Disbursement,
    Indicator,
    Milestone,
    Programme,
    Project,
    ProjectFunding,
    ProjectVersion,
    Schedule,
    Submission,
    Value,
)


@register_factory
class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"extra_{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu thêm {n}")
    unit_of_measure = choices.MeasureUnit.MILLION_VND
    order = factory.Sequence(lambda n: 1000 + n)


@register_factory
class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule
        django_get_or_create = ("period_kind", "scenario")

    period_kind = choices.PeriodKind.MONTH
    scenario = choices.Scenario.ESTIMATE
    due_days = 10


@register_factory
class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"ct-{n}")
    name = factory.Sequence(lambda n: f"Chương trình {n}")


@register_factory
class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    year = factory.Sequence(lambda n: 2000 + n % 100)  # one unit's returns, one per year
    period_kind = choices.PeriodKind.YEAR
    period_number = 1
    scenario = choices.Scenario.ACTUAL
    note = "Báo cáo kết quả sản xuất kinh doanh"


@register_factory
class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Value

    submission = factory.SubFactory(SubmissionFactory)
    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="revenue_defence"))
    value = Decimal("1000")


@register_factory
class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"DA-{n:04d}")
    name = factory.Sequence(lambda n: f"Dự án đầu tư nâng cấp dây chuyền {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    group = choices.ProjectGroup.B
    planned_start = dt.date(2023, 1, 1)
    planned_end = dt.date(2026, 12, 31)
    total_investment = Decimal("150000")


@register_factory
class ProjectVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectVersion

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n)
    decision_number = factory.Sequence(lambda n: f"{1000 + n}/QĐ-BQP")
    decision_date = dt.date(2022, 11, 15)
    authority = "Bộ trưởng Bộ Quốc phòng"
    planned_start = dt.date(2023, 1, 1)
    planned_end = dt.date(2026, 12, 31)


@register_factory
class ProjectFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectFunding

    version = factory.SubFactory(ProjectVersionFactory)
    source = choices.FundingSource.DEFENCE_BUDGET
    amount = Decimal("100000")


@register_factory
class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = choices.MilestoneKind.DESIGN
    planned_on = dt.date(2023, 6, 30)


@register_factory
class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    project = factory.SubFactory(ProjectFactory)
    year = 2024
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    planned = Decimal("20000")
    disbursed = Decimal("15000")
