"""A corrective action's whole life in a real browser: the quality department assigns it from
the non-conformance (the form names the responsible enterprise already), the enterprise finds
it in "My work", starts it and reports it implemented, and the department records the
effectiveness check (what was checked and found: the evidence) and closes it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cnqp.core.models import Notification
from cnqp.core.testing.browser import card, link, menu, save, screenshot, vi
from cnqp.quality import services
from cnqp.quality.choices import ActionStatus
from cnqp.quality.models import CorrectiveAction
from cnqp.quality.tests.conftest import Line, file_report


def step(page: Page, button: str, done: str) -> None:
    """A step of the action's "Next step" card (its date left empty: today)."""
    card(page, "Next step").get_by_role("button", name=vi(button)).click()
    expect(page.locator("main")).to_contain_text(vi(done))


def test_an_action_is_assigned_carried_out_checked_and_closed(line: Line,
                                                              log_in_as: Any) -> None:
    nc = services.open_nonconformance(line.qlcn, file_report(line), title="Kẹt vỏ đạn")
    enterprise, staff = line.world.org.enterprise_a, line.world.staff
    due = timezone.localdate() + dt.timedelta(days=30)

    page = log_in_as(line.qlcn)
    menu(page, "Quality over the whole life", "Non-conformances")
    link(page.locator("main table"), nc.code).click()
    page.wait_for_url(re.compile(reverse("quality:nonconformances-detail", args=[nc.pk])))
    link(page.locator("main"), vi("New action")).click()
    page.wait_for_url(re.compile(reverse("quality:actions-create")))
    # opened from the non-conformance: it and its enterprise are filled in
    assert page.locator("#id_nonconformance").input_value() == str(nc.pk)
    assert page.locator("#id_owner_unit").input_value() == str(enterprise.pk)
    page.fill("#id_title", "Thay thép làm khóa nòng")
    page.select_option("#id_owner", value=str(staff.pk))
    page.fill("#id_due_date", due.strftime("%d/%m/%Y"))
    screenshot(page, "quality-action-01-assign")
    save(page, r"/quality/actions/\d+/$")
    action = CorrectiveAction.objects.get()
    assert (action.owner_unit, action.owner, action.due_date) == (enterprise, staff, due)
    assert action.status == ActionStatus.PLANNED
    assert Notification.objects.filter(org_unit=enterprise, link__endswith=f"/{action.pk}/")

    page = log_in_as(staff)
    menu(page, "Overview", "My work")
    queue = page.locator("[data-queue='quality.actions_open']")
    queue.locator("a", has_text=action.code).click()
    page.wait_for_url(re.compile(reverse("quality:actions-detail", args=[action.pk])))
    step(page, "Start", "Action started.")
    step(page, "Report implemented", "Action reported implemented.")
    assert card(page, "Next step").count() == 0  # the owner does not check its own work
    screenshot(page, "quality-action-02-implemented")
    action.refresh_from_db()
    assert action.status == ActionStatus.IMPLEMENTED and action.implemented_on

    page = log_in_as(line.qlcn)
    menu(page, "Quality over the whole life", "Corrective actions")
    link(page.locator("main table"), action.code).click()
    page.wait_for_url(re.compile(reverse("quality:actions-detail", args=[action.pk])))
    checks = card(page, "Next step")
    checks.locator("[name=effective]").select_option("yes")
    checks.locator("[name=note]").fill("Bắn thử 3.000 phát, không kẹt")
    step(page, "Record the check", "Effectiveness check recorded.")
    step(page, "Close the action", "Action closed.")
    screenshot(page, "quality-action-03-closed")
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED and action.checked_by == line.qlcn
    assert action.check_note == "Bắn thử 3.000 phát, không kẹt" and action.effective
    expect(page.locator("main")).to_contain_text("Bắn thử 3.000 phát, không kẹt")
