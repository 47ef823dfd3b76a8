"""The base of every list's filter set: bound to the viewer, so a filter that depends on who
reads ("started by me", "unread", "received by my unit") reads `self.user`, whichever
transport (page or API) built it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cnqp.core.models import User


class RecordFilterSet(django_filters.FilterSet):
    # names this filter set annotates on every list it filters (a reader's own read state),
    # which columns may show and sort by: the declaration check counts them as fields
    annotates: tuple[str, ...] = ()

    def __init__(self, data: Any = None, queryset: Any = None, *,
                 user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(data, queryset, **kwargs)
        # the reader, signed in (lists are behind the log-in); None when built without one
        self.user: User | None = user if user is not None and user.is_authenticated else None

    def filter_subtree(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """A unit and every unit under it (`subtree_filter`'s method): one prefix match."""
        if value is None:
            return queryset
        return queryset.filter(**{f"{name}__startswith": value.path})


def subtree_filter(path: str, label: Any = None) -> Any:
    """A unit filter taking the unit's subtree (`path`: the ORM path to the unit's `path`,
    "issuer__path"), as the figures narrow to a unit."""
    from cnqp.core.models import OrgUnit  # the filter sets load before the models are ready

    return django_filters.ModelChoiceFilter(
        label=label or _("Unit"), queryset=OrgUnit.objects.filter(is_active=True),
        empty_label=_("All"), method="filter_subtree", field_name=path)


def choice_filter(choices: Any, label: Any = None) -> Any:
    """A choice filter with "All" first (a status, by default)."""
    return django_filters.ChoiceFilter(label=label or _("Status"), choices=choices,
                                       empty_label=_("All"))
