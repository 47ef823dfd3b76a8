from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from cnqp.core.access.roles import has_permission, permission_patterns
from cnqp.core.models import User
from cnqp.core.models.users import role_codes_of


class RoleBackend(ModelBackend):
    """Authenticates by password (argon2) and answers permissions from the roles in code.
    Lockout and throttling are enforced by `cnqp.core.accounts.login.authenticate_with_lockout`."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return user if isinstance(user, User) else None

    def get_user(self, user_id: Any) -> User | None:
        """The user of a session, with their unit and role codes in the same query: every
        scoped read needs the unit's path and every permission the roles (each was a query of
        its own on nearly every request)."""
        user = (User._default_manager.select_related("org_unit")
                .annotate(joined_role_codes=role_codes_of("pk")).filter(pk=user_id).first())
        if user is None or not self.user_can_authenticate(user):
            return None
        user.remember_role_codes(user.joined_role_codes)  # type: ignore[attr-defined]
        return user

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not isinstance(user_obj, User) or not user_obj.is_active:
            return set()
        return permission_patterns(user_obj)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return isinstance(user_obj, User) and user_obj.is_active and has_permission(user_obj, perm)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.view_")
