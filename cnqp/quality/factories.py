"""One factory per quality model. The permission suite passes scope paths as keyword arguments
(`reporting_unit=`, `enterprise=`, `nonconformance__enterprise=`, `report__reporting_unit=`,
`serial__enterprise=`, `issuing_unit=`, ...), so nested owners are SubFactories, and the
records they name follow their owner (a report's serials are its producer's)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory, UserFactory
from cnqp.core.testing.factories import register_factory
from cnqp.documents.factories import ProductTypeFactory
from cnqp.production.choices import NodeKind
from cnqp.production.factories import SerialUnitFactory, TraceNodeFactory
from cnqp.quality.choices import NCSource, Severity, UsageUnit
from cnqp.quality.models import (
    CorrectiveAction,
    FieldReport,
    FieldReportPhoto,
    FieldReportSerial,
    NonConformance,
    NonConformanceSerial,
    Recall,
    RecalledSerial,
)

# The smallest valid PNG: a 1x1 transparent pixel.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


@register_factory
class FieldReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldReport

    code = factory.Sequence(lambda n: f"PA-2025-{n:04d}")
    reporting_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.USER_UNIT)
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    product_type = factory.SubFactory(ProductTypeFactory)
    symptom = "Kẹt đạn sau khoảng 1.200 phát, vỏ đạn không ra khỏi buồng đạn"
    occurred_on = dt.date(2025, 3, 14)
    usage_value = Decimal("1200")
    usage_unit = UsageUnit.ROUNDS
    severity = Severity.MAJOR
    classification = Classification.UNCLASSIFIED


@register_factory
class FieldReportSerialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldReportSerial

    report = factory.SubFactory(FieldReportFactory)
    serial = factory.SubFactory(SerialUnitFactory,
                                enterprise=factory.SelfAttribute("..report.enterprise"),
                                product_type=factory.SelfAttribute("..report.product_type"))


@register_factory
class FieldReportPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldReportPhoto

    report = factory.SubFactory(FieldReportFactory)
    original_name = factory.Sequence(lambda n: f"anh-hong-{n}.png")
    content_type = "image/png"
    file = factory.LazyAttribute(lambda o: ContentFile(PNG_BYTES, name=o.original_name))
    size = len(PNG_BYTES)
    sha256 = hashlib.sha256(PNG_BYTES).hexdigest()


@register_factory
class NonConformanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonConformance

    code = factory.Sequence(lambda n: f"KPH-2025-{n:04d}")
    title = factory.Sequence(lambda n: f"Nứt khóa nòng lô số {n}")
    source = NCSource.REVIEW
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    product_type = factory.SubFactory(ProductTypeFactory)
    severity = Severity.MAJOR
    detected_on = dt.date(2025, 4, 2)
    classification = Classification.UNCLASSIFIED


@register_factory
class NonConformanceSerialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonConformanceSerial

    nonconformance = factory.SubFactory(NonConformanceFactory)
    serial = factory.SubFactory(
        SerialUnitFactory, enterprise=factory.SelfAttribute("..nonconformance.enterprise"),
        product_type=factory.SelfAttribute("..nonconformance.product_type"))


@register_factory
class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    code = factory.Sequence(lambda n: f"BPKP-2025-{n:04d}")
    nonconformance = factory.SubFactory(NonConformanceFactory)
    source_unit = factory.SelfAttribute("nonconformance.enterprise")
    classification = factory.SelfAttribute("nonconformance.classification")
    raised_on = factory.SelfAttribute("nonconformance.detected_on")
    title = factory.Sequence(lambda n: f"Điều chỉnh chế độ nhiệt luyện {n}")
    owner_unit = factory.SelfAttribute("nonconformance.enterprise")
    due_date = dt.date(2025, 9, 30)


@register_factory
class RecallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recall

    code = factory.Sequence(lambda n: f"TH-2025-{n:03d}")
    reason = "Lô thép không đạt độ cứng, có nguy cơ nứt khóa nòng"
    start_node = factory.SubFactory(TraceNodeFactory, kind=NodeKind.MATERIAL_LOT)
    issuing_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    issued_by = factory.SubFactory(UserFactory, org_unit=factory.SelfAttribute("..issuing_unit"))
    classification = Classification.UNCLASSIFIED


@register_factory
class RecalledSerialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecalledSerial

    recall = factory.SubFactory(RecallFactory)
    serial = factory.SubFactory(SerialUnitFactory)
