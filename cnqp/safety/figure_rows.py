"""The typed results of the production-safety figures (figures.py computes them): harm per
kind, class, activity and unit, a comparison of two periods, the zero targets, and the rows and
totals of assets, certificates, plans and review campaigns.

Every number here is a figure registered in the metric registry (metrics.py): totals, shares,
differences and averages are fields computed once by figures.py, never by whoever prints them.
What identifies a row (an id, a group's number) is text, as its link writes it: a name, not a
figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

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
    add to the figure's filter (ids and codes as text)."""

    code: str
    label: str
    narrow: dict[str, str]
    harm: Harm = field(default_factory=Harm)


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
class HarmRate:
    """The harm of a period per year: counts with their fraction, damage in whole đồng."""

    incidents: float
    deaths: float
    serious_injuries: float
    minor_injuries: float
    days_off: float
    damage: int


@dataclass(frozen=True)
class HarmPercent:
    """A change of each harm figure in per cent (one decimal); None from zero."""

    incidents: float | None
    deaths: float | None
    serious_injuries: float | None
    minor_injuries: float | None
    days_off: float | None
    damage: float | None


@dataclass(frozen=True)
class PeriodHarm:
    period: Period
    years: float  # years_in(period)
    harm: Harm
    per_year: HarmRate


@dataclass(frozen=True)
class Comparison:
    """A later period against an earlier one, possibly of another length: totals, per-year
    averages, the change of the totals in number and in per cent, and the change of the
    per-year averages in per cent (the fair one between unequal periods)."""

    earlier: PeriodHarm
    later: PeriodHarm
    change: Harm  # later minus earlier
    percent: HarmPercent  # of the totals
    average_percent: HarmPercent  # of the per-year averages
    classification: int = 0  # the highest level among the incidents compared


@dataclass(frozen=True)
class ZeroTarget:
    """Serious incidents of an activity the resolution targets at zero: of the class ranked 1
    (especially serious), ranked 2 (serious) and both (`total`), against `target`."""

    activity: str
    especially_serious: int
    serious: int
    total: int
    target: int = 0  # "không để xảy ra": none


@dataclass(frozen=True)
class AssetRow:
    code: str
    name: str
    strict: bool
    in_service: int
    covered: int
    overdue: int
    covered_share: float | None  # covered in per cent of in service
    narrow: dict[str, str]  # its category, as its links write it


@dataclass(frozen=True)
class AssetTotals:
    in_service: int
    covered: int
    overdue: int
    strict: int  # in service, of a category with strict safety requirements
    covered_share: float | None


@dataclass(frozen=True)
class CertificateRow:
    group: str  # the group's number (NĐ 44/2016: 1 to 6), as printed and linked
    name: str
    valid: int
    expiring: int


@dataclass(frozen=True)
class CertificateTotals:
    valid: int
    expiring: int
    horizon_days: int  # "expiring": valid until no later than this many days after as of


@dataclass(frozen=True)
class PlanRow:
    kind: str
    approved: int
    in_force: int
    drilled: int
    not_drilled: int


@dataclass(frozen=True)
class PlanTotals:
    approved: int
    in_force: int
    drilled: int
    not_drilled: int


@dataclass(frozen=True)
class CampaignRow:
    code: str  # "" for findings of checks outside any campaign
    name: str
    year: int | None  # the campaign's: describes the row (the registry's meta), not a figure
    found: int
    closed: int
    open: int
    carried: int  # carried into a later campaign
    carried_in: int  # continuing a finding of an earlier campaign
    closed_share: float | None  # closed in per cent of found
    median_days: float | None
    narrow: dict[str, str]  # its campaign ("0": none), as its links write it


@dataclass(frozen=True)
class FindingTotals:
    found: int
    closed: int
    open: int
    overdue: int
    carried_open: int
    median_days: float | None
    first_found: dict[int, int]  # general review's year: its findings still open
    first_found_open: int  # their sum: the general reviews' findings still open


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
    zero_targets: dict[str, ZeroTarget]  # by activity, those of TARGET_ACTIVITIES
    assets: list[AssetRow]
    asset_totals: AssetTotals
    certificates: list[CertificateRow]
    certificate_totals: CertificateTotals
    plans: list[PlanRow]
    plan_totals: PlanTotals
    campaigns: list[CampaignRow]
    findings: FindingTotals
    classification: int = 0
