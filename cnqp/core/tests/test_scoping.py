"""The scoping rule itself, on core models: unit subtree, directorate-wide roles, clearance,
the extra (need-to-know) rule, and the 404 for what is out of scope."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.http import Http404

from cnqp.core.access.scoping import Scope, get_visible_or_404, scope_queryset, visibility_q
from cnqp.core.choices import Classification
from cnqp.core.factories import AuditEntryFactory, UserFactory
from cnqp.core.models import AuditEntry, User


def test_unit_staff_see_their_unit_and_its_descendants_only(org, make_user):
    viewer = make_user(["enterprise_staff"], org.enterprise_a)
    in_workshop = UserFactory(org_unit=org.workshop_a1)
    in_other = UserFactory(org_unit=org.enterprise_b)
    seen = set(scope_queryset(User.objects.all(), viewer))
    assert viewer in seen
    assert in_workshop in seen
    assert in_other not in seen


def test_directorate_wide_roles_see_every_unit(org, make_user):
    leader = make_user(["leadership"], org.root)
    other = UserFactory(org_unit=org.enterprise_b)
    assert other in scope_queryset(User.objects.all(), leader)


def test_sibling_codes_sharing_a_prefix_do_not_leak(org, make_user):
    """Paths end with "/", so unit Z11 never matches Z111's subtree."""
    from cnqp.core.factories import OrgUnitFactory

    short = OrgUnitFactory(code="Z11", parent=org.root)
    viewer = make_user(["enterprise_staff"], short)
    assert UserFactory(org_unit=org.enterprise_a) not in scope_queryset(User.objects.all(), viewer)


@pytest.mark.parametrize("clearance", list(Classification))
def test_clearance_caps_what_is_seen(org, make_user, clearance):
    viewer = make_user(["auditor"], org.root, clearance)
    entries = {level: AuditEntryFactory(classification=level) for level in Classification}
    seen = set(scope_queryset(AuditEntry.objects.all(), viewer))
    for level, entry in entries.items():
        assert (entry in seen) == (level <= clearance)


def test_out_of_scope_record_is_404_not_403(org, make_user):
    viewer = make_user(["auditor"], org.root, Classification.CONFIDENTIAL)
    secret = AuditEntryFactory(classification=Classification.SECRET)
    with pytest.raises(Http404):
        get_visible_or_404(AuditEntry.objects.all(), viewer, pk=secret.pk)
    with pytest.raises(Http404):
        get_visible_or_404(AuditEntry.objects.all(), viewer, pk="not-a-number")


def test_inactive_and_anonymous_users_see_nothing(org, make_user):
    from django.contrib.auth.models import AnonymousUser

    viewer = make_user(["leadership"], org.root, is_active=False)
    assert visibility_q(User, viewer) is None
    assert visibility_q(User, AnonymousUser()) is None
    assert not scope_queryset(User.objects.all(), viewer).exists()


def test_extra_rule_grants_beyond_the_unit_but_never_beyond_clearance(org, make_user,
                                                                       monkeypatch):
    """The need-to-know hook: OR-ed with the unit rule, AND-ed with clearance."""
    granted = UserFactory(org_unit=org.enterprise_b, username="granted")
    monkeypatch.setattr(User, "scope", Scope(unit="org_unit", classification="clearance",
                                             extra=lambda u: Q(username="granted")))
    viewer = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    assert granted in scope_queryset(User.objects.all(), viewer)
    granted.clearance = Classification.SECRET
    granted.save()
    assert granted not in scope_queryset(User.objects.all(), viewer)
