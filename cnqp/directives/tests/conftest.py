"""A fake metric source for the directives' tests: `figures[(start, end)]` is what the
records "say" for a period (change it and the records have changed), `levels` the level of
what they count; every call is counted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from cnqp.core.figures import metrics
from cnqp.core.figures.metrics import Better, Metric, Source
from cnqp.core.figures.reporting import ReportPeriod


@dataclass(frozen=True)
class FakeResult:
    done: int = 0
    incidents: int = 0
    classification: int = 0


@dataclass
class FakeRecords:
    done: dict[tuple[dt.date, dt.date], int] = field(default_factory=dict)
    incidents: dict[tuple[dt.date, dt.date], int] = field(default_factory=dict)
    level: int = 0
    calls: int = 0

    def compute(self, user: Any, period: ReportPeriod, unit: Any) -> FakeResult:
        self.calls += 1
        span = (period.start, period.end)
        level = self.level if user.clearance >= self.level else 0
        hidden = user.clearance < self.level  # records above the reader's clearance
        return FakeResult(done=0 if hidden else self.done.get(span, 0),
                          incidents=0 if hidden else self.incidents.get(span, 0),
                          classification=level)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeRecords:
    records = FakeRecords()
    metrics.sources()  # discovered first, so the fake is added to the real registry
    monkeypatch.setitem(metrics._sources, "fake", Source("fake", records.compute, FakeResult))
    monkeypatch.setitem(metrics._metrics, "fake.done", Metric(
        "fake.done", "fake", "done", "Việc hoàn thành", "việc",
        link=lambda period, unit: f"/done/?start={period.start}"))
    monkeypatch.setitem(metrics._metrics, "fake.incidents", Metric(
        "fake.incidents", "fake", "incidents", "Sự cố", "vụ", better=Better.LOWER))
    return records


__all__ = ["FakeRecords", "FakeResult", "dataclasses"]
