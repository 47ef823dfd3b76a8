"""A department's report in a real browser: on the report page it chooses the kind, the year,
its sections, itself as the issuing unit and the signer, generates the report (a background
job, run at once in tests), and downloads the DOCX, which names the unit and carries its
figures."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from playwright.sync_api import expect

from cnqp.core.testing.browser import menu, screenshot
from cnqp.reports.models import GeneratedReport
from cnqp.reports.tests.conftest import YEAR, ReportWorld


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_department_generates_and_downloads_a_report(rw: ReportWorld, log_in_as: Any) -> None:
    department = rw.production.org.department
    page = log_in_as(rw.production.representative)
    menu(page, "Reports", "New report")
    form = page.locator("#report-builder")
    form.locator("input[name=kind][value=annual]").check()
    form.locator("input[name=year]").fill(str(YEAR))
    # a department reports on its domain for the whole directorate, under its own name
    assert form.locator("select[name=issuer]").input_value() == department.code
    for box in form.locator("input[name=sections]").all():
        box.set_checked(box.get_attribute("value") == "production")
    for box in form.locator("input[name=formats]").all():
        box.set_checked(box.get_attribute("value") == "docx")
    form.locator("textarea[name=signer_position]").fill("CỤC TRƯỞNG")
    form.locator("input[name=signer_name]").fill("Đại tá Nguyễn Văn Bình")
    screenshot(page, "reports-01-builder")
    page.locator("#report-generate-button").click()
    page.wait_for_url(re.compile(r"/reports/generated/\d+/$"))

    report = GeneratedReport.objects.get()
    assert report.created_by == rw.production.representative
    assert report.owner_unit == department and report.sections == ["production"]
    assert report.content["signature"]["name"] == "Đại tá Nguyễn Văn Bình"
    assert report.generated_at is not None and report.docx_sha256
    downloads = page.locator("#report-downloads a")
    expect(downloads).to_have_count(1)  # the job is done: its file is offered
    screenshot(page, "reports-02-generated")
    with page.expect_download() as caught:
        downloads.first.click()
    download = caught.value
    assert download.suggested_filename.endswith(".docx")
    text = docx_text(download.path().read_bytes())
    assert department.name.upper() in text.upper()
    assert "Đại tá Nguyễn Văn Bình" in text and f"năm {YEAR}" in text
    # a figure of the year: the two serials Z111 made and had accepted
    assert "Số: 01/BC-QLCN" in text
    # the year's figures: the two serials Z111 made, both accepted
    assert "sản xuất 2 sản phẩm theo số hiệu" in text and "2/2 lần nghiệm thu" in text
