"""Every figure the report sections and the dashboard print comes from the metric registry.

On the shared demo (conftest.py), as the directorate's head, who sees everything:
- every number in every source's result is a registered metric (or a breakdown's row);
- with every source answering *sentinels* (its real result with each number replaced by a
  distinct value no query would give), every number a section prints in its paragraphs,
  tables and charts, and every figure and chart of the dashboard, is a sentinel: a number
  computed anywhere else (a count in a renderer, a total summed in a table, a percentage
  worked out while printing) shows up as a stranger and fails the test, naming the section."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod, ReportSection
from cnqp.reports.assembly import available_sections

YEAR = 2023
PERIODS = [ReportPeriod.annual(YEAR), ReportPeriod.half_year(YEAR)]


def sentinelled(result: Any, counter: Iterator[int]) -> Any:
    """`result` with each of its numbers (metric leaves) replaced by the next sentinel."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        changes = {f.name: _replace(getattr(result, f.name), counter)
                   for f in dataclasses.fields(result) if f.name not in metrics.META_FIELDS}
        return dataclasses.replace(result, **changes)
    return _replace(result, counter)


def _replace(value: Any, counter: Iterator[int]) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return next(counter)
    if isinstance(value, float):
        return next(counter) + 0.5
    if isinstance(value, dict):
        return {k: _replace(v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, counter) for v in value]
    if isinstance(value, tuple):
        return tuple(_replace(v, counter) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sentinelled(value, counter)
    return value


SENTINELS_FROM = 7001


@pytest.fixture
def sentinel_sources(users, monkeypatch) -> set[float]:
    """Every source answers sentinels: its real result's numbers replaced, per call."""
    counter = iter(range(SENTINELS_FROM, 10**9, 2))  # odd: a sum of two is never one
    given: set[float] = set()
    for key, source in metrics.sources().items():
        def compute(user, period, unit, _real=source.compute):
            result = sentinelled(_real(user, period, unit), counter)
            given.update(value for _path, value in metrics.leaves(result))
            return result

        monkeypatch.setitem(metrics._sources, key,
                            dataclasses.replace(source, compute=compute))
    return given


DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
# a whole number, never a piece of one ("7.001/7.003" is two), nor of a code ("147-NQ/ĐU")
NUMBER = re.compile(r"(?<![\w.,-])(?<![^\W\d]/)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?"
                    r"(?![\w-]|[.,]\d|/[^\W\d])")


def numbers(text: str) -> list[float]:
    """The numbers printed in `text` the Vietnamese way (1.234.567 and 14,2), dates and codes
    ("147-NQ/ĐU", "Z111") left out."""
    found = []
    for whole, decimals in NUMBER.findall(DATE.sub(" ", text)):
        value = float(f"{whole.replace('.', '')}.{decimals or 0}")
        found.append(value)
    return found


def printed(section: ReportSection) -> list[tuple[str, float]]:
    """(where, number) for every number of a section."""
    out = [(f"paragraph {i}", n) for i, p in enumerate(section.paragraphs) for n in numbers(p)]
    for table in section.tables:
        for row in table.rows:
            for index, (column, cell) in enumerate(zip(table.columns, row, strict=False)):
                if index == 0 and isinstance(cell, str):
                    continue  # the row's label: a record's name ("Súng cối 120 mm")
                where = f"table {table.title!r}, column {column!r}, row {row[0]!r}"
                if isinstance(cell, bool):
                    continue
                if isinstance(cell, (int, float)):
                    out.append((where, float(cell)))
                else:
                    out += [(where, n) for n in numbers(str(cell))]
    for chart in section.charts:
        for name, values in chart.series:
            out += [(f"chart {chart.title!r}, series {name!r}", float(v)) for v in values
                    if v is not None]  # a gap in a line: nothing printed
    return out


# Numbers that are words of a sentence, not figures: "per 1,000 delivered" (a rate's base).
TEXT_CONSTANTS = {1000.0}


def strangers(found: list[tuple[str, float]], given: set[float],
              period: ReportPeriod) -> list[tuple[str, float]]:
    years = set(range(period.start.year - 12, period.end.year + 1))
    return [(where, n) for where, n in found
            if n not in given and n not in years and n not in TEXT_CONSTANTS
            and not (n.is_integer() and int(n) in years)]


def test_every_number_of_every_source_is_a_registered_metric(users):
    boss = users["thutruong"]
    unregistered = []
    for key, source in metrics.sources().items():
        result = source.compute(boss, ReportPeriod.annual(YEAR), None)
        assert isinstance(result, source.result)
        unregistered += [f"{key}: {path}" for path, _value in metrics.leaves(result, source.meta)
                         if metrics.registered_for(path, key) is None]
    assert unregistered == []


@pytest.mark.parametrize("period", PERIODS, ids=["annual", "half-year"])
def test_every_number_a_section_prints_comes_from_the_registry(users, sentinel_sources,
                                                               period):
    boss = users["thutruong"]
    with translation.override("vi"):
        sections = {s.key: s.build(boss, period, None) for s in available_sections()}
    assert sections, "no report section was found"
    found = {key: strangers(printed(section), sentinel_sources, period)
             for key, section in sections.items()}
    assert {key: s for key, s in found.items() if s} == {}


def test_every_number_of_the_dashboard_comes_from_the_registry(users, sentinel_sources):
    boss = users["thutruong"]
    with translation.override("vi"):
        panels = dashboard._collect(boss, YEAR)
    assert panels
    period = ReportPeriod.annual(YEAR)
    found = []
    for panel in panels:
        for figure in panel.figures:
            assert figure.key in metrics.metrics(), f"{figure.key} is not a registered metric"
            found += [(f"{panel.key}: {figure.key}", float(v))
                      for v in (figure.value, figure.previous) if v is not None]
        for chart in panel.charts:
            found += [(f"{panel.key}: chart {chart.chart.title!r}", float(v))
                      for _name, values in chart.chart.series for v in values
                      if v is not None]
    assert strangers(found, sentinel_sources, period) == []


def test_a_figure_is_the_registered_metric_of_the_same_key(users):
    """The dashboard's figure and the registry's measure of its key agree, year and year
    before (the sentinel test proves the numbers come from sources, this one which)."""
    boss = users["thutruong"]
    for panel in dashboard._collect(boss, YEAR):
        keys = [f.key for f in panel.figures]
        now = metrics.measure(keys, boss, ReportPeriod.annual(YEAR))
        before = metrics.measure(keys, boss, ReportPeriod.annual(YEAR - 1))
        for figure in panel.figures:
            assert (figure.value, figure.previous) == (now[figure.key].value,
                                                       before[figure.key].value), figure.key
