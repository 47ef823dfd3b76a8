"""The project register carries a project's later steps: extension, suspension and resumption,
a failed acceptance, eligibility for O-series production, the O-series, application, and
cancellation, each replayed as a step at its own date, in the order of the dates; a date in the
future, before the step it follows, or from a stage that does not admit the step is refused by
row and column and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry, User
from cnqp.documents.factories import ProductTypeFactory
from cnqp.research.choices import Grade, ProjectStatus, Step
from cnqp.research.imports import ProjectRegisterImporter, register_xlsx
from cnqp.research.models import ProjectEvent, ResearchProject

BASE = {"Mã đề tài": None, "Tên đề tài, nhiệm vụ": "Nghiên cứu chế tạo", "Cấp": "Cấp Tổng cục",
        "Đơn vị chủ trì": "Z111", "Chủ nhiệm": "Đại tá Lê Văn Đức",
        "Mã chủng loại sản phẩm": "SN-01", "Bắt đầu theo kế hoạch": "01/03/2019",
        "Kết thúc theo kế hoạch": "31/12/2020", "Độ mật": "Thường",
        "Ngày đề xuất": "10/01/2019", "Ngày mở": "15/03/2019", "QĐ mở": "101/QĐ-TCCNQP"}
LONG_LIFE = {
    "Ngày gia hạn": "01/10/2020", "QĐ gia hạn": "88/QĐ-TCCNQP",
    "Kết thúc sau gia hạn": "30/06/2021",
    "Ngày tạm dừng": "01/02/2020", "QĐ tạm dừng": "9/QĐ-TCCNQP",
    "Lý do tạm dừng": "Chờ vật tư nhập khẩu",
    "Ngày tiếp tục": "01/05/2020", "QĐ tiếp tục": "30/QĐ-TCCNQP",
    "Ngày hoàn thành lần đầu": "15/04/2021", "Ngày nghiệm thu không đạt": "10/05/2021",
    "Hội đồng nghiệm thu không đạt": "Hội đồng cấp Tổng cục",
    "QĐ nghiệm thu không đạt": "40/QĐ-TCCNQP", "Lý do không đạt": "Độ bền chưa đạt",
    "Ngày hoàn thành": "20/06/2021", "Ngày nghiệm thu": "15/07/2021", "Xếp loại": "Khá",
    "Hội đồng nghiệm thu": "Hội đồng cấp Tổng cục", "QĐ nghiệm thu": "55/QĐ-TCCNQP",
    "Ngày đủ điều kiện sản xuất loạt O": "01/09/2021",
    "QĐ đủ điều kiện sản xuất loạt O": "70/QĐ-TCCNQP",
    "Ngày sản xuất loạt O": "15/03/2022", "QĐ sản xuất loạt O": "12/QĐ-Z111",
    "Đơn vị sản xuất loạt O": "Z111",
    "Ngày áp dụng vào sản xuất": "10/01/2023", "Đơn vị áp dụng": "Z113",
    "QĐ áp dụng": "3/QĐ-Z113",
}
CANCELLED = {"Ngày tạm dừng": "01/02/2020", "QĐ tạm dừng": "9/QĐ-TCCNQP",
             "Lý do tạm dừng": "Thiếu kinh phí", "Ngày hủy bỏ": "01/08/2020",
             "QĐ hủy bỏ": "77/QĐ-TCCNQP", "Lý do hủy bỏ": "Không còn nhu cầu"}


def run(user: User, rows: list[dict[str, Any]]) -> Any:
    header = list(dict.fromkeys(k for r in rows for k in r))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(h) for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with translation.override("en"):
        return ProjectRegisterImporter(user).run(buffer, "so-dang-ky.xlsx")


def project(code: str, **cells: Any) -> dict[str, Any]:
    return {**BASE, "Mã đề tài": code, **cells}


@pytest.fixture
def manager(org: Any, make_user: Any) -> User:
    ProductTypeFactory(code="SN-01")
    return make_user(["department_staff"], org.department, Classification.SECRET,
                     username="qlcn.history")


@pytest.mark.django_db
def test_the_whole_history_is_replayed_at_its_dates(org: Any, manager: User) -> None:
    result = run(manager, [project("DT-L", **LONG_LIFE), project("DT-C", **CANCELLED)])
    assert result.errors == [] and result.created == 2
    long_life = ResearchProject.objects.get(code="DT-L")
    assert long_life.status == ProjectStatus.APPLIED
    assert long_life.current_end == dt.date(2021, 6, 30)
    steps = list(long_life.events.order_by("on_date", "id").values_list("step", "on_date"))
    assert steps == [
        (Step.PROPOSE, dt.date(2019, 1, 10)), (Step.OPEN, dt.date(2019, 3, 15)),
        (Step.START, dt.date(2019, 3, 15)), (Step.SUSPEND, dt.date(2020, 2, 1)),
        (Step.RESUME, dt.date(2020, 5, 1)), (Step.EXTEND, dt.date(2020, 10, 1)),
        (Step.COMPLETE, dt.date(2021, 4, 15)), (Step.FAIL_ACCEPTANCE, dt.date(2021, 5, 10)),
        (Step.COMPLETE, dt.date(2021, 6, 20)), (Step.ACCEPT, dt.date(2021, 7, 15)),
        (Step.ELIGIBLE_O, dt.date(2021, 9, 1)), (Step.O_SERIES, dt.date(2022, 3, 15)),
        (Step.APPLY, dt.date(2023, 1, 10))]
    failed = long_life.events.get(step=Step.FAIL_ACCEPTANCE)
    assert (failed.grade, failed.note) == (Grade.FAIL, "Độ bền chưa đạt")
    assert long_life.events.get(step=Step.O_SERIES).producing_unit == org.enterprise_a
    # when it was entered and by whom: the audit entries, apart from the steps' dates
    assert set(long_life.events.values_list("recorded_by", flat=True)) == {manager.pk}
    entries = AuditEntry.objects.filter(object_type="research.projectevent")
    assert {timezone.localtime(e.at).date() for e in entries} == {timezone.localdate()}
    cancelled = ResearchProject.objects.get(code="DT-C")
    assert cancelled.status == ProjectStatus.CANCELLED
    assert cancelled.events.get(step=Step.CANCEL).note == "Không còn nhu cầu"


@pytest.mark.django_db
def test_the_exported_history_imports_back_unchanged(org: Any, manager: User) -> None:
    assert run(manager, [project("DT-L", **LONG_LIFE), project("DT-C", **CANCELLED)]).ok
    exported = register_xlsx(ResearchProject.objects.all())
    with translation.override("en"):
        again = ProjectRegisterImporter(manager).run(io.BytesIO(exported), "so.xlsx")
    assert again.errors == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_dates_in_the_future_out_of_order_or_from_the_wrong_stage_write_nothing(
        org: Any, manager: User) -> None:
    future = (timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    before = (ResearchProject.objects.count(), ProjectEvent.objects.count(),
              AuditEntry.objects.count())
    result = run(manager, [
        project("DT-1", **LONG_LIFE),  # valid: still not written
        project("DT-2", **{**LONG_LIFE, "Ngày áp dụng vào sản xuất": future}),
        project("DT-3", **{**LONG_LIFE, "Ngày sản xuất loạt O": "01/08/2021"}),
        project("DT-4", **{**CANCELLED, "Ngày hủy bỏ": "01/01/2020"}),
        # suspended and never resumed: it cannot be completed
        project("DT-5", **{"Ngày tạm dừng": "01/02/2020", "QĐ tạm dừng": "9/QĐ",
                           "Lý do tạm dừng": "x", "Ngày hoàn thành": "01/06/2020"}),
        project("DT-6", **{**LONG_LIFE, "Kết thúc sau gia hạn": "01/01/2020"}),
        project("DT-7", **{**LONG_LIFE, "QĐ đủ điều kiện sản xuất loạt O": None}),
        # cancelled, then completed
        project("DT-8", **{**CANCELLED, "Ngày hoàn thành": "01/09/2020"}),
    ])
    by_cell = {(e.row, e.column): e.message for e in result.errors}
    assert by_cell[(3, "Ngày áp dụng vào sản xuất")] == "The date cannot be in the future."
    assert "before “Ngày đủ điều kiện sản xuất loạt O”" in by_cell[(4, "Ngày sản xuất loạt O")]
    assert "before “Ngày tạm dừng”" in by_cell[(5, "Ngày hủy bỏ")]
    assert "suspended: it cannot be completed" in by_cell[(6, "Ngày hoàn thành")]
    assert (7, "Kết thúc sau gia hạn") in by_cell
    assert (8, "QĐ đủ điều kiện sản xuất loạt O") in by_cell
    assert "before “Ngày hoàn thành”" in by_cell[(9, "Ngày hủy bỏ")]
    assert 2 not in {e.row for e in result.errors}
    assert (ResearchProject.objects.count(), ProjectEvent.objects.count(),
            AuditEntry.objects.count()) == before
