"""Verdicts on indicators (higher-is-better, ceilings, zero-targets, baselines, qualitative)
and the four task buckets of QĐ 42/2014 at the edges of their deadlines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cnqp.core.choices import Classification
from cnqp.directives import selectors, services
from cnqp.directives.choices import Assessment, TargetKind, TaskStatus
from cnqp.directives.factories import DirectiveItemFactory, IndicatorFactory, TaskFactory
from cnqp.directives.models import Task

D = dt.date
P = (D(2021, 1, 1), D(2021, 12, 31))
BASE = (D(2020, 1, 1), D(2020, 12, 31))


@pytest.mark.parametrize(("kind", "value", "target", "over", "verdict"), [
    (TargetKind.AT_LEAST, 12, 10, True, Assessment.EXCEEDED),
    (TargetKind.AT_LEAST, 10, 10, True, Assessment.ACHIEVED),
    (TargetKind.AT_LEAST, 9, 10, True, Assessment.BASICALLY),  # 90 %: cơ bản hoàn thành
    (TargetKind.AT_LEAST, 8, 10, True, Assessment.NOT_ACHIEVED),
    (TargetKind.AT_LEAST, 6, 10, False, Assessment.ON_TRACK),  # half-way, 60 %
    (TargetKind.AT_LEAST, 4, 10, False, Assessment.AT_RISK),
    (TargetKind.AT_MOST, 3, 3, True, Assessment.ACHIEVED),
    (TargetKind.AT_MOST, 4, 3, False, Assessment.NOT_ACHIEVED),  # lost once crossed
    (TargetKind.ZERO, 0, 0, True, Assessment.ACHIEVED),
    (TargetKind.ZERO, 0, 0, False, Assessment.ON_TRACK),
    (TargetKind.ZERO, 1, 0, False, Assessment.NOT_ACHIEVED),  # at once, not at the end
])
def test_judge(kind, value, target, over, verdict):
    assert selectors.judge(kind, Decimal(value), Decimal(target), None, Decimal("0.5"),
                           over) == verdict


def test_judge_against_a_baseline_and_without_a_figure():
    higher = TargetKind.ABOVE_BASELINE
    assert selectors.judge(higher, Decimal(11), None, Decimal(10), Decimal(1), True) \
        == Assessment.ACHIEVED
    assert selectors.judge(higher, Decimal(10), None, Decimal(10), Decimal(1), True) \
        == Assessment.NOT_ACHIEVED  # "cao hơn" means higher, not as high
    assert selectors.judge(higher, Decimal(4), None, Decimal(10), Decimal("0.5"), False) \
        == Assessment.AT_RISK
    assert selectors.judge(TargetKind.AT_LEAST, None, Decimal(1), None, Decimal(1), True) \
        == Assessment.NO_DATA


def test_years_and_period_labels():
    assert selectors.years_in(D(2016, 7, 8), D(2021, 12, 31)) == Decimal("5.48")
    assert selectors.years_in(D(2011, 1, 1), D(2015, 12, 31)) == Decimal("5.00")
    assert selectors.period_label(D(2011, 1, 1), D(2015, 12, 31)) == "2011-2015"
    assert selectors.period_label(D(2023, 1, 1), D(2023, 12, 31)) == "2023"
    assert selectors.period_label(D(2016, 7, 8), D(2021, 12, 31)) == "08/07/2016-31/12/2021"


def _indicator(**kwargs):
    item = DirectiveItemFactory()
    return IndicatorFactory(item=item, period_start=P[0], period_end=P[1], **kwargs)


def test_readings_come_from_the_registry_once_per_source(fake, org, make_user):
    reader = make_user(["leadership"], org.root)
    fake.done[P] = 12
    fake.incidents[P] = 1
    fake.done[BASE] = 15
    more = _indicator(metric_key="fake.done", target_kind=TargetKind.AT_LEAST,
                      target_value=Decimal(10))
    zero = _indicator(metric_key="fake.incidents", target_kind=TargetKind.ZERO,
                      target_value=Decimal(0))
    higher = _indicator(metric_key="fake.done", target_kind=TargetKind.ABOVE_BASELINE,
                        target_value=None, baseline_start=BASE[0], baseline_end=BASE[1])
    read = selectors.readings(reader, [more, zero, higher], today=D(2022, 3, 1))
    assert (read[more.pk].value, read[more.pk].assessment) == (12, Assessment.EXCEEDED)
    assert read[more.pk].url == "/done/?start=2021-01-01"
    assert read[more.pk].target == "≥ 10 đề tài"
    assert read[zero.pk].assessment == Assessment.NOT_ACHIEVED  # one incident: lost
    assert (read[higher.pk].baseline, read[higher.pk].assessment) == (15,
                                                                      Assessment.NOT_ACHIEVED)
    assert read[higher.pk].target == "cao hơn 2020"
    assert fake.calls == 2  # the period and the baseline, each computed once


def test_a_zero_target_flips_as_soon_as_a_qualifying_record_exists(fake, org, make_user):
    reader = make_user(["leadership"], org.root)
    zero = _indicator(metric_key="fake.incidents", target_kind=TargetKind.ZERO,
                      target_value=Decimal(0))
    mid_year = D(2021, 6, 30)
    assert selectors.readings(reader, [zero], mid_year)[zero.pk].assessment \
        == Assessment.ON_TRACK
    fake.incidents[(P[0], mid_year)] = 1
    assert selectors.readings(reader, [zero], mid_year)[zero.pk].assessment \
        == Assessment.NOT_ACHIEVED


def test_a_qualitative_indicator_reads_its_latest_assessment(org, make_user):
    writer = make_user(["admin"], org.root)
    indicator = _indicator(metric_key="", target_kind=TargetKind.QUALITATIVE,
                           target_value=None)
    services.assess_indicator(writer, indicator, verdict=Assessment.AT_RISK,
                              evidence="Chưa quán triệt ở 3 đơn vị", on_date=D(2021, 6, 1))
    services.assess_indicator(writer, indicator, verdict=Assessment.ACHIEVED,
                              evidence="100% đơn vị đã quán triệt", on_date=D(2021, 12, 1))
    reading = selectors.readings(writer, [indicator], D(2022, 1, 1))[indicator.pk]
    assert (reading.assessment, reading.evidence) == (Assessment.ACHIEVED,
                                                      "100% đơn vị đã quán triệt")


def test_task_buckets_at_the_edges_of_the_deadline(org):
    deadline = D(2022, 6, 30)
    TaskFactory(lead_unit=org.enterprise_a, deadline=deadline, completed_on=deadline)
    TaskFactory(lead_unit=org.enterprise_a, deadline=deadline,
                completed_on=deadline + dt.timedelta(days=1))
    TaskFactory(lead_unit=org.enterprise_a, deadline=deadline)
    tasks = Task.objects.all()
    on_the_day = selectors.task_counts(tasks, deadline)
    assert on_the_day == {TaskStatus.DONE_ON_TIME: 1, TaskStatus.DONE_LATE: 0,
                          TaskStatus.OPEN_IN_TIME: 2, TaskStatus.OVERDUE: 0}
    day_after = selectors.task_counts(tasks, deadline + dt.timedelta(days=1))
    assert day_after == {TaskStatus.DONE_ON_TIME: 1, TaskStatus.DONE_LATE: 1,
                         TaskStatus.OPEN_IN_TIME: 0, TaskStatus.OVERDUE: 1}
    before_assigned = selectors.task_counts(tasks, D(2022, 1, 1))
    assert sum(before_assigned.values()) == 0  # assigned on 10/01/2022


def test_a_lower_clearance_reader_does_not_count_classified_records(fake, org, make_user):
    fake.done[P] = 7
    fake.level = Classification.SECRET
    indicator = _indicator(metric_key="fake.done", target_kind=TargetKind.AT_LEAST,
                           target_value=Decimal(5))
    cleared = make_user(["leadership"], org.root, Classification.SECRET)
    lower = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
    assert selectors.readings(cleared, [indicator], D(2022, 1, 1))[indicator.pk].value == 7
    assert selectors.readings(lower, [indicator], D(2022, 1, 1))[indicator.pk].value == 0


def test_a_trend_of_a_period_not_yet_begun_this_year_is_empty_not_an_error(org, make_user):
    reader = make_user(["leadership"], org.root)
    indicator = _indicator(metric_key="research.accepted", target_kind=TargetKind.AT_LEAST,
                           target_value=Decimal(1))
    indicator.period_start, indicator.period_end = D(2026, 7, 1), D(2026, 12, 31)
    assert selectors.trend(reader, indicator, D(2026, 3, 1)) == []


def test_the_bucket_filter_keeps_the_bucket(org, make_user):
    from cnqp.core.testing.clients import signed_in_client

    TaskFactory(lead_unit=org.enterprise_a, deadline=D(2022, 6, 30))  # overdue today
    client = signed_in_client(make_user(["admin"], org.root))
    page = client.get("/directives/tasks/", {"bucket": TaskStatus.OVERDUE})
    [task] = page.context["page"].object_list
    assert task.bucket == TaskStatus.OVERDUE
    api = client.get("/api/directives/tasks", {"bucket": TaskStatus.OVERDUE}).json()
    assert [t["bucket"] for t in api["items"]] == [TaskStatus.OVERDUE]
