"""Technical documents: product types, document sets, revisions and their files, usage rights,
and the copy register of classified downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.documents.choices import (
    CopyAction,
    DocumentKind,
    ProductGroup,
    Purpose,
    RevisionStatus,
    RightStatus,
)


def valid_rights_q(on_date: dt.date, prefix: str = "") -> Q:
    """Rights in force on a date: within their validity period, and active, or revoked only
    after that date (a right revoked in 2021 covered the production of 2019)."""
    return (Q(**{f"{prefix}status": RightStatus.ACTIVE})
            | Q(**{f"{prefix}status": RightStatus.REVOKED,
                   f"{prefix}revoked_at__date__gt": on_date})) & Q(**{
        f"{prefix}valid_from__lte": on_date,
    }) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on_date}))


def sets_user_holds_rights_to(user: User) -> models.QuerySet[Any, Any]:
    """Need to know: ids of the sets on which the user's unit, or a unit below it, holds a
    right in force today."""
    today = timezone.localdate()
    return UsageRight.objects.filter(
        valid_rights_q(today), enterprise__path__startswith=user.org_unit.path
    ).values("document_set_id")


def _holders_via(path: str) -> Callable[[User], Q]:
    """The same need-to-know rule for records reached through their set (`path` to its id)."""

    def rule(user: User) -> Q:
        if user.org_unit_id is None:
            return Q(pk__in=[])
        return Q(**{f"{path}__in": sets_user_holds_rights_to(user)})

    return rule


def _owners_of_the_set(user: User) -> Q:
    if user.org_unit_id is None:
        return Q(pk__in=[])
    return Q(document_set__owner_unit__path__startswith=user.org_unit.path)


class ProductType(SearchableModel, TimestampedModel):
    """Chủng loại sản phẩm. Reference data: every signed-in user may read the catalogue."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.CharField(_("group"), max_length=16, choices=ProductGroup.choices,
                             default=ProductGroup.DEFENSE)
    category = models.CharField(_("category"), max_length=128, blank=True)
    producers = models.ManyToManyField(OrgUnit, verbose_name=_("producing enterprises"),
                                       blank=True, related_name="product_types")
    is_active = models.BooleanField(_("active"), default=True)

    search_fields = ("code", "name", "category")
    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("product type")
        verbose_name_plural = _("product types")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DocumentSet(SearchableModel, TimestampedModel):
    """A design set (TLTK), technology documents or a specification for one product type."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    product_type = models.ForeignKey(ProductType, verbose_name=_("product type"),
                                     on_delete=models.PROTECT, related_name="document_sets")
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("owner unit"),
                                   on_delete=models.PROTECT, related_name="document_sets")
    classification = ClassificationField()
    description = models.TextField(_("description"), blank=True)

    search_fields = ("code", "title")
    # Need to know: the owning unit, or an enterprise holding a right in force; directorate
    # roles see all (within their clearance).
    scope = Scope(unit="owner_unit", classification="classification", extra=_holders_via("pk"))

    class Meta:
        verbose_name = _("document set")
        verbose_name_plural = _("document sets")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def issued_revision(self) -> Revision | None:
        return self.revisions.filter(status=RevisionStatus.ISSUED).first()


class Revision(TimestampedModel):
    """Lần ban hành. Draft → submitted → approved → issued → superseded; issued is immutable."""

    document_set = models.ForeignKey(DocumentSet, verbose_name=_("document set"),
                                     on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision number"))
    status = models.CharField(_("status"), max_length=16, choices=RevisionStatus.choices,
                              default=RevisionStatus.DRAFT, db_index=True)
    reason = models.TextField(_("reason for change"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    decision_number = models.CharField(_("issuing decision number"), max_length=64, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True, db_index=True)
    plan_year = models.PositiveSmallIntegerField(
        _("for the production plan of"), null=True, blank=True,
        help_text=_("The year of the production plan this revision serves (a set amended in "
                    "December for next year's plan); blank: the year it is issued."))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", verbose_name=_("superseded by"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="document_set__owner_unit", classification="document_set__classification",
                  extra=_holders_via("document_set_id"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["document_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document_set", "number"],
                                    name="documents_revision_unique_number"),
            # At most one issued revision per set, enforced by the database as well.
            models.UniqueConstraint(fields=["document_set"],
                                    condition=Q(status="issued"),
                                    name="documents_revision_one_issued"),
        ]

    def __str__(self) -> str:
        return gettext("%(set)s, revision %(number)s") % {"set": self.document_set.code,
                                                          "number": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.status in (RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED)


class RevisionFile(TimestampedModel):
    """A file of a revision, stored under MEDIA_ROOT with its SHA-256."""

    revision = models.ForeignKey(Revision, verbose_name=_("revision"), on_delete=models.PROTECT,
                                 related_name="files")
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="revision__document_set__owner_unit",
                  classification="revision__document_set__classification",
                  extra=_holders_via("revision__document_set_id"))

    class Meta:
        verbose_name = _("revision file")
        verbose_name_plural = _("revision files")
        ordering = ["revision", "original_name"]

    def __str__(self) -> str:
        return self.original_name


class UsageRight(TimestampedModel):
    """Quyền sử dụng tài liệu thiết kế: which enterprise may use a set, for what, until when."""

    document_set = models.ForeignKey(DocumentSet, verbose_name=_("document set"),
                                     on_delete=models.PROTECT, related_name="usage_rights")
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="usage_rights")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=RightStatus.choices,
                              default=RightStatus.ACTIVE, db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    # The holder sees its rights; the set's owner sees the rights granted on its sets.
    scope = Scope(unit="enterprise", classification="document_set__classification",
                  extra=_owners_of_the_set)

    class Meta:
        verbose_name = _("usage right")
        verbose_name_plural = _("usage rights")
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["enterprise", "status", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True)
                                   | Q(valid_to__gte=models.F("valid_from")),
                                   name="documents_usageright_period"),
        ]

    def __str__(self) -> str:
        # named by its own decision, not its set's code: a holder whose right was revoked
        # still sees the right, and no longer the set
        return f"{self.decision_number} → {self.enterprise.code} ({self.get_purpose_display()})"

    def is_valid_on(self, on_date: dt.date) -> bool:
        """In force on the date, as `valid_rights_q` says."""
        revoked_after = (self.status == RightStatus.REVOKED and self.revoked_at is not None
                         and timezone.localdate(self.revoked_at) > on_date)
        return ((self.status == RightStatus.ACTIVE or revoked_after)
                and self.valid_from <= on_date
                and (self.valid_to is None or self.valid_to >= on_date))

    @property
    def expires_soon(self) -> bool:
        """In force and ending within 30 days: flagged in lists."""
        today = timezone.localdate()
        return (self.is_valid_on(today) and self.valid_to is not None
                and self.valid_to <= today + dt.timedelta(days=30))


class DocumentCopy(models.Model):
    """The copy register: every download or print of a classified file, numbered per file."""

    file = models.ForeignKey(RevisionFile, verbose_name=_("file"), on_delete=models.PROTECT,
                             related_name="copies")
    number = models.PositiveIntegerField(_("copy number"))
    action = models.CharField(_("action"), max_length=16, choices=CopyAction.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    # The register is read by auditors (by permission), up to their clearance.
    scope = Scope(unit=None, classification="file__revision__document_set__classification")

    class Meta:
        verbose_name = _("document copy")
        verbose_name_plural = _("copy register")
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["file", "number"],
                                               name="documents_copy_unique_number")]

    def __str__(self) -> str:
        return gettext("%(file)s, copy %(number)s") % {"file": self.file, "number": self.number}
