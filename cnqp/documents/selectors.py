"""Reads of technical documents shared by views, the API, production planning and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset, visibility_q
from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry, OrgUnit, User
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus, RightStatus
from cnqp.documents.models import (
    DocumentCopy,
    DocumentSet,
    ProductType,
    Revision,
    RevisionFile,
    UsageRight,
    valid_rights_q,
)


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
    # A revision superseded since was in force on an earlier date: superseding leaves no gap.
    issued = sets.filter(revisions__status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
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


def revisions_for_work(user: User, on_date: dt.date | None = None) -> QuerySet[Revision]:
    """The design revisions a unit may name as what it built or repaired to: those the user
    sees today, and those of the sets its unit (or one below) held a right to on the day of
    the work. A right that has since expired still covers the work done under it, so history
    can be entered; it no longer opens the set's files (`sets_user_holds_rights_to`).
    `on_date` None: a right held on any day (a form's choices; the form then checks the day)."""
    condition = visibility_q(Revision, user)
    if condition is None:
        return Revision.objects.none()
    if user.org_unit_id is not None:
        rights = UsageRight.objects.filter(enterprise__path__startswith=user.org_unit.path)
        if on_date is None:
            rights = rights.filter(status=RightStatus.ACTIVE,
                                   valid_from__lte=timezone.localdate())
        else:
            rights = rights.filter(valid_rights_q(on_date))
        condition |= Q(document_set__in=rights.values("document_set_id"),
                       document_set__classification__lte=user.clearance)
    return Revision.objects.filter(condition)


def revision_for_work(user: User, pk: Any, on_date: dt.date) -> Revision:
    """One of `revisions_for_work` on the day of the work; 404 otherwise, as for any record
    the user may not see."""
    try:
        return revisions_for_work(user, on_date).select_related("document_set").get(pk=pk)
    except (Revision.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def expiring_rights(user: User, within_days: int = 30) -> QuerySet[UsageRight]:
    """Rights in force today that end within `within_days`, as far as the user may see."""
    today = timezone.localdate()
    rights = UsageRight.objects.filter(valid_rights_q(today), valid_to__isnull=False,
                                       valid_to__lte=today + dt.timedelta(days=within_days))
    return scope_queryset(rights, user).select_related("document_set", "enterprise")


# --- auditors: views, downloads and prints per document -----------------------------------------

FILE_AUDIT_TYPE = "documents.revisionfile"


def _file_entries(action: str, mode: str, file_ids: QuerySet[Any]) -> QuerySet[AuditEntry]:
    """Audit entries of one kind on the files `file_ids` (their ids as text, as the log keeps
    them); refusals (a checksum mismatch) are not downloads."""
    return (AuditEntry.objects.filter(object_type=FILE_AUDIT_TYPE, action=action,
                                      changes__mode=mode, object_id__in=file_ids)
            .exclude(changes__has_key="refused"))


def _count_of(rows: QuerySet[Any], constant: str) -> Coalesce:
    """COUNT(*) of a correlated subquery, grouped on a column its filter makes constant, so it
    yields one row, or none (then 0)."""
    counted = rows.order_by().values(constant).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _access_annotations(file_ids: QuerySet[Any], copies: QuerySet[Any],
                        copies_by: str) -> dict[str, Any]:
    def entries(action: str, mode: str) -> Coalesce:
        return _count_of(_file_entries(action, mode, file_ids), "object_type")

    return {
        "view_count": entries(AuditAction.VIEW, "view"),
        "download_count": entries(AuditAction.DOWNLOAD, "download"),
        "print_count": entries(AuditAction.DOWNLOAD, "print"),
        "copy_count": _count_of(copies, copies_by),
    }


def _visible_to_auditor(user: User) -> Q:
    """The same rule as the copy register: every set up to the auditor's clearance."""
    return Q(classification__lte=user.clearance)


def file_access_counts(user: User) -> QuerySet[DocumentSet]:
    """Per document set with files: the views (previews), downloads and prints of its files
    from the audit log, and the numbered copies from the copy register, all counted by the
    database. Nothing for a user without the copy register permission."""
    if not user.is_active or not user.has_perm("documents.read_copy_register"):
        return DocumentSet.objects.none()
    set_ref = OuterRef(OuterRef("pk"))  # the set, seen from inside the entries' subquery
    file_ids = (RevisionFile.objects.filter(revision__document_set=set_ref)
                .annotate(key=Cast("pk", CharField())).values("key"))
    copies = DocumentCopy.objects.filter(file__revision__document_set=OuterRef("pk"))
    has_files = Exists(RevisionFile.objects.filter(revision__document_set=OuterRef("pk")))
    return (DocumentSet.objects.filter(_visible_to_auditor(user)).filter(has_files)
            .annotate(**_access_annotations(file_ids, copies, "file__revision__document_set")))


def file_access_counts_per_file(user: User,
                                document_set: DocumentSet) -> QuerySet[RevisionFile]:
    """The same counts for each file of one set."""
    if (not user.is_active or not user.has_perm("documents.read_copy_register")
            or document_set.classification > user.clearance):
        return RevisionFile.objects.none()
    file_ids = (RevisionFile.objects.filter(pk=OuterRef(OuterRef("pk")))
                .annotate(key=Cast("pk", CharField())).values("key"))
    copies = DocumentCopy.objects.filter(file=OuterRef("pk"))
    return (RevisionFile.objects.filter(revision__document_set=document_set)
            .select_related("revision")
            .annotate(**_access_annotations(file_ids, copies, "file"))
            .order_by("-revision__number", "original_name"))
