"""One factory per cooperation model. The permission suite passes scope paths as keyword
arguments (`lead_unit=`, `owner_unit=`, `unit=`, `agreement__classification=`...)."""

from __future__ import annotations

import datetime as dt

import factory

from cnqp.cooperation import choices
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory


@register_factory
class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    country = "Liên bang Nga"
    partner = "Tập đoàn Rostec"
    subject = factory.Sequence(lambda n: f"Kế hoạch cụ thể hóa thỏa thuận {n}")
    kind = choices.AgreementKind.PLAN
    status = choices.AgreementStatus.IN_FORCE
    signed_on = dt.date(2023, 3, 15)
    lead_unit = factory.SubFactory(OrgUnitFactory)


@register_factory
class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    agreement = factory.SubFactory(AgreementFactory)
    action = factory.Sequence(lambda n: f"Triển khai nội dung {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory)
    due_on = dt.date(2023, 6, 30)


@register_factory
class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    direction = choices.Direction.OUTGOING
    country = "Ấn Độ"
    purpose = factory.Sequence(lambda n: f"Làm việc, trao đổi hợp tác {n}")
    start = dt.date(2023, 5, 10)
    end = dt.date(2023, 5, 15)
    members = 5
    lead_unit = factory.SubFactory(OrgUnitFactory)


@register_factory
class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    name = factory.Sequence(lambda n: f"Triển lãm quốc tế {n}")
    kind = choices.EventKind.EXHIBITION
    international = True
    country = "Malaysia"
    place = "Kuala Lumpur"
    start = dt.date(2023, 4, 10)
    end = dt.date(2023, 4, 13)
    lead_unit = factory.SubFactory(OrgUnitFactory)


@register_factory
class ExhibitionEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionEntry

    exhibition = factory.SubFactory(ExhibitionFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    products = "Súng cối 60 mm"
    product_count = 3


@register_factory
class ExportContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportContract

    unit = factory.SubFactory(OrgUnitFactory)
    number = factory.Sequence(lambda n: f"{n:02d}/2023/HĐXK")
    country = "Lào"
    buyer = "Bộ Quốc phòng Lào"
    category = choices.ContractCategory.ECONOMIC
    signed_on = dt.date(2023, 6, 1)
    value = 12_000_000_000
