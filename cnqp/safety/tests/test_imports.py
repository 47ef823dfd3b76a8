"""Imports of safety history: a good file is written through the services (counts kept from the
casualties, severity confirmed, next due dates computed, findings verified by another unit); a
bad one writes nothing and names the row and column; nobody imports into a unit out of reach."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from cnqp.core.dates import add_months
from cnqp.core.models import AuditEntry
from cnqp.quality.models import CorrectiveAction
from cnqp.safety.choices import AssetStatus, FindingStatus, IncidentStatus
from cnqp.safety.imports import AssetImporter, FindingImporter, IncidentImporter
from cnqp.safety.models import AssetInspection, Casualty, Finding, Incident, SafetyAsset
from cnqp.safety.tests.conftest import SafetyWorld


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    header = list(dict.fromkeys(key for row in rows for key in row))
    return [header, *[[row.get(key) for key in header] for row in rows]]


def csv_file(rows: list[dict[str, Any]]) -> io.BytesIO:
    out = io.StringIO()
    csv.writer(out).writerows(table(rows))
    return io.BytesIO(out.getvalue().encode())


def writes() -> tuple[int, ...]:
    return (Incident.objects.count(), Casualty.objects.count(), SafetyAsset.objects.count(),
            AssetInspection.objects.count(), Finding.objects.count(),
            AuditEntry.objects.count())


INCIDENT: dict[str, Any] = {
    "Loại vụ việc": "TNLD", "Tên vụ việc": "Kẹp tay tại máy tiện", "Ngày xảy ra": "12/05/2013",
    "Giờ xảy ra": "09:40", "Đơn vị": "Z111", "Hoạt động": "Sản xuất",
    "Diễn biến": "Công nhân chỉnh phôi khi máy chưa dừng hẳn.", "Độ mật": "Thường"}
CONCLUDED: dict[str, Any] = {
             "Số người bị thương nặng": 1, "Số người bị thương nhẹ": 2, "Số ngày nghỉ": 61,
             "Thiệt hại tài sản (đồng)": 12_000_000, "Cấp điều tra": "Cấp cơ sở",
             "Đoàn điều tra": "Phòng An toàn Z111", "Ngày kết luận": "30/05/2013",
             "Kết luận": "Tai nạn lao động do vi phạm quy trình.", "Là tai nạn lao động": "Có",
             "Nguyên nhân chính": "NLD-VP", "Yếu tố gây chấn thương": "YT-NANG",
             "Ngày đóng hồ sơ": "15/06/2013"}


@pytest.mark.django_db
def test_incidents_import_with_their_casualties_and_steps(world: SafetyWorld) -> None:
    rows: list[dict[str, Any]] = [{**INCIDENT, **CONCLUDED},
            {**INCIDENT, "Loại vụ việc": "CHAY", "Tên vụ việc": "Cháy kho sơn",
             "Ngày xảy ra": "03/02/2014", "Số người chết": 1,
             "Thiệt hại tài sản (đồng)": "350.000.000", "Đơn vị": "Z111-PX1"},
            {**INCIDENT, "Tên vụ việc": "Trượt ngã", "Ngày xảy ra": "2016-08-01",
             "Giờ xảy ra": None, "Số người bị thương nhẹ": 1, "Ngày kết luận": "05/08/2016",
             "Cấp điều tra": "Cấp cơ sở", "Đoàn điều tra": "Tổ an toàn",
             "Kết luận": "Không phải tai nạn lao động.", "Là tai nạn lao động": "Không",
             "Mức độ": "NT", "Lý do xếp mức độ": "Theo kết luận của Tổng cục"}]
    result = IncidentImporter(world.staff_a).run(xlsx(table(rows)), "vu-viec.xlsx")
    assert result.errors == [] and result.created == 3
    crush = Incident.objects.get(title="Kẹp tay tại máy tiện")
    assert (crush.serious_injuries, crush.minor_injuries, crush.days_off) == (1, 2, 61)
    assert sorted(crush.casualties.values_list("days_off", flat=True)) == [20, 20, 21]
    assert crush.status == IncidentStatus.CLOSED and crush.severity == world.ref.minor
    assert crush.cause == world.ref.cause_worker and crush.work_accident
    assert timezone.localtime(crush.occurred_at).hour == 9 and crush.code == "SC-2013-0001"
    fire = Incident.objects.get(title="Cháy kho sơn")
    assert fire.deaths == 1 and fire.suggested_severity == world.ref.serious
    assert fire.status == IncidentStatus.REPORTED and fire.unit == world.org.workshop_a1
    slip = Incident.objects.get(title="Trượt ngã")
    assert slip.severity == world.ref.serious and slip.severity_reason
    assert slip.status == IncidentStatus.CONCLUDED
    entry = AuditEntry.objects.get(object_type="safety.import")
    assert entry.changes["rows"] == 3 and entry.changes["created"] == 3


@pytest.mark.django_db
def test_a_bad_incident_file_writes_nothing_and_names_row_and_column(
        world: SafetyWorld) -> None:
    before = writes()
    rows: list[dict[str, Any]] = [INCIDENT,  # row 2: good, still not written
            {**INCIDENT, "Ngày xảy ra": "31/02/2013"},  # row 3
            {**INCIDENT, "Loại vụ việc": "LU-LUT"},  # row 4
            {**INCIDENT, "Ngày kết luận": "01/06/2013"},  # row 5: no conclusion, no team
            {**INCIDENT, **CONCLUDED, "Mức độ": "DBNT"},  # row 6: no reason for the class
            {**INCIDENT, "Số ngày nghỉ": 5},  # row 7: nobody injured
            {**INCIDENT, "Hoạt động": "Nghỉ phép"}]  # row 8
    with translation.override("en"):
        result = IncidentImporter(world.staff_a).run(csv_file(rows), "vu-viec.csv")
    where = {(e.row, e.column) for e in result.errors}
    assert (3, "Ngày xảy ra") in where
    assert (4, "Loại vụ việc") in where
    assert {(5, "Kết luận"), (5, "Đoàn điều tra"), (5, "Cấp điều tra")} <= where
    assert (6, "Lý do xếp mức độ") in where
    assert (7, "Số ngày nghỉ") in where
    assert (8, "Hoạt động") in where
    assert 2 not in {e.row for e in result.errors}
    assert "31/02/2013" in next(e.message for e in result.errors if e.row == 3)
    assert result.created == 0 and writes() == before


@pytest.mark.django_db
def test_an_asset_of_another_unit_is_refused(world: SafetyWorld) -> None:
    """The directorate sees every asset, but an incident of Z111 does not name Z113's."""
    from cnqp.safety import services

    services.create_asset(world.safety_staff, code="CT-B-01", name="Cầu trục", unit=world.org
                          .enterprise_b, category=world.ref.crane,
                          in_service_on=dt.date(2012, 1, 1))
    before = writes()
    rows: list[dict[str, Any]] = [
        INCIDENT, {**INCIDENT, "Tên vụ việc": "Rơi tải", "Mã thiết bị": "CT-B-01"}]
    result = IncidentImporter(world.safety_staff).run(xlsx(table(rows)), "vu-viec.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã thiết bị")]
    assert writes() == before


@pytest.mark.django_db
def test_nobody_imports_into_a_unit_out_of_reach(world: SafetyWorld) -> None:
    before = writes()
    asset = {"Số đăng ký": "NH-01", "Tên": "Nồi hơi", "Loại": "TB-NANG", "Đơn vị": "Z111",
             "Ngày đưa vào sử dụng": "01/01/2015", "Độ mật": "Thường"}
    finding = {"Đơn vị chịu trách nhiệm": "Z111", "Tồn tại": "Thiếu nội quy", "Mức độ": "Thấp",
               "Ngày phát hiện": "01/06/2017", "Hạn khắc phục": "31/12/2017",
               "Độ mật": "Thường"}
    with translation.override("en"):
        results = [IncidentImporter(world.staff_b).run(xlsx(table([INCIDENT])), "a.xlsx"),
                   AssetImporter(world.staff_b).run(xlsx(table([asset])), "b.xlsx"),
                   FindingImporter(world.staff_b).run(xlsx(table([finding])), "c.xlsx")]
    assert [[(e.row, e.column) for e in r.errors] for r in results] == [
        [(2, "Đơn vị")], [(2, "Đơn vị")], [(2, "Đơn vị chịu trách nhiệm")]]
    assert all("Z111" in r.errors[0].message for r in results)
    assert writes() == before


@pytest.mark.django_db
def test_assets_import_with_their_last_inspection(world: SafetyWorld) -> None:
    today = timezone.localdate()
    recent = today - dt.timedelta(days=100)
    rows = [{"Số đăng ký": "ct-01", "Tên": "Cầu trục 5 tấn", "Loại": "TB-NANG",
             "Đơn vị": "Z111-PX1", "Ngày đưa vào sử dụng": "01/03/2012", "Độ mật": "Thường",
             "Ngày khai báo": "05/03/2012", "Số khai báo": "12/KB",
             "Hình thức kiểm tra lần cuối": "technical", "Ngày kiểm tra lần cuối": recent,
             "Đơn vị thực hiện": "Trung tâm kiểm định", "Số giấy chứng nhận, tem": "KĐ-1",
             "Kết quả": "Đạt"},
            {"Số đăng ký": "CT-02", "Tên": "Cầu trục 10 tấn", "Loại": "TB-NANG",
             "Đơn vị": "Z111", "Ngày đưa vào sử dụng": "01/03/2012", "Độ mật": "Thường",
             "Hình thức kiểm tra lần cuối": "technical", "Ngày kiểm tra lần cuối": recent,
             "Đơn vị thực hiện": "Trung tâm kiểm định", "Kết quả": "Không đạt"},
            {"Số đăng ký": "BCC-01", "Tên": "Bình CO2", "Loại": "PCCC-BINH", "Đơn vị": "Z111",
             "Ngày đưa vào sử dụng": "01/01/2020", "Độ mật": "Thường"}]
    result = AssetImporter(world.staff_a).run(xlsx(table(rows)), "thiet-bi.xlsx")
    assert result.errors == [] and result.created == 3
    passed = SafetyAsset.objects.get(code="CT-01")
    inspection = passed.inspections.get()
    assert inspection.regime == world.ref.technical
    assert inspection.next_due == add_months(recent, 12)
    # the internal check was never recorded: due since it went into service
    assert passed.next_due == dt.date(2012, 3, 1) and passed.status == AssetStatus.IN_SERVICE
    assert SafetyAsset.objects.get(code="CT-02").status == AssetStatus.OUT_OF_SERVICE
    assert SafetyAsset.objects.get(code="BCC-01").next_due == dt.date(2020, 1, 1)


@pytest.mark.django_db
def test_a_bad_asset_file_names_row_and_column(world: SafetyWorld) -> None:
    from cnqp.safety import services

    services.create_asset(world.safety_staff, code="CT-B-01", name="Cầu trục",
                          unit=world.org.enterprise_b, category=world.ref.crane,
                          in_service_on=dt.date(2012, 1, 1))
    before = writes()
    good = {"Số đăng ký": "CT-09", "Tên": "Cầu trục", "Loại": "TB-NANG", "Đơn vị": "Z111",
            "Ngày đưa vào sử dụng": "01/03/2012", "Độ mật": "Thường"}
    technical = {"Hình thức kiểm tra lần cuối": "technical",
                 "Ngày kiểm tra lần cuối": "01/06/2020", "Đơn vị thực hiện": "Trung tâm",
                 "Kết quả": "Đạt"}
    rows = [good,  # row 2
            {**good, "Số đăng ký": "CT-B-01"},  # row 3: taken (by a unit it cannot see)
            {**good, "Số đăng ký": "CT-10", **technical},  # row 4: no certificate number
            {**good, "Số đăng ký": "CT-11", "Hình thức kiểm tra lần cuối": "fire",
             "Ngày kiểm tra lần cuối": "01/06/2020", "Đơn vị thực hiện": "Đội PCCC",
             "Kết quả": "Đạt"},  # row 5: no such regime for cranes
            {**good, "Số đăng ký": "CT-12", "Ngày kiểm tra lần cuối": "01/06/2020"},  # row 6
            {**good, "Số đăng ký": "CT-13", "Độ mật": "Tuyệt mật"},  # row 7: above clearance
            {**good, "Số đăng ký": "CT-14", "Ngày khai báo": "01/03/2012"}]  # row 8
    with translation.override("en"):
        result = AssetImporter(world.staff_a).run(xlsx(table(rows)), "thiet-bi.xlsx")
    where = {(e.row, e.column) for e in result.errors}
    assert (3, "Số đăng ký") in where
    assert (4, "Số giấy chứng nhận, tem") in where
    assert (5, "Hình thức kiểm tra lần cuối") in where
    assert {(6, "Hình thức kiểm tra lần cuối"), (6, "Kết quả")} <= where
    assert (7, "Độ mật") in where
    assert (8, "Số khai báo") in where
    assert 2 not in {e.row for e in result.errors}
    assert writes()[:-1] == before[:-1]  # the taken code is audited as a probe, nothing else
    assert AuditEntry.objects.count() - before[-1] == 1


@pytest.mark.django_db
def test_findings_import_verified_by_another_unit(world: SafetyWorld) -> None:
    from cnqp.safety import services

    campaign = services.create_campaign(
        world.safety_staff, code="TRS-2017", name="Tổng rà soát 2017", kind="general",
        year=2017, lead_unit=world.btm, units=[world.org.enterprise_a],
        start_on=dt.date(2017, 5, 1), end_on=dt.date(2017, 10, 31))
    rows = [{"Mã đợt rà soát": "TRS-2017", "Đơn vị chịu trách nhiệm": "Z111",
             "Tồn tại": "Kho sơn chưa có hệ thống báo cháy", "Mức độ": "Cao",
             "Ngày phát hiện": "15/06/2017", "Hạn khắc phục": "31/12/2017",
             "Độ mật": "Thường", "Ngày báo cáo đã khắc phục": "20/12/2017",
             "Kết quả khắc phục": "Đã lắp đặt hệ thống báo cháy tự động",
             "Ngày kiểm tra xác nhận": "10/01/2018", "Ý kiến xác nhận": "Đạt yêu cầu"},
            {"Mã đợt rà soát": "TRS-2017", "Đơn vị chịu trách nhiệm": "Z111-PX1",
             "Tồn tại": "Thiếu nội quy an toàn máy mài", "Mức độ": "Trung bình",
             "Ngày phát hiện": "15/06/2017", "Hạn khắc phục": "30/09/2017",
             "Độ mật": "Thường"}]
    result = FindingImporter(world.safety_staff).run(xlsx(table(rows)), "ton-tai.xlsx")
    assert result.errors == [] and result.created == 2
    closed = Finding.objects.get(title__startswith="Kho sơn")
    assert closed.status == FindingStatus.CLOSED and closed.verifier_unit == world.btm
    assert closed.first_found_in == campaign and closed.code == "TT-2017-0001"
    assert Finding.objects.get(title__startswith="Thiếu").status == FindingStatus.OPEN
    assert not CorrectiveAction.objects.exists()
    # the owner does not verify its own fix: the service refuses the second row while
    # writing, and the first, already written, is rolled back with it
    owner_rows = [{**rows[1], "Mã đợt rà soát": None, "Ngày phát hiện": "16/06/2017"},
                  {**rows[0], "Mã đợt rà soát": None, "Ngày phát hiện": "16/06/2017"}]
    before = writes()
    with translation.override("en"):
        refused = FindingImporter(world.staff_a).run(xlsx(table(owner_rows)), "t.xlsx")
    assert [(e.row, e.column) for e in refused.errors] == [(3, "Ngày kiểm tra xác nhận")]
    assert "another unit" in refused.errors[0].message
    assert writes() == before


def test_every_importer_has_a_command_and_template() -> None:
    from cnqp.core.imports.templates import template_csv
    from cnqp.safety.imports import IMPORTERS
    from cnqp.safety.management.commands.import_safety import Command

    assert Command.importers == IMPORTERS
    for importer in IMPORTERS.values():
        assert template_csv(importer).decode("utf-8-sig").startswith(importer.columns[0].header)
