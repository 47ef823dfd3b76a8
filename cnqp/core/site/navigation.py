"""Menu entries are declared by each app in its `menu.py`; the shell assembles them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise, SimpleLazyObject

from cnqp.core.discovery import app_modules


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: str = ""
    icon: str = "circle"
    # a number shown beside the entry (what waits, what is unread), counted only when the
    # menu is drawn, once per request (the counting function keeps its result)
    badge: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class MenuGroup:
    label: str | Promise
    items: tuple[MenuItem, ...]
    weight: int = 50
    icon: str = "folder"


@dataclass
class RenderedGroup:
    label: str
    icon: str
    items: list[dict[str, Any]] = field(default_factory=list)


@cache  # the apps and their menus are fixed once Django has started
def collect_groups() -> list[MenuGroup]:
    groups: list[MenuGroup] = []
    for _label, module in app_modules("menu"):
        groups.extend(getattr(module, "menu", ()))
    return sorted(groups, key=lambda g: g.weight)


def menu_for(user: Any, current_path: str) -> list[RenderedGroup]:
    rendered = []
    for group in collect_groups():
        out = RenderedGroup(str(group.label), group.icon)
        for item in group.items:
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            out.items.append({"label": str(item.label), "url": url, "icon": item.icon,
                              "active": current_path.startswith(url) and url != "/",
                              "badge": _lazy_badge(item.badge, user) if item.badge else None})
        if out.items:
            rendered.append(out)
    return rendered



def _lazy_badge(count: Callable[[Any], int], user: Any) -> Any:
    return SimpleLazyObject(lambda: count(user))
