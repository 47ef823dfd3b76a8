"""History entered later (issue 20): a field report's triage and a recall take the day they
happened, never in the future, never before the step they follow (the failure reported, the
non-conformance detected); the audit entry keeps when and by whom they were entered, and
history tells nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.models import AuditEntry, Notification
from cnqp.quality import services
from cnqp.quality.choices import ReportStatus
from cnqp.quality.tests.conftest import YEAR, file_report

TRIAGED = dt.date(YEAR, 9, 10)  # the report's failure: 03/09


def test_a_report_triaged_on_paper_carries_its_day(line):
    report = file_report(line)
    Notification.objects.all().delete()
    nc = services.open_nonconformance(line.qlcn, report, on_date=TRIAGED)
    report.refresh_from_db()
    assert report.status == ReportStatus.NC_OPENED
    assert timezone.localdate(report.triaged_at) == TRIAGED
    assert nc.detected_on == report.occurred_on
    assert not Notification.objects.exists()  # history tells nobody
    entry = AuditEntry.objects.filter(object_id=str(report.pk),
                                      changes__has_key="triaged_at").latest("pk")
    assert entry.actor == line.qlcn and timezone.localdate(entry.at) == timezone.localdate()


def test_a_report_closed_on_paper_carries_its_day(line):
    closed = services.close_field_report(line.qlcn, file_report(line), reason="Trùng",
                                         on_date=TRIAGED)
    assert timezone.localdate(closed.triaged_at) == TRIAGED


@pytest.mark.parametrize("when", ["future", "before"])
@pytest.mark.parametrize("step", ["open", "close"])
def test_a_triage_is_never_in_the_future_nor_before_the_failure(line, when, step):
    report = file_report(line)
    on_date = (timezone.localdate() + dt.timedelta(days=1) if when == "future"
               else report.occurred_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        if step == "open":
            services.open_nonconformance(line.qlcn, report, on_date=on_date)
        else:
            services.close_field_report(line.qlcn, report, reason="Trùng", on_date=on_date)
    assert list(raised.value.message_dict) == ["on_date"]
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.triaged_at is None


def test_the_page_takes_the_day(line, client_for):
    report = file_report(line)
    client = client_for(line.qlcn)
    page = client.get(f"/quality/field-reports/{report.pk}/").content.decode()
    assert page.count('name="on_date"') == 2  # one per triage form, each its own id
    assert 'id="open_on_date"' in page and 'id="close_on_date"' in page
    client.post(f"/quality/field-reports/{report.pk}/close/",
                {"reason": "Trùng", "on_date": TRIAGED.isoformat()})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert timezone.localdate(report.triaged_at) == TRIAGED


def test_a_recall_of_the_history_carries_its_day_and_is_numbered_in_its_year(line):
    nc = services.open_nonconformance(line.qlcn, file_report(line), on_date=TRIAGED)
    Notification.objects.all().delete()
    recall = services.issue_recall(line.qlcn, start_node=line.spare.node, reason="Nứt ốp lót",
                                   nonconformance=nc, on_date=dt.date(YEAR, 9, 20))
    assert timezone.localdate(recall.issued_at) == dt.date(YEAR, 9, 20)
    assert recall.code == f"TH-{YEAR}-001"
    assert not Notification.objects.exists()


@pytest.mark.parametrize("when", ["future", "before"])
def test_a_recall_is_never_in_the_future_nor_before_its_nonconformance(line, when):
    nc = services.open_nonconformance(line.qlcn, file_report(line))
    on_date = (timezone.localdate() + dt.timedelta(days=1) if when == "future"
               else nc.detected_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        services.issue_recall(line.qlcn, start_node=line.spare.node, reason="Nứt ốp lót",
                              nonconformance=nc, on_date=on_date)
    assert list(raised.value.message_dict) == ["on_date"]
    assert not nc.recalls.exists()
