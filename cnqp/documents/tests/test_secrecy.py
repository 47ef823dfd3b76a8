"""Need to know: besides clearance, a user must belong to the owning unit or to an enterprise
holding a right in force (directorate roles excepted). Checked through every channel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.documents.choices import RightStatus
from cnqp.documents.factories import (
    DocumentSetFactory,
    RevisionFactory,
    RevisionFileFactory,
    UsageRightFactory,
)
from cnqp.documents.resources import document_sets, revision_files, revisions


@pytest.fixture
def secret_set(org):
    return DocumentSetFactory(code="TLTK-K54", title="Bộ TLTK súng ngắn K54",
                              owner_unit=org.enterprise_a, classification=Classification.SECRET)


@pytest.fixture
def outsider(org, make_user):
    """Enterprise B, high clearance, but no right on A's set."""
    return make_user(["enterprise_staff"], org.enterprise_b, Classification.TOP_SECRET,
                     username="z113")


def sees(client, user, document_set) -> dict[str, bool]:
    """Whether the set exists for the user in each channel."""
    listing = client.get("/documents/sets/", {"per_page": 100})
    found = client.get("/documents/sets/", {"q": "k54"})
    api = client.get("/api/documents/sets", {"q": "k54"}).json()
    return {
        "selector": document_sets.queryset(user).filter(pk=document_set.pk).exists(),
        "list": f"/documents/sets/{document_set.pk}/" in listing.content.decode(),
        "count": found.context["page"].paginator.count == 1,
        "detail": client.get(f"/documents/sets/{document_set.pk}/").status_code == 200,
        "api_list": api["count"] == 1,
        "api_detail": client.get(f"/api/documents/sets/{document_set.pk}").status_code == 200,
    }


def test_a_right_in_force_opens_the_set_to_the_holder(org, outsider, secret_set, client_for):
    client = client_for(outsider)
    assert not any(sees(client, outsider, secret_set).values())
    UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b)
    assert all(sees(client, outsider, secret_set).values())


@pytest.mark.parametrize("right", [
    {"valid_to": dt.date(2020, 12, 31), "valid_from": dt.date(2020, 1, 1)},  # expired
    {"valid_from": dt.date(2099, 1, 1), "valid_to": None},  # not yet
    {"status": RightStatus.REVOKED},
])
def test_a_right_not_in_force_opens_nothing(org, outsider, secret_set, client_for, right):
    UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b, **right)
    assert not any(sees(client_for(outsider), outsider, secret_set).values())


def test_a_right_never_lifts_the_clearance_cap(org, make_user, secret_set, client_for):
    low = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)
    UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b)
    assert not any(sees(client_for(low), low, secret_set).values())


def test_the_owning_unit_sees_its_set_but_not_a_unit_below_it(org, make_user, secret_set,
                                                               client_for):
    """The scope is a unit and its descendants: the factory sees its own sets and its
    workshops' records; a workshop does not see what the factory above it owns."""
    factory = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    assert all(sees(client_for(factory), factory, secret_set).values())
    workshop = make_user(["enterprise_staff"], org.workshop_a1, Classification.SECRET)
    assert not any(sees(client_for(workshop), workshop, secret_set).values())
    workshop_set = DocumentSetFactory(owner_unit=org.workshop_a1,
                                      classification=Classification.SECRET)
    assert document_sets.queryset(factory).filter(pk=workshop_set.pk).exists()


def test_directorate_roles_see_within_their_clearance(org, make_user, secret_set, client_for):
    leader = make_user(["leadership"], org.root, Classification.SECRET)
    assert all(sees(client_for(leader), leader, secret_set).values())
    junior = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
    assert not any(sees(client_for(junior), junior, secret_set).values())


def test_revisions_and_files_follow_their_set(org, outsider, secret_set, client_for):
    revision = RevisionFactory(document_set=secret_set)
    stored = RevisionFileFactory(revision=revision)
    client = client_for(outsider)
    assert not revisions.queryset(outsider).filter(pk=revision.pk).exists()
    assert not revision_files.queryset(outsider).filter(pk=stored.pk).exists()
    assert client.get(f"/documents/revisions/{revision.pk}/").status_code == 404
    assert client.get(f"/api/documents/files/{stored.pk}").status_code == 404
    assert client.post(f"/documents/revisions/{revision.pk}/submit/").status_code == 404
    UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b)
    assert client.get(f"/documents/revisions/{revision.pk}/").status_code == 200
    assert revision_files.queryset(outsider).filter(pk=stored.pk).exists()


def test_each_view_of_a_classified_set_is_audited(org, make_user, secret_set, client_for):
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    client = client_for(owner)
    client.get(f"/documents/sets/{secret_set.pk}/")
    client.get(f"/api/documents/sets/{secret_set.pk}")
    views = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="documents.documentset",
                                      object_id=str(secret_set.pk), actor=owner)
    assert views.count() == 2
    assert set(views.values_list("source", flat=True)) == {"web", "api"}
    assert all(v == Classification.SECRET for v in views.values_list("classification",
                                                                      flat=True))


def test_nobody_files_a_set_above_their_clearance(org, make_user, client_for):
    user = make_user(["department_staff"], org.department, Classification.CONFIDENTIAL)
    form = client_for(user).get("/documents/sets/new/").context["form"]
    offered = [int(v) for v, _label in form.fields["classification"].choices if v != ""]
    assert offered == [Classification.UNCLASSIFIED, Classification.CONFIDENTIAL]


def test_expiring_rights_are_flagged(org, secret_set, make_user, client_for):
    today = timezone.localdate()
    soon = UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b,
                             valid_to=today + dt.timedelta(days=10))
    later = UsageRightFactory(document_set=secret_set, enterprise=org.enterprise_b,
                              valid_to=today + dt.timedelta(days=90))
    assert soon.expires_soon and not later.expires_soon
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    page = client_for(owner).get("/documents/usage-rights/", {"expiring": "true"})
    shown = [obj.pk for obj, _cells in page.context["rows"]]
    assert shown == [soon.pk]


def test_the_timeline_shows_which_files_each_revision_changed(org, make_user, secret_set,
                                                              client_for):
    from cnqp.documents.choices import RevisionStatus

    first = RevisionFactory(document_set=secret_set, number=1, status=RevisionStatus.SUPERSEDED)
    second = RevisionFactory(document_set=secret_set, number=2, status=RevisionStatus.ISSUED)
    RevisionFileFactory(revision=first, original_name="ban-ve-A.pdf")
    RevisionFileFactory(revision=first, original_name="thuyet-minh.pdf")
    RevisionFileFactory(revision=second, original_name="ban-ve-B.pdf")
    RevisionFileFactory(revision=second, original_name="thuyet-minh.pdf")
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    page = client_for(owner).get(f"/documents/sets/{secret_set.pk}/")
    timeline = {r.number: (r.files_added, r.files_removed) for r in page.context["revisions"]}
    assert timeline == {1: (["ban-ve-A.pdf", "thuyet-minh.pdf"], []),
                        2: (["ban-ve-B.pdf"], ["ban-ve-A.pdf"])}
    assert [r.number for r in page.context["revisions"]] == [2, 1]


def test_records_inherit_their_sets_level_in_markings_and_audit(org, make_user, secret_set,
                                                                client_for):
    """Revisions, files and copies carry no level of their own: the scope path gives it, for
    the marking on every page and the level of every audit entry."""
    from cnqp.core.access.scoping import classification_of
    from cnqp.documents.factories import DocumentCopyFactory

    revision = RevisionFactory(document_set=secret_set)
    stored = RevisionFileFactory(revision=revision)
    copy = DocumentCopyFactory(file=stored)
    assert {classification_of(r) for r in (revision, stored, copy)} == {Classification.SECRET}
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    client = client_for(owner)
    page = client.get(f"/documents/revisions/{revision.pk}/").content.decode()
    assert '<div class="marking-banner">Tối mật</div>' in page
    listing = client.get("/documents/revisions/").content.decode()
    assert 'class="badge marking marking-2"' in listing
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW,
                                      object_type="documents.revision").latest("id")
    assert entry.classification == Classification.SECRET


def test_new_revision_from_a_set_starts_with_that_set(org, make_user, secret_set, client_for):
    owner = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    form = client_for(owner).get("/documents/revisions/new/",
                                 {"document_set": secret_set.pk, "status": "issued"}
                                 ).context["form"]
    assert form.initial == {"document_set": str(secret_set.pk)}
