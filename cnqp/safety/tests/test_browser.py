"""Issue 16's "Done when", in a real browser: a newcomer logs in as an enterprise and records
an incident and an inspection of its asset, then as the safety department records a review
finding, sees the incident in the figures and the Phụ lục XII summary (and its workbook), and
gets the annual report with the safety section. What is asserted is what a person sees, in
Vietnamese (the expected texts are the catalogue's translations of the interface's msgids)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from openpyxl import load_workbook

from cnqp.core.testing.browser import card, link, menu, save, screenshot, vi
from cnqp.safety import report
from cnqp.safety.choices import (
    Activity,
    CampaignKind,
    FindingSeverity,
    InspectionResult,
    Outcome,
    Sex,
)
from cnqp.safety.factories import SafetyAssetFactory
from cnqp.safety.models import AssetInspection, Finding, Incident, ReviewCampaign
from cnqp.safety.tests.conftest import SafetyWorld

SAFETY_SECTION = "CÔNG TÁC BẢO ĐẢM AN TOÀN TRONG SẢN XUẤT"


def test_safety_done_when(world: SafetyWorld, log_in_as: Any, tmp_path: Path) -> None:
    year = timezone.localdate().year - 1  # the last whole year: the annual report's default
    enterprise = world.org.enterprise_a
    asset = SafetyAssetFactory(code="CT-05", name="Cầu trục 5 tấn", unit=enterprise,
                               category=world.ref.crane, in_service_on=dt.date(2015, 6, 1))
    campaign = ReviewCampaign.objects.create(
        code=f"TRS-{year}", name=f"Tổng rà soát an toàn năm {year}",
        kind=CampaignKind.GENERAL, year=year, lead_unit=world.btm,
        start_on=dt.date(year, 3, 1), end_on=dt.date(year, 10, 31))
    campaign.units.set([enterprise])

    # --- the enterprise: an incident, an inspection of its crane ------------------------
    page = log_in_as(world.staff_a)
    menu(page, "Production safety", "Incidents")
    screenshot(page, "01-incidents-empty")
    link(page.locator("main"), vi("Add")).click()
    page.wait_for_url(re.compile(reverse("safety:incidents-create")))
    page.select_option("#id_kind", label=world.ref.accident.name)
    page.fill("#id_title", "Kẹt tay khi vận hành cầu trục")
    page.fill("#id_occurred_at", f"12/03/{year} 09:30")
    page.select_option("#id_unit", value=str(enterprise.pk))
    page.select_option("#id_activity", value=Activity.PRODUCTION)
    page.select_option("#id_asset", value=str(asset.pk))
    page.fill("#id_description", "Công nhân bị kẹt tay khi móc tải.")
    page.fill("#id_damage_medical", "12000000")
    screenshot(page, "02-incident-form")
    save(page, r"/safety/incidents/\d+/$")
    incident = Incident.objects.get()
    screenshot(page, "03-incident-detail")
    body = page.locator("main")
    assert incident.code in body.inner_text()
    assert "Kẹt tay khi vận hành cầu trục" in body.inner_text()
    assert world.ref.accident.name in body.inner_text()
    casualties = card(page, "Casualties")
    link(casualties, vi("Add")).click()
    page.wait_for_url(re.compile(reverse("safety:casualties-create")))
    page.select_option("#id_outcome", value=Outcome.MINOR)
    page.fill("#id_name", "Nguyễn Thị Lan")
    page.select_option("#id_sex", value=Sex.FEMALE)
    page.fill("#id_occupation", "Thợ vận hành cầu trục")
    page.fill("#id_days_off", "5")
    save(page, r"/safety/casualties/\d+/$")
    assert "Nguyễn Thị Lan" in page.locator("main").inner_text()

    menu(page, "Production safety", "Safety-critical assets")
    link(page.locator("main"), "CT-05").click()
    page.wait_for_url(re.compile(r"/safety/assets/\d+/$"))
    inspections = card(page, "Inspections of the asset")
    link(inspections, vi("Add")).click()
    page.wait_for_url(re.compile(reverse("safety:inspections-create")))
    assert page.locator("#id_asset").input_value() == str(asset.pk)
    page.select_option("#id_regime", value=str(world.ref.technical.pk))
    page.fill("#id_inspected_on", f"20/04/{year}")
    page.fill("#id_performer", "Trung tâm Kiểm định kỹ thuật an toàn")
    page.fill("#id_certificate_number", "KĐ-0421")
    page.select_option("#id_result", value=InspectionResult.PASSED)
    save(page, r"/safety/inspections/\d+/$")
    inspection = AssetInspection.objects.get()
    assert inspection.next_due == dt.date(year + 1, 4, 20)
    menu(page, "Production safety", "Safety-critical assets")  # the page names it, no link
    link(page.locator("main"), "CT-05").click()
    page.wait_for_url(re.compile(r"/safety/assets/\d+/$"))
    screenshot(page, "04-asset-detail")
    assert "KĐ-0421" in inspections.inner_text()
    assert f"20/04/{year + 1}" in page.locator("main").inner_text()  # its next due

    menu(page, "Production safety", "Incidents")
    assert page.locator("main table tbody tr").count() == 1
    assert incident.code in page.locator("main table").inner_text()
    menu(page, "Production safety", "Asset inspections")
    screenshot(page, "05-inspections-list")
    assert "KĐ-0421" in page.locator("main table").inner_text()

    # --- the safety department: a finding, the figures, Phụ lục XII, the report ----------
    page = log_in_as(world.safety_staff)
    menu(page, "Production safety", "Review campaigns")
    link(page.locator("main"), campaign.code).click()
    page.wait_for_url(re.compile(r"/safety/campaigns/\d+/$"))
    findings = card(page, "Findings")
    link(findings, vi("Add")).click()
    page.wait_for_url(re.compile(reverse("safety:findings-create")))
    assert page.locator("#id_campaign").input_value() == str(campaign.pk)
    page.select_option("#id_unit", value=str(enterprise.pk))
    page.fill("#id_title", "Bình chữa cháy kho K2 hết hạn kiểm tra")
    page.select_option("#id_severity", value=FindingSeverity.MEDIUM)
    page.fill("#id_found_on", f"15/05/{year}")
    page.fill("#id_due_date", f"15/07/{year}")
    save(page, r"/safety/findings/\d+/$")
    finding = Finding.objects.get()
    assert finding.code in page.locator("main").inner_text()
    menu(page, "Production safety", "Review campaigns")
    link(page.locator("main"), campaign.code).click()
    page.wait_for_url(re.compile(r"/safety/campaigns/\d+/$"))
    screenshot(page, "06-campaign-detail")
    assert "Bình chữa cháy kho K2 hết hạn kiểm tra" in findings.inner_text()

    # the figures: the enterprise's incident, counted for the year
    menu(page, "Production safety", "Safety figures")
    page.fill("#id_start", f"01/01/{year}")
    page.fill("#id_end", f"31/12/{year}")
    page.get_by_role("button", name=vi("Compute")).click()
    page.wait_for_url(re.compile(r"start="))
    screenshot(page, "07-figures")
    headline = page.locator("#safety-headline")
    for figure, shown in (("incidents", "1"), ("findings_open", "1"), ("assets_overdue", "1")):
        assert headline.locator(f"[data-figure='safety.{figure}']").inner_text() == shown
    by_unit = page.locator("table").filter(has_text=vi("Incidents by unit"))
    assert "Z111" in by_unit.inner_text()

    # the Phụ lục XII summary of the enterprise for the year, and its workbook
    menu(page, "Production safety", "Labour-accident summary")
    page.select_option("#id_unit", value=str(enterprise.pk))
    page.fill("#id_year", str(year))
    page.get_by_role("button", name=vi("Show")).click()
    page.wait_for_url(re.compile(r"year="))
    screenshot(page, "08-accident-summary")
    table = page.locator("#summary-table-i")
    accidents = table.locator("tbody tr").filter(has_text="1. Tai nạn lao động").locator("td")
    # code, cases, with deaths, with 2 or more victims, victims, not under management, women
    assert [accidents.nth(i).inner_text() for i in range(7)] == ["", "1", "0", "0", "1", "0",
                                                                 "1"]
    damage = page.locator("#summary-table-ii tbody td")
    assert [damage.nth(i).inner_text() for i in range(3)] == ["5", "12.000", "12.000"]
    with page.expect_download() as download:
        link(page.locator("main"), "XLSX").click()
    workbook = tmp_path / "summary.xlsx"
    download.value.save_as(workbook)
    cells = [c for row in load_workbook(workbook).active.iter_rows(values_only=True)
             for c in row if c not in (None, "")]
    assert "BÁO CÁO TỔNG HỢP TÌNH HÌNH TAI NẠN LAO ĐỘNG" in cells
    assert enterprise.name in " ".join(map(str, cells))

    # the annual report of the year, with its safety section
    menu(page, "Reports", "New report")
    assert page.locator("#id_year").input_value() == str(year)
    for box in page.locator("input[name=sections]").all():
        box.set_checked(box.get_attribute("value") == "safety")
    for box in page.locator("input[name=formats]").all():
        box.set_checked(box.get_attribute("value") == "docx")
    page.locator("#report-generate-button").click()
    page.wait_for_url(re.compile(r"/reports/generated/\d+/$"))
    screenshot(page, "09-report")
    with translation.override(None):
        msgid = str(report.SECTION.title)
    title = vi(msgid)
    if title != msgid:  # once translated, it is the title the articles print
        assert title.upper() == SAFETY_SECTION
    assert title.upper() in page.locator("main").inner_text().upper()
    with page.expect_download() as download:
        link(page.locator("#report-downloads"), "DOCX").click()
    document = tmp_path / "report.docx"
    download.value.save_as(document)
    paragraphs = [p.text for p in Document(str(document)).paragraphs]
    assert any(title.upper() in text.upper() for text in paragraphs), paragraphs[:20]
    assert any("Z111" in text or "12.000.000" in text for text in paragraphs)
