"""Reading directives: an indicator's figure and verdict as the reader may see them, the
tasks in the four buckets of QĐ 42/2014, the trend of an indicator year by year.

Figures come from the metric registry (core.figures.metrics), never from the apps directly:
an indicator names a metric, and `readings` measures each (period, unit) group once, each
source computed once per group."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.fields import CharField
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import User
from cnqp.core.text import format_date, format_number
from cnqp.directives.choices import FINAL, TONES, Assessment, TargetKind, TaskStatus
from cnqp.directives.models import Directive, Indicator, IndicatorAssessment, Task

BASICALLY_SHARE = Decimal("0.9")  # "cơ bản hoàn thành": at least 90 % of a target reached


def years_in(start: dt.date, end: dt.date) -> Decimal:
    """The length of a period in years, to two decimals (2016-07-08 to 2021-12-31: 5,48)."""
    return (Decimal((end - start).days + 1) / Decimal("365.25")).quantize(Decimal("0.01"))


def per_year(value: Decimal | None, years: Decimal | None) -> Decimal | None:
    if value is None or not years:
        return None
    return value / years


def as_decimal(value: int | float | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def judge(kind: str, value: Decimal | None, target: Decimal | None,
          baseline: Decimal | None, fraction: Decimal, over: bool) -> str:
    """The verdict on a figure: `fraction` of the period elapsed, `over` once it has ended
    (a conference's verdict); before that, whether it is where it should be by now. A
    zero-target or a ceiling is lost the moment it is crossed, whatever the date."""
    if value is None:
        return Assessment.NO_DATA
    if kind == TargetKind.ZERO:
        if value > 0:
            return Assessment.NOT_ACHIEVED
        return Assessment.ACHIEVED if over else Assessment.ON_TRACK
    if kind == TargetKind.AT_MOST:
        if target is None:
            return Assessment.NO_DATA
        if value > target:
            return Assessment.NOT_ACHIEVED
        return Assessment.ACHIEVED if over else Assessment.ON_TRACK
    goal = baseline if kind == TargetKind.ABOVE_BASELINE else target
    if goal is None:
        return Assessment.NO_DATA
    if kind == TargetKind.ABOVE_BASELINE:  # `baseline`: already for a span as long as this
        if over:
            return Assessment.ACHIEVED if value > goal else Assessment.NOT_ACHIEVED
        return Assessment.ON_TRACK if value >= goal else Assessment.AT_RISK
    if over:
        if value > goal:
            return Assessment.EXCEEDED
        if value == goal:
            return Assessment.ACHIEVED
        if value >= goal * BASICALLY_SHARE:
            return Assessment.BASICALLY
        return Assessment.NOT_ACHIEVED
    if value >= goal:
        return Assessment.ACHIEVED
    return Assessment.ON_TRACK if value >= goal * fraction else Assessment.AT_RISK


def target_text(indicator: Indicator, baseline_label: str = "") -> str:
    """The target as a conference prints it: "≥ 150 đề tài", "0 vụ", "cao hơn 2011-2015"."""
    measure = indicator.measure
    value = indicator.target_value
    number = format_number(value.normalize() if value is not None else 0)
    match indicator.target_kind:
        case TargetKind.ZERO:
            return f"0 {measure}".strip()
        case TargetKind.AT_LEAST:
            return f"≥ {number} {measure}".strip()
        case TargetKind.AT_MOST:
            return f"≤ {number} {measure}".strip()
        case TargetKind.ABOVE_BASELINE:
            return _("higher than %(baseline)s") % {"baseline": baseline_label}
    return _("assessed")


def period_label(start: dt.date, end: dt.date) -> str:
    """"2023" for a calendar year, "2011-2015" for whole years, else the two dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return f"{format_date(start)}-{format_date(end)}"


@dataclass(frozen=True)
class Reading:
    """An indicator as one reader sees it on one day."""

    indicator: Indicator
    start: dt.date
    end: dt.date  # the period measured: the indicator's, up to the day read
    value: Decimal | None
    baseline: Decimal | None  # the baseline period's figure, per year of the period
    assessment: str
    target: str
    url: str = ""
    baseline_url: str = ""
    evidence: str = ""
    classification: int = 0

    @property
    def assessment_label(self) -> str:
        return str(Assessment(self.assessment).label)

    @property
    def tone(self) -> str:
        return TONES[self.assessment]


def visible_indicators(user: User, directive: Directive | None = None) -> QuerySet[Indicator]:
    indicators = scope_queryset(Indicator.objects.select_related("item__directive", "unit"),
                                user)
    if directive is not None:
        indicators = indicators.filter(item__directive=directive)
    return indicators


def latest_assessments(indicators: Iterable[Indicator], *, until: dt.date | None = None,
                       final: bool = False) -> dict[int, IndicatorAssessment]:
    """Each qualitative indicator's latest assessment (dated `until` at the latest; only a
    conference's kind of verdict with `final`), in one query."""
    found = IndicatorAssessment.objects.filter(indicator__in=[i.pk for i in indicators])
    if until is not None:
        found = found.filter(assessed_on__lte=until)
    if final:
        found = found.filter(verdict__in=FINAL)
    latest: dict[int, IndicatorAssessment] = {}
    for assessment in found.order_by("indicator", "assessed_on", "pk"):
        latest[assessment.indicator_id] = assessment
    return latest


def elapsed(indicator: Indicator, day: dt.date) -> Decimal:
    """The share of the indicator's period passed by the end of `day` (0 to 1)."""
    total = (indicator.period_end - indicator.period_start).days + 1
    return Decimal(max(0, min(total, (day - indicator.period_start).days + 1))) / total


def measured_figures(user: User, wanted: Iterable[tuple[Indicator, dt.date, dt.date]]
              ) -> dict[tuple[int, dt.date, dt.date], metrics.Measure]:
    """Each indicator's metric over its period: one `measure` per (period, unit) group."""
    groups: dict[tuple[dt.date, dt.date, int | None], list[Indicator]] = defaultdict(list)
    for indicator, start, end in wanted:
        if indicator.is_bound and start <= end:
            groups[(start, end, indicator.unit_id)].append(indicator)
    found: dict[tuple[int, dt.date, dt.date], metrics.Measure] = {}
    with metrics.remembering():
        for (start, end, _unit), members in groups.items():
            unit = members[0].unit
            measured = metrics.measure({i.metric_key for i in members}, user,
                                       ReportPeriod(start, end), unit)
            for i in members:
                found[(i.pk, start, end)] = measured[i.metric_key]
    return found


def readings(user: User, indicators: Iterable[Indicator],
             today: dt.date) -> dict[int, Reading]:
    """Every indicator read on `today`: its figure from its period's start to today (or the
    period's end), its baseline, its verdict."""
    indicators = list(indicators)
    spans = {i.pk: (i.period_start, min(i.period_end, today)) for i in indicators}
    wanted = [(i, *spans[i.pk]) for i in indicators]
    wanted += [(i, i.baseline_start, i.baseline_end) for i in indicators
               if i.baseline_start and i.baseline_end]
    measured = measured_figures(user, wanted)
    qualitative = [i for i in indicators if not i.is_bound]
    assessed = latest_assessments(qualitative)
    final = latest_assessments(qualitative, final=True)  # once the period is over
    out: dict[int, Reading] = {}
    for i in indicators:
        start, end = spans[i.pk]
        now = measured.get((i.pk, start, end))
        base = (measured.get((i.pk, i.baseline_start, i.baseline_end))
                if i.baseline_start and i.baseline_end else None)
        value = as_decimal(now.value) if now else None
        baseline = None
        if base is not None and i.baseline_start and i.baseline_end and start <= end:
            # a baseline of another length is compared per year
            baseline = as_decimal(base.value)
            if baseline is not None:
                baseline = baseline * years_in(start, end) / years_in(i.baseline_start,
                                                                    i.baseline_end)
        over = today > i.period_end  # its last day still brings records
        label = (period_label(i.baseline_start, i.baseline_end)
                 if i.baseline_start and i.baseline_end else "")
        if i.is_bound:
            verdict = (judge(i.target_kind, value, i.target_value, baseline,
                             elapsed(i, today), over)
                       if start <= end else Assessment.NO_DATA)
            evidence = ""
        else:
            latest = (final if over else assessed).get(i.pk)
            verdict = latest.verdict if latest else Assessment.NO_DATA
            evidence = latest.evidence if latest else ""
        out[i.pk] = Reading(
            indicator=i, start=start, end=end, value=value, baseline=baseline,
            assessment=verdict, target=target_text(i, label), url=now.url if now else "",
            baseline_url=base.url if base else "", evidence=evidence,
            classification=max(now.classification if now else 0,
                               base.classification if base else 0))
    return out


def _year_spans(indicator: Indicator, today: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """Each calendar year of the indicator's period up to today, cut to the period."""
    last = min(indicator.period_end, today)
    return [(year, max(indicator.period_start, dt.date(year, 1, 1)),
             min(last, dt.date(year, 12, 31)))
            for year in range(indicator.period_start.year, last.year + 1)
            if max(indicator.period_start, dt.date(year, 1, 1)) <= last]  # not yet begun


def trends(user: User, indicators: Iterable[Indicator], today: dt.date
           ) -> dict[int, list[tuple[int, Decimal | None]]]:
    """Each bound indicator's figure year by year up to today: indicators sharing a year's span
    and unit share its measure, so a source computes once per year, not per indicator."""
    bound = [i for i in indicators if i.is_bound]
    spans = {i.pk: _year_spans(i, today) for i in bound}
    measured = measured_figures(user, [(i, start, end) for i in bound
                                       for _year, start, end in spans[i.pk]])
    return {i.pk: [(year, as_decimal(measured[(i.pk, start, end)].value))
                   for year, start, end in spans[i.pk]] for i in bound}


def trend(user: User, indicator: Indicator, today: dt.date) -> list[tuple[int, Decimal | None]]:
    """The indicator's figure for each calendar year of its period up to today (the first and
    last years cut to the period)."""
    return trends(user, [indicator], today).get(indicator.pk, [])


# --- tasks ---------------------------------------------------------------------------------


def task_status(as_of: dt.date) -> Case:
    """A task's bucket on `as_of`, in SQL: completed by then (on time or late against its
    deadline), or not (still within the deadline, or overdue)."""
    done = Q(completed_on__isnull=False, completed_on__lte=as_of)
    return Case(
        When(done & Q(completed_on__lte=F("deadline")), then=Value(TaskStatus.DONE_ON_TIME)),
        When(done, then=Value(TaskStatus.DONE_LATE)),
        When(deadline__gte=as_of, then=Value(TaskStatus.OPEN_IN_TIME)),
        default=Value(TaskStatus.OVERDUE), output_field=CharField())


def visible_tasks(user: User) -> QuerySet[Task]:
    return scope_queryset(Task.objects.all(), user)


def task_counts(tasks: QuerySet[Task], as_of: dt.date) -> dict[str, int]:
    """How many tasks are in each bucket on `as_of` (tasks assigned by then), in one query."""
    rows = (tasks.filter(assigned_on__lte=as_of).annotate(bucket=task_status(as_of))
            .order_by().values("bucket").annotate(n=Count("pk")))
    counts = dict.fromkeys(TaskStatus.values, 0)
    counts.update({row["bucket"]: row["n"] for row in rows})
    return counts
