"""Issue 17's "Done when", in a real browser: a newcomer of the planning department opens
Nghị quyết 195 from the menu, sees each objective with its live figure and status, holds the
"sơ kết" review, sees its frozen figures against the earlier period, and downloads its report.
What is asserted is what a person sees, in Vietnamese (the catalogue's translations)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.browser import card, link, menu, screenshot, vi
from cnqp.directives import services
from cnqp.directives.choices import (
    Assessment,
    DirectiveKind,
    ItemKind,
    ReviewKind,
    ReviewStatus,
    TargetKind,
)
from cnqp.directives.factories import TaskFactory
from cnqp.directives.models import Review, ReviewFigure

D = dt.date


def test_directives_done_when(org: Any, make_user: Any, log_in_as: Any, tmp_path: Path) -> None:
    planning = OrgUnitFactory(code="KHDT", name="Cục Kế hoạch và Đầu tư", parent=org.root,
                              kind=OrgUnitKind.DEPARTMENT, domains="production,directives")
    newcomer = make_user(["department_staff"], planning, Classification.SECRET)
    directive = services.create_directive(
        newcomer, kind=DirectiveKind.RESOLUTION, number="195-NQ/ĐU",
        issuer="Đảng ủy Tổng cục Công nghiệp quốc phòng", owner_unit=org.root,
        issued_on=D(2016, 7, 8), title="Về lãnh đạo công tác bảo đảm an toàn trong sản xuất",
        period_start=D(2016, 7, 8), period_end=D(2030, 12, 31))
    item = services.create_item(newcomer, directive=directive, kind=ItemKind.OBJECTIVE,
                                ordinal="(1)", text="Hoàn thành các nhiệm vụ được giao đúng hạn")
    services.create_indicator(newcomer, item=item, name="Không để nhiệm vụ quá hạn",
                              metric_key="directives.tasks_overdue",
                              target_kind=TargetKind.ZERO)
    # one task overdue in 2019: the zero-target of 2016-2021 is lost
    TaskFactory(directive=directive, lead_unit=org.enterprise_a, assigned_on=D(2019, 1, 5),
                deadline=D(2019, 6, 30))
    services.create_review(
        newcomer, title="Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU", kind=ReviewKind.INTERIM,
        directives=[directive], owner_unit=org.root, period_start=D(2016, 7, 8),
        period_end=D(2021, 12, 31), compare_start=D(2011, 1, 1), compare_end=D(2015, 12, 31),
        held_on=D(2022, 3, 15))

    page = log_in_as(newcomer)
    menu(page, "Resolutions and targets", "Resolutions and directives")
    link(page.locator("main"), "195-NQ/ĐU").click()
    page.wait_for_url(re.compile(rf"/directives/directives/{directive.pk}/$"))
    objectives = page.locator("#objectives")
    text = objectives.inner_text()
    assert "(1) Hoàn thành các nhiệm vụ được giao đúng hạn" in text
    assert "Không để nhiệm vụ quá hạn" in text
    status = objectives.locator("[data-status]").first
    assert status.inner_text() == vi(Assessment.NOT_ACHIEVED.label)
    assert objectives.locator("[data-figure]").first.inner_text() == "1"
    screenshot(page, "01-directive")

    link(card(page, "Review conferences"), "Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU").click()
    page.wait_for_url(re.compile(r"/directives/reviews/\d+/$"))
    page.get_by_role("button", name=vi("Hold the review and freeze its figures")).click()
    page.wait_for_url(re.compile(r"/directives/reviews/\d+/$"))
    review = Review.objects.get()
    assert review.status == ReviewStatus.FROZEN
    rows = page.locator("#review-figures tbody tr")
    assert rows.count() == 1
    row = rows.first.inner_text()
    assert "Không để nhiệm vụ quá hạn" in row and vi(Assessment.NOT_ACHIEVED.label) in row
    frozen = ReviewFigure.objects.get()
    assert (frozen.value, frozen.previous_value) == (Decimal(1), Decimal(0))
    screenshot(page, "02-review-held")

    with page.expect_download() as download:
        link(page.locator("#review-report"), "DOCX").click()
    document = tmp_path / "so-ket.docx"
    download.value.save_as(document)
    cells = [cell.text for table in Document(str(document)).tables
             for row in table.rows for cell in row.cells]
    assert "Không để nhiệm vụ quá hạn" in cells
    assert frozen.target_text in cells
