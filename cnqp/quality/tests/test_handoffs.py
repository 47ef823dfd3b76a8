"""Quality's hand-offs told (issue 21): each sends exactly the expected notices to the expected
units, classified as the record, linking to a page the recipient opens; the due reminders are
a duty run twice that tells once, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cnqp.core.choices import Classification
from cnqp.core.jobs.duties import registered, run_duties
from cnqp.core.models import Notification
from cnqp.core.notifications import visible_notifications
from cnqp.quality import services
from cnqp.quality.services.notices import remind_due
from cnqp.quality.tests.conftest import file_report

pytestmark = pytest.mark.django_db


def told() -> list[tuple[str, str]]:
    """(unit code, link) of every notice, in order of sending."""
    return [(n.org_unit.code, n.link) for n in
            Notification.objects.select_related("org_unit").order_by("pk")]


def opens(client_for, user, link: str) -> int:
    return client_for(user).get(link).status_code


def test_a_field_report_filed_tells_the_producer_and_the_quality_department(line, client_for):
    report = file_report(line)
    link = reverse("quality:field-reports-detail", args=[report.pk])
    assert told() == [("Z111", link), ("QLCN", link)]
    for user in (line.world.staff, line.qlcn):
        assert visible_notifications(user).filter(link=link).exists()
        assert opens(client_for, user, link) == 200
    # the other enterprise and the reporting unit are not told
    assert not visible_notifications(line.world.staff_b).exists()
    assert not visible_notifications(line.sd304_user).exists()


def test_triage_tells_the_reporting_unit_and_the_producer(line, client_for):
    report = file_report(line)
    Notification.objects.all().delete()
    nc = services.open_nonconformance(line.world.staff, report)
    report_link = reverse("quality:field-reports-detail", args=[report.pk])
    nc_link = reverse("quality:nonconformances-detail", args=[nc.pk])
    assert told() == [("SD304", report_link), ("Z111", nc_link)]
    notice = visible_notifications(line.sd304_user).get()
    assert nc.code not in notice.title + notice.text  # the producer's record, not theirs
    assert opens(client_for, line.sd304_user, report_link) == 200
    assert opens(client_for, line.world.staff, nc_link) == 200

    other = file_report(line, serials=line.rifles[1:2])
    Notification.objects.all().delete()
    services.close_field_report(line.qlcn, other, reason="Sử dụng sai quy trình")
    assert told() == [("SD304", reverse("quality:field-reports-detail", args=[other.pk]))]
    assert "Sử dụng sai quy trình" in Notification.objects.get().text


def test_an_action_assigned_or_handed_on_tells_its_owner_unit(line, client_for):
    nc = services.open_nonconformance(line.world.staff, file_report(line))
    Notification.objects.all().delete()
    action = services.create_action(line.world.staff, nonconformance=nc, title="Thay lò xo",
                                    owner_unit=line.world.org.workshop_a1,
                                    due_date=dt.date.today() + dt.timedelta(days=30))
    link = reverse("quality:actions-detail", args=[action.pk])
    assert told() == [(line.world.org.workshop_a1.code, link)]
    services.update_action(line.world.staff, action, title="Thay lò xo đẩy")  # no hand-off
    assert len(told()) == 1
    services.update_action(line.world.staff, action, owner_unit=line.world.org.enterprise_a)
    assert told()[1:] == [("Z111", link)]
    assert opens(client_for, line.world.staff, link) == 200


def test_nobody_below_the_records_level_learns_of_it(line, make_user):
    low = make_user(["enterprise_staff"], line.world.org.enterprise_a,
                    Classification.UNCLASSIFIED, username="z111.low")
    filer = make_user(["user_unit_staff"], line.world.org.user_unit, Classification.SECRET,
                      username="sd304.mat")
    file_report(line, actor=filer, classification=Classification.CONFIDENTIAL)
    assert {n.classification for n in Notification.objects.all()} == {
        Classification.CONFIDENTIAL}
    assert visible_notifications(line.world.staff).exists()
    assert not visible_notifications(low).exists()


def _actions(line, days: list[int]):
    nc = services.open_nonconformance(line.world.staff, file_report(line))
    today = dt.date.today()
    return [services.create_action(line.world.staff, nonconformance=nc, title=f"Việc {n}",
                                   owner_unit=line.world.org.enterprise_a,
                                   due_date=today + dt.timedelta(days=n)) for n in days]


def test_the_due_reminder_tells_once_per_action_and_due_date(line):
    soon, _later, overdue_soon = _actions(line, [3, 20, 1])
    Notification.objects.all().delete()
    today = dt.date.today()
    assert "quality.remind_due" in registered()
    assert remind_due(today) == 2  # within 7 days; the one in 20 days waits
    assert remind_due(today) == 0  # a second run tells nobody twice
    assert [run.done for run in run_duties(today, ["quality.remind_due"])] == [0]
    assert {n.link for n in Notification.objects.all()} == {
        reverse("quality:actions-detail", args=[a.pk]) for a in (soon, overdue_soon)}
    assert remind_due(today + dt.timedelta(days=2)) == 1  # overdue now: told once more
    assert {n.org_unit.code for n in Notification.objects.all()} == {"Z111"}


def test_the_due_reminder_costs_the_same_for_many_actions(line):
    _actions(line, [1])
    Notification.objects.all().delete()
    today = dt.date.today()
    with CaptureQueriesContext(connection) as few:
        remind_due(today)
    _actions(line, [1, 2, 3, 4, 5])
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        remind_due(today)
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as again:
        assert remind_due(today) == 0
    assert len(again) <= len(few)


def test_a_unit_told_of_a_recall_opens_it_without_its_totals(line, client_for):
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")
    link = reverse("quality:recalls-detail", args=[recall.pk])
    notice = visible_notifications(line.sd308_user).get()
    assert opens(client_for, line.sd308_user, notice.link) == 200  # its marks
    page = client_for(line.sd308_user).get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert line.spare.serial_number in text
    assert all(r.serial_number not in text for r in line.rifles)  # SD304's, not its own
    total = str(recall._meta.get_field("serial_count").verbose_name).lower()

    def labels(response) -> set[str]:
        return {str(label).lower() for label, _value, _url in response.context["fields"]}

    assert labels(page) and total not in labels(page)
    assert total in labels(client_for(line.world.staff).get(link))  # the producer: whole
    assert opens(client_for, line.world.staff_b, link) == 404  # received none of it
