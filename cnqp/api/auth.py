"""API authentication: personal bearer tokens, or the browser session (with CSRF and the
second factor already passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from cnqp.core.middleware import SECOND_FACTOR_DONE
from cnqp.core.models import ApiToken

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user", "user__org_unit")
            .filter(digest=ApiToken.digest_of(token))
            .first()
        )
        if record is None or not record.is_usable:
            return None
        user = record.user
        if not user.is_active or user.is_locked:
            return None
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = user
        return user


class SessionWithSecondFactor(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        needs_code = getattr(user, "totp_enabled", False) or getattr(
            user, "requires_second_factor", False)
        if needs_code and not request.session.get(SECOND_FACTOR_DONE):
            return None
        return user
