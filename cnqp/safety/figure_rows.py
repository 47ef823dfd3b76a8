"""The typed results of the production-safety figures (figures.py computes them): harm per
kind, class, activity and unit, a comparison of two periods, the zero targets, and the rows of
assets, certificates, plans and review campaigns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from cnqp.core.models import OrgUnit
from cnqp.quality.selectors import Period


@dataclass
class Harm:
    """What a set of incidents cost: counted incidents, people and damage (VND)."""

    incidents: int = 0
    deaths: int = 0
    serious_injuries: int = 0
    minor_injuries: int = 0
    days_off: int = 0
    damage: int = 0

    def add(self, other: Harm) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


HARM = tuple(f.name for f in fields(Harm))


@dataclass
class HarmRow:
    """The harm of one kind, severity class, activity or unit. `narrow` is what its links
    add to the figure's filter."""

    code: str
    label: str
    narrow: dict[str, Any]
    harm: Harm = field(default_factory=Harm)
    rank: int | None = None  # a severity class's


def years_in(period: Period) -> float:
    """The period's length in years: each calendar year it touches counts the share of its
    days the period covers (2011-2015 is 5, 1/7/2016-31/12/2021 is 5.503)."""
    total = 0.0
    for year in range(period.start.year, period.end.year + 1):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        inside = (min(last, period.end) - max(first, period.start)).days + 1
        total += inside / ((last - first).days + 1)
    return total


@dataclass(frozen=True)
class PeriodHarm:
    period: Period
    harm: Harm

    @property
    def years(self) -> float:
        return years_in(self.period)

    def per_year(self, name: str) -> float:
        return getattr(self.harm, name) / self.years


@dataclass(frozen=True)
class Comparison:
    """A later period against an earlier one, possibly of another length: totals, per-year
    averages, their change in number and in per cent."""

    earlier: PeriodHarm
    later: PeriodHarm
    classification: int = 0  # the highest level among the incidents compared

    def change(self, name: str) -> int:
        return int(getattr(self.later.harm, name) - getattr(self.earlier.harm, name))

    def percent(self, name: str) -> float | None:
        """The change of the totals in per cent of the earlier's; none from zero."""
        before = getattr(self.earlier.harm, name)
        return round(100 * self.change(name) / before, 1) if before else None

    def average_percent(self, name: str) -> float | None:
        """The change of the per-year averages, in per cent: fair between unequal periods."""
        before = self.earlier.per_year(name)
        return (round(100 * (self.later.per_year(name) - before) / before, 1)
                if before else None)


@dataclass(frozen=True)
class ZeroTarget:
    """Serious incidents (ranks 1 and 2) of an activity the resolution targets at zero."""

    activity: str
    especially_serious: int
    serious: int

    @property
    def total(self) -> int:
        return self.especially_serious + self.serious


@dataclass(frozen=True)
class AssetRow:
    category: int
    code: str
    name: str
    strict: bool
    in_service: int
    covered: int
    overdue: int


@dataclass(frozen=True)
class CertificateRow:
    group: int  # the group's number (NĐ 44/2016: 1 to 6)
    name: str
    valid: int
    expiring: int


@dataclass(frozen=True)
class PlanRow:
    kind: str
    approved: int
    in_force: int
    drilled: int
    not_drilled: int


@dataclass(frozen=True)
class CampaignRow:
    campaign: int | None  # None: findings of checks outside any campaign
    code: str
    name: str
    year: int | None
    found: int
    closed: int
    open: int
    carried: int  # carried into a later campaign
    carried_in: int  # continuing a finding of an earlier campaign
    median_days: float | None = None

    @property
    def closed_share(self) -> float | None:
        return round(100 * self.closed / self.found, 1) if self.found else None


@dataclass(frozen=True)
class FindingTotals:
    found: int
    closed: int
    open: int
    overdue: int
    carried_open: int
    median_days: float | None
    first_found: dict[int, int]  # general review's year: its findings still open

    @property
    def first_found_open(self) -> int:
        return sum(self.first_found.values())


@dataclass
class SafetyFigures:
    period: Period
    unit: OrgUnit | None
    total: Harm
    near_misses: int
    by_kind: list[HarmRow]
    by_severity: list[HarmRow]
    by_activity: list[HarmRow]
    by_unit: list[HarmRow]
    especially_serious: int
    serious: int
    zero_targets: list[ZeroTarget]
    assets: list[AssetRow]
    certificates: list[CertificateRow]
    plans: list[PlanRow]
    campaigns: list[CampaignRow]
    findings: FindingTotals
    comparison: Comparison | None = None
    classification: int = 0

    def asset_total(self, name: str, strict: bool | None = None) -> int:
        return sum(getattr(r, name) for r in self.assets if strict is None or r.strict == strict)


