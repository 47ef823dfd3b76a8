"""Password log-in: audit, generic errors, lockout per account, throttling per address,
log-out, password hashing and the `next` redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection  # noqa: F401  (read by the skipif conditions)
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from cnqp.core import services
from cnqp.core.choices import AuditAction, AuditSource
from cnqp.core.factories import LoginFailureFactory
from cnqp.core.models import AuditEntry, LoginFailure, User

pytestmark = pytest.mark.argon2  # these tests are about the production hasher

PASSWORD = settings.CNQP_DEMO_PASSWORD
WRONG = "not-the-password-123"

WRONG_MESSAGE = "Wrong username or password."
LOCKED_MESSAGE = ("This account is locked after repeated failed log-ins. "
                  "Try again later or ask an administrator to unlock it.")
THROTTLED_MESSAGE = "Too many failed log-ins from this address. Try again in a few minutes."


def translated(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def browser(**defaults: Any) -> Client:
    return Client(enforce_csrf_checks=False, **defaults)


def post_login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post("/login/", {"username": username, "password": password, **extra})


def form_errors(response: Any) -> list[str]:
    return list(response.context["form"].non_field_errors())


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(org: Any, make_user: Any) -> User:
    return make_user(["enterprise_staff"], org.enterprise_a, username="nguyenvana")


# --- successful log-in --------------------------------------------------------------------


def test_right_password_logs_in_and_is_audited(staff: User) -> None:
    client = browser()
    response = post_login(client, "nguyenvana", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/").status_code == 200

    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor_id == staff.pk
    assert entry.actor_name == "nguyenvana"
    assert entry.object_type == "core.user"
    assert entry.object_id == str(staff.pk)
    assert entry.source == AuditSource.WEB
    assert entry.address == "127.0.0.1"
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_username_is_trimmed(staff: User) -> None:
    client = browser()
    response = post_login(client, "  nguyenvana ", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_successful_log_in_clears_earlier_failures(staff: User) -> None:
    client = browser()
    post_login(client, "nguyenvana", WRONG)
    post_login(client, "nguyenvana", WRONG)
    assert LoginFailure.objects.filter(username="nguyenvana").count() == 2

    post_login(client, "nguyenvana", PASSWORD)

    assert signed_in(client)
    assert not LoginFailure.objects.filter(username="nguyenvana").exists()


def test_inactive_user_cannot_log_in(org: Any, make_user: Any) -> None:
    make_user(["enterprise_staff"], org.enterprise_a, username="retired", is_active=False)
    client = browser()
    response = post_login(client, "retired", PASSWORD)
    assert response.status_code == 200
    assert form_errors(response) == [translated(WRONG_MESSAGE)]
    assert not signed_in(client)


# --- failed log-in: one generic error -----------------------------------------------------


def test_wrong_password_and_unknown_user_get_the_same_generic_error(staff: User) -> None:
    wrong_password = post_login(browser(), "nguyenvana", WRONG)
    unknown_user = post_login(browser(), "nobody-here", WRONG)

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert form_errors(wrong_password) == [translated(WRONG_MESSAGE)]
    assert form_errors(unknown_user) == form_errors(wrong_password)
    # Nothing else in the form tells the two apart either.
    assert not wrong_password.context["form"]["username"].errors
    assert not wrong_password.context["form"]["password"].errors
    assert translated(WRONG_MESSAGE) in wrong_password.content.decode()


def test_wrong_password_is_audited_and_counted(staff: User) -> None:
    client = browser()
    post_login(client, "nguyenvana", WRONG)

    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_id is None
    assert entry.object_type == "core.user"
    assert entry.object_repr == "nguyenvana"
    assert entry.source == AuditSource.WEB
    assert entry.address == "127.0.0.1"
    failure = LoginFailure.objects.get()
    assert (failure.username, failure.address) == ("nguyenvana", "127.0.0.1")
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_unknown_user_is_audited(db: Any) -> None:
    post_login(browser(), "ghost", WRONG)
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.object_repr == "ghost"
    assert entry.actor_id is None


def test_empty_form_is_refused_without_an_audit_entry(db: Any) -> None:
    response = browser().post("/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert AuditEntry.objects.count() == 0
    assert LoginFailure.objects.count() == 0


# --- lockout per account ------------------------------------------------------------------


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_repeated_failures_lock_the_account(staff: User, admin_user: User) -> None:
    client = browser()
    for _ in range(2):
        response = post_login(client, "nguyenvana", WRONG)
        assert form_errors(response) == [translated(WRONG_MESSAGE)]
    staff.refresh_from_db()
    assert staff.locked_until is None

    post_login(client, "nguyenvana", WRONG)  # the third failure reaches the limit

    staff.refresh_from_db()
    assert staff.locked_until is not None
    assert staff.is_locked
    window = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    assert staff.locked_until - timezone.now() <= window
    assert staff.locked_until - timezone.now() > window - dt.timedelta(minutes=1)
    lock_entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(staff.pk))
    assert lock_entry.changes["locked_until"][0] is None
    assert lock_entry.changes["locked_until"][1] == staff.locked_until.isoformat()

    # Even the right password is refused now, with the lockout message.
    response = post_login(client, "nguyenvana", PASSWORD)
    assert response.status_code == 200
    assert form_errors(response) == [translated(LOCKED_MESSAGE)]
    assert not signed_in(client)
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()
    refused = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert refused is not None
    assert refused.object_id == str(staff.pk)
    assert refused.changes == {"reason": ["", "locked"]}

    # An administrator unlocks it; the unlock is audited and the password works again.
    services.unlock_user(admin_user, staff)
    staff.refresh_from_db()
    assert staff.locked_until is None
    unlock_entry = AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                             object_id=str(staff.pk)).first()
    assert unlock_entry is not None
    assert unlock_entry.actor_id == admin_user.pk
    assert unlock_entry.changes["locked_until"][1] is None

    response = post_login(client, "nguyenvana", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_lock_is_per_account(staff: User, org: Any, make_user: Any) -> None:
    other = make_user(["enterprise_staff"], org.enterprise_a, username="tranthib")
    client = browser()
    for _ in range(3):
        post_login(client, "nguyenvana", WRONG)

    response = post_login(client, "tranthib", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
    other.refresh_from_db()
    assert other.locked_until is None


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_an_unknown_username_answers_as_an_account_would(staff: User) -> None:
    """Only existing accounts once answered "locked" after the limit, which told which
    names exist: a name with no account now answers exactly as one with an account."""
    client = browser()
    answers = {}
    for name in ("ghost", "nguyenvana"):
        answers[name] = [form_errors(post_login(client, name, WRONG)) for _ in range(5)]
    assert answers["ghost"] == answers["nguyenvana"]
    assert answers["ghost"][:3] == [[translated(WRONG_MESSAGE)]] * 3
    assert answers["ghost"][3] == [translated(LOCKED_MESSAGE)]


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_failures_older_than_the_window_do_not_count(staff: User) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 60)
    LoginFailureFactory.create_batch(2, username="nguyenvana", at=long_ago)

    post_login(browser(), "nguyenvana", WRONG)

    staff.refresh_from_db()
    assert staff.locked_until is None


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_an_expired_lock_no_longer_refuses(staff: User) -> None:
    User.objects.filter(pk=staff.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    client = browser()
    response = post_login(client, "nguyenvana", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


# --- throttling per client address --------------------------------------------------------


@override_settings(LOGIN_FAILURE_LIMIT=100, LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_address_is_throttled_across_usernames(staff: User) -> None:
    attacker = browser(REMOTE_ADDR="10.9.8.7")
    for name in ("ghost1", "ghost2", "nguyenvana"):
        response = post_login(attacker, name, WRONG)
        assert form_errors(response) == [translated(WRONG_MESSAGE)]

    # The address is throttled now: even a right password is not checked.
    response = post_login(attacker, "nguyenvana", PASSWORD)
    assert response.status_code == 200
    assert form_errors(response) == [translated(THROTTLED_MESSAGE)]
    assert not signed_in(attacker)
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()
    assert LoginFailure.objects.filter(address="10.9.8.7").count() == 3

    # No single account reached its own limit, so none is locked ...
    staff.refresh_from_db()
    assert staff.locked_until is None
    # ... and the same user from another address logs in.
    colleague = browser(REMOTE_ADDR="10.0.0.2")
    response = post_login(colleague, "nguyenvana", PASSWORD)
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(staff.pk)


@override_settings(LOGIN_FAILURE_LIMIT=100, LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_address_throttle_forgets_old_failures(staff: User) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 60)
    LoginFailureFactory.create_batch(3, username="ghost", address="10.9.8.7", at=long_ago)
    attacker = browser(REMOTE_ADDR="10.9.8.7")
    response = post_login(attacker, "nguyenvana", PASSWORD)
    assert response.status_code == 302


# --- log-out ------------------------------------------------------------------------------


def test_logout_is_post_only_and_audited(staff: User) -> None:
    client = browser()
    post_login(client, "nguyenvana", PASSWORD)
    assert signed_in(client)

    response = client.get("/logout/")
    assert response.status_code == 405
    assert signed_in(client)
    assert not AuditEntry.objects.filter(action=AuditAction.LOGOUT).exists()

    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.actor_id == staff.pk
    assert entry.object_id == str(staff.pk)
    assert entry.source == AuditSource.WEB

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_anonymous_logout_writes_nothing(db: Any) -> None:
    response = browser().post("/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.count() == 0


def test_logout_needs_csrf_token(staff: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/logout/")
    assert response.status_code == 403
    assert signed_in(client)


# --- password storage ---------------------------------------------------------------------


def test_passwords_are_stored_with_argon2(staff: User, org: Any, admin_user: User) -> None:
    assert staff.password.startswith("argon2")
    created = services.create_user(admin_user, username="lethic", full_name="Lê Thị C",
                                   org_unit=org.enterprise_a, password="Mat-khau-rat-dai-42")
    created.refresh_from_db()
    assert created.password.startswith("argon2")
    assert "Mat-khau-rat-dai-42" not in created.password
    services.set_user_password(admin_user, created, "Mat-khau-moi-rat-dai-43")
    created.refresh_from_db()
    assert created.password.startswith("argon2")


def test_older_hash_is_upgraded_to_argon2_at_log_in(staff: User) -> None:
    User.objects.filter(pk=staff.pk).update(password=make_password(PASSWORD,
                                                                   hasher="pbkdf2_sha256"))
    client = browser()
    response = post_login(client, "nguyenvana", PASSWORD)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.password.startswith("argon2")


def test_password_is_never_audited(staff: User, admin_user: User) -> None:
    services.set_user_password(admin_user, staff, "Mat-khau-moi-rat-dai-43")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(staff.pk))
    assert entry.changes == {"password": ["***", "***"]}
    assert "argon2" not in str(entry.changes)


# --- the `next` redirect ------------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "https://evil.example",
    "https://evil.example/login/",
    "//evil.example/",
    "http://evil.example@testserver.evil.example/",
    "javascript:alert(1)",
])
def test_open_redirect_is_refused(staff: User, target: str) -> None:
    client = browser()
    response = post_login(client, "nguyenvana", PASSWORD, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client)


def test_next_from_query_string_is_checked_too(staff: User) -> None:
    client = browser()
    response = client.post("/login/?next=https://evil.example",
                           {"username": "nguyenvana", "password": PASSWORD})
    assert response["Location"] == "/"

    page = browser().get("/login/?next=https://evil.example")
    assert page.status_code == 200
    assert page.context["next"] == "/"
    assert "evil.example" not in page.content.decode()


def test_local_next_is_followed(staff: User) -> None:
    client = browser()
    response = post_login(client, "nguyenvana", PASSWORD, next="/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_login_page_keeps_local_next(db: Any) -> None:
    page = browser().get("/login/?next=/account/")
    assert page.status_code == 200
    assert page.context["next"] == "/account/"


def test_the_session_user_comes_with_their_unit(org: Any, make_user: Any,
                                                django_assert_num_queries: Any) -> None:
    """Every scoped read needs the user's unit path: loaded with the user, not apart."""
    from cnqp.core.accounts.backend import RoleBackend

    user = make_user(["enterprise_staff"], org.enterprise_a)
    with django_assert_num_queries(1):
        loaded = RoleBackend().get_user(user.pk)
        assert loaded is not None and loaded.org_unit.path == org.enterprise_a.path
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert RoleBackend().get_user(user.pk) is None
    assert RoleBackend().get_user(10**9) is None


@pytest.mark.skipif("connection.vendor != 'postgresql'")  # SQLite writers queue at BEGIN
def test_attempts_on_one_name_take_turns(staff: User, monkeypatch: Any) -> None:
    """30 parallel guesses once got 16-20 password checks past a limit of 5: the count and
    the check ran apart. The check now runs holding the name's lock, so a parallel attempt
    waits and then counts the failures before it."""
    import zlib

    from cnqp.core.accounts import login
    from cnqp.core.tests.test_locks import _free_elsewhere

    held: list[bool] = []
    real = login.authenticate

    def checking(*args: Any, **kwargs: Any) -> Any:
        held.append(not _free_elsewhere(zlib.crc32(b"log-in:nguyenvana")))
        return real(*args, **kwargs)

    monkeypatch.setattr(login, "authenticate", checking)
    post_login(browser(), "nguyenvana", WRONG)
    assert held == [True]
