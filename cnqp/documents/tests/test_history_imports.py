"""Imports of usage rights and of the revisions issued (metadata), with their real dates: all or
nothing, errors by row and column; a date in the future or before the revision superseded is
refused; a right expired today is history and still imported."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import Workbook

from cnqp.core.models import AuditEntry, User
from cnqp.documents import services
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, ProductTypeFactory, RevisionFactory
from cnqp.documents.imports import RevisionImporter, UsageRightImporter
from cnqp.documents.models import Revision, UsageRight
from cnqp.documents.selectors import can_produce

RIGHT_HEADER = ["Mã bộ tài liệu", "Doanh nghiệp", "Mục đích", "Ngày cấp", "Có hiệu lực đến",
                "Số quyết định"]
REVISION_HEADER = ["Mã bộ tài liệu", "Lần ban hành", "Ngày ban hành", "Số quyết định ban hành",
                   "Nội dung sửa đổi", "Trạng thái"]


def run(importer: Any, user: User, rows: list[list[Any]]) -> Any:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with translation.override("en"):
        return importer(user).run(buffer, "register.xlsx")


def cells(result: Any) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in result.errors]


def future() -> str:
    return (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")


@pytest.fixture
def manager(org: Any, make_user: Any) -> User:
    org.department.domains = "documents,production"
    org.department.save()
    return make_user(["department_staff"], org.department, username="qlcn")


@pytest.fixture
def design(org: Any) -> Any:
    return DocumentSetFactory(code="TLTK-01", kind=DocumentKind.DESIGN,
                              product_type=ProductTypeFactory(code="SP-01"),
                              owner_unit=org.department)


# --- usage rights ------------------------------------------------------------------------------


def test_rights_import_including_one_expired_today(org, manager, design):
    result = run(UsageRightImporter, manager, [
        RIGHT_HEADER,
        ["TLTK-01", "Z111", "Sản xuất", "01/01/2019", "31/12/2022", "12/QĐ-TC"],
        ["TLTK-01", "Z111", "Sửa chữa", dt.date(2023, 1, 1), None, "3/QĐ-TC"]])
    assert result.ok, result.errors
    expired = UsageRight.objects.get(purpose=Purpose.PRODUCTION)
    assert (expired.valid_from, expired.valid_to) == (dt.date(2019, 1, 1), dt.date(2022, 12, 31))
    assert expired.enterprise == org.enterprise_a and expired.decision_number == "12/QĐ-TC"
    assert UsageRight.objects.get(purpose=Purpose.REPAIR).valid_to is None
    RevisionFactory(document_set=design, number=1, status=RevisionStatus.ISSUED,
                    issue_date=dt.date(2018, 6, 1), decision_number="1/QĐ")
    # judged at the step's date: in force in 2021, not today
    assert can_produce(org.enterprise_a, design.product_type, dt.date(2021, 5, 1))
    assert not can_produce(org.enterprise_a, design.product_type, timezone.localdate())


def test_a_bad_right_row_writes_nothing(org, manager, design):
    before = AuditEntry.objects.count()
    result = run(UsageRightImporter, manager, [
        RIGHT_HEADER,
        ["TLTK-01", "Z111", "Sản xuất", "01/01/2019", None, "12/QĐ-TC"],
        ["TLTK-01", "SD304", "Sản xuất", "01/01/2019", None, "13/QĐ-TC"],
        ["TLTK-01", "Z113", "Sản xuất", future(), None, "14/QĐ-TC"],
        ["TLTK-01", "Z113", "Sửa chữa", "01/01/2020", "01/01/2019", "15/QĐ-TC"],
        ["TLTK-01", "Z111", "Sản xuất", "01/01/2019", None, "16/QĐ-TC"]])
    assert cells(result) == [(3, "Doanh nghiệp"), (4, "Ngày cấp"), (5, "Có hiệu lực đến"),
                             (6, "Ngày cấp")]
    assert not UsageRight.objects.exists() and AuditEntry.objects.count() == before


def test_enterprise_staff_may_not_import_rights(org, make_user, design, tmp_path: Path):
    staff = make_user(["enterprise_staff"], org.enterprise_a, username="z111")
    assert not staff.has_perm(UsageRightImporter.permission)


# --- revisions ---------------------------------------------------------------------------------


def test_revisions_import_issued_on_their_dates_the_last_in_force(org, manager, design):
    result = run(RevisionImporter, manager, [
        REVISION_HEADER,
        ["TLTK-01", 2, "15/06/2021", "45/QĐ-TC", "Sửa bản vẽ chi tiết", None],
        ["TLTK-01", 1, "10/01/2019", "2/QĐ-TC", None, "Đã thay thế"],
        ["TLTK-01", 3, dt.date(2023, 3, 1), "7/QĐ-TC", "Thay vật liệu", "Ban hành"]])
    assert result.ok, result.errors
    first, second, third = Revision.objects.order_by("number")
    assert (first.status, first.issue_date) == (RevisionStatus.SUPERSEDED, dt.date(2019, 1, 10))
    assert first.superseded_by == second
    assert timezone.localtime(first.superseded_at).date() == dt.date(2021, 6, 15)
    assert second.status == RevisionStatus.SUPERSEDED and second.reason == "Sửa bản vẽ chi tiết"
    assert (third.status, third.decision_number) == (RevisionStatus.ISSUED, "7/QĐ-TC")
    # files are attached afterwards; the set is issued on its first revision's date
    assert not third.files.exists()


def test_a_bad_revision_row_writes_nothing(org, manager, design):
    RevisionFactory(document_set=design, number=1, status=RevisionStatus.ISSUED,
                    issue_date=dt.date(2020, 1, 10), decision_number="1/QĐ")
    result = run(RevisionImporter, manager, [
        REVISION_HEADER,
        ["TLTK-01", 1, "10/01/2021", "2/QĐ-TC", "x", None],  # already recorded
        ["TLTK-01", 2, "01/01/2019", "3/QĐ-TC", "x", None],  # before revision 1
        ["TLTK-01", 3, future(), "4/QĐ-TC", "x", None],
        ["TLTK-01", 4, "01/02/2020", "5/QĐ-TC", None, "Ban hành"]])
    # row 5 comes after a revision dated in the future: its own date is before it
    assert cells(result) == [(2, "Lần ban hành"), (3, "Ngày ban hành"), (4, "Ngày ban hành"),
                             (5, "Ngày ban hành"), (5, "Nội dung sửa đổi")]
    assert Revision.objects.count() == 1
    result = run(RevisionImporter, manager, [
        REVISION_HEADER, ["TLTK-01", 2, "01/03/2021", "3/QĐ-TC", "x", None],
        ["TLTK-01", 3, "01/02/2021", "4/QĐ-TC", "y", "Thu hồi"]])
    # a withdrawal is no status of the revision lifecycle: refused by name
    assert cells(result) == [(3, "Trạng thái")]
    assert "Superseded" in result.errors[0].message


def test_the_service_supersedes_on_the_issue_date_and_keeps_history_in_order(org, manager,
                                                                            design):
    services.record_issued_revision(manager, design, number=1, issue_date=dt.date(2019, 1, 1),
                                    decision_number="1/QĐ")
    with pytest.raises(ValidationError) as error:
        services.record_issued_revision(manager, design, number=2,
                                        issue_date=dt.date(2018, 1, 1),
                                        decision_number="2/QĐ", reason="x")
    assert "issue_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.record_issued_revision(manager, design, number=1,
                                        issue_date=dt.date(2020, 1, 1),
                                        decision_number="2/QĐ", reason="x")
    assert "number" in error.value.message_dict
    draft = services.create_revision(manager, design, reason="sửa")
    with pytest.raises(ValidationError):
        services.record_issued_revision(manager, design, number=5,
                                        issue_date=dt.date(2020, 1, 1),
                                        decision_number="2/QĐ", reason="x")
    assert draft.number == 2


def test_the_pages_and_the_command(org, manager, design, client_for, tmp_path: Path):
    client = client_for(manager)
    for slug in ("rights", "revisions"):
        assert client.get(f"/documents/import/{slug}/").status_code == 200
        assert client.get(f"/documents/import/{slug}/template.xlsx").status_code == 200
    book = Workbook()
    book.active.append(RIGHT_HEADER)
    book.active.append(["TLTK-01", "Z111", "Sản xuất", "01/01/2019", None, "12/QĐ-TC"])
    path = tmp_path / "rights.xlsx"
    book.save(path)
    call_command("import_documents", "rights", str(path), "--user", "qlcn")
    assert UsageRight.objects.count() == 1
