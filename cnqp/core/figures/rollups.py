"""Rollups: summaries of the large tables that report figures read instead of the raw rows.

At the directorate's scale (millions of serials and inspections) a year's figures scan a
year of raw rows for every report and every home page. A rollup keeps, per *slice* (the
records' owning unit and day), the counts the figures need, grouped by their dimensions and
by classification:

    OUTPUT = register(Rollup(OutputDay, parts=(
        Part(SerialUnit, day="made_date", where=accepted, dims={...}, measures={...}),
        Part(Lot, ...))))

Each part reads its unit and level through its model's own `scope`, so a row is owned and
classified exactly as the records it counts. A rollup holds two grains: the day rows
(`whole_month` false), counted from the raw records, and the month rows (`whole_month`
true, dated the month's first day), summed from its own day rows; a period reads the months
it covers whole and the days at its edges (`within`), so a year is a few thousand rows
however many records it counts. The services that change those records call
`refresh(rollup, slices)` in the same transaction: the slices' rows are deleted and counted
again from the raw records (one statement per part), so a rollup always equals a recount,
whatever the change (a create, an edit that moves a record to another day, a sign-off that
makes it count, a bulk import). Refreshers of one unit's slices take turns (`take_turns`).

A figure reads `rows(rollup, user, unit)`: the rows of what the user may see (clearance, and
their unit's subtree unless their roles see every unit), or None when the rollup cannot
stand for the user's view of the raw records (a model's `extra` need-to-know rule applies to
them: a user unit sees the serials delivered to it, which no slice holds; an enterprise,
whose units receive nothing, is served by the rollup). The figure then
counts the raw records, as it does under `bypassed()` (the tests compare the two).
`rebuild(rollup)` recounts everything (after a bulk load, `manage.py rebuild_rollups`), and
`differences(rollup)` lists the slices whose rows differ from a recount.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth

from cnqp.core.access.scoping import extra_reaches, scope_of
from cnqp.core.locks import take_turns

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User

Slice = tuple[int, dt.date]  # (owning unit id, day)

_bypassed: ContextVar[bool] = ContextVar("cnqp_rollups_bypassed", default=False)


@dataclass(frozen=True)
class Part:
    """The rows one raw model adds to a rollup: its records passing `where`, grouped by
    unit, `day`, classification and `dims` (rollup column -> expression over the model),
    summed as `measures` (rollup column -> aggregate). `consts` are columns the part sets to
    a constant (which of two models a row counts)."""

    model: type[models.Model]
    day: str
    measures: Mapping[str, Any]
    dims: Mapping[str, Any] = field(default_factory=dict)
    where: Any = None  # a Q, or a callable returning one (evaluated when used)
    consts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def unit_field(self) -> str:
        unit = scope_of(self.model).unit
        if unit is None or unit == "self":
            raise ValueError(f"{self.model.__name__} has no owning unit to roll up by")
        return f"{unit}_id" if "__" not in unit else f"{unit}__id"

    @property
    def level_field(self) -> str | None:
        return scope_of(self.model).classification

    def condition(self) -> Q:
        where = self.where() if callable(self.where) else self.where
        return where if where is not None else Q()


@dataclass(frozen=True)
class Rollup:
    """A summary model (fields `unit`, `day`, `whole_month`, `classification`, the parts'
    dims, consts and measures: sums, so that months add up from days) and the parts that
    fill it."""

    model: type[models.Model]
    parts: tuple[Part, ...]

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def dims(self) -> list[str]:
        return sorted({*self.parts[0].dims, *self.parts[0].consts})

    @property
    def measures(self) -> list[str]:
        return sorted(self.parts[0].measures)


_registry: dict[str, Rollup] = {}


def register(rollup: Rollup) -> Rollup:
    for part in rollup.parts:
        if sorted({*part.dims, *part.consts}) != rollup.dims or \
                sorted(part.measures) != rollup.measures:
            raise ValueError(f"{rollup.key}: every part fills the same columns")
    _registry[rollup.key] = rollup
    return rollup


def registered() -> list[Rollup]:
    from cnqp.core.discovery import app_modules

    app_modules("rollups")  # importing an app's rollups.py registers them
    return [_registry[key] for key in sorted(_registry)]


# --- reading ------------------------------------------------------------------------------


@contextmanager
def bypassed() -> Iterator[None]:
    """Figures computed from the raw records inside (the tests' recount)."""
    token = _bypassed.set(True)
    try:
        yield
    finally:
        _bypassed.reset(token)


def covers(rollup: Rollup, user: User) -> bool:
    """Whether the rollup's rows of the user's clearance and units are exactly what the user
    sees of the raw records: no part's need-to-know rule reaches past the unit rule."""
    if _bypassed.get():
        return False
    for part in rollup.parts:
        scope = scope_of(part.model)
        if scope.recipient or extra_reaches(scope, user):
            return False
    return True


def rows(rollup: Rollup, user: User, unit: OrgUnit | None = None,
         start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Any] | None:
    """The rollup's rows of the days from `start` (None: the first) to `end` that the user
    may see, within `unit`'s subtree; None when the figure must count the raw records instead
    (`covers`). Sum them: each day is in one row of a grain or the other."""
    if not covers(rollup, user):
        return None
    found = rollup.model._default_manager.filter(
        within(start, end), classification__lte=user.clearance)
    if not user.sees_all_units:
        if user.org_unit_id is None:
            return found.none()
        found = found.filter(unit__path__startswith=user.org_unit.path)
    if unit is not None:
        found = found.filter(unit__path__startswith=unit.path)
    return found


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def within(start: dt.date | None, end: dt.date | None) -> Q:
    """The rows of the days from `start` (None: the first) to `end` (None: the last): the
    month rows of the months inside whole, the day rows of the days outside them."""
    if end is None:
        return Q(whole_month=False) if start is None else Q(whole_month=False, day__gte=start)
    first = start if start is None or start.day == 1 else _next_month(start)
    after = _month(end + dt.timedelta(days=1))  # the first month not inside whole
    if first is not None and first >= after:  # no whole month: days only
        return Q(whole_month=False, day__gte=start, day__lte=end)
    months = Q(whole_month=True, day__lt=after) & (Q() if first is None else Q(day__gte=first))
    days = Q(whole_month=False, day__gte=after, day__lte=end)
    if start is not None and start < first:  # type: ignore[operator]
        days |= Q(whole_month=False, day__gte=start, day__lt=first)
    return months | days


# --- writing ------------------------------------------------------------------------------


def slices_of(part: Part, records: QuerySet[Any]) -> set[Slice]:
    """The slices `records` (of the part's model) fall in: read before a change moves or
    deletes them, and after it."""
    return set(records.order_by().values_list(part.unit_field, part.day).distinct())


def refresh(rollup: Rollup, slices: Iterable[Slice]) -> None:
    """Count the slices again from the raw records, in the caller's transaction (constant
    queries: a delete and an insert per part, whatever the number of slices)."""
    by_unit: dict[int, set[dt.date]] = defaultdict(set)
    for unit_id, day in slices:
        if unit_id is not None and day is not None:
            by_unit[unit_id].add(day)
    if not by_unit:
        return
    for unit_id in sorted(by_unit):  # one order for everyone: no deadlock between refreshers
        take_turns(f"rollup:{rollup.key}:{unit_id}")
    chosen, months = Q(), Q()
    for unit_id, days in by_unit.items():
        chosen |= Q(unit_id=unit_id, day__in=sorted(days))
        for month in sorted({_month(day) for day in days}):
            months |= Q(unit_id=unit_id, day__gte=month, day__lt=_next_month(month))
    manager = rollup.model._default_manager
    manager.filter(chosen, whole_month=False).delete()
    for part in rollup.parts:
        raw = Q()
        for unit_id, days in by_unit.items():
            raw |= Q(**{part.unit_field: unit_id, f"{part.day}__in": sorted(days)})
        _insert(rollup, part, raw)
    manager.filter(months, whole_month=True).delete()
    _insert_months(rollup, months)


def rebuild(rollup: Rollup) -> int:
    """Count every slice again (after a bulk load); the number of rows written."""
    take_turns(f"rollup:{rollup.key}")
    rollup.model._default_manager.all().delete()
    return sum(_insert(rollup, part, Q()) for part in rollup.parts) + _insert_months(rollup, Q())


def _grouped(rollup: Rollup, part: Part, raw: Q) -> QuerySet[Any]:
    """The part's rows of the rollup, as a SELECT of the rollup's columns in `columns` order."""
    level = part.level_field
    named: dict[str, Any] = {
        "r_unit": F(part.unit_field), "r_day": F(part.day),
        "r_level": F(level) if level else Value(0),
        **{f"r_{name}": expr if not isinstance(expr, str) else F(expr)
           for name, expr in part.dims.items()},
        **{f"r_{name}": Value(value) for name, value in part.consts.items()}}
    grouped = (part.model._default_manager.filter(part.condition() & raw).order_by()
               .values(**named).annotate(**{f"r_{m}": part.measures[m] for m in part.measures},
                                         r_whole_month=Value(False)))
    return grouped.values_list(*(f"r_{column}" for column in _columns(rollup)))


def _columns(rollup: Rollup) -> list[str]:
    return ["unit", "day", "level", *rollup.dims, *rollup.measures, "whole_month"]


def _insert(rollup: Rollup, part: Part, raw: Q) -> int:
    return _insert_select(rollup, _grouped(rollup, part, raw))


def _insert_months(rollup: Rollup, chosen: Q) -> int:
    """The month rows of the chosen days, summed from the day rows."""
    month_rows = (rollup.model._default_manager.filter(chosen, whole_month=False).order_by()
                  .values(r_unit=F("unit_id"), r_day=TruncMonth("day"),
                          r_level=F("classification"),
                          **{f"r_{name}": F(name) for name in rollup.dims})
                  .annotate(**{f"r_{m}": Sum(m) for m in rollup.measures},
                            r_whole_month=Value(True)))
    return _insert_select(rollup, month_rows.values_list(
        *(f"r_{column}" for column in _columns(rollup))))


def _insert_select(rollup: Rollup, select: QuerySet[Any]) -> int:
    sql, params = select.query.sql_with_params()
    meta = rollup.model._meta
    names = [_column(rollup, name) for name in
             ("unit", "day", "classification", *rollup.dims, *rollup.measures, "whole_month")]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(meta.db_table)} "
                       f"({', '.join(quote(n) for n in names)}) {sql}", params)
        return int(cursor.rowcount)


def _column(rollup: Rollup, name: str) -> str:
    field = rollup.model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # a concrete column of the model
    return str(field.column)


def differences(rollup: Rollup) -> list[tuple[Any, ...]]:
    """The rows (unit, day, level, dims..., measures...) of the rollup and of a recount that
    differ: empty when the rollup is right."""
    stored = set(rollup.model._default_manager.filter(whole_month=False).values_list(
        "unit_id", "day", "classification", *rollup.dims, *rollup.measures))
    counted: set[tuple[Any, ...]] = set()
    for part in rollup.parts:
        counted |= {tuple(row)[:-1] for row in _grouped(rollup, part, Q())}
    months = {_month_key(row) for row in rollup.model._default_manager.filter(
        whole_month=True).values_list("unit_id", "day", "classification", *rollup.dims,
                                      *rollup.measures)}
    summed: dict[tuple[Any, ...], list[int]] = {}
    width = len(rollup.measures)
    for row in counted:
        key = (row[0], _month(_as_date(row[1])), *row[2:-width])
        total = summed.setdefault(key, [0] * width)
        for i, value in enumerate(row[-width:]):
            total[i] += int(value or 0)
    expected = {(*key, *values) for key, values in summed.items()}
    return sorted((stored ^ counted) | (months ^ expected), key=repr)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _month_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (row[0], _as_date(row[1]), *row[2:])
