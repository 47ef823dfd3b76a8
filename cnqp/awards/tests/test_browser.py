"""The main task in a real browser: the enterprise's staff record an emulation soldier of their
workshop from the menu; the political department sees it in the awards list, filtered to
individuals; another enterprise does not."""

from __future__ import annotations

from typing import Any

from cnqp.awards.models import Award, AwardTitle
from cnqp.awards.tests.conftest import World
from cnqp.core.testing.browser import menu, save, screenshot


def test_record_an_emulation_soldier(world: World, log_in_as: Any) -> None:
    world.award("co-tong-cuc", world.org.enterprise_b)
    page = log_in_as(world.enterprise)
    menu(page, "Emulation and awards", "Awards")
    page.locator("main a[href$='/awards/awards/new/']").first.click()
    page.select_option("#id_title", str(AwardTitle.objects.get(code="cstd-co-so").pk))
    page.select_option("#id_unit", str(world.org.workshop_a1.pk))
    page.fill("#id_person_name", "Nguyễn Văn An")
    page.fill("#id_person_position", "Quản đốc phân xưởng")
    page.fill("#id_authority", "Giám đốc Nhà máy Z111")
    page.fill("#id_decision_number", "215/QĐ-Z111")
    page.fill("#id_decision_date", "20/12/2023")
    screenshot(page, "01-new-award")
    save(page, r"/awards/awards/\d+/$")
    award = Award.objects.get(person_name="Nguyễn Văn An")
    assert (award.unit_id, award.title.code, str(award.decision_date)) == (
        world.org.workshop_a1.pk, "cstd-co-so", "2023-12-20")
    text = page.locator("main").inner_text()
    assert "Nguyễn Văn An" in text and "20/12/2023" in text
    screenshot(page, "02-award")

    page = log_in_as(world.staff)
    menu(page, "Emulation and awards", "Awards")
    page.goto(page.url + "?recipient=individual")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "Chiến sĩ thi đua cơ sở" in rows.first.inner_text()

    page = log_in_as(world.other)
    menu(page, "Emulation and awards", "Awards")
    text = page.locator("main table tbody").inner_text()
    assert "Chiến sĩ thi đua cơ sở" not in text and "Cờ thi đua" in text
