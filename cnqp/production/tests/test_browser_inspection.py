"""An enterprise's QC inspector in a real browser: from a serial unit's page, a final
acceptance inspection on the product's template; the result is computed live (htmx) as the
values are typed, first failed (a value out of its limits), then passed; saved, the inspection
shows its result and the serial lists it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import expect

from cnqp.core.testing.browser import link, menu, screenshot, vi
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.models import Inspection
from cnqp.production.tests.conftest import World, serials, started


def test_enterprise_qc_records_an_inspection(world: World, log_in_as: Any) -> None:
    (rifle,) = serials(world, started(world), 1)
    calibre, velocity = world.characteristics
    page = log_in_as(world.staff)
    menu(page, "Production and repair", "Serial units")
    link(page.locator("main table"), rifle.serial_number).click()
    page.wait_for_url(re.compile(reverse("production:serials-detail", args=[rifle.pk])))
    link(page.locator("main"), vi("Final acceptance")).click()
    page.wait_for_url(re.compile(reverse("production:inspection-record")))
    page.select_option("#id_pick_template", value=str(world.template.pk))  # reloads the form
    expect(page.locator(f"#id_value_{calibre.pk}")).to_be_visible()

    evaluation = page.locator("#evaluation")
    page.fill(f"#id_value_{calibre.pk}", "7,70")  # above 7,66
    page.fill(f"#id_value_{velocity.pk}", "715")
    expect(evaluation.locator(".alert-danger")).to_contain_text(vi("Result: failed."))
    screenshot(page, "production-inspection-01-failed-live")
    page.fill(f"#id_value_{calibre.pk}", "7,64")
    expect(evaluation.locator(".alert-success")).to_contain_text(
        vi("Result: passed (every characteristic within its limits)."))
    assert Inspection.objects.count() == 0  # the live result writes nothing
    screenshot(page, "production-inspection-02-passed-live")

    with translation.override("vi"):  # the verb, not the noun of "a record" ("Bản ghi")
        record = page.get_by_role("button", name=pgettext("verb", "Record"), exact=True)
    record.click()
    page.wait_for_url(re.compile(r"/production/inspections/\d+/$"))
    inspection = Inspection.objects.get()
    assert inspection.result == InspectionResult.PASSED
    assert inspection.stage == InspectionStage.FINAL_ACCEPTANCE
    assert inspection.target == rifle.node and inspection.inspector == world.staff
    values = {m.characteristic_id: m.value for m in inspection.measurements.all()}
    assert values == {calibre.pk: Decimal("7.64"), velocity.pk: Decimal("715")}
    expect(page.locator("main")).to_contain_text(
        vi("Inspection recorded: %(result)s.") % {"result": vi("Passed").lower()})
    screenshot(page, "production-inspection-03-recorded")

    menu(page, "Production and repair", "Serial units")
    link(page.locator("main table"), rifle.serial_number).click()
    inspections = page.locator(".card").filter(has_text=vi("Inspections"))
    expect(inspections.locator(".badge.text-bg-success")).to_have_text(vi("Passed"))
