"""The contract of the home page's dashboard: each app's optional `dashboard.py` contributes
panels of key figures and charts for the signed-in user, and may provide targets.

    def panels(user: User, year: int) -> list[Panel]: ...        # what the app shows
    def targets(user: User, year: int) -> dict[str, Target]: ... # optional: the "resolutions
                                                                 # and targets" module's slot

A panel is empty (not returned) for a user who may not read the app's records; figures are
computed through the scoped selectors, so each role and unit sees its own dashboard: the
directorate the whole, an enterprise itself, a user unit what it received. Every figure
links to the list of exactly the records it counts. A figure carries its value this year and
last year (same definition), and a target when the app knows one (the production plan's
quantities) or when another app's `targets()` names the figure's key."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from cnqp.core.discovery import app_modules
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportChart, ReportPeriod

if TYPE_CHECKING:
    from cnqp.core.models import User


@dataclass(frozen=True)
class Target:
    value: int | float
    label: str  # where the target comes from: "kế hoạch 2024", "Nghị quyết 365-NQ/ĐU"
    url: str = ""
    status: str = ""  # the verdict so far, printed: "Đạt", "Không đạt"
    tone: str = ""  # its colour: "success", "warning", "danger", "secondary"


@dataclass(frozen=True)
class Figure:
    key: str  # "research.accepted": how targets find it
    label: str
    value: int | float
    url: str  # the records it counts
    previous: int | float | None = None  # last year, same definition
    previous_url: str = ""
    target: Target | None = None
    suffix: str = ""  # "%"
    decimals: int = 0
    lower_is_better: bool = False  # an increase is then shown in red

    @property
    def change_tone(self) -> str:
        """The colour of the change: green when it is for the better."""
        change = self.change
        if not change:
            return "muted"
        return "success" if (change > 0) != self.lower_is_better else "danger"

    @property
    def change(self) -> int | float | None:
        if self.previous is None:
            return None
        return round(self.value - self.previous, self.decimals)

    @property
    def target_percent(self) -> float | None:
        if self.target is None or not self.target.value:
            return None
        return round(100 * self.value / self.target.value, 1)


@dataclass(frozen=True)
class Chart:
    """A chart (drawn by ECharts) whose bars or points open the records they count:
    `links[series][category]`, or no links."""

    chart: ReportChart
    links: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # a panel whose figures are not "this year against last" draws itself: this template,
    # included with `panel` (its `context` holds what it shows)
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def metric_figures(user: User, year: int, keys: Iterable[str]) -> list[Figure]:
    """The registered metrics `keys` as the home page's figures: the year against the year
    before, each linked to the records it counts; those the user may not read left out."""
    wanted = [key for key in keys if metrics.metric(key).readable_by(user)]
    now = metrics.measure(wanted, user, ReportPeriod.annual(year))
    before = metrics.measure(wanted, user, ReportPeriod.annual(year - 1))
    return [Figure(key=key, label=str(now[key].metric.label), value=now[key].value or 0,
                   url=now[key].url, previous=before[key].value,
                   previous_url=before[key].url, decimals=now[key].metric.decimals,
                   lower_is_better=now[key].metric.better == metrics.Better.LOWER,
                   suffix="%" if str(now[key].metric.measure) == "%" else "")
            for key in wanted]


def collect(user: User, year: int) -> list[Panel]:
    """Every app's panels for `user`, in order, with the targets other apps provide attached
    to the figures that have none of their own. Kept for CNQP_DASHBOARD_CACHE_SECONDS per
    user, year and language: at millions of records the figures take seconds, and a home
    page a minute old is fine (reports are always computed afresh)."""
    return cached(user, f"panels:{year}", lambda: _collect(user, year))


T = TypeVar("T")


def cached(user: User, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept CNQP_DASHBOARD_CACHE_SECONDS for this user as they are now (their
    unit, roles and clearance: what decides what they may see) and language; computed every
    time when the setting is 0."""
    seconds = settings.CNQP_DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    roles = ",".join(sorted(user.role_codes))
    key = (f"cnqp:dashboard:{user.pk}:{user.org_unit_id}:{roles}:{user.clearance}:"
           f"{get_language()}:{name}")
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _collect(user: User, year: int) -> list[Panel]:
    with metrics.remembering():  # a source read by a panel and by a target computes once
        return _collected(user, year)


def _collected(user: User, year: int) -> list[Panel]:
    modules = [module for _label, module in app_modules("dashboard")]
    targets: dict[str, Target] = {}
    for module in modules:
        provider = getattr(module, "targets", None)
        if callable(provider):
            targets.update(provider(user, year))
    panels: list[Panel] = []
    for module in modules:
        provider = getattr(module, "panels", None)
        if callable(provider):
            panels.extend(provider(user, year))
    return [replace(panel, figures=[
        replace(f, target=targets[f.key]) if f.target is None and f.key in targets else f
        for f in panel.figures]) for panel in sorted(panels, key=lambda p: (p.order, p.key))]
