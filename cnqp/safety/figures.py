"""The production-safety figures of a period (Nghị quyết 195), computed in the database over
the records the user may see, optionally in one unit's subtree. Each figure is defined ONCE
here, as a condition on the records it counts (`condition`); the grouped queries aggregate
those records and the figure records page lists exactly them (`figure_records`). The metric
registry (metrics.py) reads them through `safety_figures` and `compare`, which also work out
every total, share, difference and average the pages print (figure_rows.py): nobody else does.

Ten queries for a period, whatever the number of records: the incidents in one query grouped
by kind, severity, activity and unit (each dimension folded from it), the units they roll up
to, one per kind of record for assets, certificates and plans, and five for findings (per
campaign, its medians by an ordered window, the totals, their median, first found in the
general reviews); one more compares two periods. Definitions in words:
docs/safety-figures.md.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.quality.selectors import Period
from cnqp.safety.choices import Activity, CampaignKind, FindingStatus, PlanKind
from cnqp.safety.figure_rows import (
    HARM,
    AssetRow,
    AssetTotals,
    CampaignRow,
    CertificateRow,
    CertificateTotals,
    Comparison,
    FindingTotals,
    Harm,
    HarmPercent,
    HarmRate,
    HarmRow,
    PeriodHarm,
    PlanRow,
    PlanTotals,
    SafetyFigures,
    ZeroTarget,
    years_in,
)
from cnqp.safety.models import (
    DAMAGE_FIELDS,
    Drill,
    Finding,
    Incident,
    SafetyAsset,
    SafetyPlan,
    TrainingRecord,
)
from cnqp.safety.selectors import HORIZON_DAYS, in_service_on, unmet_regimes

# The scale's classes by rank (1 is the most serious): "đặc biệt nghiêm trọng", "nghiêm trọng".
ESPECIALLY_SERIOUS_RANK = 1
SERIOUS_RANK = 2
# "không để xảy ra cháy nổ và tai nạn lao động nghiêm trọng trong sản xuất và nghiên cứu chế thử"
TARGET_ACTIVITIES = (Activity.PRODUCTION, Activity.RESEARCH)

# Nghị quyết 195-NQ/ĐU (08/7/2016) is measured against the five years before it; the articles
# count its years from 2016 ("sau 5 năm (2016-2021)").
BASELINE = Period(dt.date(2011, 1, 1), dt.date(2015, 12, 31))
RESOLUTION_FROM = dt.date(2016, 1, 1)

FIGURE_MODELS: dict[str, type[Model]] = {
    "incidents": Incident,
    "near_misses": Incident,
    "especially_serious": Incident,
    "serious": Incident,
    "assets_in_service": SafetyAsset,
    "assets_covered": SafetyAsset,
    "assets_overdue": SafetyAsset,
    "certificates_valid": TrainingRecord,
    "certificates_expiring": TrainingRecord,
    "plans_approved": SafetyPlan,
    "plans_in_force": SafetyPlan,
    "plans_drilled": SafetyPlan,
    "plans_not_drilled": SafetyPlan,
    "findings_found": Finding,
    "findings_closed": Finding,
    "findings_open": Finding,
    "findings_overdue": Finding,
    "findings_carried_open": Finding,
    "findings_first_found": Finding,
    "campaign_findings": Finding,
    "campaign_closed": Finding,
    "campaign_carried": Finding,
}
FIGURES = tuple(FIGURE_MODELS)

FIGURE_LABELS = {
    "incidents": _("Incidents"),
    "near_misses": _("Near misses"),
    "especially_serious": _("Especially serious incidents"),
    "serious": _("Serious and especially serious incidents"),
    "assets_in_service": _("Safety-critical assets in service"),
    "assets_covered": _("Assets with a valid inspection"),
    "assets_overdue": _("Assets overdue for inspection"),
    "certificates_valid": _("Valid training certificates"),
    "certificates_expiring": _("Certificates expiring within 30 days"),
    "plans_approved": _("Plans approved"),
    "plans_in_force": _("Plans in force"),
    "plans_drilled": _("Plans drilled"),
    "plans_not_drilled": _("Plans in force, not drilled"),
    "findings_found": _("Findings made"),
    "findings_closed": _("Findings closed"),
    "findings_open": _("Findings still open"),
    "findings_overdue": _("Findings overdue"),
    "findings_carried_open": _("Carried-over findings still open"),
    "findings_first_found": _("Findings of the general reviews still open"),
    "campaign_findings": _("Findings of the campaign"),
    "campaign_closed": _("Findings of the campaign closed"),
    "campaign_carried": _("Findings carried into a later campaign"),
}

HARM_LABELS = {
    "incidents": _("Incidents"),
    "deaths": _("Deaths"),
    "serious_injuries": _("Seriously injured"),
    "minor_injuries": _("Slightly injured"),
    "days_off": _("Days off work"),
    "damage": _("Damage (VND)"),
}


def default_comparison(period: ReportPeriod) -> tuple[Period, Period]:
    """The articles' comparison: the years of the resolution up to the period's end against
    2011-2015; for a period before 2016, against the period of equal length before it."""
    if period.end >= RESOLUTION_FROM:
        return BASELINE, Period(RESOLUTION_FROM, period.end)
    length = period.end - period.start
    before_end = period.start - dt.timedelta(days=1)
    return Period(before_end - length, before_end), Period(period.start, period.end)


# --- the definitions ---------------------------------------------------------------------------


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def occurred_in(period: Period) -> Q:
    """Incidents whose local date is in the period (a range on the indexed column)."""
    return Q(occurred_at__gte=_moment(period.start),
             occurred_at__lt=_moment(period.end + dt.timedelta(days=1)))


def _rank(rank: int) -> Q:
    """The confirmed class has this rank, or, while none is confirmed, the suggested one."""
    return Q(severity__rank=rank) | Q(severity__isnull=True, suggested_severity__rank=rank)


def _in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lte": period.end})


def _finding_open_on(day: dt.date) -> Q:
    """Found by `day`, not closed by then, and not yet carried into a later campaign (its
    successor, found later than `day`, does not exist yet: this row still stands for it)."""
    return (Q(found_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
            & (~Q(status=FindingStatus.CARRIED_OVER) | Q(carried_into__found_on__gt=day)))


def _certificate_valid_on(day: dt.date) -> Q:
    return Q(passed=True, issued_on__lte=day, expires_on__gte=day)


def _in_force_on(day: dt.date) -> Q:
    return Q(in_force_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _drilled(period: Period) -> Q:
    return Q(Exists(Drill.objects.filter(_in(period, "held_on"), plan=OuterRef("pk"))))


def condition(figure: str, period: Period) -> Q:
    """What `figure` counts in `period`, as a filter on its model (FIGURE_MODELS). States
    (in service, valid, in force, open) are taken on `period.as_of`."""
    day = period.as_of
    builder = _CONDITIONS.get(figure)
    if builder is None:
        raise ValueError(f"unknown figure {figure!r}")
    return builder(period, day)


def _incident(period: Period) -> Q:
    return occurred_in(period) & Q(kind__counted=True)


def _overdue(day: dt.date) -> Q:
    return Q(Exists(unmet_regimes(day)))


# Each figure's filter, built only when asked for: the queries ask for dozens of them, and
# building all of them each time (subqueries included) was most of the figures' time.
_CONDITIONS: dict[str, Callable[[Period, dt.date], Q]] = {
    "incidents": lambda p, day: _incident(p),
    "near_misses": lambda p, day: occurred_in(p) & Q(kind__counted=False),
    "especially_serious": lambda p, day: _incident(p) & _rank(ESPECIALLY_SERIOUS_RANK),
    "serious": lambda p, day: _incident(p) & (_rank(ESPECIALLY_SERIOUS_RANK)
                                              | _rank(SERIOUS_RANK)),
    "assets_in_service": lambda p, day: in_service_on(day),
    "assets_covered": lambda p, day: in_service_on(day) & ~_overdue(day),
    "assets_overdue": lambda p, day: in_service_on(day) & _overdue(day),
    "certificates_valid": lambda p, day: _certificate_valid_on(day),
    "certificates_expiring": lambda p, day: _certificate_valid_on(day) & Q(
        expires_on__lte=day + dt.timedelta(days=HORIZON_DAYS)),
    "plans_approved": lambda p, day: _in(p, "approved_on"),
    "plans_in_force": lambda p, day: _in_force_on(day),
    "plans_drilled": lambda p, day: _drilled(p),
    "plans_not_drilled": lambda p, day: _in_force_on(day) & ~_drilled(p),
    "findings_found": lambda p, day: _in(p, "found_on") & Q(carried_over_from__isnull=True),
    "findings_closed": lambda p, day: _in(p, "closed_on"),
    "findings_open": lambda p, day: _finding_open_on(day),
    "findings_overdue": lambda p, day: _finding_open_on(day) & Q(due_date__lt=day),
    "findings_carried_open": lambda p, day: _finding_open_on(day) & Q(
        carried_over_from__isnull=False),
    "findings_first_found": lambda p, day: _finding_open_on(day) & Q(
        first_found_in__kind=CampaignKind.GENERAL),
    "campaign_findings": lambda p, day: Q(found_on__lte=day),
    "campaign_closed": lambda p, day: Q(closed_on__lte=day),
    "campaign_carried": lambda p, day: Q(status=FindingStatus.CARRIED_OVER,
                                         carried_into__found_on__lte=day),
}


# What a link may narrow a figure to, as a filter on its records. "severity=0": none yet.
NARROW: dict[str, Any] = {
    "kind": lambda v: Q(kind_id=v),
    "severity": lambda v: (Q(severity__isnull=True, suggested_severity__isnull=True) if v == 0
                           else Q(severity_id=v) | Q(severity__isnull=True,
                                                     suggested_severity_id=v)),
    "activity": lambda v: Q(activity=v),
    "unit_only": lambda v: Q(unit_id=v),  # the unit itself, not the units below it
    "category": lambda v: Q(category_id=v),
    "strict": lambda v: Q(category__strict=bool(v)),
    "group": lambda v: Q(session__course__group__number=v),
    "plan_kind": lambda v: Q(kind=v),
    "campaign": lambda v: Q(campaign_id=v) if v else Q(campaign__isnull=True),
    "year": lambda v: Q(first_found_in__year=v),
}


def figure_records(user: User, figure: str, period: Period, *, unit: OrgUnit | None = None,
                   **narrow: Any) -> QuerySet[Any]:
    """The records `figure` counts that `user` may see, in `unit`'s subtree, narrowed."""
    model = FIGURE_MODELS[figure]
    records = within_unit(scope_queryset(model._default_manager.all(), user), unit)
    records = records.filter(condition(figure, period))
    for name, value in narrow.items():
        if value is not None:
            records = records.filter(NARROW[name](value))
    return records


def figure_link(figure: str, period: ReportPeriod, unit: OrgUnit | int | None = None,
                **narrow: Any) -> str:
    """The page listing exactly the records `figure` counts."""
    query: dict[str, Any] = {"figure": figure, "start": period.start.strftime("%d/%m/%Y"),
                             "end": period.end.strftime("%d/%m/%Y")}
    if unit is not None:
        query["unit"] = getattr(unit, "pk", unit)
    query.update({k: v for k, v in narrow.items() if v is not None})
    return f"{reverse('safety:figure-records')}?{urlencode(query)}"


# --- the queries -------------------------------------------------------------------------------


def _visible(user: User, model: type[Model], unit: OrgUnit | None) -> QuerySet[Any]:
    return within_unit(scope_queryset(model._default_manager.all(), user), unit).order_by()


def _harm_sums(when: Q | None = None) -> dict[str, Any]:
    """The Harm of the grouped incidents (those matching `when`, if given)."""
    damage = sum((F(name) for name in DAMAGE_FIELDS[1:]), F(DAMAGE_FIELDS[0]))
    sums: dict[str, Any] = {"incidents": Count("pk", filter=when)}
    for name in ("deaths", "serious_injuries", "minor_injuries", "days_off"):
        sums[name] = Sum(name, filter=when, default=0)
    sums["damage"] = Sum(damage, filter=when, default=0)
    return sums


def _harm(row: dict[str, Any], prefix: str = "") -> Harm:
    return Harm(**{name: int(row[prefix + name] or 0) for name in HARM})


def _share(part: int, whole: int) -> float | None:
    """`part` in per cent of `whole`, one decimal; none of nothing."""
    return round(100 * part / whole, 1) if whole else None


def _rolled_up(path: str, base: str) -> str:
    """The unit directly under `base` that `path` is in (or `base` itself)."""
    if not path.startswith(base) or path == base:
        return path
    return base + path[len(base):].split("/", 1)[0] + "/"


@dataclass
class _Incidents:
    total: Harm
    near_misses: int
    by_kind: list[HarmRow]
    by_severity: list[HarmRow]
    by_activity: list[HarmRow]
    by_unit: list[HarmRow]
    especially_serious: int
    serious: int
    zero_targets: dict[str, ZeroTarget]
    level: int


def _incidents(user: User, period: Period, unit: OrgUnit | None) -> _Incidents:
    """Fold the one grouped query into the total and each dimension."""
    grouped = (_visible(user, Incident, unit).filter(occurred_in(period))
               .values("kind_id", "kind__code", "kind__name", "kind__counted", "activity",
                       "unit__path")
               .annotate(sev=Coalesce("severity_id", "suggested_severity_id"),
                         sev_code=Coalesce("severity__code", "suggested_severity__code"),
                         sev_name=Coalesce("severity__name", "suggested_severity__name"),
                         sev_rank=Coalesce("severity__rank", "suggested_severity__rank"),
                         level=Max("classification"), **_harm_sums()))
    total, near_misses = Harm(), 0
    kinds: dict[int, HarmRow] = {}
    severities: dict[int, HarmRow] = {}
    ranks: dict[int, int | None] = {}
    activities: dict[str, HarmRow] = {}
    paths: dict[str, Harm] = defaultdict(Harm)
    targets: dict[tuple[str, int], int] = defaultdict(int)
    level = 0
    for r in grouped:
        level = max(level, r["level"] or 0)
        harm = _harm(r)
        if not r["kind__counted"]:
            near_misses += harm.incidents
            continue
        total.add(harm)
        kinds.setdefault(r["kind_id"], HarmRow(r["kind__code"], r["kind__name"],
                                               {"kind": str(r["kind_id"])})).harm.add(harm)
        sev = r["sev"] or 0
        ranks[sev] = r["sev_rank"]
        severities.setdefault(sev, HarmRow(r["sev_code"] or "", r["sev_name"] or "",
                                           {"severity": str(sev)})).harm.add(harm)
        activities.setdefault(r["activity"], HarmRow(
            r["activity"], str(Activity(r["activity"]).label),
            {"activity": r["activity"]})).harm.add(harm)
        paths[r["unit__path"]].add(harm)
        if r["sev_rank"] in (ESPECIALLY_SERIOUS_RANK, SERIOUS_RANK):
            targets[(r["activity"], r["sev_rank"])] += harm.incidents
    zero_targets = {}
    for activity in TARGET_ACTIVITIES:
        worst, serious = (targets[(activity.value, ESPECIALLY_SERIOUS_RANK)],
                          targets[(activity.value, SERIOUS_RANK)])
        zero_targets[activity.value] = ZeroTarget(activity.value, worst, serious, worst + serious)
    return _Incidents(
        total=total, near_misses=near_misses,
        by_kind=sorted(kinds.values(), key=lambda row: row.code),
        # the scale's order (most serious first), the unclassified last
        by_severity=[severities[sev] for sev in sorted(severities, key=lambda sev: (
            ranks[sev] is None, ranks[sev] or 0, severities[sev].code))],
        by_activity=[activities[a] for a in Activity.values if a in activities],
        by_unit=_by_unit(paths, unit),
        especially_serious=sum(n for (_a, rank), n in targets.items()
                               if rank == ESPECIALLY_SERIOUS_RANK),
        serious=sum(targets.values()), zero_targets=zero_targets, level=level)


def _by_unit(paths: dict[str, Harm], unit: OrgUnit | None) -> list[HarmRow]:
    """Each unit directly under the chosen one (or the root) with its subtree; the chosen
    unit's own incidents in a row of their own. One query for the units' names."""
    if not paths:
        return []
    base = unit.path if unit is not None else min(paths).split("/", 1)[0] + "/"
    rolled: dict[str, Harm] = defaultdict(Harm)
    for path, harm in paths.items():
        rolled[_rolled_up(path, base)].add(harm)
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=list(rolled))}
    rows = []
    for path in sorted(rolled):
        found = units[path]
        narrow = {"unit_only": str(found.pk)} if path == base else {"unit": str(found.pk)}
        rows.append(HarmRow(found.code, found.name, narrow, rolled[path]))
    return rows


def _period_harm(period: Period, harm: Harm) -> PeriodHarm:
    years = years_in(period)
    rates = {name: getattr(harm, name) / years for name in HARM if name != "damage"}
    # đồng a year: no fraction of a đồng
    return PeriodHarm(period, years, harm, HarmRate(**rates, damage=round(harm.damage / years)))


def _percent(before: float, after: float) -> float | None:
    return round(100 * (after - before) / before, 1) if before else None


def compare(user: User, earlier: Period, later: Period,
            unit: OrgUnit | None = None) -> Comparison:
    """The two periods' harm, in one query with a filter per period; the change of the totals
    and of the per-year averages."""
    counted = _visible(user, Incident, unit).filter(kind__counted=True)
    sums = {f"{key}_{name}": value for key, when in (("a", occurred_in(earlier)),
                                                     ("b", occurred_in(later)))
            for name, value in _harm_sums(when).items()}
    row = counted.filter(occurred_in(earlier) | occurred_in(later)).aggregate(
        level=Max("classification"), **sums)
    a, b = _period_harm(earlier, _harm(row, "a_")), _period_harm(later, _harm(row, "b_"))
    return Comparison(
        a, b, change=Harm(**{n: getattr(b.harm, n) - getattr(a.harm, n) for n in HARM}),
        percent=HarmPercent(**{n: _percent(getattr(a.harm, n), getattr(b.harm, n))
                               for n in HARM}),
        average_percent=HarmPercent(**{n: _percent(getattr(a.per_year, n),
                                                   getattr(b.per_year, n)) for n in HARM}),
        classification=row["level"] or 0)


def _any(names: Iterable[str], period: Period) -> Q:
    return reduce(operator.or_, (condition(name, period) for name in names))


def _counts(queryset: QuerySet[Any], period: Period, names: tuple[str, ...],
            group: tuple[str, ...], level: str = "classification",
            **more: Any) -> list[dict[str, Any]]:
    """One grouped query: the count of each figure in `names` per `group`, and the highest
    level among the records they count."""
    return list(queryset.values(*group).annotate(
        level=Max(level, filter=_any(names, period)), **more,
        **{name: Count("pk", filter=condition(name, period)) for name in names}))


def _assets(user: User, period: Period,
            unit: OrgUnit | None) -> tuple[list[AssetRow], AssetTotals, int]:
    names = ("assets_in_service", "assets_covered", "assets_overdue")
    rows = [r for r in _counts(_visible(user, SafetyAsset, unit), period, names,
                               ("category_id", "category__code", "category__name",
                                "category__strict"))
            if r["assets_in_service"]]
    in_service, covered, overdue = (sum(r[n] for r in rows) for n in names)
    totals = AssetTotals(in_service, covered, overdue,
                         strict=sum(r[names[0]] for r in rows if r["category__strict"]),
                         covered_share=_share(covered, in_service))
    return ([AssetRow(r["category__code"], r["category__name"], r["category__strict"],
                      in_service=r[names[0]], covered=r[names[1]], overdue=r[names[2]],
                      covered_share=_share(r[names[1]], r[names[0]]),
                      narrow={"category": str(r["category_id"])})
             for r in sorted(rows, key=lambda r: r["category__code"])],
            totals, max((r["level"] or 0 for r in rows), default=0))


def _certificates(user: User, period: Period, unit: OrgUnit | None
                  ) -> tuple[list[CertificateRow], CertificateTotals, int]:
    names = ("certificates_valid", "certificates_expiring")
    rows = _counts(_visible(user, TrainingRecord, unit).filter(condition(names[0], period)),
                   period, names, ("session__course__group__number",), "session__classification",
                   group_name=Max("session__course__group__name"))
    valid, expiring = (sum(r[n] for r in rows) for n in names)
    totals = CertificateTotals(valid, expiring, horizon_days=HORIZON_DAYS)
    return ([CertificateRow(str(r["session__course__group__number"]), r["group_name"],
                            r["certificates_valid"], r["certificates_expiring"])
             for r in sorted(rows, key=lambda r: r["session__course__group__number"])],
            totals, max((r["level"] or 0 for r in rows), default=0))


def _plans(user: User, period: Period,
           unit: OrgUnit | None) -> tuple[list[PlanRow], PlanTotals, int]:
    names = ("plans_approved", "plans_in_force", "plans_drilled", "plans_not_drilled")
    rows = _counts(_visible(user, SafetyPlan, unit), period, names, ("kind",))
    rows = [r for r in rows if any(r[n] for n in names)]
    order = {k: i for i, k in enumerate(PlanKind.values)}
    return ([PlanRow(r["kind"], *(r[n] for n in names))
             for r in sorted(rows, key=lambda r: (order.get(r["kind"], 0), r["kind"]))],
            PlanTotals(*(sum(r[n] for r in rows) for n in names)),
            max((r["level"] or 0 for r in rows), default=0))


def _days() -> ExpressionWrapper[Any]:
    return ExpressionWrapper(F("closed_on") - F("first_found_on"), output_field=DurationField())


def _medians(queryset: QuerySet[Finding], by_campaign: bool) -> dict[int | None, float]:
    """The median days from first found to closed, per campaign or overall, in SQL: each
    partition's rows numbered in order of days and its middle one or two kept (one query)."""
    partition = [F("campaign_id")] if by_campaign else []
    middle = (queryset.filter(closed_on__isnull=False)
              .annotate(days=_days())
              .annotate(rn=Window(RowNumber(), partition_by=partition,
                                  order_by=[F("days").asc(), F("pk").asc()]),
                        n=Window(Count("pk"), partition_by=partition))
              .filter(rn__gte=(F("n") + 1) / 2, rn__lte=(F("n") + 2) / 2)
              .values_list("campaign_id" if by_campaign else "pk", "days"))
    halves: dict[int | None, list[dt.timedelta]] = defaultdict(list)
    for key, days in middle:
        halves[key if by_campaign else None].append(days)
    return {key: sum(d.days for d in days) / len(days) for key, days in halves.items()}


def _findings(user: User, period: Period,
              unit: OrgUnit | None) -> tuple[list[CampaignRow], FindingTotals, int]:
    """Per campaign (held in the period, or earlier with findings still open), the totals,
    the medians and the general reviews' findings still open."""
    visible = _visible(user, Finding, unit)
    names = ("campaign_findings", "campaign_closed", "findings_open", "campaign_carried")
    grouped = [r for r in _counts(
        visible, period, names, ("campaign_id", "campaign__code", "campaign__name",
                                 "campaign__year", "campaign__start_on", "campaign__end_on"),
        carried_in=Count("pk", filter=condition("campaign_findings", period)
                         & Q(carried_over_from__isnull=False)))
        if r["campaign_findings"] and (r["campaign_id"] is None or (
            r["campaign__start_on"] <= period.end
            and (r["campaign__end_on"] >= period.start or r["findings_open"])))]
    medians = _medians(visible.filter(condition("campaign_closed", period)),
                       by_campaign=True) if grouped else {}
    campaigns = [CampaignRow(
        r["campaign__code"] or "", r["campaign__name"] or "", r["campaign__year"],
        found=r[names[0]], closed=r[names[1]],
        open=r[names[2]], carried=r[names[3]], carried_in=r["carried_in"],
        closed_share=_share(r[names[1]], r[names[0]]), median_days=medians.get(r["campaign_id"]),
        narrow={"campaign": str(r["campaign_id"] or 0)}) for r in sorted(
        grouped, key=lambda r: (r["campaign__start_on"] or dt.date.max, r["campaign__code"]))]
    totals = ("findings_found", "findings_closed", "findings_open", "findings_overdue",
              "findings_carried_open")
    row = visible.aggregate(level=Max("classification", filter=_any(totals, period)), **{
        n: Count("pk", filter=condition(n, period)) for n in totals})
    first = dict(sorted(visible.filter(condition("findings_first_found", period))
                        .values("first_found_in__year").annotate(n=Count("pk"))
                        .values_list("first_found_in__year", "n")))
    overall = _medians(visible.filter(condition("findings_closed", period)), by_campaign=False)
    return campaigns, FindingTotals(
        found=row[totals[0]], closed=row[totals[1]], open=row[totals[2]],
        overdue=row[totals[3]], carried_open=row[totals[4]], median_days=overall.get(None),
        first_found=first, first_found_open=sum(first.values())), max(
        [row["level"] or 0, *(r["level"] or 0 for r in grouped)])


def safety_figures(user: User, period: Period, *, unit: OrgUnit | None = None) -> SafetyFigures:
    """The figures of `period` over the records `user` may see, in `unit`'s subtree (None:
    all they see)."""
    incidents = _incidents(user, period, unit)
    assets, asset_totals, assets_level = _assets(user, period, unit)
    certificates, certificate_totals, certificates_level = _certificates(user, period, unit)
    plans, plan_totals, plans_level = _plans(user, period, unit)
    campaigns, findings, findings_level = _findings(user, period, unit)
    return SafetyFigures(
        period=period, unit=unit, total=incidents.total, near_misses=incidents.near_misses,
        by_kind=incidents.by_kind, by_severity=incidents.by_severity,
        by_activity=incidents.by_activity, by_unit=incidents.by_unit,
        especially_serious=incidents.especially_serious, serious=incidents.serious,
        zero_targets=incidents.zero_targets, assets=assets, asset_totals=asset_totals,
        certificates=certificates, certificate_totals=certificate_totals, plans=plans,
        plan_totals=plan_totals, campaigns=campaigns, findings=findings,
        classification=max(incidents.level, assets_level, certificates_level, plans_level,
                           findings_level))
