"""The demo's resolutions tell the articles' story: Nghị quyết 195 with its zero targets met
since 2016 (the safety demo's serious incidents are all before), fewer incidents than in
2011-2015, its "sơ kết 5 năm" held with figures that are the registry's for 2016-2021 and
2011-2015; 147 superseded by 365; the cascade of 08-NQ/TW; tasks in all four buckets of
QĐ 42/2014 today. On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import AuditEntry, User
from cnqp.directives import selectors
from cnqp.directives.choices import (
    Assessment,
    DirectiveStatus,
    ItemKind,
    ReviewStatus,
    TargetKind,
)
from cnqp.directives.models import Directive, Indicator, Review, ReviewFigure, Task

ZERO_KEYS = {"safety.especially_serious", "safety.serious_production",
             "safety.serious_research"}


def _decimal(value: int | float | None) -> Decimal | None:
    return selectors.as_decimal(value)


def test_resolution_195_with_its_objectives_and_live_verdicts(demo, users):
    nq = Directive.objects.get(number="195-NQ/ĐU")
    assert nq.issued_on == dt.date(2016, 7, 8) and nq.status == DirectiveStatus.IN_FORCE
    assert nq.items.filter(kind=ItemKind.OBJECTIVE).count() >= 2
    indicators = list(Indicator.objects.filter(item__directive=nq))
    bound = {i.metric_key: i for i in indicators if i.is_bound}
    assert set(bound) == ZERO_KEYS | {"safety.incidents"}
    assert all(bound[k].target_kind == TargetKind.ZERO for k in ZERO_KEYS)
    assert any(not i.is_bound for i in indicators)

    khdt, today = users["khdt"], timezone.localdate()
    read = selectors.readings(khdt, indicators, today)
    for i in bound.values():
        end = min(i.period_end, today)
        value = metrics.measure([i.metric_key], khdt, ReportPeriod(i.period_start, end))[
            i.metric_key].value
        assert read[i.pk].value == _decimal(value)
    # the safety demo's serious incidents are all before 2016: the zero targets hold so far
    for key in ZERO_KEYS:
        assert read[bound[key].pk].value == 0
        assert read[bound[key].pk].assessment == Assessment.ON_TRACK
    fewer = read[bound["safety.incidents"].pk]
    assert fewer.value is not None and 0 < fewer.value <= 15
    assert fewer.assessment == Assessment.ACHIEVED  # its period (to 2021) is over
    qualitative = [read[i.pk] for i in indicators if not i.is_bound]
    assert all(r.assessment in (Assessment.ACHIEVED, Assessment.BASICALLY) and r.evidence
               for r in qualitative)


def test_the_frozen_interim_review_of_195_holds_the_registry_figures(demo, users):
    review = Review.objects.get(title__startswith="Sơ kết 5 năm thực hiện Nghị quyết 195")
    assert review.status == ReviewStatus.FROZEN and review.frozen_by == users["khdt"]
    assert (review.period_start, review.period_end) == (dt.date(2016, 7, 8),
                                                        dt.date(2021, 12, 31))
    assert (review.compare_start, review.compare_end) == (dt.date(2011, 1, 1),
                                                          dt.date(2015, 12, 31))
    indicators = Indicator.objects.filter(item__directive__number="195-NQ/ĐU")
    figures = {f.indicator_id: f for f in ReviewFigure.objects.filter(review=review)}
    assert set(figures) == {i.pk for i in indicators}
    holder = review.frozen_by
    assert holder is not None and review.compare_start and review.compare_end
    keys = [i.metric_key for i in indicators if i.is_bound]
    now = metrics.measure(keys, holder, ReportPeriod(review.period_start, review.period_end))
    before = metrics.measure(keys, holder, ReportPeriod(review.compare_start,
                                                        review.compare_end))
    for i in indicators:
        figure = figures[i.pk]
        if not i.is_bound:
            assert figure.value is None and figure.assessment in (Assessment.ACHIEVED,
                                                                  Assessment.BASICALLY)
            continue
        assert figure.value == _decimal(now[i.metric_key].value)
        assert figure.previous_value == _decimal(before[i.metric_key].value)
    by_key = {f.metric_key: f for f in figures.values() if f.metric_key}
    for key in ZERO_KEYS:  # none in 2016-2021
        assert by_key[key].value == 0 and by_key[key].assessment == Assessment.ACHIEVED
    serious = by_key["safety.serious_production"].previous_value or 0
    serious += by_key["safety.serious_research"].previous_value or 0
    assert serious > 0  # the serious ones were before the resolution
    incidents = by_key["safety.incidents"]
    assert incidents.previous_value is not None and incidents.value is not None
    assert incidents.per_year_change is not None and incidents.per_year_change < 0
    assert incidents.assessment == Assessment.ACHIEVED


def test_147_reviewed_and_superseded_by_365_and_a_draft_left_to_hold(demo, db):
    nq147 = Directive.objects.get(number="147-NQ/ĐU")
    nq365 = Directive.objects.get(number="365-NQ/ĐU")
    assert nq147.status == DirectiveStatus.SUPERSEDED and nq365.continues == nq147
    assert nq365.issued_on == dt.date(2021, 12, 30)
    final = Review.objects.get(title__startswith="Tổng kết 10 năm thực hiện Nghị quyết 147")
    assert final.status == ReviewStatus.FROZEN and final.figures.count() == Indicator.objects \
        .filter(item__directive=nq147).count()
    draft = Review.objects.filter(status=ReviewStatus.DRAFT)
    assert draft.count() == 1 and draft.get().held_on <= timezone.localdate()


def test_the_cascade_of_08_has_five_levels(demo, db):
    levels = []
    directive: Directive | None = Directive.objects.get(number="1520/KH-TC")
    while directive is not None:
        levels.append(directive)
        directive = directive.implements
    assert [d.number for d in levels][-1] == "08-NQ/TW" and len(levels) == 5
    assert levels[-1].issued_on == dt.date(2022, 1, 26) and levels[-1].issuer == "Bộ Chính trị"
    assert [d.issued_on for d in levels] == sorted((d.issued_on for d in levels), reverse=True)


def test_breakthroughs_and_the_seven_priorities_of_2022(demo, users):
    breakthroughs = Directive.objects.get(items__kind=ItemKind.BREAKTHROUGH, items__ordinal="(1)")
    assert breakthroughs.items.filter(kind=ItemKind.BREAKTHROUGH).count() == 2
    priorities = Directive.objects.get(owner_unit__code="QLCN")
    items = priorities.items.all()
    assert [i.kind for i in items] == [ItemKind.PRIORITY] * 7
    assert {i.year for i in items} == {2022}
    assert Indicator.objects.filter(item__directive=priorities,
                                    target_kind=TargetKind.ABOVE_BASELINE).exists()
    assert Indicator.objects.filter(item__directive=breakthroughs,
                                    baseline_start=dt.date(2023, 1, 1)).count() == 2
    # written by QLCN's own user (the audit log names the actor)
    assert AuditEntry.objects.filter(object_id=str(priorities.pk),
                                     actor=users["qlcn"]).exists()


def test_tasks_in_all_four_buckets_today(demo, users):
    counts = selectors.task_counts(Task.objects.all(), timezone.localdate())
    assert all(counts.values()), counts
    leads = set(Task.objects.values_list("lead_unit__code", flat=True))
    assert {"Z111", "Z113", "VVK", "QLCN", "BTM"} <= leads
    assert Task.objects.filter(supporting_units__isnull=False).exists()
    assert all(t.reports.exists() for t in Task.objects.all())


def test_the_pages_of_195_and_its_review_render(demo, users):
    client = Client()
    client.force_login(User.objects.get(username="khdt"))
    nq = Directive.objects.get(number="195-NQ/ĐU")
    review = Review.objects.get(title__startswith="Sơ kết 5 năm thực hiện Nghị quyết 195")
    page = client.get(reverse("directives:directives-detail", args=[nq.pk]))
    assert page.status_code == 200
    assert "Không để xảy ra vụ việc mất an toàn đặc biệt nghiêm trọng" in page.content.decode()
    page = client.get(reverse("directives:reviews-detail", args=[review.pk]))
    assert page.status_code == 200 and "195-NQ/ĐU" in page.content.decode()
