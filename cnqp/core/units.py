"""Which units may do what, in one place: the producers (enterprises and institutes), and the
units a user may name (their own subtree, or every unit for roles that see all units)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cnqp.core.choices import OrgUnitKind
from cnqp.core.models import OrgUnit

if TYPE_CHECKING:
    from cnqp.core.models import User

PRODUCING_KINDS = (OrgUnitKind.ENTERPRISE, OrgUnitKind.INSTITUTE)


def producing_units() -> QuerySet[OrgUnit]:
    """Enterprises and institutes: they produce, repair, hold usage rights."""
    return OrgUnit.objects.filter(kind__in=PRODUCING_KINDS)


def not_a_producer(unit: OrgUnit) -> str | None:
    """Why `unit` cannot produce, or None when it can."""
    if unit.kind in PRODUCING_KINDS:
        return None
    return _("%(code)s is not an enterprise or an institute.") % {"code": unit.code}


def units_in_reach(user: User) -> QuerySet[OrgUnit]:
    """Units whose records and figures `user` may ask for. The org tree itself is readable by
    everyone, so this, not the tree's scope, decides whose figures a user may request."""
    units = OrgUnit.objects.all()
    if user.sees_all_units:
        return units
    if user.org_unit_id is None:
        return units.none()
    return units.filter(path__startswith=user.org_unit.path)


def reporting_enterprises() -> QuerySet[OrgUnit]:
    """The enterprises that report on their own business: every enterprise that is not part
    of another (a factory's workshops report through their factory)."""
    return OrgUnit.objects.filter(kind=OrgUnitKind.ENTERPRISE).exclude(
        parent__kind=OrgUnitKind.ENTERPRISE)


def departments_for(domain: str) -> list[OrgUnit]:
    """The departments whose domains include `domain`: who reviews its records."""
    return [unit for unit in OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT,
                                                    domains__contains=domain).order_by("code")
            if domain in unit.domain_list]
