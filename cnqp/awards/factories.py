"""One factory per awards model. The permission suite passes scope paths as keyword arguments
(`unit=`, `launching_unit=`). The titles are the shipped reference data (migration 0002);
their factory makes further ones."""

from __future__ import annotations

import datetime as dt

import factory

from cnqp.awards import choices
from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory


@register_factory
class AwardTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardTitle

    code = factory.Sequence(lambda n: f"extra-{n}")
    name = factory.Sequence(lambda n: f"Danh hiệu thêm {n}")
    category = choices.AwardCategory.COMMENDATION
    level = choices.AwardLevel.UNIT
    recipient_kind = choices.RecipientKind.BOTH
    order = factory.Sequence(lambda n: 1000 + n)
    valid_from = dt.date(2004, 4, 1)


@register_factory
class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement

    name = factory.Sequence(lambda n: f"Đợt thi đua {n}")
    kind = choices.MovementKind.CAMPAIGN
    launching_unit = factory.SubFactory(OrgUnitFactory)
    start = dt.date(2023, 1, 1)
    end = dt.date(2023, 12, 31)


@register_factory
class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    title = factory.SubFactory(AwardTitleFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    authority = "Chủ nhiệm Tổng cục"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-TCCNQP")
    decision_date = dt.date(2023, 6, 1)
