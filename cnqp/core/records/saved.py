"""Saved filters: a user names the filters of a list to find them again ("Lưu bộ lọc"). Each
is its owner's alone: read and deleted only through the owner (`saved_filters_of`,
`delete_saved_filter` refuses another's as if it did not exist)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from cnqp.core.models import SavedFilter
from cnqp.core.records import writes
from cnqp.core.records.chips import LIST_KEYS

if TYPE_CHECKING:
    from cnqp.core.models import User
    from cnqp.core.records.resource import Resource

MAX_PER_LIST = 30  # a menu, not a store


def list_key(resource: Resource) -> str:
    return f"{resource.app_label}.{resource.slug}"


def saved_filters_of(user: User, resource: Resource) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user, resource=list_key(resource))


def kept_query(query: QueryDict) -> str:
    """What a saved filter keeps of a list's query string: its filters, search, order and page
    size; not the page, nor an export."""
    rest = query.copy()
    for key in [*LIST_KEYS, "csrfmiddlewaretoken", "name"]:
        if key not in ("sort", "per_page"):
            rest.pop(key, None)
    return rest.urlencode()


def save_filter(actor: User, resource: Resource, *, name: str, query: str) -> SavedFilter:
    """Saves `query` under `name` for `actor` on this list; a name already used is replaced."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    mine = saved_filters_of(actor, resource)
    existing = mine.filter(name=name).first()
    if existing is not None:
        return writes.update(actor, existing, {"query": query})
    if mine.count() >= MAX_PER_LIST:
        raise ValidationError({"name": _("At most %(count)s saved filters per list; delete "
                                         "one first.") % {"count": MAX_PER_LIST}})
    return writes.create(actor, SavedFilter(user=actor, resource=list_key(resource),
                                            name=name, query=query))


def delete_saved_filter(actor: User, resource: Resource, pk: int) -> None:
    found = saved_filters_of(actor, resource).filter(pk=pk).first()
    if found is None:
        raise Http404  # another user's filter does not exist for this one
    writes.delete(actor, found)
