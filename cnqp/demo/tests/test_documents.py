"""The demo's technical documents: a realistic catalogue, revision histories that obey the
lifecycle, rights in every state, need to know that shows, an intact audit chain (the same
data every time: test_determinism.py). On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import pairwise

from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.audit.chain import verify_chain
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.models import AuditEntry
from cnqp.documents.choices import (
    DocumentKind,
    ProductGroup,
    Purpose,
    RevisionStatus,
    RightStatus,
)
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight
from cnqp.documents.report import document_figures, render_section
from cnqp.documents.selectors import expiring_rights

ISSUED = (RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED)


def test_the_catalogue_has_the_91_defense_product_types_and_some_others(users):
    types = ProductType.objects.prefetch_related("producers")
    groups = defaultdict(int)
    for product_type in types:
        groups[product_type.group] += 1
        producers = list(product_type.producers.all())
        assert 1 <= len(producers) <= 3, product_type.code
        assert {u.kind for u in producers} <= {OrgUnitKind.ENTERPRISE, OrgUnitKind.INSTITUTE}
    assert groups[ProductGroup.DEFENSE] == 91
    assert groups[ProductGroup.DUAL_USE] >= 3 and groups[ProductGroup.ECONOMIC] >= 3
    assert 91 < sum(groups.values()) <= 100
    names = list(types.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    for word in ("Súng tiểu liên", "Đạn cối", "Đạn pháo", "Lựu đạn", "Thuốc phóng", "Tàu",
                 "Kính ngắm", "Máy thông tin", "Sửa chữa lớn xe tăng"):
        assert any(word in name for name in names), word


def test_sets_of_every_kind_and_classification(users):
    sets = DocumentSet.objects.all()
    products = ProductType.objects.count()
    with_design = sets.filter(kind=DocumentKind.DESIGN).values("product_type").distinct()
    with_technology = sets.filter(kind=DocumentKind.TECHNOLOGY).values(
        "product_type").distinct()
    assert with_design.count() >= 0.75 * products
    assert with_technology.count() >= 0.4 * products
    assert sets.filter(kind=DocumentKind.SPECIFICATION).exists()

    levels = {level: sets.filter(classification=level).count() for level in Classification}
    assert all(levels.values()), levels
    assert levels[Classification.UNCLASSIFIED] + levels[Classification.CONFIDENTIAL] > \
        sets.count() / 2
    assert levels[Classification.TOP_SECRET] < levels[Classification.SECRET]

    owners = set(sets.values_list("owner_unit__code", flat=True))
    assert "QLCN" in owners and "Z111" in owners
    for document_set in sets.select_related("owner_unit", "product_type").prefetch_related(
            "product_type__producers"):
        assert document_set.owner_unit.code == "QLCN" or document_set.owner_unit in \
            document_set.product_type.producers.all(), document_set.code


def test_revision_histories_follow_the_lifecycle(users):
    today = timezone.localdate()
    by_set = defaultdict(list)
    for revision in Revision.objects.select_related("document_set").order_by("number"):
        by_set[revision.document_set.code].append(revision)
    assert len(by_set) == DocumentSet.objects.count()
    in_progress = never_issued = 0
    for code, revisions in by_set.items():
        assert [r.number for r in revisions] == list(range(1, len(revisions) + 1)), code
        assert 1 <= len(revisions) <= 4, code
        issued = [r for r in revisions if r.status in ISSUED]
        current = [r for r in revisions if r.status == RevisionStatus.ISSUED]
        if issued:
            assert len(current) == 1 and current[0] == issued[-1], code
        else:
            never_issued += 1
        dates = [r.issue_date for r in issued]
        assert dates == sorted(dates), code
        assert all(dt.date(2019, 1, 1) <= d <= min(dt.date(2025, 12, 31), today)
                   for d in dates), code
        for older, newer in pairwise(issued):
            assert older.status == RevisionStatus.SUPERSEDED
            assert older.superseded_by_id == newer.pk
        for revision in issued:
            assert re.fullmatch(r"\d+/QĐ-TCCNQP", revision.decision_number), code
            assert revision.approver_id and revision.approver_id != revision.author_id
        open_ = [r for r in revisions if r.status not in ISSUED]
        assert len(open_) <= 1 and (not open_ or open_[0] == revisions[-1]), code
        in_progress += bool(open_)
    statuses = set(Revision.objects.values_list("status", flat=True))
    assert {RevisionStatus.DRAFT, RevisionStatus.SUBMITTED} <= statuses
    assert in_progress >= 10 and never_issued >= 3
    years = {d.year for d in Revision.objects.exclude(issue_date=None).values_list(
        "issue_date", flat=True)}
    assert years == set(range(2019, 2026))


def test_usage_rights_in_every_state(users):
    today = timezone.localdate()
    rights = UsageRight.objects.select_related("document_set__product_type", "enterprise")
    assert rights.count() >= 80
    for right in rights:
        assert right.enterprise in right.document_set.product_type.producers.all()
        first = right.document_set.revisions.filter(status__in=ISSUED).order_by(
            "issue_date").values_list("issue_date", flat=True).first()
        assert first is not None and right.valid_from >= first, right
        assert re.fullmatch(r"\d+/QĐ-TCCNQP", right.decision_number)
    assert {Purpose.PRODUCTION, Purpose.REPAIR} <= set(rights.values_list("purpose", flat=True))
    assert rights.filter(valid_to__lt=today).count() >= 5  # expired
    assert rights.filter(valid_to=None).exists()  # without end
    revoked = rights.filter(status=RightStatus.REVOKED)
    assert revoked.count() >= 3 and all(r.revoke_reason and r.revoked_at for r in revoked)
    expiring = list(expiring_rights(users["admin"]))
    assert len(expiring) >= 3 and all(r.expires_soon for r in expiring)


def test_need_to_know_shows_for_the_enterprise_users(users):
    today = timezone.localdate()
    z111, z113 = users["z111"], users["z113"]
    assert z111.clearance == z113.clearance == Classification.CONFIDENTIAL
    seen = scope_queryset(DocumentSet.objects.all(), z111)
    own_classified = seen.filter(owner_unit__code="Z111",
                                 classification=Classification.CONFIDENTIAL)
    via_rights = seen.exclude(owner_unit__code="Z111").filter(
        classification=Classification.CONFIDENTIAL)
    assert own_classified.count() >= 3
    assert via_rights.count() >= 3
    for document_set in via_rights:
        assert any(r.enterprise.code == "Z111" and r.is_valid_on(today)
                   for r in document_set.usage_rights.all())

    z111_sets = DocumentSet.objects.filter(owner_unit__code="Z111")
    within_clearance = z111_sets.filter(classification__lte=z113.clearance)
    seen_by_z113 = scope_queryset(z111_sets, z113)
    hidden = within_clearance.exclude(pk__in=seen_by_z113.values("pk"))
    assert hidden.count() >= 2
    for document_set in seen_by_z113:
        assert any(r.enterprise.code == "Z113" and r.is_valid_on(today)
                   for r in document_set.usage_rights.all())
    # Tuyệt mật sets are for the Tuyệt mật clearance only.
    top = DocumentSet.objects.filter(classification=Classification.TOP_SECRET)
    assert not scope_queryset(top, users["admin"]).exists()
    assert scope_queryset(top, users["thutruong"]).count() == top.count()


def test_every_write_is_audited_and_the_chain_holds(users):
    checked, problems = verify_chain()
    assert problems == []
    assert checked == AuditEntry.objects.count()
    created = AuditEntry.objects.filter(action="create")
    for model in (ProductType, DocumentSet, Revision, UsageRight):
        label = model._meta.label_lower
        assert created.filter(object_type=label).count() == model.objects.count(), label
    actors = set(AuditEntry.objects.filter(object_type="documents.revision").values_list(
        "actor_name", flat=True))
    assert {"qlcn", "admin", "z111"} <= actors


def test_the_demo_feeds_the_report_section(users):
    figures = document_figures(users["admin"], dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert figures.first_issued > 0 and figures.design_amended_or_reissued > 0
    assert figures.rights_granted > 0
    section = render_section(figures, 2022)
    assert section.paragraphs and len(section.tables) == 2
    # A user of an enterprise counts less than the directorate.
    mine = document_figures(users["z111"], dt.date(2019, 1, 1), dt.date(2025, 12, 31))
    everything = document_figures(users["admin"], dt.date(2019, 1, 1), dt.date(2025, 12, 31))
    assert 0 < mine.first_issued < everything.first_issued
