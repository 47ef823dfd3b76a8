from __future__ import annotations

from typing import Any

import factory
from django.conf import settings
from django.utils import timezone

from cnqp.core import audit
from cnqp.core.choices import AuditAction, Classification, NotificationLevel, OrgUnitKind
from cnqp.core.models import (
    ApiToken,
    AuditCheckpoint,
    AuditEntry,
    Job,
    LoginFailure,
    Notification,
    NotificationRead,
    OrgUnit,
    RecoveryCode,
    Role,
    SavedFilter,
    User,
)
from cnqp.core.models.jobs import WorkerHeartbeat
from cnqp.core.testing.factories import register_factory


@register_factory
class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm {n}")
    kind = OrgUnitKind.ENTERPRISE
    head_name = "Đại tá Nguyễn Văn An"  # who signs the unit's reports
    parent = factory.LazyFunction(
        lambda: OrgUnit.objects.filter(kind=OrgUnitKind.DIRECTORATE).first()
        or OrgUnitFactory(code="ROOT", name="Tổng cục", kind=OrgUnitKind.DIRECTORATE, parent=None)
    )

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> OrgUnit:
        unit = model_class(*args, **kwargs)
        unit.path = unit.compute_path()
        unit.save()
        return unit


@register_factory
class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("code",)

    code = "enterprise_staff"
    name = "Cán bộ doanh nghiệp, viện"


@register_factory
class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    clearance = Classification.UNCLASSIFIED
    password = factory.django.Password(settings.CNQP_DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.roles.set(Role.objects.filter(code__in=extracted))


@register_factory
class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test"
    prefix = factory.Sequence(lambda n: f"cnqp_{n:07d}")
    digest = factory.Sequence(lambda n: ApiToken.digest_of(f"token-{n}"))


@register_factory
class RecoveryCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecoveryCode

    user = factory.SubFactory(UserFactory)
    code_hash = factory.Sequence(lambda n: f"{n:064x}")


@register_factory
class LoginFailureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoginFailure

    username = "someone"
    address = "127.0.0.1"
    at = factory.LazyFunction(timezone.now)


class _AuditEntryFactory(factory.Factory):
    """Entries are made through the audit writer only, so the chain stays valid."""

    class Meta:
        model = AuditEntry

    action = AuditAction.VIEW
    object_type = "core.orgunit"
    object_id = "1"
    object_repr = "test"
    classification = Classification.UNCLASSIFIED

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> AuditEntry:
        action = kwargs.pop("action")
        return audit.record(action, actor=kwargs.pop("actor", None), **kwargs)

    _build = _create


AuditEntryFactory = register_factory(_AuditEntryFactory)


@register_factory
class AuditCheckpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditCheckpoint
        django_get_or_create = ("id",)  # one row

    id = 1
    entry_hash = "0" * 64
    checked_at = factory.LazyFunction(timezone.now)


@register_factory
class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "tests.echo"
    label = factory.Sequence(lambda n: f"Công việc {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory)
    created_by = factory.SubFactory(UserFactory, org_unit=factory.SelfAttribute("..owner_unit"))


@register_factory
class WorkerHeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerHeartbeat

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    hostname = "cnqp-app"
    pid = factory.Sequence(lambda n: 1000 + n)
    started_at = factory.LazyFunction(timezone.now)
    seen_at = factory.LazyFunction(timezone.now)


@register_factory
class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    org_unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnitKind.USER_UNIT)
    title = factory.Sequence(lambda n: f"Thông báo thu hồi sản phẩm số {n}")
    text = "Các sản phẩm đơn vị đã nhận thuộc diện thu hồi."
    link = "/"
    level = NotificationLevel.WARNING
    classification = Classification.UNCLASSIFIED


@register_factory
class NotificationReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationRead

    notification = factory.SubFactory(NotificationFactory)
    user = factory.SubFactory(UserFactory,
                              org_unit=factory.SelfAttribute("..notification.org_unit"))


@register_factory
class SavedFilterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedFilter

    user = factory.SubFactory(UserFactory)
    resource = "quality.nonconformances"
    name = factory.Sequence(lambda n: f"Đang mở, nghiêm trọng {n}")
    query = "status=open&severity=major"
