"""Reads of technical documents shared by views, the API, production planning and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.scoping import scope_queryset
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus
from cnqp.documents.models import DocumentSet, ProductType, UsageRight, valid_rights_q


@dataclass(frozen=True)
class ProductionClearance:
    """The answer of `can_produce`: allowed, or the reasons why not."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)
    design_set: DocumentSet | None = None
    right: UsageRight | None = None

    def __bool__(self) -> bool:
        return self.allowed


def can_produce(enterprise: OrgUnit, product_type: ProductType, on_date: dt.date,
                purpose: str = Purpose.PRODUCTION) -> ProductionClearance:
    """True only with an issued design set (TLTK) for the product type and a usage right of
    the enterprise on that set in force on the date, for that purpose. This is a rule of the
    directorate, not a question of what a user may see: it reads unscoped."""
    sets = DocumentSet.objects.filter(product_type=product_type, kind=DocumentKind.DESIGN)
    issued = sets.filter(revisions__status=RevisionStatus.ISSUED,
                         revisions__issue_date__lte=on_date).distinct()
    if not issued.exists():
        return ProductionClearance(False, [_(
            "Product type %(code)s has no design set (TLTK) issued on %(date)s.") % {
            "code": product_type.code, "date": on_date.strftime("%d/%m/%Y")}])
    right = (UsageRight.objects.filter(valid_rights_q(on_date), document_set__in=issued,
                                       enterprise=enterprise, purpose=purpose)
             .select_related("document_set").order_by("-valid_from").first())
    if right is None:
        return ProductionClearance(False, [_(
            "%(unit)s holds no right in force on %(date)s to use the design set of %(code)s "
            "for %(purpose)s.") % {
            "unit": enterprise.name, "date": on_date.strftime("%d/%m/%Y"),
            "code": product_type.code, "purpose": str(Purpose(purpose).label).lower()}],
            design_set=issued.first())
    return ProductionClearance(True, [], design_set=right.document_set, right=right)


def expiring_rights(user: User, within_days: int = 30) -> QuerySet[UsageRight]:
    """Rights in force today that end within `within_days`, as far as the user may see."""
    today = timezone.localdate()
    rights = UsageRight.objects.filter(valid_rights_q(today), valid_to__isnull=False,
                                       valid_to__lte=today + dt.timedelta(days=within_days))
    return scope_queryset(rights, user).select_related("document_set", "enterprise")
