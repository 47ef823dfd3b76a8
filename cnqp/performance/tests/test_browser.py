"""Issue 18's "Done when", in a real browser: a newcomer of an enterprise downloads the return's
template from the menu, fills in the year's figures offline and uploads it, which submits the
return; the planning department accepts it from the returns list; the annual report then prints
the directorate's revenue growth and average income with the scenario they come from. What is
asserted is what a person sees, in Vietnamese (the catalogue's translations)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cnqp.core.testing.browser import link, menu, screenshot, vi
from cnqp.performance.choices import ReturnStatus
from cnqp.performance.models import Submission
from cnqp.performance.tests.conftest import World

# The enterprise's year (entered in the template) and the other enterprise's, already
# accepted: 1.000 people paid 160.800 million a year (13,4 a month) and 100 paid 26.640 (22,2),
# so the directorate's average income is 187.440 / 1.100 / 12 = 14,2, not the 17,8 an average
# of averages would print; revenue 1.050.000 + 1.050.000 against 2.000.000 the year before:
# 105,0 %.
FILLED = {"revenue_defence": 650_000, "revenue_economic": 350_000, "revenue_services": 50_000,
          "profit_before_tax": 42_000, "profit_after_tax": 33_600,
          "budget_contribution": 26_000, "equity": 510_000, "headcount": 1_000, "women": 300,
          "payroll": 160_800, "investment": 21_000}
OTHER = {**FILLED, "headcount": Decimal(100), "women": Decimal(30), "payroll": Decimal(26_640)}


def test_performance_done_when(world: World, log_in_as: Any, tmp_path: Path) -> None:
    year = timezone.localdate().year - 1  # the last whole year: the annual report's default
    world.file(world.org.enterprise_a, year=year - 1)  # revenue 1.000.000
    world.file(world.org.enterprise_b, year=year - 1, values={"headcount": 100, "women": 30,
                                                              "payroll": 26_000})
    world.file(world.org.enterprise_b, year=year, values=OTHER)

    # --- the enterprise: the template, filled offline, uploaded --------------------------
    page = log_in_as(world.enterprise)
    menu(page, "Business and investment", "Import returns")
    screenshot(page, "01-import-page")
    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Download the template")).click()
    template = tmp_path / "mau-bao-cao.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header if name}
    filled = 0
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, column["Mã chỉ tiêu"]).value
        if code is None:
            continue
        assert sheet.cell(row, column["Mã doanh nghiệp"]).value == "Z111"  # pre-filled
        sheet.cell(row, column["Năm"], year)
        sheet.cell(row, column["Kỳ báo cáo"], "Năm")
        sheet.cell(row, column["Loại số liệu"], "Thực hiện")
        sheet.cell(row, column["Giá trị"], FILLED[code])
        filled += 1
    assert filled == len(FILLED)
    book.save(template)
    page.set_input_files("#id_file", str(template))
    page.get_by_role("button", name=vi("Import")).click()
    page.wait_for_selector("#import-created")
    screenshot(page, "02-imported")
    submitted = Submission.objects.get(unit=world.org.enterprise_a, year=year)
    assert submitted.status == ReturnStatus.SUBMITTED and submitted.submitted_by_id

    # --- the planning department accepts it --------------------------------------------
    page = log_in_as(world.reviewer)
    menu(page, "Business and investment", "Performance returns")
    row = page.locator("main table tbody tr").filter(has_text=vi(ReturnStatus.SUBMITTED.label))
    assert row.count() == 1
    link(row, "Z111").click()
    page.wait_for_url(re.compile(rf"/performance/returns/{submitted.pk}/$"))
    assert "1.050.000" in page.locator("main").inner_text()  # the revenue, summed
    screenshot(page, "03-return-submitted")
    page.get_by_role("button", name=vi("Accept")).click()
    page.wait_for_url(re.compile(rf"/performance/returns/{submitted.pk}/$"))
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.ACCEPTED and submitted.reviewed_by == world.reviewer

    # --- the annual report: growth and income, with their scenario ---------------------
    menu(page, "Reports", "New report")
    assert page.locator("#id_year").input_value() == str(year)
    for box in page.locator("input[name=sections]").all():
        box.set_checked(box.get_attribute("value") == "performance")
    for box in page.locator("input[name=formats]").all():
        box.set_checked(box.get_attribute("value") == "docx")
    page.locator("#report-generate-button").click()
    page.wait_for_url(re.compile(r"/reports/generated/\d+/$"))
    screenshot(page, "04-report")
    with page.expect_download() as download:
        link(page.locator("#report-downloads"), "DOCX").click()
    document = tmp_path / "report.docx"
    download.value.save_as(document)
    text = " ".join(p.text for p in Document(str(document)).paragraphs)
    assert f"Doanh thu toàn Tổng cục năm {year} (số thực hiện) đạt 2.100.000 triệu đồng" in text
    assert f"bằng 105,0% so với năm {year - 1} (số thực hiện)" in text
    assert "thu nhập bình quân 14,2 triệu đồng/người/tháng" in text
    assert "17,8" not in text  # the average of the two enterprises' averages
