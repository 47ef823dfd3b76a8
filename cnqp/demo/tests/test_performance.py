"""The demo's enterprise performance tells the articles' story: the directorate's average income
12,1 million đồng/person/month in 2020 and 14,2 in 2023, its revenue 105,0 % of 2022's in 2023,
computed from the stored values (summed parts, never an average of averages); every enterprise
filing every year since 2019; the current period with one return late, one not filed, one
draft and one returned; an amended return; investment projects some of which are late or slow.
On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.text import format_number
from cnqp.core.units import reporting_enterprises
from cnqp.performance.choices import COUNTED, PeriodKind, ReturnStatus, Scenario
from cnqp.performance.completeness import State, completeness, latest_due_period
from cnqp.performance.compute import entered_codes, lines
from cnqp.performance.demo.returns import Schedules
from cnqp.performance.figures import performance_figures
from cnqp.performance.models import Project, Submission, Value
from cnqp.performance.project_selectors import project_figures, with_figures

YEARS = range(2019, 2026)


def _actual(year: int) -> Q:
    return Q(submission__year=year, submission__period_kind=PeriodKind.YEAR,
             submission__scenario=Scenario.ACTUAL, submission__is_current=True,
             submission__status__in=COUNTED)


def _sum(year: int, *codes: str) -> Decimal:
    total = Value.objects.filter(_actual(year), indicator__code__in=codes).aggregate(
        total=Sum("value"))["total"]
    assert total is not None
    return total


def _income(year: int) -> str:
    """Sum of payrolls ÷ sum of headcounts ÷ 12, printed as the articles print it."""
    return format_number(_sum(year, "payroll") / _sum(year, "headcount") / 12, 1)


def _revenue(year: int) -> Decimal:
    return _sum(year, "revenue_defence", "revenue_economic", "revenue_services")


def test_the_articles_figures_from_the_stored_values(demo, db):
    assert _income(2020) == "12,1"
    assert _income(2023) == "14,2"
    growth = (_revenue(2023) * 100 / _revenue(2022)).quantize(Decimal("0.1"),
                                                              rounding=ROUND_HALF_UP)
    assert format_number(growth, 1) == "105,0"
    # plausible around them: the pandemic's dip, growth after
    assert _revenue(2020) < _revenue(2019) and _revenue(2021) < _revenue(2019)
    assert _revenue(2019) < _revenue(2022) < _revenue(2023) < _revenue(2024) < _revenue(2025)
    assert all(Decimal(200_000) <= v <= Decimal(7_000_000) for v in (
        Value.objects.filter(_actual(2019), indicator__code__startswith="revenue_")
        .values("submission").annotate(total=Sum("value")).values_list("total", flat=True)))


def test_the_average_of_averages_is_not_the_directorate_average(demo, db):
    rows = (Value.objects.filter(_actual(2020), indicator__code__in=("payroll", "headcount"))
            .values("submission__unit").annotate(
                payroll=Sum("value", filter=Q(indicator__code="payroll")),
                headcount=Sum("value", filter=Q(indicator__code="headcount"))))
    incomes = [row["payroll"] / row["headcount"] / 12 for row in rows]
    assert len(incomes) == 18
    assert format_number(sum(incomes) / len(incomes), 1) != "12,1"
    headcounts = [row["headcount"] for row in rows]
    assert max(headcounts) > 5 * min(headcounts)  # corporations and small factories


def test_the_figures_module_prints_the_same(demo, users):
    khdt = users["khdt"]
    figures_2020 = performance_figures(khdt, ReportPeriod.annual(2020))
    assert format_number(figures_2020.outturn.avg_income, 1) == "12,1"
    assert figures_2020.scenarios == {Scenario.ACTUAL: 18}
    figures_2023 = performance_figures(khdt, ReportPeriod.annual(2023))
    assert format_number(figures_2023.outturn.avg_income, 1) == "14,2"
    assert format_number(figures_2023.growth.revenue, 1) == "105,0"
    assert figures_2023.outturn.revenue == int(_revenue(2023))


def test_every_enterprise_files_every_year_in_full(demo, db):
    enterprises = set(reporting_enterprises().values_list("pk", flat=True))
    assert len(enterprises) == 18
    counted = Submission.objects.filter(period_kind=PeriodKind.YEAR, is_current=True,
                                        status__in=COUNTED)
    for scenario in (Scenario.PLAN, Scenario.ESTIMATE, Scenario.ACTUAL):
        per_year = dict(counted.filter(scenario=scenario, year__in=YEARS).values_list("year")
                        .annotate(n=Count("unit", distinct=True)).order_by())
        assert per_year == {year: 18 for year in YEARS}, scenario
    assert counted.filter(scenario=Scenario.PLAN, year=2026).count() == 18
    # every entered indicator present in every submitted return
    entered = len(entered_codes(lines()))
    short = (Submission.objects.exclude(status=ReturnStatus.DRAFT)
             .annotate(n=Count("values")).exclude(n=entered))
    assert not short.exists()
    # the consistency rules hold in every return (one grouped query)
    rows = Submission.objects.exclude(status=ReturnStatus.DRAFT).annotate(**{
        code: Sum("values__value", filter=Q(values__indicator__code=code))
        for code in ("profit_before_tax", "profit_after_tax", "women", "headcount")},
        revenue=Sum("values__value", filter=Q(values__indicator__code__startswith="revenue_"))
    ).values("pk", "profit_before_tax", "profit_after_tax", "women", "headcount", "revenue")
    for row in rows:
        assert row["profit_after_tax"] <= row["profit_before_tax"] <= row["revenue"], row
        assert 0 < row["women"] <= row["headcount"], row
    # a couple of year actuals came late
    late = [s for s in counted.filter(scenario=Scenario.ACTUAL, version=1)
            if s.due_on and s.submitted_at
            and timezone.localtime(s.submitted_at).date() > s.due_on]
    assert len(late) == 2 and all(s.note for s in late)
    assert Value.objects.exclude(explanation="").exists()


def test_quarters_and_half_years_since_2025(demo, db):
    quarters = Submission.objects.filter(period_kind=PeriodKind.QUARTER,
                                         scenario=Scenario.ACTUAL)
    assert quarters.filter(year=2025).values("unit").distinct().count() == 18
    assert set(quarters.filter(year=2025).values_list("period_number", flat=True)) == {
        1, 2, 3, 4}
    halves = Submission.objects.filter(period_kind=PeriodKind.HALF, year=2025,
                                       period_number=1, status__in=COUNTED)
    assert halves.count() == 18
    # a half-year is its two quarters
    z111 = Q(submission__unit__code="Z111", indicator__code="payroll",
             submission__year=2025, submission__scenario=Scenario.ACTUAL)
    half = Value.objects.get(z111, submission__period_kind=PeriodKind.HALF,
                             submission__period_number=1).value
    two = Value.objects.filter(z111, submission__period_kind=PeriodKind.QUARTER,
                               submission__period_number__in=(1, 2)).aggregate(
        total=Sum("value"))["total"]
    assert half == two


def test_the_current_period_one_late_one_missing_one_draft_one_returned(demo, users):
    today = timezone.localdate()
    period = latest_due_period(today)
    assert period == Schedules.load().current(today)
    result = completeness(users["khdt"], period, Scenario.ACTUAL, today)
    states = {line.unit.code: line.state for line in result.lines}
    assert len(states) == 18
    assert states.pop("Z176") == State.NOT_STARTED
    assert states.pop("Z125") == State.DRAFT
    assert states.pop("Z119") == State.RETURNED
    assert states.pop("Z131") == State.ACCEPTED_LATE
    assert set(states.values()) == {State.ACCEPTED_ON_TIME}
    assert result.late == 1
    assert sum(1 for line in result.lines if line.state == State.NOT_STARTED) == 1
    returned = Submission.objects.get(unit__code="Z119", year=period.year,
                                      period_kind=period.kind, period_number=period.number)
    assert returned.review_note and returned.reviewed_by == users["khdt"]


def test_the_2026_estimate_from_most_enterprises_nothing_dated_after_today(demo, db):
    today = timezone.localdate()
    if today >= dt.date(2026, 12, 10):
        estimates = Submission.objects.filter(year=2026, scenario=Scenario.ESTIMATE)
        assert 12 <= estimates.exclude(submitted_at=None).count() <= 18
    latest = Submission.objects.aggregate(submitted=Max("submitted_at"),
                                          reviewed=Max("reviewed_at"), locked=Max("locked_at"))
    now = timezone.now()
    assert all(moment is not None and moment <= now for moment in latest.values())


def test_a_locked_2024_return_amended(demo, users):
    amendment = Submission.objects.get(unit__code="Z113", year=2024,
                                       period_kind=PeriodKind.YEAR, scenario=Scenario.ACTUAL,
                                       version=2)
    original = amendment.amends
    assert original is not None and original.version == 1
    assert original.status == ReturnStatus.LOCKED and not original.is_current
    assert amendment.is_current and amendment.status in COUNTED
    assert amendment.explanation and amendment.submitted_by == users["z113"]
    before = dict(original.values.values_list("indicator__code", "value"))
    after = dict(amendment.values.values_list("indicator__code", "value"))
    changed = {code for code in after if after[code] != before[code]}
    assert changed == {"revenue_services", "profit_before_tax", "profit_after_tax"}
    assert after["revenue_services"] < before["revenue_services"]


def test_investment_projects(demo, users):
    projects = Project.objects.all()
    assert projects.count() == 8
    assert projects.filter(key_project=True).count() == 3
    assert set(projects.values_list("programme__code", flat=True)) == {
        "ctmt-cnqp", "tiem-luc", "day-chuyen", "sxkd"}
    secret = projects.get(classification__gt=users["khdt"].clearance)
    adjusted = projects.get(code="DA-BASON-01")
    assert [v.reason != "" for v in adjusted.versions.order_by("number")] == [False, True]
    assert adjusted.total_investment == sum(f.amount for f in adjusted.versions.get(
        number=1).funding.all())
    assert projects.filter(disbursements__year=2024).distinct().count() >= 5
    annotated: Any = with_figures(projects)  # flags annotated in SQL
    flagged = {p.code: (p.is_behind, p.is_slow) for p in annotated}
    assert flagged["DA-SONGTHU-01"][0] and flagged["DA-Z173-01"][0]
    assert not flagged["DA-BASON-01"][0] and not flagged["DA-Z111-01"][0]
    if timezone.localdate().year == 2026:
        assert {code for code, (_b, slow) in flagged.items() if slow} == {
            "DA-SONGTHU-01", "DA-Z113-01"}
    # who may not see the Secret project neither sees nor counts it
    year = timezone.localdate().year
    assert project_figures(users["khdt"], year).projects == (
        project_figures(users["lanhdao"], year).projects - 1)
    assert not scope_queryset(Project.objects.all(), users["khdt"]).filter(
        pk=secret.pk).exists()
