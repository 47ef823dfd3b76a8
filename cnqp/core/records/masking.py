"""A record the reader may not see does not show through one they may see.

A serial the reader may open names the design revision it was built to; a genealogy edge of
their own names the other enterprise's lot it consumed; a usage right whose set the holder
lost names the set. The label of such a related record (its code, its number) would tell what
the reader may not know. So every relation a resource shows (a declared path through a
foreign key to a classified model, or an attribute the model says it reads through one,
`display_through = {"input_label": "input_node"}`) is checked in the same query that fetches
the records: `shown_through(queryset, user, relations)` annotates `_shown_<relation>`, an
EXISTS of the related record among those the reader may see, and `shown(obj, name)` says
whether a value may be shown. Pages, exports and the API show a hidden one as empty (null),
exactly as a record with no such relation.

A value that is the record's own but sums up more than the reader may see (a recall's totals,
counted over serials a receiving unit does not hold) is masked the same way: the model maps
it to a name in `display_through` and gives that name a rule in `shown_when`
(`{"totals": rule}`, `rule(user) -> Q` on the model), annotated as the flag instead of the
EXISTS of a relation.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Exists, ExpressionWrapper, Model, OuterRef, QuerySet

from cnqp.core.access.scoping import scope_of, scope_queryset

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cnqp.core.models import User

PREFIX = "_shown_"


@cache
def relation_of(model: type[Model], name: str) -> str | None:
    """The foreign key to a classified model that `name` (a path, an `<fk>_id`, or an
    attribute the model reads through a relation) shows something of, or the `shown_when`
    rule it is shown under; None if none."""
    first = name.replace("__", ".").split(".")[0]
    first = getattr(model, "display_through", {}).get(first, first)
    if first in getattr(model, "shown_when", {}):
        return first
    for candidate in (first, first[:-3] if first.endswith("_id") else None):
        if candidate is None:
            continue
        try:
            found: Any = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if (found.many_to_one or found.one_to_one) and found.concrete and found.related_model:
            target = found.related_model
            classified = getattr(target, "scope", None) is not None and \
                scope_of(target).classification is not None
            return candidate if classified else None
    return None


def relations_shown(model: type[Model], names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({r for n in names if (r := relation_of(model, n)) is not None}))


def shown_through(queryset: QuerySet[Any], user: User | AnonymousUser,
                  relations: Iterable[str]) -> QuerySet[Any]:
    """`queryset` with, for each relation, whether its related record is one `user` sees."""
    model = queryset.model
    flags: dict[str, Any] = {}
    rules = getattr(model, "shown_when", {})
    for relation in relations:
        if relation in rules:
            flags[PREFIX + relation] = ExpressionWrapper(rules[relation](user),
                                                         output_field=BooleanField())
            continue
        found: Any = model._meta.get_field(relation)
        target = found.related_model._default_manager.filter(pk=OuterRef(found.attname))
        flags[PREFIX + relation] = Exists(scope_queryset(target, user))
    return queryset.annotate(**flags) if flags else queryset


def shown(obj: Any, name: str) -> bool:
    """Whether the value `name` of `obj` may be shown: False when it shows a related record
    the reader may not see (the flag `shown_through` annotated)."""
    relation = relation_of(obj._meta.model, name)  # _meta: a lazy proxy's class is not it
    return relation is None or bool(getattr(obj, PREFIX + relation, True))
