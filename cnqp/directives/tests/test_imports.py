"""Imports of directives, then of their items and indicators: a good file is written through
the services (the cascade by number, rows sharing an item, the period defaulting to the
directive's); a bad row writes nothing and is named by row and column; nobody files a
directive under a unit out of reach."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from cnqp.conftest import Org, create_user, logged_in
from cnqp.core.access.roles import ADMIN, ENTERPRISE_STAFF
from cnqp.core.choices import Classification
from cnqp.core.imports import ImportIssue
from cnqp.core.models import AuditEntry, User
from cnqp.directives.choices import ItemKind, TargetKind
from cnqp.directives.factories import DirectiveFactory
from cnqp.directives.imports import DirectiveImporter, IndicatorImporter
from cnqp.directives.models import Directive, DirectiveItem, Indicator


def xlsx(rows: list[dict[str, Any]]) -> io.BytesIO:
    header = list(dict.fromkeys(key for row in rows for key in row))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(key) for key in header])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def written() -> tuple[int, ...]:
    return (Directive.objects.count(), DirectiveItem.objects.count(),
            Indicator.objects.count(), AuditEntry.objects.count())


DIRECTIVE: dict[str, Any] = {
    "Số, ký hiệu": "08-NQ/TW", "Loại văn bản": "Nghị quyết", "Cơ quan ban hành": "Bộ Chính trị",
    "Đơn vị theo dõi": "TCCNQP", "Ngày ban hành": "16/01/2016",
    "Trích yếu": "Về tiếp tục phát triển công nghiệp quốc phòng", "Thời kỳ từ": "16/01/2016",
    "Thời kỳ đến": "31/12/2030", "Độ mật": "Thường"}


@pytest.fixture
def admin(org: Org) -> User:
    return create_user([ADMIN], org.root, Classification.SECRET, username="quantri")


@pytest.fixture
def staff_a(org: Org) -> User:
    return create_user([ENTERPRISE_STAFF], org.enterprise_a, username="z111")


@pytest.mark.django_db
def test_directives_import_with_their_cascade_by_number(org: Org, admin: User) -> None:
    rows = [DIRECTIVE,
            {**DIRECTIVE, "Số, ký hiệu": "147-NQ/ĐU", "Cơ quan ban hành": "Đảng ủy Tổng cục",
             "Ngày ban hành": "08/07/2016", "Trích yếu": "Về lãnh đạo công tác an toàn",
             "Thời kỳ từ": "08/07/2016", "Thời kỳ đến": "31/12/2025",
             "Thực hiện văn bản số": "08-NQ/TW", "Kế tục văn bản số": "365-NQ/ĐU"}]
    earlier = DirectiveFactory(number="365-NQ/ĐU", owner_unit=org.root)
    result = DirectiveImporter(admin).run(xlsx(rows), "nghi-quyet.xlsx")
    assert result.errors == [] and result.created == 2
    central = Directive.objects.get(number="08-NQ/TW")
    safety = Directive.objects.get(number="147-NQ/ĐU")
    assert central.kind == "resolution" and central.owner_unit == org.root
    assert central.period_end == dt.date(2030, 12, 31)
    assert safety.implements == central and safety.continues == earlier
    entry = AuditEntry.objects.filter(object_type="directives.import").get()
    assert entry.changes["importer"] == "directives" and entry.changes["created"] == 2


@pytest.mark.django_db
def test_a_bad_directive_row_writes_nothing_and_is_named(org: Org, admin: User) -> None:
    DirectiveFactory(number="195-NQ/ĐU", owner_unit=org.root)
    rows = [{**DIRECTIVE, "Thực hiện văn bản số": "147-NQ/ĐU"},  # on a later row
            {**DIRECTIVE, "Số, ký hiệu": "147-NQ/ĐU", "Thời kỳ đến": "31/12/2015"},
            {**DIRECTIVE, "Số, ký hiệu": "195-NQ/ĐU"},  # already recorded
            {**DIRECTIVE, "Số, ký hiệu": "9-CT", "Loại văn bản": "Thông tư",
             "Kế tục văn bản số": "1-NQ"}]
    before = written()
    result = DirectiveImporter(admin).run(xlsx(rows), "nghi-quyet.xlsx")
    assert written() == before
    where = {(e.row, e.column) for e in result.errors}
    assert where == {(2, "Thực hiện văn bản số"), (3, "Thời kỳ đến"), (4, "Số, ký hiệu"),
                     (5, "Loại văn bản")}, result.errors
    assert any("dòng sau" in e.message for e in result.errors)


@pytest.mark.django_db
def test_a_unit_out_of_reach_is_refused(org: Org, staff_a: User) -> None:
    rows = [{**DIRECTIVE, "Đơn vị theo dõi": "Z111"},
            {**DIRECTIVE, "Số, ký hiệu": "12-NQ/ĐU", "Đơn vị theo dõi": "Z113"}]
    result = DirectiveImporter(staff_a).run(xlsx(rows), "nq.csv.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "Đơn vị theo dõi")]
    assert not Directive.objects.exists()


INDICATOR: dict[str, Any] = {
    "Số, ký hiệu văn bản": "147-NQ/ĐU", "Số thứ tự mục": "(1)", "Loại mục": "Mục tiêu",
    "Nội dung mục": "Nâng cao năng lực nghiên cứu, làm chủ công nghệ",
    "Tên chỉ tiêu": "Số đề tài được nghiệm thu", "Mã số liệu": "research.accepted",
    "Loại chỉ tiêu": "Không thấp hơn", "Giá trị chỉ tiêu": "12"}


@pytest.mark.django_db
def test_items_and_indicators_import(org: Org, staff_a: User) -> None:
    directive = DirectiveFactory(number="147-NQ/ĐU", owner_unit=org.enterprise_a,
                                 period_start=dt.date(2016, 7, 8),
                                 period_end=dt.date(2025, 12, 31))
    rows = [INDICATOR,
            {**INDICATOR, "Loại mục": None, "Nội dung mục": None,
             "Tên chỉ tiêu": "Đổi mới quản trị", "Mã số liệu": None,
             "Loại chỉ tiêu": "Định tính", "Giá trị chỉ tiêu": None},
            {**INDICATOR, "Số thứ tự mục": "(2)", "Loại mục": "Khâu đột phá",
             "Nội dung mục": "Không để xảy ra tai nạn nghiêm trọng", "Tên chỉ tiêu": None,
             "Mã số liệu": None, "Loại chỉ tiêu": None, "Giá trị chỉ tiêu": None}]
    result = IndicatorImporter(staff_a).run(xlsx(rows), "chi-tieu.xlsx")
    assert result.errors == [] and result.created == 3
    first, second = DirectiveItem.objects.filter(directive=directive).order_by("position")
    assert (first.ordinal, first.kind) == ("(1)", ItemKind.OBJECTIVE)
    assert (second.ordinal, second.kind) == ("(2)", ItemKind.BREAKTHROUGH)
    bound = Indicator.objects.get(metric_key="research.accepted")
    assert bound.item == first and bound.target_kind == TargetKind.AT_LEAST
    assert bound.target_value == Decimal(12) and bound.measure  # the figure's unit of measure
    assert (bound.period_start, bound.period_end) == (directive.period_start,
                                                       directive.period_end)
    assert Indicator.objects.get(target_kind=TargetKind.QUALITATIVE).item == first
    # the same file again: the items are found, the indicators already recorded
    again = IndicatorImporter(staff_a).run(xlsx(rows[:2]), "chi-tieu.xlsx")
    assert [(e.row, e.column) for e in again.errors] == [(2, "Tên chỉ tiêu"),
                                                         (3, "Tên chỉ tiêu")]


@pytest.mark.django_db
def test_a_bad_indicator_row_writes_nothing_and_is_named(org: Org, staff_a: User) -> None:
    DirectiveFactory(number="147-NQ/ĐU", owner_unit=org.enterprise_a)
    DirectiveFactory(number="9-NQ/ĐU", owner_unit=org.enterprise_b)  # not seen by Z111
    rows = [INDICATOR,
            {**INDICATOR, "Tên chỉ tiêu": "Khác", "Mã số liệu": "research.nothing"},
            {**INDICATOR, "Tên chỉ tiêu": "Thứ ba", "Giá trị chỉ tiêu": None},
            {**INDICATOR, "Số thứ tự mục": "(3)", "Loại mục": None},
            {**INDICATOR, "Số, ký hiệu văn bản": "9-NQ/ĐU"}]
    before = written()
    result = IndicatorImporter(staff_a).run(xlsx(rows), "chi-tieu.xlsx")
    assert written() == before
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Mã số liệu"), (4, "Giá trị chỉ tiêu"), (5, "Loại mục"),
        (6, "Số, ký hiệu văn bản")}, result.errors
    assert ImportIssue(3, "Mã số liệu", "“research.nothing” không phải là số liệu đã đăng ký.") \
        in result.errors


@pytest.mark.django_db
def test_upload_page_template_and_command(org: Org, admin: User, tmp_path: Path) -> None:
    client = logged_in(admin)
    page = client.get(reverse("directives:import-indicators"))
    assert page.status_code == 200 and "Mã số liệu" in page.content.decode()
    template = client.get(reverse("directives:import-directives-template-xlsx"))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    upload = xlsx([DIRECTIVE])
    upload.name = "nq.xlsx"
    client.post(reverse("directives:import-directives"), {"file": upload})
    assert Directive.objects.filter(number="08-NQ/TW").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([{**DIRECTIVE, "Số, ký hiệu": "1-NQ", "Ngày ban hành": "x"}])
                    .getvalue())
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_directives", "directives", str(bad), user=admin.username)
    assert not Directive.objects.filter(number="1-NQ").exists()
