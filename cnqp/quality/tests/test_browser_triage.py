"""The quality department's main task in a real browser: it finds a new field report in "My
work", opens it and triages it (a non-conformance on the producer); the reporting unit is then
told, in its notifications, what became of its report."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from cnqp.core.models import Notification
from cnqp.core.testing.browser import card, link, menu, screenshot, vi
from cnqp.quality.choices import ReportStatus
from cnqp.quality.models import NonConformance
from cnqp.quality.tests.conftest import Line, file_report


def test_the_quality_department_triages_a_field_report(line: Line, log_in_as: Any) -> None:
    report = file_report(line)
    page = log_in_as(line.qlcn)
    menu(page, "Overview", "My work")
    queue = page.locator("[data-queue='quality.reports_to_triage']")
    expect(queue.locator("[data-count]")).to_have_text("1")
    screenshot(page, "quality-triage-01-my-work")
    queue.locator("a", has_text=report.code).click()
    page.wait_for_url(re.compile(reverse("quality:field-reports-detail", args=[report.pk])))
    triage = card(page, "Triage")
    triage.locator("[name=title]").fill("Kẹt vỏ đạn: khóa nòng mòn")
    screenshot(page, "quality-triage-02-report")
    triage.get_by_role("button", name=vi("Open a non-conformance")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(vi("Non-conformance opened."))

    nc = NonConformance.objects.get()
    report.refresh_from_db()
    assert report.status == ReportStatus.NC_OPENED and report.triaged_by == line.qlcn
    assert nc.field_report == report and nc.title == "Kẹt vỏ đạn: khóa nòng mòn"
    assert nc.enterprise == line.world.org.enterprise_a
    assert list(nc.serials.all()) == [line.rifles[0]]
    screenshot(page, "quality-triage-03-done")
    menu(page, "Overview", "My work")
    expect(page.locator("[data-queue='quality.reports_to_triage']")).to_have_count(0)

    # the reporting unit is told, in its words, without the producer's record number
    page = log_in_as(line.sd304_user)
    bell = page.locator("header [data-unread]")
    expect(bell).to_have_text("1")
    menu(page, "Overview", "Notifications")
    title = vi("Field report %(code)s: a non-conformance was opened") % {"code": report.code}
    shown = page.locator("main")
    expect(shown).to_contain_text(title)
    assert nc.code not in shown.inner_text()
    screenshot(page, "quality-triage-04-notice")
    link(shown, title).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(
        vi("The producer %(unit)s is dealing with the defect.")
        % {"unit": line.world.org.enterprise_a.code})
    notice = Notification.objects.get(org_unit=line.world.org.user_unit)
    assert notice.title == title and notice.link.endswith(f"/field-reports/{report.pk}/")
