"""Technical documents in the registry: pages, exports, API routes and permission probes
(declarations only; the detail pages' contexts are in detail.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.documents import services
from cnqp.documents.choices import RevisionStatus, RightStatus
from cnqp.documents.filters import (
    DocumentSetFilter,
    ProductTypeFilter,
    RevisionFilter,
    UsageRightFilter,
)
from cnqp.documents.forms import (
    DateForm,
    DocumentSetForm,
    IssueForm,
    NoteForm,
    ProductTypeForm,
    RevisionChangeForm,
    RevisionForm,
    RevokeForm,
    UsageRightChangeForm,
    UsageRightForm,
)
from cnqp.documents.models import (
    DocumentCopy,
    DocumentSet,
    ProductType,
    Revision,
    RevisionFile,
    UsageRight,
)

REVISION_ACTIONS = (
    Action("submit", "documents.change_revision", services.submit_revision, form=DateForm,
           done_message=_("Submitted for approval."), label=_("Submit for approval")),
    Action("return", "documents.change_revision", services.return_revision, form=NoteForm,
           done_message=_("Returned to draft.")),
    Action("approve", "documents.approve_revision", services.approve_revision, form=DateForm,
           done_message=_("Approved."), label=_("Approve")),
    Action("issue", "documents.approve_revision", services.issue_revision, form=IssueForm,
           done_message=_("Issued; the previous revision is superseded.")),
)

RIGHT_ACTIONS = (
    Action("revoke", "documents.change_usageright", services.revoke_usage_right,
           form=RevokeForm, done_message=_("Right revoked.")),
)


product_types = register(Resource(
    model=ProductType,
    slug="product-types",
    columns=[Column("code", link=True), Column("name", link=True), Column("group"),
             Column("category"), Column("is_active")],
    detail_fields=["code", "name", "group", "category", "producers", "is_active"],
    export_fields=["code", "name", "group", "category", "producers", "is_active"],
    api_fields=["id", "code", "name", "group", "category", "is_active"],
    filterset=ProductTypeFilter,
    form=ProductTypeForm,
    create=services.create_product_type,
    update=services.update_product_type,
    delete=services.delete_product_type,
    base_queryset=lambda: ProductType.objects.prefetch_related("producers"),
    default_sort="code",
))

document_sets = register(Resource(
    model=DocumentSet,
    slug="sets",
    columns=[Column("code", link=True), Column("title", link=True), Column("kind"),
             Column("product_type.code", label=_("Product type"), sort="product_type__code"),
             Column("owner_unit.name", label=_("Owner unit"), sort="owner_unit__name"),
             Column("classification")],
    detail_fields=["code", "title", "kind", "product_type", "owner_unit", "classification",
                   "description"],
    export_fields=["code", "title", "kind", "product_type.code", "product_type.name",
                   "owner_unit.code", "classification"],
    api_fields=["id", "code", "title", "kind", "product_type_id", "owner_unit_id",
                "classification", "description"],
    filterset=DocumentSetFilter,
    form=DocumentSetForm,
    create=services.create_document_set,
    update=services.update_document_set,
    delete=services.delete_document_set,
    default_sort="code",
    detail_template="documents/documentset_detail.html",
))

revisions = register(Resource(
    model=Revision,
    slug="revisions",
    columns=[Column("document_set.code", label=_("Document set"), link=True,
                    sort="document_set__code"),
             Column("number", link=True), Column("status"), Column("decision_number"),
             Column("issue_date"), Column("reason", sort=None)],
    detail_fields=["document_set", "number", "status", "reason", "plan_year", "author",
                   "approver", "decision_number", "issue_date", "submitted_at", "approved_at",
                   "superseded_at", "superseded_by"],
    export_fields=["document_set.code", "number", "status", "decision_number", "issue_date",
                   "plan_year", "reason", "author", "approver"],
    api_fields=["id", "document_set_id", "number", "status", "reason", "plan_year",
                "author_id", "approver_id", "decision_number", "issue_date",
                "superseded_by_id"],
    filterset=RevisionFilter,
    form=RevisionForm,
    update_form=RevisionChangeForm,
    create=services.create_revision,
    update=services.update_revision,
    delete=services.delete_revision,
    base_queryset=lambda: Revision.objects.select_related("document_set"),
    default_sort="-issue_date",
    # only a draft is edited or deleted: an issued revision is immutable (services)
    editable=lambda obj: obj.status == RevisionStatus.DRAFT,
    detail_template="documents/revision_detail.html",
    actions=REVISION_ACTIONS,
))

revision_files = register(Resource(
    model=RevisionFile,
    slug="files",
    columns=[Column("original_name", link=True),
             Column("revision", label=_("Revision"), sort="revision__document_set__code"),
             Column("content_type"), Column("size"), Column("sha256", sort=None)],
    detail_fields=["original_name", "revision", "content_type", "size", "sha256",
                   "uploaded_by", "created_at"],
    api_fields=["id", "revision_id", "original_name", "content_type", "size", "sha256"],
    base_queryset=lambda: RevisionFile.objects.select_related("revision__document_set"),
    default_sort="-id",
    searchable=False,
    detail_template="documents/revisionfile_detail.html",
))

usage_rights = register(Resource(
    model=UsageRight,
    slug="usage-rights",
    columns=[Column("document_set.code", label=_("Document set"), link=True,
                    sort="document_set__code"),
             Column("enterprise.name", label=_("Enterprise"), sort="enterprise__name"),
             Column("purpose"), Column("valid_from"), Column("valid_to"),
             Column("decision_number"), Column("status")],
    detail_fields=["document_set", "enterprise", "purpose", "valid_from", "valid_to",
                   "decision_number", "status", "revoked_at", "revoke_reason"],
    export_fields=["document_set.code", "enterprise.code", "purpose", "valid_from",
                   "valid_to", "decision_number", "status"],
    api_fields=["id", "document_set_id", "enterprise_id", "purpose", "valid_from",
                "valid_to", "decision_number", "status"],
    filterset=UsageRightFilter,
    form=UsageRightForm,
    update_form=UsageRightChangeForm,
    create=services.grant_usage_right,
    update=services.update_usage_right,
    searchable=False,
    default_sort="-valid_from",
    editable=lambda obj: obj.status != RightStatus.REVOKED,
    detail_template="documents/usageright_detail.html",
    actions=RIGHT_ACTIONS,
))

copy_register = register(Resource(
    model=DocumentCopy,
    slug="copies",
    columns=[Column("at", link=True), Column("file.original_name", label=_("File"),
                                             sort="file__original_name"),
             Column("number"), Column("action"), Column("user.username", label=_("User"),
                                                        sort="user__username"),
             Column("address")],
    api_fields=["id", "file_id", "number", "action", "user_id", "at", "address"],
    base_queryset=lambda: DocumentCopy.objects.select_related("file", "user"),
    view_permission="documents.read_copy_register",
    searchable=False,
    default_sort="-at",
))
