"""The forward trace and the genealogy form in a real browser: Z111's staff trace their steel
lot forward, open the group of a unit that holds rifles, then record a consumed input by the
items' type and number (never a trace-node number); at 1,440 and 390 px."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from cnqp.core.testing.browser import link, menu, save, screenshot, vi
from cnqp.production.models import GenealogyEdge
from cnqp.quality.tests.conftest import Line

WIDTHS = {"wide": 1440, "phone": 390}


def test_forward_trace_groups_then_a_genealogy_link_by_numbers(line: Line, log_in_as: Any,
                                                               live_url: str) -> None:
    rifle = line.rifles[0]
    page = log_in_as(line.world.staff)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        if width < 992:  # the off-canvas menu: the trace by its address
            page.goto(live_url + reverse("quality:trace"))
        else:
            menu(page, "Quality over the whole life", "Trace and recall")
        page.fill("#trace-q", line.steel.code)
        page.select_option("#trace-direction", value="forward")
        page.get_by_role("button", name=vi("Trace")).click()
        page.wait_for_url(re.compile(r"direction=forward"))
        groups = page.locator("details.trace-group")
        expect(groups).to_have_count(3)  # Z111's barrel lot, SD304's and SD308's rifles
        sd304 = groups.filter(has_text="SD304")
        expect(sd304.locator(".trace-row").first).to_be_hidden()
        sd304.locator("summary").focus()
        page.keyboard.press("Enter")  # folded and unfolded by the keyboard too
        expect(sd304.locator(".trace-row")).to_have_count(2)
        expect(sd304.locator(".trace-row").first).to_be_visible()
        assert rifle.serial_number in sd304.inner_text()
        assert vi("Passed") in sd304.inner_text()  # a word beside the icon
        screenshot(page, f"trace-01-forward-{name}")

    page.set_viewport_size({"width": WIDTHS["wide"], "height": 900})
    menu(page, "Production and repair", "Genealogy")
    link(page.locator("main"), vi("Add")).click()
    page.wait_for_url(re.compile(reverse("production:genealogy-create")))
    assert page.locator("#id_output_node").get_attribute("type") == "hidden"
    page.select_option("#id_output_type", value=line.world.product_type.code)
    page.fill("#id_output_number", line.spare.serial_number.lower())
    page.select_option("#id_input_type", value="material_lot")
    page.fill("#id_input_number", "KHONG-CO")
    page.fill("#id_quantity", "1")
    page.get_by_role("button", name=vi("Save")).click()
    expect(page.locator(".invalid-feedback").filter(has_text="KHONG-CO")).to_have_count(1)
    screenshot(page, "trace-02-genealogy-form-error")
    page.fill("#id_input_number", line.steel.code)
    save(page, r"/production/genealogy/\d+/$")
    edge = GenealogyEdge.objects.get(output_node=line.spare.node, input_node=line.steel.node)
    assert line.steel.code in page.locator("main").inner_text()
    screenshot(page, "trace-03-genealogy-saved")
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(f"{live_url}{reverse('production:genealogy-create')}?output_node={edge.output_node_id}")
    screenshot(page, "trace-04-genealogy-form-phone")
