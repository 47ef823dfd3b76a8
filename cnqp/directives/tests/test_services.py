"""Writing directives and holding reviews: a held review's figures are frozen (the records
change afterwards, the review does not), compare periods of unequal length per year, and are
as hidden as the records they counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.directives import services
from cnqp.directives.choices import (
    Assessment,
    DirectiveKind,
    ItemKind,
    ReviewKind,
    ReviewStatus,
    TargetKind,
)
from cnqp.directives.models import Directive, ReviewFigure

D = dt.date
NOW = (D(2016, 7, 8), D(2021, 12, 31))
BEFORE = (D(2011, 1, 1), D(2015, 12, 31))


@pytest.fixture
def world(org, make_user, fake):
    writer = make_user(["admin"], org.root, Classification.SECRET)
    directive = services.create_directive(
        writer, kind=DirectiveKind.RESOLUTION, number="195-NQ/ĐU",
        issuer="Đảng ủy Tổng cục", owner_unit=org.root, issued_on=D(2016, 7, 8),
        title="Về lãnh đạo công tác bảo đảm an toàn trong sản xuất",
        period_start=D(2016, 7, 8), period_end=D(2025, 12, 31))
    item = services.create_item(writer, directive=directive, kind=ItemKind.OBJECTIVE,
                                ordinal="(1)", text="Không để xảy ra tai nạn nghiêm trọng")
    zero = services.create_indicator(writer, item=item, name="Sự cố nghiêm trọng",
                                     metric_key="fake.incidents", target_kind=TargetKind.ZERO)
    more = services.create_indicator(writer, item=item, name="Việc hoàn thành",
                                     metric_key="fake.done", target_kind=TargetKind.AT_LEAST,
                                     target_value=Decimal(50))
    review = services.create_review(
        writer, title="Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU", kind=ReviewKind.INTERIM,
        directives=[directive], owner_unit=org.root, period_start=NOW[0], period_end=NOW[1],
        compare_start=BEFORE[0], compare_end=BEFORE[1], held_on=D(2022, 3, 15))
    return writer, directive, zero, more, review


def test_a_held_review_keeps_its_figures_whatever_the_records_do_later(world, fake):
    writer, _directive, zero, more, review = world
    fake.done[NOW] = 60
    fake.done[BEFORE] = 40
    fake.incidents[BEFORE] = 3
    review = services.hold_review(writer, review)
    assert review.status == ReviewStatus.FROZEN and review.frozen_by == writer
    frozen = {f.indicator_id: f for f in ReviewFigure.objects.filter(review=review)}
    assert (frozen[more.pk].value, frozen[more.pk].previous_value) == (60, 40)
    # 50 is the target of 2016-2025: reached by 2021, a mid-term review says so
    assert frozen[more.pk].assessment == Assessment.ACHIEVED
    assert (frozen[zero.pk].value, frozen[zero.pk].previous_value) == (0, 3)
    assert frozen[zero.pk].assessment == Assessment.ACHIEVED
    # periods of unequal length compare per year: 60 in 5,48 years against 40 in 5
    assert frozen[more.pk].years == Decimal("5.48")
    assert frozen[more.pk].previous_years == Decimal("5.00")
    assert round(frozen[more.pk].per_year_change, 1) == Decimal("36.9")

    fake.done[NOW] = 1  # the records change afterwards
    fake.incidents[NOW] = 2
    again = {f.indicator_id: f for f in ReviewFigure.objects.filter(review=review)}
    assert (again[more.pk].value, again[zero.pk].value) == (60, 0)
    assert again[zero.pk].assessment == Assessment.ACHIEVED
    with pytest.raises(PermissionError):
        again[more.pk].save()
    with pytest.raises(PermissionError):
        again[more.pk].delete()
    with pytest.raises(ValidationError):
        services.hold_review(writer, review)  # held once
    with pytest.raises(ValidationError) as refused:
        services.update_review(writer, review, period_end=D(2022, 12, 31))
    assert "period_end" in refused.value.message_dict
    services.update_review(writer, review, conclusions="Tiếp tục thực hiện")  # still allowed
    assert AuditEntry.objects.filter(object_type="directives.reviewfigure").count() == 2


def test_a_reviewer_of_lower_clearance_sees_no_classified_figure_nor_directive(world, fake,
                                                                               org, make_user):
    writer, directive, _zero, more, review = world
    fake.done[NOW] = 60
    fake.level = Classification.SECRET  # the records counted are Secret
    services.hold_review(writer, review)
    lower = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
    cleared = make_user(["leadership"], org.root, Classification.SECRET)
    visible = scope_queryset(ReviewFigure.objects.filter(review=review), lower)
    assert more.pk not in set(visible.values_list("indicator_id", flat=True))
    assert scope_queryset(ReviewFigure.objects.filter(review=review), cleared).count() == 2
    services.update_directive(writer, directive, classification=Classification.SECRET)
    assert not scope_queryset(Directive.objects.all(), lower).filter(pk=directive.pk).exists()


def test_an_indicator_names_a_registered_figure_and_its_target(world):
    writer, directive, *_rest, _review = world
    item = directive.items.first()
    with pytest.raises(ValidationError) as unknown:
        services.create_indicator(writer, item=item, name="x", metric_key="nothing.here",
                                  target_kind=TargetKind.AT_LEAST, target_value=Decimal(1))
    assert "metric_key" in unknown.value.message_dict
    with pytest.raises(ValidationError) as no_value:
        services.create_indicator(writer, item=item, name="x", metric_key="fake.done",
                                  target_kind=TargetKind.AT_LEAST)
    assert "target_value" in no_value.value.message_dict
    with pytest.raises(ValidationError) as no_base:
        services.create_indicator(writer, item=item, name="x", metric_key="fake.done",
                                  target_kind=TargetKind.ABOVE_BASELINE)
    assert "baseline_start" in no_base.value.message_dict
    qualitative = services.create_indicator(writer, item=item, name="Quán triệt",
                                            target_kind=TargetKind.QUALITATIVE)
    assert qualitative.period_end == directive.period_end
    bound = services.create_indicator(writer, item=item, name="y", metric_key="fake.done",
                                      target_kind=TargetKind.AT_LEAST, target_value=Decimal(3))
    assert bound.measure == "việc"  # from the metric


def test_a_cascade_cannot_loop(world):
    writer, directive, *_rest = world
    child = services.create_directive(
        writer, kind=DirectiveKind.PLAN, number="KH-01", issuer="Tổng cục",
        owner_unit=directive.owner_unit, issued_on=D(2016, 8, 1), title="Kế hoạch",
        period_start=D(2016, 8, 1), period_end=D(2020, 12, 31), implements=directive)
    with pytest.raises(ValidationError) as looped:
        services.update_directive(writer, directive, implements=child)
    assert "implements" in looped.value.message_dict


def test_progress_at_100_completes_the_task(world, org):
    writer, directive, *_rest = world
    task = services.create_task(writer, directive=directive, title="Rà soát quy định",
                                lead_unit=org.enterprise_a, assigned_on=D(2022, 1, 10),
                                deadline=D(2022, 6, 30), supporting_units=[org.enterprise_b])
    services.report_progress(writer, task, progress=40, text="Đã dự thảo",
                             on_date=D(2022, 3, 1))
    services.report_progress(writer, task, progress=100, text="Đã ban hành",
                             on_date=D(2022, 7, 2))
    task.refresh_from_db()
    assert task.completed_on == D(2022, 7, 2)
    with pytest.raises(ValidationError):
        services.report_progress(writer, task, progress=100, text="again")


def test_a_task_reaches_its_units_and_its_deadline_is_recalled(world, org):
    from django.utils import timezone

    from cnqp.core.models import Notification
    from cnqp.directives.services import remind_tasks_due

    writer, directive, *_rest = world
    today = timezone.localdate()
    task = services.create_task(writer, directive=directive, title="Rà soát quy trình",
                                lead_unit=org.enterprise_a, assigned_on=today,
                                deadline=today + dt.timedelta(days=5),
                                supporting_units=[org.enterprise_b])
    told = Notification.objects.filter(key=f"directives.assigned:{task.pk}")
    assert {n.org_unit for n in told} == {org.enterprise_a, org.enterprise_b}
    assert f"/directives/tasks/{task.pk}/" == told.first().link
    services.create_task(writer, directive=directive, title="Việc năm 2019",
                         lead_unit=org.enterprise_a, assigned_on=D(2019, 1, 2),
                         deadline=D(2019, 6, 30))  # history: nobody is told of it
    assert not Notification.objects.filter(title__contains="Việc năm 2019").exists()

    assert remind_tasks_due(today) == 2  # due within a week; the 2019 one overdue
    assert remind_tasks_due(today) == 0  # once
    assert remind_tasks_due(today + dt.timedelta(days=6)) == 1  # now overdue: once more
    services.report_progress(writer, task, progress=100, text="Xong", on_date=today)
    assert remind_tasks_due(today + dt.timedelta(days=30)) == 0


def test_the_database_itself_refuses_to_change_a_frozen_figure(world, fake):
    from django.db import DatabaseError, transaction

    writer, _directive, _zero, _more, review = world
    services.hold_review(writer, review)
    frozen = ReviewFigure.objects.filter(review=review)
    for change in (lambda: frozen.update(value=Decimal(99)), lambda: frozen.delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert not frozen.filter(value=Decimal(99)).exists() and frozen.count() == 2


def test_a_mid_term_review_judges_a_long_target_on_its_trajectory(world, fake):
    writer, _directive, _zero, more, review = world
    fake.done[NOW] = 20  # 20 of 50 after 5,48 of 9,48 years: behind
    services.hold_review(writer, review)
    assert ReviewFigure.objects.get(review=review, indicator=more).assessment \
        == Assessment.AT_RISK


def test_a_classified_review_classifies_its_figures(world, fake, org, make_user):
    writer, _directive, _zero, _more, review = world
    services.update_review(writer, review, classification=Classification.SECRET)
    services.hold_review(writer, review)
    low = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
    assert not scope_queryset(ReviewFigure.objects.filter(review=review), low).exists()


def test_a_review_of_a_directive_the_holder_may_not_read_is_refused(world, org, make_user):
    writer, directive, _zero, _more, review = world
    services.update_directive(writer, directive, classification=Classification.SECRET)
    colleague = make_user(["admin"], org.root, Classification.CONFIDENTIAL)
    with pytest.raises(ValidationError) as refused:
        services.hold_review(colleague, review)
    assert "directives" in refused.value.message_dict
    assert not ReviewFigure.objects.filter(review=review).exists()


def test_editing_a_review_keeps_the_directives_the_editor_may_not_see(world, org, make_user):
    writer, directive, _zero, _more, review = world
    services.update_directive(writer, directive, classification=Classification.SECRET)
    other = services.create_directive(
        writer, kind=DirectiveKind.PLAN, number="KH-02", issuer="Tổng cục",
        owner_unit=org.root, issued_on=D(2017, 1, 5), title="Kế hoạch thực hiện",
        period_start=D(2017, 1, 5), period_end=D(2021, 12, 31))
    colleague = make_user(["admin"], org.root, Classification.CONFIDENTIAL)
    services.update_review(colleague, review, directives=[other])
    assert set(review.directives.values_list("number", flat=True)) == {"195-NQ/ĐU", "KH-02"}
    entry = AuditEntry.objects.filter(object_type="directives.review").latest("pk")
    assert entry.changes["directives"] == [["195-NQ/ĐU"], ["195-NQ/ĐU", "KH-02"]]


def test_a_review_of_the_history_quotes_its_figures_at_the_day_it_was_held(world, fake):
    """Issue 20: a conference of December 2019 entered now quotes the period up to the day
    it was held, not the years after it (the rule is judged at the step's date)."""
    writer, _directive, _zero, more, review = world
    services.update_review(writer, review, held_on=D(2019, 12, 20))
    fake.done[(NOW[0], D(2019, 12, 20))] = 30  # what was done by the conference
    fake.done[NOW] = 60  # by the end of the period, after it
    services.hold_review(writer, review)
    frozen = ReviewFigure.objects.get(review=review, indicator=more)
    assert frozen.value == 30 and frozen.years == Decimal("3.45")
