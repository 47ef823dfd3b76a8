"""One factory per press model. The permission suite passes the scope path as a keyword
argument (`subject_unit=`)."""

from __future__ import annotations

import datetime as dt

import factory

from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.press.choices import PressKind
from cnqp.press.models import PressItem


@register_factory
class PressItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressItem

    kind = PressKind.ARTICLE
    title = factory.Sequence(lambda n: f"Nhà máy đẩy mạnh sản xuất quốc phòng ({n})")
    outlet = "Báo Quân đội nhân dân"
    published_on = dt.date(2023, 5, 12)
    subject_unit = factory.SubFactory(OrgUnitFactory)
