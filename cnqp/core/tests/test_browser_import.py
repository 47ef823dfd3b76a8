"""An import in a real browser, as the administrator does it: a file with a bad row is
previewed, the page names the row and the column and nothing is written; the corrected file,
uploaded from the same page, is previewed and then imported as previewed."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import FilePayload, Page, expect

from cnqp.conftest import Org
from cnqp.core.models import OrgUnit, User
from cnqp.core.testing.browser import menu, screenshot, vi

HEADER = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Đơn vị cấp trên,Địa chỉ\n"
GOOD = "Z115,Nhà máy Z115,NM Z115,Doanh nghiệp,TCCNQP,Hà Nội\n"
BAD = "Z117,Nhà máy Z117,,Doanh nghiệp,KHONGCO,\n"  # a superior unit that does not exist
FIXED = "Z117,Nhà máy Z117,,Doanh nghiệp,TCCNQP,\n"


def preview(page: Page, text: str, name: str) -> None:
    page.locator("input[name=file]").set_input_files(files=FilePayload(
        name=name, mimeType="text/csv", buffer=text.encode("utf-8")))
    page.locator("#import-preview").click()
    page.wait_for_load_state()


def test_an_import_with_an_error_then_the_corrected_file(org: Org, admin_user: User,
                                                         log_in_as: Any) -> None:
    page = log_in_as(admin_user)
    menu(page, "System", "Import org units")
    preview(page, HEADER + GOOD + BAD, "don-vi.csv")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(1)
    row, column, message = errors.first.locator("td").all_inner_texts()
    assert (row, column) == ("3", "Đơn vị cấp trên") and "KHONGCO" in message
    expect(page.get_by_role("alert")).to_contain_text(
        vi("The preview found errors: an import would write nothing."))
    assert not OrgUnit.objects.filter(code__in=["Z115", "Z117"]).exists()
    screenshot(page, "import-01-errors")

    preview(page, HEADER + GOOD + FIXED, "don-vi-da-sua.csv")  # the form is on the same page
    expect(page.locator("#import-created")).to_have_text("2")
    expect(page.locator("#import-preview-rows tbody tr")).to_have_count(2)
    assert not OrgUnit.objects.filter(code__in=["Z115", "Z117"]).exists()
    screenshot(page, "import-02-preview")
    page.locator("#import-confirm").click()
    expect(page.get_by_role("status")).to_contain_text(vi("Import complete."))
    expect(page.locator("#import-created")).to_have_text("2")
    screenshot(page, "import-03-done")
    made = {u.code: u for u in OrgUnit.objects.filter(code__in=["Z115", "Z117"])}
    assert set(made) == {"Z115", "Z117"}
    assert made["Z115"].short_name == "NM Z115" and made["Z117"].parent == org.root
    assert re.search(r"don-vi-da-sua\.csv", page.locator("main").inner_text())
