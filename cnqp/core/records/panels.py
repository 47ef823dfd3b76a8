"""Cards an app adds to another app's record pages: the quality app shows, on a serial's
page, the recalls that marked it and the non-conformances that name it, though production
knows nothing of quality. An app contributes with a `panels.py` module whose function
`panels(user, obj)` returns the cards for `obj` (none for records it has nothing to say
about), each built from what `user` may see (scope_queryset), like the page itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from django.db.models import Model

from cnqp.core import audit
from cnqp.core.discovery import app_modules


@dataclass(frozen=True)
class RecordPanel:
    title: str
    template: str  # rendered with the page's context and `panel`
    context: dict[str, Any] = field(default_factory=dict)
    alert: bool = False  # a warning about the record (recalled): shown above it, in red
    # the records the card shows, by model: listing classified ones is a read, audited
    shown: tuple[tuple[type[Model], list[Any]], ...] = ()


def panels_for(user: Any, obj: Any) -> list[RecordPanel]:
    found: list[RecordPanel] = []
    for _label, module in _modules():
        found.extend(module.panels(user, obj))
    for panel in found:
        for model, records in panel.shown:
            audit.record_listing(user, model, records)
    return found


@cache
def _modules() -> list[tuple[str, ModuleType]]:
    """The apps' panels modules, found once (the set of apps does not change while running)."""
    return app_modules("panels")


RELATED_LIMIT = 50  # a card lists the newest; its "all" link opens the filtered list


def related_panel(user: Any, resource: Any, filters: dict[str, Any], title: str, *,
                  add_query: str = "", limit: int = RELATED_LIMIT,
                  without: tuple[str, ...] = ()) -> RecordPanel:
    """A card listing the records of `resource` that `filters` select, as its list page
    shows them (its columns, scoped), with links to the whole list (`?<filters>`) and, for a
    user who may add one, to a new record starting from `add_query` ("incident=5");
    `without`: columns that say nothing here (the record the card hangs off)."""
    from django.urls import reverse  # here: the panels module loads before the URL conf

    from cnqp.core.records.display import shown_text

    queryset = resource.queryset(user).filter(**filters)
    records = list(queryset.order_by(resource.ordering, "pk")[:limit])
    columns = [c for c in resource.columns if c.name not in without]
    rows = [(obj, [{"text": shown_text(obj, c.name), "link": c.link} for c in columns])
            for obj in records]
    may_add = add_query and resource.offers("create") and resource.may(user, "create")
    return RecordPanel(title, "core/panels/related.html", {
        "resource": resource, "rows": rows,
        "headers": [c.header(resource.model) for c in columns],
        "more": len(records) == limit,
        "list_url": f"{reverse(resource.url_name('list'))}?{add_query}",
        "add_url": (f"{reverse(resource.url_name('create'))}?{add_query}" if may_add else ""),
    }, shown=((resource.model, records),))
