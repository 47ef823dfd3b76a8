"""Writes of the core app: org units, users, roles, API tokens, second factor."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from typing import Any

import pyotp
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.roles import ROLES
from cnqp.core.accounts import recovery
from cnqp.core.choices import AuditAction, NotificationLevel, OrgUnitKind
from cnqp.core.models import ApiToken, LoginFailure, OrgUnit, RecoveryCode, Role, User
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records import writes
from cnqp.core.text import clean_text

# --- org units --------------------------------------------------------------------------------


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    if kind == OrgUnitKind.DIRECTORATE:
        if parent is not None:
            raise ValidationError({"parent": _("The directorate is the root: it has no parent.")})
    elif parent is None:
        raise ValidationError({"parent": _("Every unit but the directorate has a parent unit.")})


def create_org_unit(actor: User | None, *, code: str, name: str, kind: str,
                    parent: OrgUnit | None, short_name: str = "", domains: str = "",
                    address: str = "", head_title: str = "", head_name: str = "",
                    is_active: bool = True) -> OrgUnit:
    _check_parent(kind, parent)
    unit = OrgUnit(code=code.strip().upper(), name=name, kind=kind, parent=parent,
                   short_name=short_name, domains=domains, address=address,
                   head_title=head_title, head_name=head_name, is_active=is_active)
    unit.path = unit.compute_path()
    return writes.create(actor, unit)


def update_org_unit(actor: User | None, unit: OrgUnit, **data: Any) -> OrgUnit:
    """Change a unit; moving it (new parent or code) moves its whole subtree in one UPDATE."""
    old_path = unit.path
    kind = data.get("kind", unit.kind)
    parent = data.get("parent", unit.parent)
    _check_parent(kind, parent)
    if parent is not None and parent.path.startswith(old_path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or its "
                                           "own sub-units.")})
    if "code" in data:
        data["code"] = str(data["code"]).strip().upper()
    code = data.get("code", unit.code)
    new_path = f"{parent.path if parent else ''}{code}/"
    with transaction.atomic():
        writes.update(actor, unit, {**data, "path": new_path})
        if new_path != old_path:
            # Descendants keep their own tail; only the moved prefix changes.
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
                path=Concat(Value(new_path), Substr(F("path"), Length(Value(old_path)) + 1))
            )
    return unit


def delete_org_unit(actor: User | None, unit: OrgUnit) -> None:
    writes.delete(actor, unit)


# --- users --------------------------------------------------------------------------------------


def _roles(codes: Iterable[str]) -> list[Role]:
    codes = list(codes)
    unknown = sorted(set(codes) - set(ROLES))
    if unknown:
        message = _("Unknown role: %(codes)s") % {"codes": ", ".join(unknown)}
        raise ValidationError({"roles": message})
    return list(Role.objects.filter(code__in=codes))


def _check_clearance(actor: User | None, clearance: int) -> None:
    """Nobody grants a clearance above their own: an administrator cleared Tối mật cannot
    make anyone, themselves included, Tuyệt mật."""
    if actor is not None and clearance > actor.clearance:
        raise ValidationError({"clearance": _(
            "A clearance above your own cannot be granted.")})


def create_user(actor: User | None, *, username: str, full_name: str, org_unit: OrgUnit,
                password: str | None, roles: Iterable[str] = (), clearance: int = 0,
                email: str = "", title: str = "", is_active: bool = True,
                validate: bool = True) -> User:
    """A user; with `password=None` one who cannot log in until they choose a password
    through a one-time set-up link (accounts/setup.py), never a shared default."""
    _check_clearance(actor, clearance)
    user = User(username=username.strip(), full_name=full_name, org_unit=org_unit,
                clearance=clearance, email=email, title=title, is_active=is_active)
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    role_objs = _roles(roles)

    def set_roles(saved: User) -> dict[str, Any]:
        saved.roles.set(role_objs)
        return {"roles": sorted(r.code for r in role_objs)}

    return writes.create(actor, user, exclude=["password"], related=set_roles)


def update_user(actor: User | None, user: User, *, roles: Iterable[str] | None = None,
                password: str = "", **data: Any) -> User:
    """Change a user's fields and roles, and their password when one is given (an empty one
    keeps it)."""
    if "clearance" in data and data["clearance"] != user.clearance:
        _check_clearance(actor, data["clearance"])
    with transaction.atomic():
        writes.update(actor, user, data, exclude=["password"])
        if password:
            set_user_password(actor, user, password)
        if roles is not None:
            before = sorted(user.role_codes)
            role_objs = _roles(roles)
            user.roles.set(role_objs)
            user.__dict__.pop("role_codes", None)
            after = sorted(r.code for r in role_objs)
            if before != after:
                audit.record(AuditAction.UPDATE, actor=actor, obj=user,
                             changes={"roles": [before, after]})
    return user


def set_user_password(actor: User | None, user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        audit.record(AuditAction.UPDATE, actor=actor, obj=user,
                     changes={"password": ["***", "***"]})
        revoke_tokens_of(actor, user)


def revoke_tokens_of(actor: User | None, user: User) -> int:
    """A new password ends the user's API tokens: one taken with the old password (stolen with
    it, say) no longer opens anything. One audit entry names those revoked."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    ids = sorted(tokens.values_list("pk", flat=True))
    if ids:
        tokens.update(revoked_at=timezone.now())
        audit.record(AuditAction.UPDATE, actor=actor, obj=user,
                     changes={"api_tokens_revoked": [None, ids]})
    return len(ids)


def unlock_user(actor: User | None, user: User) -> None:
    """Unlock, and forget the failures that locked it: otherwise one typo would lock again."""
    with transaction.atomic():
        writes.update(actor, user, {"locked_until": None}, exclude=["password"])
        LoginFailure.objects.filter(username=user.username).delete()


def set_daily_digest(actor: User, user: User, on: bool) -> User:
    """Opt in to the daily digest (core/digest.py), or out; a user chooses for themselves."""
    if actor.pk != user.pk:
        raise ValidationError(_("You may choose the daily digest only for yourself."))
    return writes.update(actor, user, {"daily_digest": bool(on)}, exclude=["password"])


# --- API tokens -----------------------------------------------------------------------------------


def create_api_token(actor: User, *, user: User, name: str,
                     expires_at: Any = None) -> tuple[ApiToken, str]:
    """Returns the token record and the token itself, which is never stored nor shown again."""
    if actor.pk != user.pk and not actor.has_perm("core.change_user"):
        raise ValidationError(_("You may create tokens only for yourself."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("A token must expire in the future.")})
    raw = f"cnqp_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name or _("API token"), prefix=raw[:12],
                     digest=ApiToken.digest_of(raw), expires_at=expires_at)
    writes.create(actor, token)
    return token, raw


def revoke_api_token(actor: User, token: ApiToken) -> None:
    if actor.pk != token.user_id and not actor.has_perm("core.change_user"):
        raise ValidationError(_("You may revoke only your own tokens."))
    writes.update(actor, token, {"revoked_at": timezone.now()})


# --- second factor (TOTP) ------------------------------------------------------------------------


def start_totp_enrolment(user: User) -> str:
    """A fresh secret kept on the user until a code confirms it; not active before that."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    return user.totp_secret


TOTP_WINDOW = 1  # accept the previous and next 30-second step too (clock drift)


def verify_totp(user: User, code: str) -> bool:
    """True for a right code not used before: each time step is accepted once, so a code seen
    over a shoulder or a wire cannot be replayed within its validity window."""
    if not user.totp_secret:
        return False
    code = code.strip().replace(" ", "")
    totp = pyotp.TOTP(user.totp_secret)
    now_step = int(timezone.now().timestamp()) // totp.interval
    for step in range(now_step - TOTP_WINDOW, now_step + TOTP_WINDOW + 1):
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            # Compare-and-set, so two requests racing with one code cannot both pass.
            fresh = User.objects.filter(pk=user.pk).filter(
                Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step))
            if fresh.update(totp_last_step=step) == 1:
                user.totp_last_step = step
                return True
            return False
    return False


def confirm_totp_enrolment(user: User, code: str) -> list[str]:
    """Turn the second factor on with a right code; returns the user's new recovery codes,
    to be shown once."""
    if not verify_totp(user, code):
        raise ValidationError({"code": _("The code is wrong or has expired.")})
    with transaction.atomic():
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        audit.record(AuditAction.UPDATE, actor=user, obj=user,
                     changes={"totp_enabled": [False, True]})
        return generate_recovery_codes(user, user)


def disable_totp(actor: User, user: User) -> None:
    if user.requires_second_factor:
        raise ValidationError(_("A second factor is required for Top secret clearance."))
    with transaction.atomic():
        user.totp_enabled = False
        user.totp_secret = ""
        user.save(update_fields=["totp_enabled", "totp_secret"])
        changes: dict[str, list[Any]] = {"totp_enabled": [True, False]}
        left = recovery_codes_left(user)
        if left:
            changes["recovery_codes_left"] = [left, 0]
        # The codes stand in for the factor: without it they would open nothing, and must not
        # come back to life if the factor is turned on again.
        RecoveryCode.objects.filter(user=user).delete()
        audit.record(AuditAction.UPDATE, actor=actor, obj=user, changes=changes)


def may_reset_second_factor(actor: User, user: User) -> bool:
    """Who resets another's second factor (their phone lost, their recovery codes too): a
    user administrator (`core.change_user`) of the user's own unit or one above it, cleared at
    least as high as the user, and never for themselves (their recovery codes are their way
    back). An administrator of another unit cannot, even one who sees every unit."""
    if actor.pk == user.pk or not actor.has_perm("core.change_user"):
        return False
    return (actor.clearance >= user.clearance and actor.org_unit_id is not None
            and user.org_unit.path.startswith(actor.org_unit.path))


def reset_second_factor(actor: User, user: User, *, reason: str) -> User:
    """The user's authenticator and recovery codes forgotten, for a reason the audit log
    keeps: a Top secret user enrols a new one at their next page (`second_factor_step`), any
    other may. The user is told by a notice only they read."""
    if not may_reset_second_factor(actor, user):
        raise PermissionDenied(_("You may not reset this user's second factor."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the second factor is reset.")})
    with transaction.atomic():
        left = recovery_codes_left(user)
        was = user.totp_enabled
        User.objects.filter(pk=user.pk).update(totp_enabled=False, totp_secret="",
                                               totp_last_step=None)
        user.totp_enabled, user.totp_secret, user.totp_last_step = False, "", None
        RecoveryCode.objects.filter(user=user).delete()
        audit.record(AuditAction.UPDATE, actor=actor, obj=user, changes={
            "totp_enabled": [was, False], "recovery_codes_left": [left, 0],
            "second_factor_reset": [None, reason]})
        send_notifications(actor, [Notice(
            unit=user.org_unit, recipient=user, level=NotificationLevel.WARNING,
            title=_("Your second factor was reset"),
            text=_("An administrator reset your second factor: %(reason)s. Your old recovery "
                   "codes no longer work. Set up your authenticator again on your account "
                   "page.") % {"reason": reason},
            link=reverse("core:totp-enrol"))])
    return user


# --- recovery codes (when the authenticator is lost) ------------------------------------------


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def generate_recovery_codes(actor: User, user: User) -> list[str]:
    """A new set of `recovery.COUNT` one-time codes for `user`, replacing any earlier set. The
    codes are returned to be shown once; only their HMACs are stored, and the audit entry
    counts them without naming them."""
    if actor.pk != user.pk:
        raise ValidationError(_("You may create recovery codes only for yourself."))
    if not user.totp_enabled:
        raise ValidationError(_("Turn the second factor on first."))
    codes: list[str] = []
    while len(codes) < recovery.COUNT:  # a repeat within one set (1 in 10^14) is drawn again
        code = recovery.new_code()
        if code not in codes:
            codes.append(code)
    with transaction.atomic():
        left = recovery_codes_left(user)
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=recovery.digest_of(user.pk, code))
            for code in codes)
        audit.record(AuditAction.UPDATE, actor=actor, obj=user,
                     changes={"recovery_codes_left": [left, len(codes)]})
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """True once for each of the user's unused codes, in place of the authenticator's code.
    Marking it used is a compare-and-set on `used_at IS NULL`, so two requests racing with
    one code cannot both pass."""
    if not user.totp_enabled or not recovery.looks_like_code(code):
        return False
    digest = recovery.digest_of(user.pk, code)
    with transaction.atomic():
        marked = RecoveryCode.objects.filter(user=user, code_hash=digest,
                                             used_at__isnull=True).update(used_at=timezone.now())
        if marked != 1:
            return False
        left = recovery_codes_left(user)
        audit.record(AuditAction.UPDATE, actor=user, obj=user,
                     changes={"recovery_code": ["", "used"],
                              "recovery_codes_left": [left + 1, left]})
    return True
