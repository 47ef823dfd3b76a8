"""The periodic reports' comparison with the same period of the year before.

Generic over the metric registry (core.figures.metrics), so no app writes code for it: the
report is built inside `metrics.remembering()`, whose memo tells which sources each section
read for the report's period; those sources' metrics marked `compared`, single figures (not
breakdowns) that the reader may read, are measured for the period and for the same period a
year before and appended to the section as one table: figure, unit of measure, this period,
the year before, the change and this period as a percentage of the year before.

Cost: one remembering block holds the whole report, so a source is computed once for the
period however many sections read it, and once for the year before. A source read by several
sections is compared in the first of them (the report's order): each figure once per report.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.figures import metrics
from cnqp.core.figures.metrics import Measure, Metric
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, ReportTable
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_number

NONE = "—"  # no value, or a ratio to nothing
Value = int | float | Decimal


def _day_a_year_before(day: dt.date, *, last: bool) -> dt.date:
    """29 February becomes 28 as a period's end and 1 March as its start (two periods that
    abut still abut a year before); the last day of February as a period's end (`last`)
    stays the last day of February, 28 February 2025 becoming 29 February 2024."""
    year = day.year - 1
    february_end = calendar.monthrange(year, 2)[1]
    if day.month == 2 and last and day.day == calendar.monthrange(day.year, 2)[1]:
        return dt.date(year, 2, february_end)
    if day.month == 2 and not last and day.day > february_end:
        return dt.date(year, 3, 1)
    if day.month == 2:
        return dt.date(year, 2, min(day.day, february_end))
    return day.replace(year=year)


def year_before(period: ReportPeriod) -> ReportPeriod | None:
    """The same period one year earlier: the year before of an annual report, the first half
    of the year before of a half-year report, the same days of a custom period. None when the
    period is longer than a year (the two would overlap: nothing to compare)."""
    before = ReportPeriod(_day_a_year_before(period.start, last=False),
                          _day_a_year_before(period.end, last=True))
    return before if before.end < period.start else None


def sources_read(keys: Iterable[tuple[Any, ...]], user: User, period: ReportPeriod,
                 unit: OrgUnit | None) -> list[str]:
    """The sources, in the order read, of memo keys (source, user id, period, unit id) read
    for this user, period and unit (a section may read other periods for its own purposes)."""
    wanted = (user.pk, period, unit.pk if unit is not None else None)
    found: list[str] = []
    for key in keys:
        if tuple(key[1:]) == wanted and key[0] not in found:
            found.append(key[0])
    return found


def compared_metrics(source_keys: Sequence[str], user: User) -> list[Metric]:
    """The metrics of these sources the comparison prints: `compared`, not breakdowns,
    readable by `user`; by source in the order read, then in the order of the figures in the
    source's result (the app's own order), not the keys' alphabet."""
    registered = metrics.sources()
    fields = {key: [f.name for f in dataclasses.fields(registered[key].result)]
              for key in source_keys if key in registered}

    def place(metric: Metric) -> tuple[int, int, str]:
        names = fields[metric.source]
        first = metric.path.split(".")[0]
        return (source_keys.index(metric.source),
                names.index(first) if first in names else len(names), metric.path)

    chosen = [m for m in metrics.metrics().values()
              if m.source in fields and m.compared and not m.is_breakdown
              and m.readable_by(user)]
    return sorted(chosen, key=place)


def _number(value: Any) -> Value | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return value


def _cell(value: Value, decimals: int) -> str | int:
    """Integers stay integers (the exporters print them 1.234.567 and keep them numeric in
    XLSX); other numbers printed with the metric's decimals."""
    return value if isinstance(value, int) else format_number(value, decimals)


def comparison_row(metric: Metric, now: Value | None, before: Value | None) -> list[str | int]:
    """Figure | unit of measure | this period | the year before | change | percentage."""
    decimals = metric.decimals
    row: list[str | int] = [str(metric.label), str(metric.measure),
                            NONE if now is None else _cell(now, decimals),
                            NONE if before is None else _cell(before, decimals)]
    if now is None or before is None:
        return [*row, NONE, NONE]
    change = (Decimal(str(now)) - Decimal(str(before))
              if isinstance(now, Decimal) or isinstance(before, Decimal)
              else now - before)  # a float and a Decimal do not subtract
    ratio = NONE if not before else format_number(Decimal(str(now)) * 100
                                                  / Decimal(str(before)), 1)
    return [*row, _cell(change, decimals), ratio]


def comparison_table(source_keys: Sequence[str], user: User, period: ReportPeriod,
                     before: ReportPeriod, unit: OrgUnit | None) -> ReportTable | None:
    """The comparison of the figures of `source_keys` (None: nothing to compare), marked with
    the highest level of the results of either period."""
    chosen = compared_metrics(source_keys, user)
    if not chosen:
        return None
    keys = [m.key for m in chosen]
    now = metrics.measure(keys, user, period, unit)
    then = metrics.measure(keys, user, before, unit)
    rows: list[list[str | int]] = []
    levels: list[Measure] = []
    for metric in chosen:
        value, previous = _number(now[metric.key].value), _number(then[metric.key].value)
        levels += [now[metric.key], then[metric.key]]
        if value is None and previous is None:
            continue  # neither period has the figure: nothing to print
        rows.append(comparison_row(metric, value, previous))
    if not rows:
        return None
    return ReportTable(
        title=_("Comparison with the same period of the previous year"),
        columns=[_("Figure"), _("Unit of measure"), _("Reporting period"),
                 _("Same period of the previous year"), _("Increase (+), decrease (-)"),
                 _("Ratio (%)")],
        rows=rows, classification=max(m.classification for m in levels))


def with_comparison(section: ReportSection, source_keys: Sequence[str], user: User,
                    period: ReportPeriod, before: ReportPeriod,
                    unit: OrgUnit | None) -> ReportSection:
    """`section` with its comparison table appended (unchanged when there is none); the
    section's level rises to the table's (the year before may count a secret record)."""
    table = comparison_table(source_keys, user, period, before, unit)
    if table is None:
        return section
    return dataclasses.replace(
        section, tables=[*section.tables, table],
        classification=max(section.classification, table.classification))
