"""Imports of the product-type catalogue and of the document register from XLSX or CSV: every
row validated first, then all written through the services in one transaction, or none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import Classification
from cnqp.core.imports import Choice, Column, Importer, Outcome, Reference, Row, Text
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import units_user_may_own
from cnqp.core.units import not_a_producer
from cnqp.documents import services
from cnqp.documents.choices import DocumentKind, ProductGroup
from cnqp.documents.models import DocumentSet, ProductType


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


IMPORTERS: dict[str, type[Importer]] = {
    ProductTypeImporter.name: ProductTypeImporter,
    DocumentRegisterImporter.name: DocumentRegisterImporter,
}
