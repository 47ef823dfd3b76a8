"""A Top secret user who lost their phone (and their recovery codes) gets back in: a user
administrator of their unit or above, cleared as high, resets the second factor for a reason
the audit log keeps; the old codes die, the user enrols again at their next log-in and is told
by a notice only they read. An administrator of another unit, or cleared lower, cannot."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cnqp.core import notifications as notices
from cnqp.core import services
from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry, RecoveryCode, User
from cnqp.core.tests.test_second_factor import (
    CODE_PAGE,
    ENROL_PAGE,
    browser,
    current_code,
    password_step,
)

RESET = "core:users-reset_second_factor"


@pytest.fixture
def lost(org: Any, make_user: Any) -> User:
    """A Top secret user of a user unit, enrolled, with recovery codes."""
    user = make_user(["user_unit_staff"], org.user_unit, Classification.TOP_SECRET,
                     username="matdienthoai")
    services.start_totp_enrolment(user)
    services.confirm_totp_enrolment(user, current_code(user))
    user.refresh_from_db()
    return user


@pytest.fixture
def security_admin(org: Any, make_user: Any) -> User:
    return make_user(["admin"], org.root, Classification.TOP_SECRET, username="antoan")


def test_the_security_admin_resets_and_the_user_enrols_again(lost, security_admin, make_user,
                                                             org):
    assert RecoveryCode.objects.filter(user=lost).count() == 10
    services.reset_second_factor(security_admin, lost, reason="Mất điện thoại")
    lost.refresh_from_db()
    assert not lost.totp_enabled and not lost.totp_secret
    assert not RecoveryCode.objects.filter(user=lost).exists()
    entry = AuditEntry.objects.filter(object_type="core.user",
                                      object_id=str(lost.pk)).latest("id")
    assert entry.actor == security_admin
    assert entry.changes["second_factor_reset"] == [None, "Mất điện thoại"]
    assert entry.changes["recovery_codes_left"] == [10, 0]
    # told by a notice of their own, which a colleague does not read
    [notice] = notices.unread(lost)
    assert notice.recipient == lost and "Mất điện thoại" in notice.text
    colleague = make_user(["user_unit_staff"], org.user_unit, Classification.TOP_SECRET)
    assert not notices.visible_notifications(colleague).filter(pk=notice.pk).exists()
    # at the next log-in: no code asked (the old app is gone), enrolment first
    client = browser()
    response = password_step(client, lost.username)
    assert response.status_code == 302 and response["Location"] != CODE_PAGE
    assert client.get(reverse("core:home"))["Location"] == ENROL_PAGE


@pytest.mark.parametrize("who", ["admin_of_another_unit", "admin_cleared_lower", "clerk",
                                 "themselves"])
def test_who_may_not_reset(lost, org, make_user, who, client_for):
    actor = {
        "admin_of_another_unit": lambda: make_user(["admin"], org.enterprise_a,
                                                   Classification.TOP_SECRET),
        "admin_cleared_lower": lambda: make_user(["admin"], org.root, Classification.SECRET),
        "clerk": lambda: make_user(["department_staff"], org.root, Classification.TOP_SECRET),
        "themselves": lambda: lost,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(actor, lost, reason="Mất điện thoại")
    lost.refresh_from_db()
    assert lost.totp_enabled and RecoveryCode.objects.filter(user=lost).count() == 10
    if who == "themselves":
        return
    client = client_for(actor)
    detail = client.get(reverse("core:users-detail", args=[lost.pk]))
    assert reverse(RESET, args=[lost.pk]) not in detail.content.decode()
    answer = client.post(reverse(RESET, args=[lost.pk]), {"reason": "x"})
    assert answer.status_code in (403, 404)
    lost.refresh_from_db()
    assert lost.totp_enabled


def test_a_reason_is_required(lost, security_admin):
    with pytest.raises(ValidationError) as error:
        services.reset_second_factor(security_admin, lost, reason="   ")
    assert "reason" in error.value.message_dict


def test_the_button_asks_before_it_resets(lost, security_admin, client_for):
    client = client_for(security_admin)
    html = client.get(reverse("core:users-detail", args=[lost.pk])).content.decode()
    url = reverse(RESET, args=[lost.pk])
    assert f'action="{url}" data-confirm=' in html and 'name="reason"' in html
    response = client.post(url, {"reason": "Mất điện thoại"})
    assert response.status_code == 302
    lost.refresh_from_db()
    assert not lost.totp_enabled
    page = client.get(reverse("core:users-detail", args=[lost.pk])).content.decode()
    assert url not in page  # nothing left to reset
