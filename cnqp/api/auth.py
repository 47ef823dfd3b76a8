"""API authentication: personal bearer tokens, or the browser session (with CSRF and the
second factor already passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from cnqp.core.accounts.second_factor import second_factor_step
from cnqp.core.models import ApiToken
from cnqp.core.models.users import role_codes_of

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user", "user__org_unit")
            .annotate(joined_role_codes=role_codes_of("user_id"))
            .filter(digest=ApiToken.digest_of(token))
            .first()
        )
        if record is None or not record.is_usable:
            return None
        user = record.user
        user.remember_role_codes(record.joined_role_codes)  # type: ignore[attr-defined]
        if not user.is_active or user.is_locked:
            return None
        if user.requires_second_factor and not user.totp_enabled:
            # A clearance that requires the second factor is not read with a token alone by
            # someone who never enrolled: the session would have made them enrol first.
            return None
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = user
        return user


class SessionWithSecondFactor(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        # No session cookie: not ours to judge. Without this the CSRF check would answer a bad
        # bearer token on a POST with 403 instead of the 401 it deserves.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or second_factor_step(user, request.session):
            return None
        return user
