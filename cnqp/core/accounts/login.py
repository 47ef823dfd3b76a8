"""Password log-in with lockout per account and throttling per client address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.locks import take_turns
from cnqp.core.models import LoginFailure, User


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _lock_if_over_limit(account: User | None, username: str) -> None:
    recent = _recent_failures(username)
    if account is not None and recent >= settings.LOGIN_FAILURE_LIMIT and not account.is_locked:
        account.locked_until = timezone.now() + dt.timedelta(
            seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS
        )
        account.save(update_fields=["locked_until"])
        audit.record(AuditAction.UPDATE, actor=None, obj=account,
                     changes={"locked_until": [None, account.locked_until.isoformat()]})


def _fail(username: str, address: str | None, message: str) -> LoginResult:
    with transaction.atomic():
        LoginFailure.objects.create(username=username, address=address)
        _lock_if_over_limit(User.objects.filter(username=username).first(), username)
        audit.record(AuditAction.LOGIN_FAILED, actor=None, object_type="core.user",
                     object_repr=username[:255])
    return LoginResult(None, message)


def second_factor_failed(user: User, address: str | None) -> bool:
    """A wrong second-factor code counts as a failed log-in, so codes cannot be guessed
    without limit. Returns whether the account is now locked."""
    with transaction.atomic():
        LoginFailure.objects.create(username=user.username, address=address)
        _lock_if_over_limit(user, user.username)
        audit.record(AuditAction.LOGIN_FAILED, actor=user, obj=user,
                     changes={"reason": ["", "second factor"]})
    return user.is_locked


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()


def _recent_failures(username: str) -> int:
    return LoginFailure.objects.filter(username=username, at__gte=_window_start()).count()


def authenticate_with_lockout(request: HttpRequest | None, username: str, password: str,
                              address: str | None) -> LoginResult:
    """Check the password unless the name is locked or the address throttled; record the
    outcome. Attempts on one name take turns (a lock per name, held for the attempt), so
    parallel guesses cannot slip past the limit between the count and the check. A wrong
    name and a wrong password answer alike, and so do a locked account and a name that has
    failed as often: nothing tells whether an account exists."""
    username = username.strip()
    if address and LoginFailure.objects.filter(
        address=address, at__gte=_window_start()
    ).count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return LoginResult(None, _("Too many failed log-ins from this address. "
                                   "Try again in a few minutes."))
    with transaction.atomic():
        take_turns(f"log-in:{username.lower()}")
        account = User.objects.filter(username=username).first()
        if (account is not None and account.is_locked) or (
                account is None and _recent_failures(username) >= settings.LOGIN_FAILURE_LIMIT):
            audit.record(AuditAction.LOGIN_FAILED, actor=None, object_type="core.user",
                         object_id=str(account.pk) if account else "",
                         object_repr=username[:255], changes={"reason": ["", "locked"]})
            return LoginResult(None, _("This account is locked after repeated failed log-ins. "
                                       "Try again later or ask an administrator to unlock it."))
        user = authenticate(request, username=username, password=password)
        if user is None:
            return _fail(username, address, _("Wrong username or password."))
    assert isinstance(user, User)
    if not user.totp_enabled:
        # With a second factor, failures are cleared only once the code is right too:
        # otherwise each correct password would reset the count of wrong codes.
        clear_failures(username)
    return LoginResult(user)


def record_login(user: User) -> None:
    audit.record(AuditAction.LOGIN, actor=user, obj=user)
