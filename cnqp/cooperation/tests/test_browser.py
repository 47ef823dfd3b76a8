"""The main task in a real browser: the department's staff record, from the menu, a Mật
agreement concretised with Belarus, then find it in the list filtered by year of signing; an
enterprise's staff, of another unit, do not see it; the leadership does."""

from __future__ import annotations

from typing import Any

from cnqp.cooperation.models import Agreement
from cnqp.cooperation.tests.conftest import World
from cnqp.core.choices import Classification
from cnqp.core.testing.browser import menu, save, screenshot


def test_record_a_classified_agreement(world: World, log_in_as: Any) -> None:
    world.agreement("Ấn Độ", unit=world.org.enterprise_a)
    page = log_in_as(world.staff)
    menu(page, "Cooperation and exhibitions", "Cooperation agreements")
    page.locator("main a[href$='/cooperation/agreements/new/']").first.click()
    page.fill("#id_country", "Belarus")
    page.fill("#id_partner", "Ủy ban Công nghiệp quân sự quốc gia Belarus")
    page.fill("#id_subject", "Kế hoạch cụ thể hóa thỏa thuận sản xuất linh kiện")
    page.select_option("#id_kind", "plan")
    page.select_option("#id_lead_unit", str(world.staff_unit.pk))
    page.select_option("#id_status", "in_force")
    page.fill("#id_signed_on", "11/10/2023")
    page.fill("#id_valid_until", "31/12/2025")
    page.select_option("#id_classification", str(Classification.CONFIDENTIAL))
    screenshot(page, "01-new-agreement")
    save(page, r"/cooperation/agreements/\d+/$")
    agreement = Agreement.objects.get(country="Belarus")
    assert (agreement.lead_unit_id, str(agreement.signed_on), agreement.classification) == (
        world.staff_unit.pk, "2023-10-11", Classification.CONFIDENTIAL)
    assert "11/10/2023" in page.locator("main").inner_text()
    screenshot(page, "02-agreement")
    page.goto(page.url.split("/cooperation/")[0]
              + "/cooperation/agreements/?signed_after=2023-01-01&signed_before=2023-12-31")
    text = page.locator("main table tbody").inner_text()
    assert "Belarus" in text and "Ấn Độ" in text

    page = log_in_as(world.other)
    menu(page, "Cooperation and exhibitions", "Cooperation agreements")
    assert "Belarus" not in page.locator("main").inner_text()

    page = log_in_as(world.leader)
    menu(page, "Cooperation and exhibitions", "Cooperation agreements")
    assert "Belarus" in page.locator("main table tbody").inner_text()
