from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.core.files.base import ContentFile

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory, UserFactory
from cnqp.core.testing.factories import register_factory
from cnqp.documents.choices import (
    CopyAction,
    DocumentKind,
    ProductGroup,
    Purpose,
    RevisionStatus,
)
from cnqp.documents.models import (
    DocumentCopy,
    DocumentSet,
    ProductType,
    Revision,
    RevisionFile,
    UsageRight,
)


@register_factory
class ProductTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductType

    code = factory.Sequence(lambda n: f"SP{n:04d}")
    name = factory.Sequence(lambda n: f"Súng thử nghiệm kiểu {n}")
    group = ProductGroup.DEFENSE
    category = "Vũ khí bộ binh"


@register_factory
class DocumentSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentSet

    code = factory.Sequence(lambda n: f"TLTK-{n:04d}")
    title = factory.Sequence(lambda n: f"Bộ tài liệu thiết kế số {n}")
    kind = DocumentKind.DESIGN
    product_type = factory.SubFactory(ProductTypeFactory)
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    classification = Classification.UNCLASSIFIED


@register_factory
class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Revision

    document_set = factory.SubFactory(DocumentSetFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = RevisionStatus.DRAFT
    reason = "Ban hành lần đầu"


@register_factory
class RevisionFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevisionFile

    revision = factory.SubFactory(RevisionFactory)
    original_name = factory.Sequence(lambda n: f"ban-ve-{n}.txt")
    content_type = "text/plain"
    file = factory.LazyAttribute(lambda o: ContentFile(b"noi dung ban ve", name=o.original_name))
    size = 15
    sha256 = hashlib.sha256(b"noi dung ban ve").hexdigest()


@register_factory
class UsageRightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UsageRight

    document_set = factory.SubFactory(DocumentSetFactory)
    enterprise = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.ENTERPRISE)
    purpose = Purpose.PRODUCTION
    valid_from = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    valid_to = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=365))
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-TCCNQP")


@register_factory
class DocumentCopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentCopy

    file = factory.SubFactory(RevisionFileFactory)
    number = factory.Sequence(lambda n: n + 1)
    action = CopyAction.DOWNLOAD
    user = factory.SubFactory(UserFactory)
