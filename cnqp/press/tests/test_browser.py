"""The Political Department's main task in a real browser: from the menu, record an item about
an enterprise, attach its PDF, find it again in the list filtered by kind and year; the
enterprise then reads it (and only its own items)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import timezone

from cnqp.core.testing.browser import menu, save, screenshot, vi
from cnqp.press.models import PressItem
from cnqp.press.tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_record_an_item_and_attach_its_file(world: World, log_in_as: Any, tmp_path: Path,
                                            settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world.add(world.org.enterprise_b, title="Z113 hội thao", kind="news")
    today = timezone.localdate()
    page = log_in_as(world.staff)
    menu(page, "Press coverage", "Press items")
    page.locator("main a[href$='/press/items/new/']").first.click()
    page.select_option("#id_kind", "report")
    page.fill("#id_title", "Phóng sự: mùa sản xuất ở Nhà máy Z111")
    page.fill("#id_outlet", "Truyền hình Quốc phòng Việt Nam")
    page.fill("#id_published_on", today.strftime("%d/%m/%Y"))
    page.select_option("#id_subject_unit", str(world.org.enterprise_a.pk))
    page.fill("#id_link", "https://qpvn.vn/phong-su")
    screenshot(page, "01-new-item")
    save(page, r"/press/items/\d+/$")
    item = PressItem.objects.get(title__startswith="Phóng sự: mùa")
    assert (item.kind, item.subject_unit_id, item.published_on) == (
        "report", world.org.enterprise_a.pk, today)
    pdf = tmp_path / "phong-su.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#file input[type=file]", str(pdf))
    page.locator("#file button").click()
    page.wait_for_url(re.compile(rf"/press/items/{item.pk}/$"))
    assert "phong-su.pdf" in page.locator("#file").inner_text()
    screenshot(page, "02-file-attached")
    page.goto(page.url.split("/press/")[0] + f"/press/items/?kind=report&year={today.year}")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "mùa sản xuất" in rows.first.inner_text()

    page = log_in_as(world.enterprise)
    menu(page, "Press coverage", "Press items")
    text = page.locator("main table tbody").inner_text()
    assert "mùa sản xuất" in text and "Z113 hội thao" not in text
    assert vi("Press items")
