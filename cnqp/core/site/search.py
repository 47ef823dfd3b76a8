"""Search across modules: the words typed in the header's box, looked for in every registered
resource whose model keeps `search_text` and that the user may view, each as its own list page
searches `?q=` (`Resource.browse`): scoped, so a record the user may not see is neither shown
nor counted. A resource registered tomorrow is searched without a line here.

Cost, whatever the size of the tables: per resource the user may view, one query for its first
`SHOWN` records and, when there are any, a second one counting at most `COUNT_CAP + 1` rows
(shown "100+"), so a search never counts millions of rows for a number.
Groups come in the menu's order (a module where the group of most of its entries stands, a
resource where its list page stands; what the menu does not name comes after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.apps import apps
from django.http import QueryDict
from django.urls import reverse

from cnqp.core import audit
from cnqp.core.records.registry import resources
from cnqp.core.site.navigation import collect_groups
from cnqp.core.text import fold

if TYPE_CHECKING:
    from cnqp.core.records.resource import Resource

MIN_LENGTH = 2  # folded characters: one letter would match nearly every record
MAX_LENGTH = 200  # as the API's list search: each word is one more condition per resource
SHOWN = 5
COUNT_CAP = 100


@dataclass(frozen=True)
class Hit:
    record: Any
    title: str
    url: str


@dataclass(frozen=True)
class Found:
    """One resource's matches: the first `SHOWN`, how many in all (`count`; over `COUNT_CAP`
    it is `COUNT_CAP + 1` and `capped` holds) and its list page filtered with the query."""

    resource: Resource
    hits: list[Hit]
    count: int
    list_url: str

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


@dataclass
class Module:
    app_label: str
    label: str
    groups: list[Found] = field(default_factory=list)


def refusal(query: str) -> str:
    """Why `query` is not searched: "short", "long", or "" when it is."""
    if len(query) > MAX_LENGTH:
        return "long"
    return "short" if len(fold(query)) < MIN_LENGTH else ""


def search_everywhere(user: Any, query: str) -> list[Module]:
    """The matches of `query` that `user` may see, by module then resource, in menu order;
    only the resources with a match. Nothing for a query `refusal` turns down."""
    query = query.strip()
    if refusal(query) or not user.is_authenticated:
        return []
    modules: dict[str, Module] = {}
    for resource in searched_resources():
        if not resource.may(user, "view"):
            continue
        found = find_in(resource, user, query)
        if found.count:
            label = resource.app_label
            module = modules.setdefault(
                label, Module(label, str(apps.get_app_config(label).verbose_name)))
            module.groups.append(found)
    return list(modules.values())


def find_in(resource: Resource, user: Any, query: str) -> Found:
    """`resource`'s records matching `query`, as its list page finds them for `?q=`."""
    queryset = resource.browse(user, QueryDict(urlencode({"q": query}))).queryset
    records = list(queryset[:SHOWN])
    # counted even when fewer than SHOWN came back: two queries per resource with matches,
    # however many, and none more for a record or two
    count = queryset[:COUNT_CAP + 1].count() if records else 0
    audit.record_listing(user, resource.model, records)  # classified ones shown are read
    detail = resource.url_name("detail")
    hits = [Hit(obj, str(obj), reverse(detail, args=[obj.pk])) for obj in records]
    list_url = f"{reverse(resource.url_name('list'))}?{urlencode({'q': query})}"
    return Found(resource, hits, count, list_url)


def searched_resources() -> list[Resource]:
    """The resources whose list pages search, in the menu's order."""
    found = [r for r in resources() if r.searchable and hasattr(r.model, "search_text")]
    modules, places = _menu_order()
    last = len(places)
    registered = {id(r): i for i, r in enumerate(found)}
    return sorted(found, key=lambda r: (modules.get(r.app_label, last),
                                        places.get(r.url_name("list"), last), registered[id(r)]))


@cache  # the menus are fixed once Django has started
def _menu_order() -> tuple[dict[str, int], dict[str, int]]:
    """Each module's place in the menu, that of the group holding most of its entries (core's
    is System's, not the Overview's two links), and each URL name's first place."""
    places: dict[str, int] = {}
    modules: dict[str, tuple[int, int]] = {}  # app label: (-entries, group's place)
    for number, group in enumerate(collect_groups()):
        entries: dict[str, int] = {}
        for item in group.items:
            places.setdefault(item.url_name, len(places))
            app_label = item.url_name.split(":")[0]
            entries[app_label] = entries.get(app_label, 0) + 1
        for app_label, count in entries.items():
            modules[app_label] = min(modules.get(app_label, (-count, number)), (-count, number))
    return {label: number for label, (_count, number) in modules.items()}, places
