"""What the load test's simulated people do, worked out once against the database: one account
per role (below Top secret, so no second factor), and for each role the pages it opens all day,
sampled from what that account may see (a detail page it would be refused is not load).

The plan is plain JSON for the locustfile, which imports nothing of CNQP."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from cnqp.core import services
from cnqp.core.access.roles import (
    ADMIN,
    AUDITOR,
    DEPARTMENT_STAFF,
    ENTERPRISE_STAFF,
    LEADERSHIP,
    USER_UNIT_STAFF,
)
from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource, Classification, OrgUnitKind
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.registry import resources
from cnqp.reports.services import GENERATE_PERMISSION

SAMPLE = 8  # detail pages per resource and role
# what a working day is made of: kind of request → weight (Locust's task weights)
WEIGHTS = {"dashboard": 4, "my work": 2, "list": 8, "list search": 4, "detail": 8,
           "api list": 3, "trace api": 3, "export": 1, "report": 1}


def _units() -> dict[str, OrgUnit]:
    root = OrgUnit.objects.get(parent=None)
    department = (OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT).exclude(domains="")
                  .order_by("code").first())
    enterprise = (OrgUnit.objects.filter(kind=OrgUnitKind.ENTERPRISE)
                  .annotate(n=Count("users")).order_by("code").first())
    user_unit = OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT).order_by("code").first()
    return {ADMIN: root, LEADERSHIP: root, AUDITOR: root, DEPARTMENT_STAFF: department or root,
            ENTERPRISE_STAFF: enterprise or root, USER_UNIT_STAFF: user_unit or root}


def accounts(password: str) -> dict[str, User]:
    """One account per role, `tai_<role>` (created once; the password reset every run)."""
    made: dict[str, User] = {}
    with transaction.atomic(), audit_context(AuditSource.COMMAND):
        for role, unit in _units().items():
            username = f"tai_{role}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.create_user(
                    None, username=username, full_name=f"Tải thử {role}", org_unit=unit,
                    password=password, roles=[role], clearance=Classification.SECRET,
                    validate=False)
            else:
                user.set_password(password)
                user.locked_until = None
                user.save(update_fields=["password", "locked_until"])
            made[role] = user
    return made


def _path(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _role_plan(user: User) -> dict[str, list[str]]:
    plan: dict[str, list[str]] = {kind: [] for kind in WEIGHTS}
    plan["dashboard"].append(reverse("core:home"))
    plan["my work"].append(reverse("core:my-work"))
    for resource in resources():
        if not resource.may(user, "view"):
            continue
        listing = _path(resource.url_name("list"))
        if listing is None:
            continue
        plan["list"].append(listing)
        plan["api list"].append(f"/api/{resource.app_label}/{resource.slug}?limit=50")
        pks = list(resource.queryset(user).order_by("-pk").values_list("pk", flat=True)[:SAMPLE])
        for pk in pks:
            detail = _path(resource.url_name("detail"), pk)
            if detail:
                plan["detail"].append(detail)
        if pks:
            shown = str(resource.queryset(user).get(pk=pks[0]))
            word = next((w for w in shown.split() if len(w) >= 3), "")
            if word:
                plan["list search"].append(f"{listing}?q={word}")
                plan["export"].append(f"{listing}?q={word}&export=csv")
    plan["trace api"] = _traces(user)
    if user.has_perm(GENERATE_PERMISSION):
        plan["report"].append(reverse("reports:builder"))
    return plan


def _traces(user: User) -> list[str]:
    from cnqp.production.resources import serials

    if not serials.may(user, "view"):
        return []
    pks = list(serials.queryset(user).order_by("-pk").values_list("pk", flat=True)[:SAMPLE])
    return [f"/api/quality/trace/backward?serial={pk}" for pk in pks]


def build(password: str | None = None) -> dict[str, Any]:
    password = password or settings.CNQP_DEMO_PASSWORD
    people = accounts(password)
    return {"password": password, "weights": WEIGHTS,
            "roles": {role: {"username": user.username, "pages": _role_plan(user)}
                      for role, user in people.items()}}
