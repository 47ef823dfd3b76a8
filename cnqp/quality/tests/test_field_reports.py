"""Field reports: filed by the user unit about serials it received, checked whole before
anything is written, triaged once by the producer or the directorate, seen by the reporting
unit and the producer only."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import AuditEntry
from cnqp.quality import services
from cnqp.quality.choices import NCSource, ReportStatus
from cnqp.quality.factories import PNG_BYTES
from cnqp.quality.models import FieldReport, FieldReportPhoto, NonConformance
from cnqp.quality.tests.conftest import YEAR, file_report


def photo(name: str = "ket-dan.png", content: bytes = PNG_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_filed_with_its_producer_level_and_one_audit_entry(line):
    report = file_report(line, line.rifles)
    assert report.code == f"PA-{YEAR}-0001"
    assert report.enterprise == line.world.org.enterprise_a
    assert report.status == ReportStatus.NEW
    assert set(report.serials.all()) == set(line.rifles)
    entry = AuditEntry.objects.get(object_type="quality.fieldreport", action="create")
    assert entry.changes["serial_numbers"][1] == sorted(r.serial_number for r in line.rifles)
    assert file_report(line).code == f"PA-{YEAR}-0002"


@pytest.mark.parametrize("change, field", [
    (lambda line: {"serials": []}, "serials"),
    (lambda line: {"serials": [line.rifles[0], line.rifles[0]]}, "serials"),
    (lambda line: {"serials": [line.spare]}, "serials"),  # delivered to SD308, not SD304
    (lambda line: {"occurred_on": dt.date(YEAR, 6, 1)}, "occurred_on"),  # before delivery
    (lambda line: {"occurred_on": timezone.localdate() + dt.timedelta(days=1)}, "occurred_on"),
    (lambda line: {"symptom": "   "}, "symptom"),
    (lambda line: {"usage_value": Decimal("-1")}, "usage_value"),
    (lambda line: {"usage_unit": "km"}, "usage_unit"),
    (lambda line: {"severity": "loud"}, "severity"),
    (lambda line: {"reporting_unit": line.world.org.enterprise_b}, "reporting_unit"),
    (lambda line: {"photos": [photo("x.png", b"GIF89a not a png")]}, "photos"),
    (lambda line: {"photos": [photo("x.gif", b"GIF89a")]}, "photos"),
])
def test_bad_reports_refused_with_the_field_and_nothing_written(line, change, field):
    with pytest.raises(ValidationError) as error:
        file_report(line, **change(line))
    assert field in error.value.message_dict
    assert not FieldReport.objects.exists() and not FieldReportPhoto.objects.exists()


def test_another_product_type_is_refused(line):
    from cnqp.documents.factories import ProductTypeFactory

    with pytest.raises(ValidationError) as error:
        file_report(line, product_type=ProductTypeFactory())
    assert "serials" in error.value.message_dict


def test_a_unit_does_not_file_for_another(line):
    with pytest.raises(ValidationError) as error:
        file_report(line, actor=line.sd308_user)
    assert "reporting_unit" in error.value.message_dict


def test_photos_stored_with_their_checksum_and_size_limit(line, settings):
    report = file_report(line, photos=[photo()])
    stored = report.photos.get()
    assert stored.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    assert stored.size == len(PNG_BYTES) and stored.content_type == "image/png"
    assert stored.file.read() == PNG_BYTES
    settings.CNQP_MAX_PHOTO_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.add_photos(line.sd304_user, report, [photo("more.png")])
    assert "photos" in error.value.message_dict
    assert report.photos.count() == 1


def test_triage_opens_a_nonconformance_once(line):
    report = file_report(line, line.rifles)
    nc = services.open_nonconformance(line.world.staff, report, title="Kẹt vỏ đạn")
    assert nc.source == NCSource.FIELD_REPORT and nc.field_report == report
    assert nc.enterprise == line.world.org.enterprise_a
    assert set(nc.serials.all()) == set(line.rifles)
    assert nc.revision == line.world.revision  # the one they were built to
    assert nc.detected_on == report.occurred_on and nc.code == f"KPH-{YEAR}-0001"
    report.refresh_from_db()
    assert report.status == ReportStatus.NC_OPENED and report.triaged_by == line.world.staff
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.close_field_report(line.qlcn, report, reason="Trùng")
    assert "already triaged" in str(error.value)
    assert NonConformance.objects.count() == 1


def test_closing_a_report_needs_a_reason(line):
    report = file_report(line)
    with pytest.raises(ValidationError) as error:
        services.close_field_report(line.qlcn, report, reason=" ")
    assert "reason" in error.value.message_dict
    closed = services.close_field_report(line.qlcn, report, reason="Sử dụng sai quy trình")
    assert closed.status == ReportStatus.CLOSED and closed.close_reason


def test_only_the_producer_or_the_directorate_triages(line):
    report = file_report(line)
    for outsider in (line.world.staff_b, line.sd304_user):
        with pytest.raises(ValidationError):
            services.open_nonconformance(outsider, report)
    assert FieldReport.objects.get().status == ReportStatus.NEW
    assert services.open_nonconformance(line.qlcn, report).enterprise == report.enterprise


def test_edit_and_delete_only_while_new(line):
    report = file_report(line, photos=[photo()])
    services.update_field_report(line.sd304_user, report, usage_value=Decimal("2000"))
    with pytest.raises(ValidationError):
        services.update_field_report(line.sd304_user, report, severity="critical",
                                     serials=[])  # identity fields never change by edit
    other = file_report(line)
    services.open_nonconformance(line.world.staff, other)
    other.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_field_report(line.sd304_user, other, usage_value=Decimal("1"))
    with pytest.raises(ValidationError):
        services.delete_field_report(line.sd304_user, other)
    services.delete_field_report(line.sd304_user, report)
    assert list(FieldReport.objects.all()) == [other]
    assert not FieldReportPhoto.objects.exists()


def test_who_sees_which_report(line, make_user):
    mine = file_report(line)
    theirs = file_report(line, [line.spare], actor=line.sd308_user,
                         reporting_unit=line.sd308)
    org = line.world.org

    def seen(user: Any) -> set[Any]:
        return set(scope_queryset(FieldReport.objects.all(), user))

    assert seen(line.sd304_user) == {mine}
    assert seen(line.sd308_user) == {theirs}
    assert seen(line.world.staff) == {mine, theirs}  # the producer: reports on its products
    assert seen(line.world.staff_b) == set()  # another enterprise
    assert seen(line.qlcn) == {mine, theirs}
    FieldReport.objects.filter(pk=mine.pk).update(classification=2)
    low = make_user(["department_staff"], org.department, 1)
    assert seen(low) == {theirs}
