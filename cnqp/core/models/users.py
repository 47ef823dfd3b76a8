from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.roles import ROLES
from cnqp.core.access.scoping import Scope
from cnqp.core.choices import Classification
from cnqp.core.fields import ClassificationField
from cnqp.core.models.base import SearchableModel


class Role(models.Model):
    """A role a user may hold; what it permits is defined in `cnqp.core.access.roles`."""

    code = models.CharField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=128)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self) -> str:
        role = ROLES.get(self.code)
        return str(role.label) if role else self.name


class _JoinedCodes(Aggregate):
    """Role codes joined by commas: PostgreSQL's string_agg, SQLite's group_concat."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def role_codes_of(user_ref: str) -> Subquery:
    """The joined role codes of the user `user_ref` names (an outer query's field), to read
    a user and their roles in one query (`User.remember_role_codes`)."""
    held = (User.roles.through.objects.filter(user_id=OuterRef(user_ref))
            .values("user_id").annotate(joined=_JoinedCodes("role_id"))
            .values("joined"))  # type: ignore[misc]  # (the stubs miss the annotation)
    return Subquery(held, output_field=CharField())


class CnqpUserManager(UserManager["User"]):
    def create_user(self, username: str, email: str | None = None,
                    password: str | None = None, **extra: Any) -> User:
        raise NotImplementedError("Use cnqp.core.services.create_user: it validates and audits.")

    def create_superuser(self, username: str, email: str | None = None,
                         password: str | None = None, **extra: Any) -> User:
        raise NotImplementedError("Use `manage.py create_admin`: it validates and audits.")


class User(SearchableModel, AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("username"), max_length=64, unique=True)
    full_name = models.CharField(_("full name"), max_length=128)
    email = models.EmailField(_("email"), blank=True)
    title = models.CharField(_("position"), max_length=128, blank=True)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True)
    clearance = ClassificationField(_("clearance"))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_enabled = models.BooleanField(_("second factor enabled"), default=False)
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)
    # Opted in to a daily notice summing up what waits for them (core/digest.py).
    daily_digest = models.BooleanField(_("daily digest"), default=False)

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    search_fields = ("username", "full_name", "email")
    scope = Scope(unit="org_unit", classification=None)

    objects = CnqpUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        return frozenset(self.roles.values_list("code", flat=True))

    def remember_role_codes(self, joined: str | None) -> None:
        """The role codes read with the user (`role_codes_of`): every request asks for them,
        and a query of their own was a third of the session's cost."""
        self.__dict__["role_codes"] = frozenset(filter(None, (joined or "").split(",")))

    @property
    def sees_all_units(self) -> bool:
        return any(ROLES[c].sees_all_units for c in self.role_codes if c in ROLES)

    @property
    def requires_second_factor(self) -> bool:
        return self.clearance >= Classification.TOP_SECRET

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    @property
    def is_staff(self) -> bool:  # Django's admin is not installed; kept for third-party code
        return False


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=64)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    scope = Scope(unit="user__org_unit", classification=None)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class LoginFailure(models.Model):
    """One failed log-in, for lockout per account and throttling per address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")

    def __str__(self) -> str:
        return f"{self.username} {self.address or ''} {self.at:%d/%m/%Y %H:%M}"


class RecoveryCode(models.Model):
    """One of a user's one-time recovery codes, for when the authenticator is lost. Only an
    HMAC of the code is stored (`accounts.recovery.digest_of`, keyed from SECRET_KEY and
    bound to the user), so the table gives away neither the codes nor whose they could be."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes",
                             verbose_name=_("user"))
    code_hash = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope = Scope(unit="user__org_unit", classification=None)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"],
                                               name="core_recoverycode_user_hash")]

    def __str__(self) -> str:
        return f"{self.user_id} {'used' if self.used_at else 'unused'}"
