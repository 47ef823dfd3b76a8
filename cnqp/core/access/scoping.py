"""The one scoping mechanism: what a user may see of any model.

A model declares its `scope`; every selector, list, count, search, export, report and API
call filters through `scope_queryset`. A record is visible when
  its classification <= the user's clearance, and
  the user's roles see all units, or the record is owned by the user's unit or a descendant,
  or the model's `extra` rule grants it (need to know via a usage right, say),
  and, where the model names a recipient and the record has one, the user is that recipient.
Anything else does not exist for the user: lists skip it, detail answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """How a model is scoped.

    unit: path to the owning OrgUnit ("owner_unit", "plan__enterprise"); "self" for the org
        tree itself; None for reference data visible to every signed-in user.
    classification: path to the classification level ("classification",
        "document_set__classification"); None when the model carries none.
    extra: rule granting more records to a user outside the owning unit (need to know,
        records a user unit received). OR-ed with the unit rule, never with clearance. It
        must not multiply rows: express to-many rules as `pk__in=<subquery>`. A rule may
        carry `reaches(user) -> bool`, false when it grants that user nothing at all (no
        delivery ever went to their units): readers that can stand in for the unit rule
        alone, such as the figures' rollups, then serve the user (`extra_reaches`).
    directorate_wide: whether roles that see all units see all of this model (False for
        records that need to know even at the directorate).
    recipient: path to a nullable user the record is for alone (a notice to one person, such
        as their daily digest); AND-ed with the rest, so the unit above does not read it.
    """

    unit: str | None = "owner_unit"
    classification: str | None = "classification"
    extra: Callable[[User], Q] | None = None
    directorate_wide: bool = True
    recipient: str | None = None

    @property
    def unit_path_lookup(self) -> str | None:
        if self.unit is None:
            return None
        return "path" if self.unit == "self" else f"{self.unit}__path"


def extra_reaches(scope: Scope, user: User) -> bool:
    """Whether the scope's `extra` rule may grant `user` records beyond the unit rule (or the
    user's roles see all units, where it adds nothing); True when the rule cannot tell."""
    if scope.extra is None or (scope.directorate_wide and user.sees_all_units):
        return False
    reaches = getattr(scope.extra, "reaches", None)
    return True if reaches is None else bool(reaches(user))


def within_unit_of(path: str) -> Callable[[User], Q]:
    """An `extra` rule: need to know through another unit than the owner, the records whose
    unit at `path` (a report's producing enterprise, an action's responsible unit) is the
    user's unit or below."""

    def rule(user: User) -> Q:
        if user.org_unit_id is None:
            return Q(pk__in=[])
        return Q(**{f"{path}__path__startswith": user.org_unit.path})

    return rule


def issued_above(path: str) -> Callable[[User], Q]:
    """An `extra` rule: the records whose unit at `path` is the user's unit or one above it
    (a rule the directorate issued binds every unit under it, which must read it)."""

    def rule(user: User) -> Q:
        if user.org_unit_id is None:
            return Q(pk__in=[])
        parts = user.org_unit.path.strip("/").split("/")
        ancestors = ["/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
        return Q(**{f"{path}__path__in": ancestors})

    return rule


def scope_of(model: type[Model]) -> Scope:
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise TypeError(f"{model._meta.label} declares no `scope`; every model read by users must")
    return scope


def visibility_q(model: type[Model], viewer: User | AnonymousUser) -> Q | None:
    """The filter for what `viewer` may see of `model`; None means nothing at all."""
    if viewer.is_anonymous or not viewer.is_active:
        return None
    user = cast("User", viewer)
    scope = scope_of(model)
    condition = Q()
    if scope.classification:
        condition &= Q(**{f"{scope.classification}__lte": user.clearance})
    if scope.recipient:
        condition &= Q(**{f"{scope.recipient}__isnull": True}) | Q(**{scope.recipient: user.pk})
    path_lookup = scope.unit_path_lookup
    if path_lookup is None or (scope.directorate_wide and user.sees_all_units):
        return condition
    if user.org_unit_id is None:
        unit_rule = Q(pk__in=[])
    else:
        unit_rule = Q(**{f"{path_lookup}__startswith": user.org_unit.path})
    if scope.extra is not None:
        unit_rule |= scope.extra(user)
    return condition & unit_rule


def scope_queryset(queryset: QuerySet[M], user: User | AnonymousUser) -> QuerySet[M]:
    condition = visibility_q(queryset.model, user)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def within_unit(queryset: QuerySet[M], unit: OrgUnit | None) -> QuerySet[M]:
    """Only the records owned in `unit`'s subtree ("owned" as the model's scope declares it):
    the unit filter of every report figure. None: no filter."""
    if unit is None:
        return queryset
    lookup = scope_of(queryset.model).unit_path_lookup
    if lookup is None:
        raise ValueError(f"{queryset.model.__name__} has no owning unit to filter by")
    return queryset.filter(**{f"{lookup}__startswith": unit.path})


def classification_of(obj: Model) -> int:
    """A record's level, read through its model's declared classification path (a revision's
    is its set's): the same path the filters use, so display, audit and scoping agree."""
    path = scope_of(obj._meta.model).classification  # _meta: request.user is a lazy proxy
    if path is None:
        return 0
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            break
    return int(value or 0)


def get_visible_or_404(queryset: QuerySet[M], user: User | AnonymousUser, **lookup: Any) -> M:
    """The record if the user may see it; otherwise 404, so its existence is not revealed."""
    try:
        return scope_queryset(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
