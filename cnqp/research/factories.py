from __future__ import annotations

import datetime as dt

import factory

from cnqp.core.choices import OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.research.choices import ProjectLevel, ProjectStatus, RecognitionLevel, Step
from cnqp.research.models import Initiative, ProjectEvent, ResearchProject


@register_factory
class ResearchProjectFactory(factory.django.DjangoModelFactory):
    """A proposal. Move it along with the services, which write its steps."""

    class Meta:
        model = ResearchProject

    code = factory.Sequence(lambda n: f"DT-{n:04d}")
    title = factory.Sequence(lambda n: f"Nghiên cứu thiết kế, chế tạo mẫu thử số {n}")
    level = ProjectLevel.DIRECTORATE
    host_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.INSTITUTE)
    principal_investigator = "Nguyễn Văn Đức"
    planned_start = dt.date(2023, 1, 1)
    planned_end = dt.date(2024, 12, 31)
    current_end = factory.SelfAttribute("planned_end")
    status = ProjectStatus.PROPOSED


@register_factory
class ProjectEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectEvent

    project = factory.SubFactory(ResearchProjectFactory)
    step = Step.PROPOSE
    on_date = dt.date(2022, 10, 1)
    from_status = ""
    to_status = ProjectStatus.PROPOSED


@register_factory
class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Cải tiến đồ gá gia công số {n}")
    authors = "Trần Văn An\nLê Thị Bình"
    unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    year = 2023
    benefit = 150_000_000
    recognition_level = RecognitionLevel.UNIT
