"""A user unit's main task in a real browser: it files a field report on a rifle it received.
Choosing the product type reloads the form (htmx) with the serials delivered to the unit, picked
in the searchable multiple select; a photo goes with it; the report then stands in its list."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from cnqp.core.testing.browser import link, menu, save, screenshot, vi
from cnqp.quality.choices import Severity, UsageUnit
from cnqp.quality.factories import PNG_BYTES
from cnqp.quality.models import FieldReport
from cnqp.quality.tests.conftest import YEAR, Line


def test_a_user_unit_files_a_field_report(line: Line, log_in_as: Any) -> None:
    rifle, spare = line.rifles[0], line.spare
    page = log_in_as(line.sd304_user)
    menu(page, "Quality over the whole life", "Field reports")
    link(page.locator("main"), vi("Add")).click()
    page.wait_for_url(re.compile(reverse("quality:field-reports-create")))
    assert page.locator("#id_reporting_unit").input_value() == str(line.world.org.user_unit.pk)
    page.select_option("#id_product_type", value=str(line.world.product_type.pk))
    # the form comes back with the serials it received; not the one delivered to SD308
    expect(page.locator(f"#id_serials option[value='{rifle.pk}']")).to_have_count(1)
    offered = page.locator("#id_serials option").all_inner_texts()
    assert any(rifle.serial_number in text for text in offered)
    assert not any(spare.serial_number in text for text in offered)
    searchable = page.locator("#id_serials + .ts-wrapper .ts-control input")
    # the reloaded form's long lists are searchable too (cnqp.js on htmx:load; afterSwap's
    # target was the form swapped out, which left a plain list)
    expect(searchable).to_have_count(1)
    # the dropdown re-renders as it filters: a click can land on an option being replaced, and
    # the choice not take (as a person would see, and click again)
    choice = page.locator(".ts-dropdown .option").filter(has_text=rifle.serial_number).first
    for _attempt in range(3):
        searchable.fill(rifle.serial_number)
        choice.click()
        chosen = page.locator("#id_serials").evaluate(
            "select => [...select.selectedOptions].map(option => option.value)")
        if chosen == [str(rifle.pk)]:
            break
    page.keyboard.press("Escape")
    # a field that reloads the form (htmx) may answer after later fields were typed, and the
    # form swapped in then lost them (CI: "usage_value" required): type once no reload is in
    # flight, and again whatever a late swap took
    typed = {"#id_occurred_on": f"03/09/{YEAR}", "#id_symptom": "Kẹt vỏ đạn sau khi bắn liên tục",
             "#id_usage_value": "1850"}
    chosen_values = {"#id_usage_unit": UsageUnit.ROUNDS, "#id_severity": Severity.MAJOR}
    for _attempt in range(3):
        page.wait_for_load_state("networkidle")
        for selector, value in typed.items():
            page.fill(selector, value)
        for selector, value in chosen_values.items():
            page.select_option(selector, value=value)
        page.wait_for_load_state("networkidle")
        if all(page.locator(s).input_value() == v
               for s, v in {**typed, **chosen_values}.items()):
            break
    page.set_input_files("#id_photos", files=[{"name": "ket-vo-dan.png",
                                                "mimeType": "image/png", "buffer": PNG_BYTES}])
    # what the form holds before it is sent, so a refusal could not come from a lost choice
    expect(page.locator("#id_serials")).to_have_values([str(rifle.pk)])
    for selector, value in {**typed, **chosen_values}.items():
        expect(page.locator(selector)).to_have_value(value)
    screenshot(page, "quality-01-field-report-form")
    save(page, r"/quality/field-reports/\d+/$")
    report = FieldReport.objects.get()
    assert list(report.serials.all()) == [rifle] and report.photos.count() == 1
    screenshot(page, "quality-02-field-report")
    shown = page.locator("main").inner_text()
    assert report.code in shown and "Kẹt vỏ đạn sau khi bắn liên tục" in shown
    assert rifle.serial_number in shown

    menu(page, "Quality over the whole life", "Field reports")
    assert page.locator("main table tbody tr").count() == 1
    assert report.code in page.locator("main table").inner_text()
