"""The base of every list's filter set: bound to the viewer, so a filter that depends on who
reads ("started by me", "unread", "received by my unit") reads `self.user`, whichever
transport (page or API) built it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters

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
