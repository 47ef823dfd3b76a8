"""The metric registry: every figure the system prints, declared once.

An app computes its figures in one place, a *source*: a function of the reading user, a
closed period and an optional unit (`None`: everything the user may see) returning a frozen
dataclass of figures, from scoped querysets. Its `metrics.py` registers the source and names
every figure in it as a *metric*: a key ("research.accepted"), a Vietnamese label, the unit of
measure, whether higher or lower is better and the path of the figure in the source's result
("accepted", "by_level.in_execution.national", "enterprises.*.done" for a row per record):

    SOURCE = register_source(Source("research", research_figures, ResearchFigures))
    register(Metric("research.accepted", "research", "accepted", _("Accepted"), _("topics")),
             ...)

The dashboard, the report sections and the directives' indicators read figures only through
here (`read` for a source's whole result, `measure` for metrics by key), so no figure is
computed in two places; the tests hold every report section and dashboard to it (each number
they print is a registered metric's). Metrics with `*` in their path are breakdowns (a row per
enterprise, per product type): printed in tables, not bound to targets.

Sources and metrics are found once, through `core.discovery`; the system check
(`check_metrics`) fails start-up when a key is declared twice, a metric names a source that
does not exist or a path whose first step is not a field of the source's result."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import checks
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.reporting import ReportPeriod

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User

Number = int | float
Compute = Callable[["User", ReportPeriod, "OrgUnit | None"], Any]
Link = Callable[[ReportPeriod, "OrgUnit | None"], str]

# Fields of a source's result that describe it rather than count anything.
META_FIELDS = frozenset({"start", "end", "year", "period", "classification"})


class Better(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


@dataclass(frozen=True)
class Source:
    """Where an app's figures are computed: `compute(user, period, unit)` returns an instance
    of `result` (a dataclass) whose `classification` is the highest level of what it counts."""

    key: str
    compute: Compute
    result: type
    meta: frozenset[str] = META_FIELDS


@dataclass(frozen=True)
class Metric:
    key: str  # "<app>.<name>": how dashboards, reports and indicators name it
    source: str
    path: str  # in the source's result: attributes, dict keys and list indices, "." between
    label: str | Promise
    measure: str | Promise  # the unit of measure as printed: "đề tài", "vụ", "%"
    better: str = Better.HIGHER
    decimals: int = 0
    link: Link | None = None  # the list of exactly the records it counts
    permission: str = ""  # who may read it ("safety.view_incident"); others are not shown it
    compared: bool = True  # in the reports' comparison with the same period a year before

    @property
    def is_breakdown(self) -> bool:
        return "*" in self.path.split(".")

    def readable_by(self, user: User) -> bool:
        return not self.permission or user.has_perm(self.permission)


@dataclass(frozen=True)
class Measure:
    """A metric's value for one user, period and unit."""

    metric: Metric
    value: Number | None
    classification: int = 0
    url: str = ""


_sources: dict[str, Source] = {}
_metrics: dict[str, Metric] = {}
_discovered = False


def register_source(source: Source) -> Source:
    if _sources.get(source.key, source) != source:
        raise ValueError(f"metric source {source.key!r} registered twice")
    _sources[source.key] = source
    return source


def register(*metrics: Metric) -> None:
    for metric in metrics:
        if _metrics.get(metric.key, metric) != metric:
            raise ValueError(f"metric {metric.key!r} registered twice")
        _metrics[metric.key] = metric


def _discover() -> None:
    global _discovered
    if not _discovered:
        from cnqp.core.discovery import app_modules

        app_modules("metrics")
        _discovered = True


def sources() -> dict[str, Source]:
    _discover()
    return dict(_sources)


def metrics() -> dict[str, Metric]:
    """Every registered metric by key, in key order."""
    _discover()
    return dict(sorted(_metrics.items()))


def metric(key: str) -> Metric:
    found = metrics().get(key)
    if found is None:
        raise KeyError(f"no metric {key!r} is registered")
    return found


def bindable() -> list[Metric]:
    """The metrics a target may be bound to: single figures, not breakdowns."""
    return [m for m in metrics().values() if not m.is_breakdown]


# --- reading -----------------------------------------------------------------------------------


_remembered: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "cnqp_metric_results", default=None)


@contextmanager
def remembering() -> Iterator[dict[tuple[Any, ...], Any]]:
    """Within the block, a source computes once per user, period and unit, however many
    readers ask (a report's section, its comparison, a review's indicators). Yields what was
    read, keyed (source, user id, period, unit id)."""
    outer = _remembered.get()
    if outer is not None:
        yield outer
        return
    memo: dict[tuple[Any, ...], Any] = {}
    token = _remembered.set(memo)
    try:
        yield memo
    finally:
        _remembered.reset(token)


def read(source: str, user: User, period: ReportPeriod, unit: OrgUnit | None = None) -> Any:
    """A source's whole result for `user`: what a report section or a dashboard renders."""
    found = sources().get(source)
    if found is None:
        raise KeyError(f"no metric source {source!r} is registered")
    memo = _remembered.get()
    if memo is None:
        return found.compute(user, period, unit)
    key = (source, user.pk, period, unit.pk if unit is not None else None)
    if key not in memo:
        memo[key] = found.compute(user, period, unit)
    return memo[key]


def resolve(result: Any, path: str) -> Any:
    """The value at `path` in a source's result (no wildcards)."""
    value = result
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, (list, tuple)):
            value = value[int(step)]
        else:
            value = getattr(value, step)
        if value is None:
            return None
    return value


def measure(keys: Iterable[str], user: User, period: ReportPeriod,
            unit: OrgUnit | None = None) -> dict[str, Measure]:
    """The metrics `keys` for `user`: each source computed once, whatever the number of its
    metrics asked for. A metric the user may not read measures `None`."""
    wanted = [metric(key) for key in keys]
    results: dict[str, Any] = {}
    measured: dict[str, Measure] = {}
    for m in wanted:
        if m.is_breakdown:
            raise ValueError(f"metric {m.key!r} is a breakdown: it has no single value")
        if not m.readable_by(user):
            measured[m.key] = Measure(m, None)
            continue
        if m.source not in results:
            results[m.source] = read(m.source, user, period, unit)
        result = results[m.source]
        value = resolve(result, m.path)
        measured[m.key] = Measure(
            m, value, classification=getattr(result, "classification", 0) or 0,
            url=m.link(period, unit) if m.link else "")
    return measured


# --- what a result holds (for the checks and the tests) -----------------------------------------


def leaves(result: Any, meta: frozenset[str] = META_FIELDS,
           prefix: str = "") -> Iterator[tuple[str, Number]]:
    """(path, number) of every figure in a source's result: numbers at any depth of its
    dataclasses, dicts, lists and tuples, booleans and the meta fields left out."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        items: Iterable[tuple[str, Any]] = (
            (f.name, getattr(result, f.name)) for f in dataclasses.fields(result)
            if f.name not in meta)
    elif isinstance(result, dict):
        items = ((str(k), v) for k, v in result.items())
    elif isinstance(result, (list, tuple)):
        items = ((str(i), v) for i, v in enumerate(result))
    else:
        return
    for name, value in items:
        path = f"{prefix}{name}"
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            yield path, value
        else:  # a row's own year or level describes it too
            yield from leaves(value, meta, f"{path}.")


def matches(pattern: str, path: str) -> bool:
    steps, wanted = path.split("."), pattern.split(".")
    return len(steps) == len(wanted) and all(
        w in ("*", s) for w, s in zip(wanted, steps, strict=True))


def registered_for(path: str, source: str) -> Metric | None:
    """The metric of `source` whose path matches `path`, if any."""
    return next((m for m in metrics().values()
                 if m.source == source and matches(m.path, path)), None)


# --- the start-up check ------------------------------------------------------------------------


@checks.register()
def check_metrics(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    try:
        found_sources, found = sources(), metrics()
    except Exception as exc:  # a metrics module that does not import
        return [checks.Error(f"the metric registry cannot be read: {exc!r}", id="cnqp.E310")]
    for key, m in found.items():
        source = found_sources.get(m.source)
        if source is None:
            errors.append(checks.Error(f"metric {key!r} names no registered source "
                                       f"{m.source!r}", id="cnqp.E311"))
            continue
        if not key.startswith(f"{m.source.split('.')[0]}."):
            errors.append(checks.Error(f"metric {key!r} is not named after its source "
                                       f"{m.source!r}", id="cnqp.E312"))
        names = {f.name for f in dataclasses.fields(source.result)}
        if m.path.split(".")[0] not in names:
            errors.append(checks.Error(
                f"metric {key!r}: {m.path!r} is not a figure of {source.result.__name__}",
                id="cnqp.E313"))
        if m.better not in Better.values:
            errors.append(checks.Error(f"metric {key!r}: unknown direction {m.better!r}",
                                       id="cnqp.E314"))
    return errors
