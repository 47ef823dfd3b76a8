"""Recovery codes of the second factor: made when it is turned on, each accepted once in place
of the app's code, kept only as HMACs, replaced as a set, gone with the factor; wrong ones
count towards the lockout like wrong app codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cnqp.core import services
from cnqp.core.accounts import recovery
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, LoginFailure, RecoveryCode, User
from cnqp.core.tests.test_second_factor import (
    CODE_PAGE,
    ENROL_PAGE,
    browser,
    current_code,
    password_step,
    signed_in,
)

RECOVERY_PAGE = f"{CODE_PAGE}?recovery=1"


@pytest.fixture
def staff(org: Any, make_user: Any) -> User:
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET,
                     username="nguyenvana")


@pytest.fixture
def enrolled(staff: User) -> tuple[User, list[str]]:
    services.start_totp_enrolment(staff)
    codes = services.confirm_totp_enrolment(staff, current_code(staff))
    staff.refresh_from_db()
    return staff, codes


def unused(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# --- the codes ----------------------------------------------------------------------------


def test_enrolment_makes_ten_distinct_codes_of_fifty_bits(enrolled: tuple[User, list[str]]) -> None:
    user, codes = enrolled
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        assert len(code) == 11 and code[5] == "-"
        assert set(code.replace("-", "")) <= set(recovery.ALPHABET)  # 10 x 5 bits
    assert unused(user) == 10


def test_codes_are_not_stored_nor_audited_in_clear(enrolled: tuple[User, list[str]]) -> None:
    user, codes = enrolled
    services.use_recovery_code(user, codes[0])
    codes += services.generate_recovery_codes(user, user)
    stored = " ".join(str(row) for row in RecoveryCode.objects.values_list())
    logged = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.all())
    for code in codes:
        for form in (code, code.replace("-", ""), code.lower()):
            assert form not in stored
            assert form not in logged
    # what is stored is the keyed hash, bound to the user
    assert RecoveryCode.objects.filter(
        user=user, code_hash=recovery.digest_of(user.pk, codes[-1])).exists()
    assert recovery.digest_of(user.pk, codes[-1]) != recovery.digest_of(user.pk + 1, codes[-1])


def test_a_code_works_once(enrolled: tuple[User, list[str]]) -> None:
    user, codes = enrolled
    assert services.use_recovery_code(user, codes[3])
    assert not services.use_recovery_code(user, codes[3])
    assert unused(user) == 9
    entry = AuditEntry.objects.filter(object_id=str(user.pk)).first()
    assert entry is not None and entry.actor_id == user.pk
    assert entry.changes == {"recovery_code": ["", "used"], "recovery_codes_left": [10, 9]}


def test_input_is_normalised(enrolled: tuple[User, list[str]]) -> None:
    user, codes = enrolled
    assert services.use_recovery_code(user, f"  {codes[0].lower()} ")
    assert services.use_recovery_code(user, codes[1].replace("-", ""))
    assert services.use_recovery_code(user, codes[2].replace("-", " ").lower())
    assert not services.use_recovery_code(user, "")
    assert not services.use_recovery_code(user, "123456")


def test_another_users_code_fails(enrolled: tuple[User, list[str]], org: Any,
                                  make_user: Any) -> None:
    user, codes = enrolled
    other = make_user(["enterprise_staff"], org.enterprise_a, username="tranthib")
    services.start_totp_enrolment(other)
    services.confirm_totp_enrolment(other, current_code(other))
    other.refresh_from_db()
    assert not services.use_recovery_code(other, codes[0])
    assert unused(user) == 10


def test_a_new_set_replaces_the_old(enrolled: tuple[User, list[str]]) -> None:
    user, old = enrolled
    services.use_recovery_code(user, old[0])

    new = services.generate_recovery_codes(user, user)

    assert not set(new) & set(old)
    assert RecoveryCode.objects.filter(user=user).count() == unused(user) == 10
    assert not any(services.use_recovery_code(user, code) for code in old)
    assert services.use_recovery_code(user, new[0])
    entry = AuditEntry.objects.filter(object_id=str(user.pk),
                                      changes__has_key="recovery_codes_left").first()
    assert entry is not None


def test_a_new_set_is_only_for_oneself_and_with_the_factor_on(
        enrolled: tuple[User, list[str]], staff: User, admin_user: User) -> None:
    user, _codes = enrolled
    with pytest.raises(ValidationError):
        services.generate_recovery_codes(admin_user, user)
    services.disable_totp(user, user)
    with pytest.raises(ValidationError):
        services.generate_recovery_codes(user, user)


def test_turning_the_factor_off_deletes_the_codes(enrolled: tuple[User, list[str]]) -> None:
    user, codes = enrolled
    services.disable_totp(user, user)
    assert not RecoveryCode.objects.filter(user=user).exists()
    services.start_totp_enrolment(user)
    new = services.confirm_totp_enrolment(user, current_code(user))
    user.refresh_from_db()
    assert not services.use_recovery_code(user, codes[0])
    assert services.use_recovery_code(user, new[0])


def test_marking_a_code_used_is_a_compare_and_set(enrolled: tuple[User, list[str]]) -> None:
    """Two requests racing with one code: the mark is one UPDATE ... WHERE used_at IS NULL,
    so the second finds the row taken (as if by the first, between its read and its write)
    and fails, writing nothing."""
    user, codes = enrolled
    with CaptureQueriesContext(connection) as queries:
        assert services.use_recovery_code(user, codes[0])
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "used_at" in updates[0] and "IS NULL" in updates[0]

    # the racing request: its code was marked by the other one a moment before
    digest = recovery.digest_of(user.pk, codes[1])
    RecoveryCode.objects.filter(code_hash=digest).update(used_at=timezone.now())
    entries = AuditEntry.objects.count()
    assert not services.use_recovery_code(user, codes[1])
    assert AuditEntry.objects.count() == entries


# --- the pages --------------------------------------------------------------------------


def test_the_code_step_accepts_a_recovery_code(enrolled: tuple[User, list[str]]) -> None:
    _user, codes = enrolled
    client = browser()
    password_step(client, "nguyenvana", next="/account/")
    page = client.get(CODE_PAGE, {"next": "/account/"})
    assert "?recovery=1" in page.context["recovery_url"]

    response = client.post(RECOVERY_PAGE, {"recovery_code": codes[0].lower(),
                                           "next": "/account/"})

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/").status_code == 200
    account = client.get("/account/")
    assert account.context["recovery_codes_left"] == 9
    # the same code does not open a second session
    again = browser()
    password_step(again, "nguyenvana")
    response = again.post(RECOVERY_PAGE, {"recovery_code": codes[0]})
    assert response.status_code == 200
    assert response.context["form"]["recovery_code"].errors
    assert again.get("/")["Location"] == CODE_PAGE


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_wrong_recovery_codes_lock_the_account(enrolled: tuple[User, list[str]]) -> None:
    user, _codes = enrolled
    client = browser()
    password_step(client, "nguyenvana")
    assert client.post(RECOVERY_PAGE, {"recovery_code": "AAAAA-AAAAA"}).status_code == 200
    assert client.post(CODE_PAGE, {"code": "000000"}).status_code == 200  # both kinds count
    assert LoginFailure.objects.filter(username="nguyenvana").count() == 2
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor=user)
    assert failed.count() == 2

    response = client.post(RECOVERY_PAGE, {"recovery_code": "not a code"})

    assert response["Location"] == "/login/"
    assert not signed_in(client)
    user.refresh_from_db()
    assert user.is_locked
    # a right code does not get past a locked account either
    password_step(client, "nguyenvana")
    assert not signed_in(client)
    assert unused(user) == 10


def test_a_new_set_from_the_account_page(enrolled: tuple[User, list[str]],
                                         client_for: Any) -> None:
    user, old = enrolled
    client = client_for(user)  # a session past the second factor
    page = client.get("/account/")
    assert page.context["recovery_codes_left"] == 10
    assert 'action="/account/second-factor/recovery-codes/"' in page.content.decode()
    assert client.get("/account/second-factor/recovery-codes/").status_code == 405

    response = client.post("/account/second-factor/recovery-codes/")

    assert response.status_code == 200
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert response.context["continue_url"] == "/account/"
    assert "no-store" in response["Cache-Control"]
    assert all(code in response.content.decode() for code in new)
    assert not services.use_recovery_code(user, old[1])


def test_a_session_past_the_password_only_cannot_make_codes(
        enrolled: tuple[User, list[str]]) -> None:
    user, old = enrolled
    client = browser()
    password_step(client, "nguyenvana")
    response = client.post("/account/second-factor/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    assert services.use_recovery_code(user, old[0])  # the old set stands


def test_nothing_shows_to_another_user(enrolled: tuple[User, list[str]], org: Any,
                                       make_user: Any, client_for: Any) -> None:
    user, _codes = enrolled
    other = make_user(["enterprise_staff"], org.enterprise_a, username="tranthib")
    page = client_for(other).get("/account/")
    assert page.context["recovery_codes_left"] == 0
    assert 'id="recovery-codes-left"' not in page.content.decode()
    page = client_for(user).get("/account/")
    assert page.context["recovery_codes_left"] == 10
    expected = translation.ngettext("%(count)s unused recovery code left.",
                                    "%(count)s unused recovery codes left.", 10) % {"count": 10}
    assert expected in page.content.decode()


def test_enrolment_page_shows_the_codes_once(staff: User, client_for: Any) -> None:
    client = client_for(staff)
    client.get(ENROL_PAGE)
    response = client.post(ENROL_PAGE, {"code": current_code(staff)})
    codes = response.context["codes"]
    html = response.content.decode()
    assert all(code in html for code in codes)
    assert "data-print" in html and 'data-copy="recovery-codes"' in html
    # sending the form again (a reload) shows no codes: they are not kept anywhere
    again = client.post(ENROL_PAGE, {"code": current_code(staff)})
    assert again.context["enabled"] is True
    assert not any(code in again.content.decode() for code in codes)
