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

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope

if TYPE_CHECKING:
    from cnqp.core.models import User


@dataclass(frozen=True)
class RoleDef:
    code: str
    label: Promise
    patterns: tuple[str, ...]
    sees_all_units: bool = False
    manages_own_domains: bool = False  # department staff: change perms in their domains
    denied: tuple[str, ...] = ()  # taken away again from what `patterns` grant


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
            ("*.view_*", "reports.*", "core.view_orgunit", "core.view_job",
             "core.view_notification"),
            sees_all_units=True,
        ),
        RoleDef(
            DEPARTMENT_STAFF,
            _("Department staff"),
            ("*.view_*", "reports.*", "core.view_orgunit", "core.view_job",
             "core.view_notification"),
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
                                   "directives", "performance", "press", "awards",
                                   "training", "cooperation",
                                   "reports")
                    for action in ("view", "add", "change", "delete")
                ),
                "core.view_orgunit",
                "core.view_job",
                "core.view_notification",
            ),
            # Granting and revoking rights to design documents are directorate decisions; an
            # enterprise holding a right must not pass it on.
            denied=("documents.add_usageright", "documents.change_usageright",
                    "documents.delete_usageright"),
        ),
        RoleDef(
            USER_UNIT_STAFF,
            _("User-unit staff"),
            ("production.view_*", "quality.view_*", "quality.add_fieldreport",
             "quality.change_fieldreport", "core.view_orgunit", "core.view_notification"),
        ),
        RoleDef(AUDITOR, _("Auditor"), ("core.view_auditentry", "core.view_orgunit",
                                         "documents.read_copy_register",
                                         "core.view_notification")),
    )
}


# A domain whose records are worked through another app's: safety's findings and incidents
# have their corrective actions in quality's one action mechanism, which the safety
# department follows up and checks for effectiveness.
DOMAIN_ALSO = {
    "safety": ("quality.view_correctiveaction", "quality.add_correctiveaction",
               "quality.change_correctiveaction"),
}


def permission_patterns(user: User) -> set[str]:
    patterns: set[str] = set()
    for code in user.role_codes:
        role = ROLES.get(code)
        if role is None:
            continue
        patterns.update(role.patterns)
        if role.manages_own_domains and user.org_unit is not None:
            for domain in user.org_unit.domain_list:
                patterns.add(f"{domain}.*")
                patterns.update(DOMAIN_ALSO.get(domain, ()))
    return patterns


WRITE_ACTIONS = ("add", "change", "delete")


def _is_reference_data(perm: str) -> bool:
    """Whether `perm` writes a model no unit owns (its scope has no unit): a catalogue such
    as the product types, shared by every unit."""
    app_label, _dot, codename = perm.partition(".")
    action, _sep, model_name = codename.partition("_")
    if action not in WRITE_ACTIONS or not model_name:
        return False
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return False
    scope = getattr(model, "scope", None)
    return isinstance(scope, Scope) and scope.unit is None


def has_permission(user: User, perm: str) -> bool:
    patterns = permission_patterns(user)
    # Core permissions (users, tokens, the audit log, the org tree) are never granted by a
    # module wildcard such as "*.view_*": only by name, or to the administrator's "*".
    if perm.startswith("core."):
        return "*" in patterns or perm in patterns
    if not any(fnmatchcase(perm, pattern) for pattern in patterns):
        return False
    denied = {d for code in user.role_codes if code in ROLES for d in ROLES[code].denied}
    if any(fnmatchcase(perm, pattern) for pattern in denied):
        return False
    # Reference data no unit owns is written only by roles that see every unit: otherwise
    # one enterprise could rename or delete what all the others rely on.
    return not (_is_reference_data(perm) and not user.sees_all_units)
