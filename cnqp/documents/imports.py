"""Imports of the product-type catalogue and of the document register from XLSX or CSV: every
row validated first, then all written through the services in one transaction, or none."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Choice,
    Column,
    Date,
    Importer,
    Integer,
    Outcome,
    Reference,
    Row,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import units_user_may_own
from cnqp.core.units import not_a_producer
from cnqp.documents import services
from cnqp.documents.choices import DocumentKind, ProductGroup, Purpose, RevisionStatus
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight


class ProductTypeImporter(Importer):
    """Chủng loại sản phẩm: a new code is created, an existing one updated."""

    name = "product-types"
    label = gettext_lazy("Product types")
    model = ProductType
    permission = "documents.add_producttype"
    match = "code"
    sheet_title = "Chủng loại sản phẩm"
    columns = (
        Column("code", "Mã", Text(upper=True), required=True, unique=True),
        Column("name", "Tên", required=True),
        Column("group", "Nhóm", Choice(ProductGroup), required=True),
        Column("category", "Phân loại"),
        Column("producers", "Doanh nghiệp sản xuất",
               Reference(OrgUnit, many=True, check=not_a_producer),
               help=gettext_lazy("Enterprises or institutes.")),
    )
    FIELDS = ("name", "group", "category")

    def existing_queryset(self) -> Any:
        return ProductType.objects.prefetch_related("producers")

    def prepare(self, rows: list[Row]) -> None:
        self.may_change = self.actor.has_perm("documents.change_producttype")

    def validate_row(self, row: Row) -> None:
        values = {k: row.values[k] for k in self.FIELDS if row.has(k)}
        if row.existing is not None:
            if not self.may_change:
                row.error("code", _("This product type exists and you may not change it."))
                return
            instance = self.copy_with(row.existing, values)
        else:
            instance = ProductType(code=row.values["code"], **values)
        self.check_instance(row, instance, exclude=["search_text"])

    def write_row(self, actor: User, row: Row) -> Outcome:
        values = {k: row.values[k] for k in self.FIELDS if row.has(k)}
        producers = row.values.get("producers")  # None: the column is not in the file
        existing: ProductType | None = row.existing
        if existing is None:
            services.create_product_type(actor, code=row.values["code"], **values,
                                         producers=producers or ())
            return Outcome.CREATED
        changes = self.changed(existing, values)
        if producers is not None and ({p.pk for p in producers}
                                      == {p.pk for p in existing.producers.all()}):
            producers = None
        if not changes and producers is None:
            return Outcome.UNCHANGED
        services.update_product_type(actor, existing, producers=producers, **changes)
        return Outcome.UPDATED


class DocumentRegisterImporter(Importer):
    """Sổ đăng ký bộ tài liệu: new sets are created; for an existing code the title, kind and
    classification are updated (its product type and owner unit stay as they are)."""

    name = "sets"
    label = gettext_lazy("Document sets")
    model = DocumentSet
    permission = "documents.add_documentset"
    match = "code"
    level_column = "classification"
    sheet_title = "Sổ đăng ký tài liệu"
    columns = (
        Column("code", "Mã bộ tài liệu", Text(upper=True), required=True, unique=True),
        Column("title", "Tên", required=True),
        Column("kind", "Loại", Choice(DocumentKind), required=True),
        Column("product_type", "Mã chủng loại", Reference(ProductType), required=True),
        Column("owner_unit", "Đơn vị quản lý", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        # Required: an empty cell must never file a secret set as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
    )
    UPDATABLE = ("title", "kind", "classification")

    def prepare(self, rows: list[Row]) -> None:
        unit_ids = {row.values["owner_unit"].pk for row in rows}
        unit_ids |= {row.existing.owner_unit_id for row in rows if row.existing is not None}
        self.may_own = set(units_user_may_own(self.actor).filter(pk__in=unit_ids)
                           .values_list("pk", flat=True))
        self.may_change = self.actor.has_perm("documents.change_documentset")

    def validate_row(self, row: Row) -> None:
        actor = self.actor
        unit: OrgUnit = row.values["owner_unit"]
        existing: DocumentSet | None = row.existing
        if existing is None:
            if unit.pk not in self.may_own:
                row.error("owner_unit", _("%(code)s is not your unit or a unit below it.")
                          % {"code": unit.code})
            instance = DocumentSet(**{k: row.values[k] for k in (
                "code", "title", "kind", "product_type", "owner_unit", "classification")})
            self.check_instance(row, instance, exclude=["search_text"])
            return
        if (existing.owner_unit_id not in self.may_own
                or existing.classification > actor.clearance or not self.may_change):
            row.error("code", _("This document set exists and you may not change it."))
            return
        if existing.product_type_id != row.values["product_type"].pk:
            row.error("product_type", _("An import does not change the product type of an "
                                        "existing set."))
        if existing.owner_unit_id != unit.pk:
            row.error("owner_unit", _("An import does not change the owner unit of an "
                                      "existing set."))
        values = {k: row.values[k] for k in self.UPDATABLE}
        self.check_instance(row, self.copy_with(existing, values), exclude=["search_text"])

    def write_row(self, actor: User, row: Row) -> Outcome:
        existing: DocumentSet | None = row.existing
        if existing is None:
            services.create_document_set(
                actor, code=row.values["code"], title=row.values["title"],
                kind=row.values["kind"], product_type=row.values["product_type"],
                owner_unit=row.values["owner_unit"],
                classification=row.values["classification"])
            return Outcome.CREATED
        changes = self.changed(existing, {k: row.values[k] for k in self.UPDATABLE})
        if not changes:
            return Outcome.UNCHANGED
        services.update_document_set(actor, existing, **changes)
        return Outcome.UPDATED


class UsageRightImporter(Importer):
    """Sổ cấp quyền sử dụng tài liệu: one right per row, granted through the services. A right
    that has expired since is history, and imported as such: production started while it was
    in force is judged at its own date."""

    name = "rights"
    label = gettext_lazy("Usage rights")
    model = UsageRight
    permission = "documents.add_usageright"
    sheet_title = "Quyền sử dụng tài liệu"
    columns = (
        Column("document_set", "Mã bộ tài liệu", Reference(DocumentSet), required=True),
        Column("enterprise", "Doanh nghiệp", Reference(OrgUnit, check=not_a_producer),
               required=True),
        Column("purpose", "Mục đích", Choice(Purpose), required=True),
        Column("valid_from", "Ngày cấp", Date(), required=True,
               help=gettext_lazy("The right is in force from this date.")),
        Column("valid_to", "Có hiệu lực đến", Date(),
               help=gettext_lazy("Empty for a right without an end; a past date for a right "
                                 "that has expired.")),
        Column("decision_number", "Số quyết định", Text(max_length=64), required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        self.today = timezone.localdate()
        wanted = Q(pk__in=[])
        for row in rows:
            v = row.values
            wanted |= Q(document_set=v["document_set"], enterprise=v["enterprise"],
                        purpose=v["purpose"], valid_from=v["valid_from"])
        self.recorded = set(UsageRight.objects.filter(wanted).values_list(
            "document_set_id", "enterprise_id", "purpose", "valid_from"))
        self.first: dict[tuple[Any, ...], int] = {}

    def validate_row(self, row: Row) -> None:
        v = row.values
        key = (v["document_set"].pk, v["enterprise"].pk, v["purpose"], v["valid_from"])
        if key in self.recorded:
            row.error("valid_from", _("This right (set, enterprise, purpose, date) is already "
                                      "recorded."))
        elif key in self.first:
            row.error("valid_from", _("The same right is on row %(row)d.")
                      % {"row": self.first[key]})
        self.first.setdefault(key, row.number)
        if v["valid_from"] > self.today:
            row.error("valid_from", _("The date cannot be in the future."))
        if v.get("valid_to") is not None and v["valid_to"] < v["valid_from"]:
            row.error("valid_to", _("The right ends before it starts."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.grant_usage_right(actor, document_set=v["document_set"],
                                   enterprise=v["enterprise"], purpose=v["purpose"],
                                   valid_from=v["valid_from"], valid_to=v.get("valid_to"),
                                   decision_number=v["decision_number"])
        return Outcome.CREATED


class RevisionImporter(Importer):
    """Sổ theo dõi ban hành tài liệu: the revisions of a set issued before it was registered
    here, their metadata only (files are attached afterwards on each revision's page). Each
    is written issued on its own date, in the order of its number; the later one supersedes
    the earlier on the day it was issued, so the last of a set is the one in force."""

    name = "revisions"
    label = gettext_lazy("Document revisions")
    model = Revision
    permission = "documents.approve_revision"
    sheet_title = "Lần ban hành"
    columns = (
        Column("document_set", "Mã bộ tài liệu", Reference(DocumentSet), required=True),
        Column("number", "Lần ban hành", Integer(min_value=1, max_value=10_000), required=True),
        Column("issue_date", "Ngày ban hành", Date(), required=True),
        Column("decision_number", "Số quyết định ban hành", Text(max_length=64),
               required=True),
        Column("reason", "Nội dung sửa đổi", Text(multiline=True),
               help=gettext_lazy("Required from the second revision on.")),
        Column("plan_year", "Phục vụ kế hoạch năm", Integer(min_value=1990, max_value=2100),
               help=gettext_lazy("Optional: the year of the production plan it serves; "
                                 "blank: the year it is issued.")),
        Column("status", "Trạng thái", Choice(
            ((RevisionStatus.ISSUED, RevisionStatus.ISSUED.label),
             (RevisionStatus.SUPERSEDED, RevisionStatus.SUPERSEDED.label)),
            aliases={"Ban hành": RevisionStatus.ISSUED, "Còn hiệu lực": RevisionStatus.ISSUED,
                     "Đã thay thế": RevisionStatus.SUPERSEDED,
                     "Hết hiệu lực": RevisionStatus.SUPERSEDED}),
               help=gettext_lazy("Optional: the last revision of a set is issued, the "
                                 "earlier ones superseded.")),
    )

    def prepare(self, rows: list[Row]) -> None:
        self.today = timezone.localdate()
        set_ids = {row.values["document_set"].pk for row in rows}
        self.may_own = set(units_user_may_own(self.actor).filter(
            pk__in={row.values["document_set"].owner_unit_id for row in rows})
            .values_list("pk", flat=True))
        self.last = dict(Revision.objects.filter(document_set_id__in=set_ids)
                         .values("document_set_id").annotate(n=Max("number"))
                         .values_list("document_set_id", "n"))
        self.in_force = dict(Revision.objects.filter(document_set_id__in=set_ids,
                                                     status=RevisionStatus.ISSUED)
                             .values_list("document_set_id", "issue_date"))
        self.in_progress = set(Revision.objects.filter(
            document_set_id__in=set_ids,
            status__in=services.OPEN_STATUSES).values_list("document_set_id", flat=True))
        by_set: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            by_set[row.values["document_set"].pk].append(row)
        self.by_set = {k: sorted(v, key=lambda r: r.values["number"]) for k, v in by_set.items()}

    def validate_row(self, row: Row) -> None:
        v = row.values
        document_set: DocumentSet = v["document_set"]
        if document_set.owner_unit_id not in self.may_own:
            row.error("document_set", _("Set %(code)s is not held by your unit or a unit below "
                                        "it.") % {"code": document_set.code})
            return
        if document_set.pk in self.in_progress:
            row.error("document_set", _("Set %(code)s already has a revision in progress; "
                                        "finish or return it first.")
                      % {"code": document_set.code})
        if v["issue_date"] > self.today:
            row.error("issue_date", _("The issue date cannot be in the future."))
        if v["number"] > 1 and not v.get("reason"):
            row.error("reason", _("An amendment needs its reason for change."))
        last = self.last.get(document_set.pk) or 0
        if v["number"] <= last:
            row.error("number", _("Set %(code)s already has revision %(last)s: a revision of "
                                  "its history comes after it.")
                      % {"code": document_set.code, "last": last})
        siblings = self.by_set[document_set.pk]
        index = next(i for i, r in enumerate(siblings) if r is row)
        before = siblings[index - 1] if index else None
        if before is not None and before.values["number"] == v["number"]:
            row.error("number", _("Revision %(number)s of %(code)s is on row %(row)d too.")
                      % {"number": v["number"], "code": document_set.code, "row": before.number})
        elif before is not None and v["issue_date"] < before.values["issue_date"]:
            row.error("issue_date", _("This date is before the issue of revision %(number)s "
                                      "(row %(row)d), which it supersedes.")
                      % {"number": before.values["number"], "row": before.number})
        elif (before is None and (current := self.in_force.get(document_set.pk)) is not None
              and v["issue_date"] < current):
            row.error("issue_date", _("The issue date is before that of the revision it "
                                      "supersedes (%(date)s).")
                      % {"date": current.strftime("%d/%m/%Y")})
        status = v.get("status")
        expected = (RevisionStatus.ISSUED if row is siblings[-1]
                    else RevisionStatus.SUPERSEDED)
        if status and status != expected:
            row.error("status", _("Imported, this revision will be %(status)s.")
                      % {"status": str(RevisionStatus(expected).label).lower()})

    def write(self, actor: User, rows: list[Row]) -> Any:
        """In the order of the revisions' numbers within each set, whatever the file's order."""
        return super().write(actor, sorted(rows, key=lambda r: (r.values["document_set"].pk,
                                                                r.values["number"])))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.record_issued_revision(actor, v["document_set"], number=v["number"],
                                        issue_date=v["issue_date"],
                                        decision_number=v["decision_number"],
                                        reason=v.get("reason") or "",
                                        plan_year=v.get("plan_year"))
        return Outcome.CREATED


IMPORTERS: dict[str, type[Importer]] = {
    ProductTypeImporter.name: ProductTypeImporter,
    DocumentRegisterImporter.name: DocumentRegisterImporter,
    UsageRightImporter.name: UsageRightImporter,
    RevisionImporter.name: RevisionImporter,
}
