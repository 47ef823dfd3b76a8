"""The second factor (TOTP): enrolment, the code step after the password, the obligation for
Top secret clearance, and the API's session authentication."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from cnqp.core import services
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, LoginFailure, RecoveryCode, User

PASSWORD = settings.CNQP_DEMO_PASSWORD
CODE_PAGE = "/login/code/"
ENROL_PAGE = "/account/second-factor/"


def browser() -> Client:
    return Client(enforce_csrf_checks=False)


def password_step(client: Client, username: str, **extra: Any) -> Any:
    return client.post("/login/", {"username": username, "password": PASSWORD, **extra})


def current_code(user: User) -> str:
    """A code the server will accept now: each time step is accepted once (no replay), so
    this takes the next unused step in the window, and when a test has used them all it lets
    time pass by forgetting the last used step."""
    user.refresh_from_db()
    totp = pyotp.TOTP(user.totp_secret)
    now_step = int(time.time()) // totp.interval
    step = now_step - 1 if user.totp_last_step is None else max(now_step - 1,
                                                                 user.totp_last_step + 1)
    if step > now_step + 1:
        User.objects.filter(pk=user.pk).update(totp_last_step=None)
        step = now_step
    return totp.at(step * totp.interval)


def wrong_code(user: User) -> str:
    """A code that is surely not accepted now (nor in the neighbouring time steps)."""
    user.refresh_from_db()
    totp = pyotp.TOTP(user.totp_secret)
    now = time.time()
    near = {totp.at(now + step * totp.interval) for step in range(-2, 3)}
    return next(c for c in (str(d) * 6 for d in range(10)) if c not in near)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(org: Any, make_user: Any) -> User:
    return make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET,
                     username="nguyenvana")


@pytest.fixture
def totp_user(staff: User) -> User:
    services.start_totp_enrolment(staff)
    services.confirm_totp_enrolment(staff, current_code(staff))
    staff.refresh_from_db()
    assert staff.totp_enabled
    return staff


@pytest.fixture
def top_secret_user(org: Any, make_user: Any) -> User:
    return make_user(["department_staff"], org.department, Classification.TOP_SECRET,
                     username="tuyetmat")


# --- enrolment ----------------------------------------------------------------------------


def test_enrolment_through_the_views(staff: User, client_for: Any) -> None:
    client = client_for(staff)

    page = client.get(ENROL_PAGE)
    assert page.status_code == 200
    staff.refresh_from_db()
    assert staff.totp_secret
    assert not staff.totp_enabled
    content = page.content.decode()
    assert staff.totp_secret in content
    assert "<svg" in content  # the QR code
    assert page.context["secret"] == staff.totp_secret

    response = client.post(ENROL_PAGE, {"code": current_code(staff)})
    # The page after confirmation shows the recovery codes, once: no redirect loses them.
    assert response.status_code == 200
    assert response.templates[0].name == "core/recovery_codes.html"
    assert len(response.context["codes"]) == 10
    assert response.context["continue_url"] == "/"
    staff.refresh_from_db()
    assert staff.totp_enabled
    entry, codes_entry = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(staff.pk)).order_by("id")
    assert entry.actor_id == staff.pk
    assert entry.changes == {"totp_enabled": [False, True]}
    assert staff.totp_secret not in str(entry.changes)
    assert codes_entry.changes == {"recovery_codes_left": [0, 10]}


def test_enrolment_refuses_a_wrong_code(staff: User, client_for: Any) -> None:
    client = client_for(staff)
    client.get(ENROL_PAGE)
    staff.refresh_from_db()
    secret = staff.totp_secret

    response = client.post(ENROL_PAGE, {"code": wrong_code(staff)})

    assert response.status_code == 200
    assert response.context["form"]["code"].errors
    staff.refresh_from_db()
    assert not staff.totp_enabled
    assert staff.totp_secret == secret  # the same secret stays, to retry with
    assert not AuditEntry.objects.filter(object_id=str(staff.pk)).exists()


def test_each_enrolment_page_starts_a_new_secret(staff: User, client_for: Any) -> None:
    client = client_for(staff)
    client.get(ENROL_PAGE)
    staff.refresh_from_db()
    first = staff.totp_secret
    client.get(ENROL_PAGE)
    staff.refresh_from_db()
    assert staff.totp_secret != first
    assert not staff.totp_enabled


def test_enrolment_page_never_shows_an_active_secret(totp_user: User) -> None:
    """A session past the password only must not read the active secret (it would then
    compute codes and pass the second factor), by GET nor by POST."""
    secret = totp_user.totp_secret
    client = browser()
    password_step(client, "nguyenvana")

    for response in (client.get(ENROL_PAGE), client.post(ENROL_PAGE, {"code": "123456"})):
        assert response.status_code == 200
        assert response.context["enabled"] is True
        assert secret not in response.content.decode()
    totp_user.refresh_from_db()
    assert totp_user.totp_secret == secret
    assert totp_user.totp_enabled
    assert client.get("/").status_code == 302


# --- the code step after the password -----------------------------------------------------


def test_totp_user_must_enter_the_code(totp_user: User) -> None:
    client = browser()
    response = password_step(client, "nguyenvana")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_PAGE}?next=%2F"
    assert signed_in(client)
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=totp_user).exists()

    # Nothing opens before the code: every page leads to the code step.
    for path in ("/", "/account/", "/org-units/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == CODE_PAGE, path
    assert client.get(CODE_PAGE).status_code == 200

    session_before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(CODE_PAGE, {"code": current_code(totp_user), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    # A new session key once the second factor is passed.
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != session_before
    assert client.get("/").status_code == 200
    assert client.get("/account/").status_code == 200


def test_code_step_keeps_the_next_url(totp_user: User) -> None:
    client = browser()
    response = password_step(client, "nguyenvana", next="/account/")
    assert response["Location"] == f"{CODE_PAGE}?next=%2Faccount%2F"
    response = client.post(response["Location"], {"code": current_code(totp_user)})
    assert response["Location"] == "/account/"


def test_code_step_refuses_an_open_redirect(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    response = client.post(f"{CODE_PAGE}?next=https://evil.example",
                           {"code": current_code(totp_user), "next": "https://evil.example"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_code_is_refused_and_audited(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")

    response = client.post(CODE_PAGE, {"code": wrong_code(totp_user)})

    assert response.status_code == 200
    assert response.context["form"]["code"].errors
    assert client.get("/").status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_id == totp_user.pk
    assert entry.object_id == str(totp_user.pk)
    assert entry.changes == {"reason": ["", "second factor"]}
    assert entry.address == "127.0.0.1"


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_wrong_codes_lock_the_account(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    for _ in range(2):
        assert client.post(CODE_PAGE, {"code": wrong_code(totp_user)}).status_code == 200

    response = client.post(CODE_PAGE, {"code": wrong_code(totp_user)})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert not signed_in(client)
    totp_user.refresh_from_db()
    assert totp_user.is_locked
    response = password_step(client, "nguyenvana")
    assert response.status_code == 200
    assert not signed_in(client)


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_right_password_does_not_reset_the_count_of_wrong_codes(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    client.post(CODE_PAGE, {"code": wrong_code(totp_user)})
    client.post(CODE_PAGE, {"code": wrong_code(totp_user)})

    attacker = browser()
    password_step(attacker, "nguyenvana")
    response = attacker.post(CODE_PAGE, {"code": wrong_code(totp_user)})

    assert response.status_code == 302
    totp_user.refresh_from_db()
    assert totp_user.is_locked


def test_right_code_clears_failures(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    client.post(CODE_PAGE, {"code": wrong_code(totp_user)})
    assert LoginFailure.objects.filter(username="nguyenvana").count() == 1
    client.post(CODE_PAGE, {"code": current_code(totp_user)})
    assert not LoginFailure.objects.filter(username="nguyenvana").exists()


def test_code_step_is_skipped_without_totp(staff: User) -> None:
    client = browser()
    response = password_step(client, "nguyenvana")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get(CODE_PAGE)["Location"] == "/"


def test_code_step_needs_the_password_first(totp_user: User) -> None:
    response = browser().get(CODE_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_different_user_session_does_not_carry_the_second_factor(
    totp_user: User, org: Any, make_user: Any
) -> None:
    make_user(["enterprise_staff"], org.enterprise_a, username="tranthib")
    client = browser()
    password_step(client, "tranthib")
    assert client.get("/").status_code == 200
    password_step(client, "nguyenvana")
    assert client.get("/")["Location"] == CODE_PAGE


# --- Top secret clearance requires a second factor ----------------------------------------


def test_top_secret_user_is_forced_to_enrol(top_secret_user: User) -> None:
    client = browser()
    response = password_step(client, "tuyetmat")
    assert response.status_code == 302
    assert response["Location"] == ENROL_PAGE

    for path in ("/", "/account/", "/org-units/", "/audit/", "/users/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ENROL_PAGE, path
    # The code step has nothing to ask (no secret yet) and leads back to enrolment.
    assert client.get(CODE_PAGE, follow=True).redirect_chain[-1] == (ENROL_PAGE, 302)
    # Nor can the session switch the factor off or make tokens meanwhile.
    assert client.post("/account/second-factor/off/")["Location"] == ENROL_PAGE
    assert client.post("/account/", {"name": "x"})["Location"] == ENROL_PAGE

    assert client.get(ENROL_PAGE).status_code == 200
    response = client.post(ENROL_PAGE, {"code": current_code(top_secret_user)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    top_secret_user.refresh_from_db()
    assert top_secret_user.totp_enabled
    assert client.get("/").status_code == 200
    assert client.get("/account/").status_code == 200


def test_enrolled_top_secret_user_goes_through_the_code_step(top_secret_user: User) -> None:
    services.start_totp_enrolment(top_secret_user)
    services.confirm_totp_enrolment(top_secret_user, current_code(top_secret_user))
    client = browser()
    response = password_step(client, "tuyetmat")
    assert response["Location"].startswith(CODE_PAGE)
    assert client.get("/")["Location"] == CODE_PAGE
    client.post(CODE_PAGE, {"code": current_code(top_secret_user)})
    assert client.get("/").status_code == 200


def test_logout_stays_open_before_the_second_factor(top_secret_user: User) -> None:
    client = browser()
    password_step(client, "tuyetmat")
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert not signed_in(client)


def test_disable_totp_is_refused_for_top_secret(top_secret_user: User) -> None:
    services.start_totp_enrolment(top_secret_user)
    services.confirm_totp_enrolment(top_secret_user, current_code(top_secret_user))
    entries = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        services.disable_totp(top_secret_user, top_secret_user)

    top_secret_user.refresh_from_db()
    assert top_secret_user.totp_enabled
    assert top_secret_user.totp_secret
    assert AuditEntry.objects.count() == entries


def test_disable_view_is_refused_for_top_secret(top_secret_user: User, client_for: Any) -> None:
    services.start_totp_enrolment(top_secret_user)
    services.confirm_totp_enrolment(top_secret_user, current_code(top_secret_user))
    client = client_for(top_secret_user)
    assert client.get("/account/second-factor/off/").status_code == 405

    response = client.post("/account/second-factor/off/")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    top_secret_user.refresh_from_db()
    assert top_secret_user.totp_enabled


def test_disable_totp_for_lower_clearance(totp_user: User, client_for: Any) -> None:
    client = client_for(totp_user)
    response = client.post("/account/second-factor/off/")
    assert response["Location"] == "/account/"
    totp_user.refresh_from_db()
    assert not totp_user.totp_enabled
    assert totp_user.totp_secret == ""
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                      object_id=str(totp_user.pk)).first()
    assert entry is not None
    assert entry.changes == {"totp_enabled": [True, False], "recovery_codes_left": [10, 0]}
    assert entry.actor_id == totp_user.pk
    assert not RecoveryCode.objects.filter(user=totp_user).exists()


# --- the API's session authentication -----------------------------------------------------


def test_api_refuses_a_session_before_the_code(totp_user: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")

    response = client.get("/api/core/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert client.get("/api/core/org-units").status_code == 401

    client.post(CODE_PAGE, {"code": current_code(totp_user)})
    response = client.get("/api/core/me")
    assert response.status_code == 200
    assert response.json()["username"] == "nguyenvana"


def test_api_refuses_a_top_secret_session_not_enrolled(top_secret_user: User) -> None:
    client = browser()
    password_step(client, "tuyetmat")
    assert client.get("/api/core/me").status_code == 401


def test_api_accepts_a_session_without_totp(staff: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    response = client.get("/api/core/me")
    assert response.status_code == 200
    assert response.json()["username"] == "nguyenvana"


def test_api_refuses_anonymous(db: Any) -> None:
    assert browser().get("/api/core/me").status_code == 401


def test_api_accepts_a_session_past_the_second_factor(totp_user: User, client_for: Any) -> None:
    response = client_for(totp_user).get("/api/core/me")
    assert response.status_code == 200
    assert response.json()["clearance"] == Classification.SECRET


def test_a_code_is_accepted_once(totp_user: User) -> None:
    """A code seen over a shoulder cannot be replayed within its 30-second window."""
    code = current_code(totp_user)
    assert services.verify_totp(totp_user, code)
    assert not services.verify_totp(totp_user, code)
    client = browser()
    password_step(client, "nguyenvana")
    assert client.post(CODE_PAGE, {"code": code}).status_code == 200  # refused, form again
    assert client.get("/").status_code == 302


def test_raising_clearance_mid_session_forces_enrolment(staff: User) -> None:
    client = browser()
    password_step(client, "nguyenvana")
    assert client.get("/").status_code == 200
    services.update_user(None, staff, clearance=Classification.TOP_SECRET)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == ENROL_PAGE
    assert client.get("/api/core/me").status_code == 401
