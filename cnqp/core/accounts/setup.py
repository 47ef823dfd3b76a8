"""One-time set-up links: how a user created without a password (by `init_directorate` or
the users' import) chooses their own, instead of receiving a shared default.

The token is Django's password-reset token under its own salt: it hashes the user's password
field and last log-in, so it stops working the moment a password is set (one use), and after
`PASSWORD_RESET_TIMEOUT` (settings: 7 days)."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from cnqp.core.models import User


class SetupTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "cnqp.core.accounts.setup.SetupTokenGenerator"


setup_tokens = SetupTokenGenerator()


def setup_path(user: User) -> str:
    """The link's path (the site's address goes in front of it)."""
    return reverse("core:account-setup", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                               setup_tokens.make_token(user)])


def setup_url(user: User, base_url: str) -> str:
    return base_url.rstrip("/") + setup_path(user)


def user_for_setup(uidb64: str, token: str) -> User | None:
    """The active user the link was made for, while it is valid; None otherwise."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not setup_tokens.check_token(user, token):
        return None
    return user
