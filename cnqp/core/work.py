"""Work queues: what waits for the user's unit, across the apps ("Việc của tôi", `/my-work/`,
and the count on its menu entry). An app declares its queues in its `work.py`, the way it
declares its duties:

    @work_queue("quality.actions_open", _("Corrective actions of my unit not closed"),
                permission="quality.view_correctiveaction")
    def actions_open(user: User) -> Waiting | None:
        return Waiting(scoped_queryset, link_to_the_filtered_list)

The function returns the records waiting, already scoped (`scope_queryset`: what the user may
not see does not wait for them) and ordered most urgent first, with the link to the list
filtered to the same records; or None when the queue is not the user's (no unit, say). A
queue costs one query for its count and one for its first items; the counts are kept on the
user object for the rest of the request, so the menu's badge and the page count once.

Queues are found once, through `core.discovery`; a module that does not import, a name
declared twice, a name outside its app or a function that does not take the user fails the
system check (`check_work_queues`), so start-up says so.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import checks
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode

from cnqp.core.figures.dashboard import cached

if TYPE_CHECKING:
    from cnqp.core.models import User

FIRST_ITEMS = 5  # shown under each queue on the page


@dataclass(frozen=True)
class Waiting:
    items: QuerySet[Any]  # scoped, most urgent first
    link: str  # the list filtered to the same records


@dataclass(frozen=True)
class Queue:
    name: str
    label: str | Promise
    function: Callable[[User], Waiting | None]
    permission: str = ""


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    waiting: Waiting
    count: int


_queues: dict[str, Queue] = {}
_discovered = False


def work_queue(name: str, label: str | Promise, *, permission: str = ""
               ) -> Callable[[Callable[[User], Waiting | None]],
                             Callable[[User], Waiting | None]]:
    """Register a work queue of an app (in its `work.py`) under `name` ("app.what")."""

    def register(function: Callable[[User], Waiting | None]
                 ) -> Callable[[User], Waiting | None]:
        known = _queues.get(name)
        if known is not None and known.function is not function:
            raise ValueError(f"work queue {name!r} registered twice")
        _queues[name] = Queue(name, label, function, permission)
        return function

    return register


def registered() -> dict[str, Queue]:
    """Every app's queues by name, found on the first call."""
    global _discovered
    if not _discovered:
        from cnqp.core.discovery import app_modules

        app_modules("work")
        _discovered = True
    return dict(sorted(_queues.items()))


def counts(user: User) -> list[QueueCount]:
    """The queues of `user` with their counts (empty ones included), one count query each;
    kept on the user object, which lives as long as the request."""
    cached = getattr(user, "_cnqp_work", None)
    if cached is not None:
        return list(cached)
    found = []
    if user.is_authenticated:
        for queue in registered().values():
            if queue.permission and not user.has_perm(queue.permission):
                continue
            waiting = queue.function(user)
            if waiting is not None:
                found.append(QueueCount(queue, waiting, waiting.items.count()))
    user._cnqp_work = found  # type: ignore[attr-defined]  # kept for the request
    return list(found)


def total(user: User) -> int:
    """The number on the menu entry, drawn on every page: kept as the home page's figures are
    (`figures.dashboard.cached`, a minute by default), not counted queue by queue per page.
    The page itself (`counts`) is always counted afresh."""
    return cached(user, "work-total", lambda: sum(q.count for q in counts(user)))


def filtered_list(url_name: str, **query: str | int) -> str:
    """The link to a list with its filters: a queue's `link`."""
    return f"{reverse(url_name)}?{urlencode(query)}" if query else reverse(url_name)


def item_link(obj: Model) -> str:
    """The record's page, when its model has a resource with pages."""
    from cnqp.core.records.registry import resource_of

    resource = resource_of(type(obj))
    if resource is None:
        return ""
    try:
        return reverse(resource.url_name("detail"), args=[obj.pk])
    except NoReverseMatch:
        return ""


@checks.register()
def check_work_queues(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every declared queue imports, is named once, after its app, and takes the user."""
    from django.apps import apps

    try:
        queues = registered()
    except Exception as exc:  # a work module that does not import, a name declared twice
        return [checks.Error(f"work queues: {exc.__class__.__name__}: {exc}", id="cnqp.E032")]
    labels = {config.label for config in apps.get_app_configs()}
    errors: list[checks.CheckMessage] = []
    for name, queue in queues.items():
        function = queue.function
        where = f"{function.__module__}.{function.__qualname__}"
        if name.partition(".")[0] not in labels or not name.partition(".")[2]:
            errors.append(checks.Error(f"work queue {name!r} ({where}) is not named "
                                       "'<app>.<what>'", id="cnqp.E033"))
        try:
            inspect.signature(function).bind(object())
        except TypeError:
            errors.append(checks.Error(f"work queue {name!r} ({where}) does not take the user "
                                       "as its one argument", id="cnqp.E034"))
    return errors
