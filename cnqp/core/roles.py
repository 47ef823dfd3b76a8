"""Roles and what they may do. Defined in code, so that permissions are reviewed in one place
and need no data sync; `Role` rows only record which user holds which role.

Permissions are Django-style strings ("research.change_researchproject"); a role grants them
by fnmatch patterns. Department staff manage only the modules listed in their department's
`domains` (their domain); every role still sees only up to the user's clearance.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cnqp.core.models import User


@dataclass(frozen=True)
class RoleDef:
    code: str
    label: Promise
    patterns: tuple[str, ...]
    sees_all_units: bool = False
    manages_own_domains: bool = False  # department staff: change perms in their domains


ADMIN = "admin"
LEADERSHIP = "leadership"
DEPARTMENT_STAFF = "department_staff"
ENTERPRISE_STAFF = "enterprise_staff"
USER_UNIT_STAFF = "user_unit_staff"
AUDITOR = "auditor"

ROLES: dict[str, RoleDef] = {
    r.code: r
    for r in (
        RoleDef(ADMIN, _("System administrator"), ("*",), sees_all_units=True),
        RoleDef(
            LEADERSHIP,
            _("Directorate leadership"),
            ("*.view_*", "reports.*", "core.view_orgunit"),
            sees_all_units=True,
        ),
        RoleDef(
            DEPARTMENT_STAFF,
            _("Department staff"),
            ("*.view_*", "reports.*", "core.view_orgunit"),
            sees_all_units=True,
            manages_own_domains=True,
        ),
        RoleDef(
            ENTERPRISE_STAFF,
            _("Enterprise staff"),
            (
                *(
                    f"{module}.{action}_*"
                    for module in ("documents", "research", "production", "quality", "safety",
                                   "reports")
                    for action in ("view", "add", "change", "delete")
                ),
                "core.view_orgunit",
            ),
        ),
        RoleDef(
            USER_UNIT_STAFF,
            _("User-unit staff"),
            ("production.view_*", "quality.view_*", "quality.add_fieldreport",
             "quality.change_fieldreport", "core.view_orgunit"),
        ),
        RoleDef(AUDITOR, _("Auditor"), ("core.view_auditentry", "core.view_orgunit",
                                         "documents.read_copy_register")),
    )
}


def permission_patterns(user: User) -> set[str]:
    patterns: set[str] = set()
    for code in user.role_codes:
        role = ROLES.get(code)
        if role is None:
            continue
        patterns.update(role.patterns)
        if role.manages_own_domains and user.org_unit is not None:
            patterns.update(f"{domain}.*" for domain in user.org_unit.domain_list)
    return patterns


def has_permission(user: User, perm: str) -> bool:
    patterns = permission_patterns(user)
    # Core permissions (users, tokens, the audit log, the org tree) are never granted by a
    # module wildcard such as "*.view_*": only by name, or to the administrator's "*".
    if perm.startswith("core."):
        return "*" in patterns or perm in patterns
    return any(fnmatchcase(perm, pattern) for pattern in patterns)
