"""Generating reports: the background job with its progress, the stored files and content,
the history, audited downloads, the command, the API, and who sees which reports."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cnqp.core.choices import AuditAction, AuditSource, Classification, JobStatus
from cnqp.core.models import AuditEntry
from cnqp.reports import services
from cnqp.reports.assembly import ReportSpec
from cnqp.reports.choices import ReportKind
from cnqp.reports.factories import GeneratedReportFactory
from cnqp.reports.models import GeneratedReport
from cnqp.reports.tests.conftest import YEAR
from cnqp.reports.tests.test_sections import PERIOD


def spec(unit: Any = None, **kwargs: Any) -> ReportSpec:
    values: dict[str, Any] = {"kind": ReportKind.ANNUAL, "period": PERIOD, "unit": unit,
                              "sections": ["research", "documents", "production"],
                              "number": "", "date": dt.date(YEAR + 1, 1, 5), **kwargs}
    return ReportSpec(**values)


def test_background_generation_with_progress(rw: Any) -> None:
    report = services.start_generation(rw.admin, spec(), ["docx", "xlsx"])
    report.refresh_from_db()
    job = report.job
    assert job is not None and job.status == JobStatus.DONE, job.error
    assert job.total == 3 + 2 and job.done == job.total  # 3 sections, 2 files
    assert report.number == "01/BC-TCCNQP"
    assert report.available_formats == ["docx", "xlsx"]
    assert len(report.docx_sha256) == 64 and not report.pdf_path
    assert report.classification == Classification.SECRET == job.classification
    assert report.content["header"]["number"] == "01"
    assert [s["key"] for s in report.content["sections"]] == ["research", "documents",
                                                              "production"]
    assert [label for label, _url in job.result["links"]][:2] == ["DOCX", "XLSX"]
    document = Document(io.BytesIO(services.file_of(report, "docx").read_bytes()))
    assert "Tổng kết công tác năm 2024" in [p.text for p in document.paragraphs], report.title
    book = load_workbook(services.file_of(report, "xlsx"))
    assert len(book.sheetnames) == 1 + sum(len(s["tables"]) for s in report.content["sections"])
    # The next report of the issuing unit in the year takes the next number.
    assert services.start_generation(rw.admin, spec(), ["xlsx"]).number == "02/BC-TCCNQP"


def test_reports_of_the_directorate_and_of_its_root_unit_share_one_numbering(rw: Any) -> None:
    """Both are issued by the root unit ("…/BC-TCCNQP"): they were numbered apart, and the
    second took 01 again."""
    root = services.issuing_unit(None)
    first = services.request_report(rw.admin, spec(), ["xlsx"])
    second = services.request_report(rw.admin, spec(unit=root), ["xlsx"])
    assert (first.number, second.number) == ("01/BC-TCCNQP", "02/BC-TCCNQP")


def test_request_is_checked(rw: Any, org: Any, make_user: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.request_report(rw.z111, spec(unit=org.enterprise_b), ["docx"])
    assert "unit" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        services.request_report(rw.admin, spec(sections=["nothing"]), ["docx", "odt"])
    assert set(caught.value.error_dict) == {"sections", "formats"}
    auditor = make_user(["auditor"], org.root)
    with pytest.raises(PermissionDenied):
        services.request_report(auditor, spec(), ["docx"])
    assert not GeneratedReport.objects.exists()


def test_the_report_page_is_drawn_again_when_generation_ends(rw: Any,
                                                            client_for: Any) -> None:
    """The page kept the marking, files and content of before while its card said done."""
    queued = services.request_report(rw.admin, spec(), ["xlsx"])
    page = client_for(rw.admin).get(f"/reports/generated/{queued.pk}/").content.decode()
    assert f"/jobs/{queued.job_id}/status/?reload=1" in page


def test_a_report_is_signed_by_a_named_person(rw: Any, org: Any) -> None:
    """An empty signer printed "CHỦ NHIỆM" and no name: the issuing unit's recorded head signs,
    a name given on the report replaces it, and without either the report is refused."""
    root = services.issuing_unit(None)
    root.head_title, root.head_name = "Chủ nhiệm", "Trung tướng Phạm Văn Hùng"
    root.save()
    signed = services.start_generation(rw.admin, spec(), ["docx"])
    signed.refresh_from_db()
    assert signed.content["signature"] == {"position": "CHỦ NHIỆM",
                                           "name": "Trung tướng Phạm Văn Hùng"}
    document = Document(io.BytesIO(services.file_of(signed, "docx").read_bytes()))
    block = document.tables[-1].rows[0].cells[-1].text  # beside "Nơi nhận:"
    assert "CHỦ NHIỆM" in block and "Trung tướng Phạm Văn Hùng" in block
    deputy = services.start_generation(rw.admin, spec(
        signer_position="KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", signer_name="Thiếu tướng Lê Văn B"),
        ["xlsx"])
    deputy.refresh_from_db()
    assert deputy.content["signature"]["name"] == "Thiếu tướng Lê Văn B"
    root.head_name = ""
    root.save()
    with pytest.raises(ValidationError) as caught:
        services.request_report(rw.admin, spec(), ["docx"])
    assert set(caught.value.error_dict) == {"signer_name"}
    assert GeneratedReport.objects.count() == 2


def test_pages_builder_preview_generate_and_history(rw: Any, client_for: Any) -> None:
    client = client_for(rw.admin)
    page = client.get(reverse("reports:builder"))
    assert page.status_code == 200
    text = page.content.decode()
    for key in ("research", "documents", "production"):
        assert f'value="{key}"' in text
    fields = {"kind": "annual", "year": YEAR, "sections": ["research", "production"],
              "formats": ["docx"], "date": "05/01/2025", "place": "Hà Nội",
              "signer_position": "CHỦ NHIỆM", "signer_name": "Nguyễn Văn Quản"}
    preview = client.get(reverse("reports:preview"), fields)
    assert preview.status_code == 200
    html = preview.content.decode()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 01/BC-TCCNQP",
                     "Hà Nội, ngày 05 tháng 01 năm 2025", "Tổng kết công tác năm 2024",
                     "I. KHOA HỌC CÔNG NGHỆ", "Nơi nhận:", "Nguyễn Văn Quản",
                     'id="report-marking">TỐI MẬT', 'data-chart="bars"'):
        assert expected in html, expected
    assert AuditEntry.objects.filter(object_type="reports.preview").exists()
    done = client.post(reverse("reports:builder"), fields)
    report = GeneratedReport.objects.get()
    assert done.status_code == 302 and done.url == reverse("reports:generated-detail",
                                                           args=[report.pk])
    detail = client.get(done.url).content.decode()
    assert 'id="report-downloads"' in detail and "Số: 01/BC-TCCNQP" in detail
    assert 'data-status="done"' in detail
    history = client.get(reverse("reports:generated-list")).content.decode()
    assert "01/BC-TCCNQP" in history and rw.admin.username in history
    bad = client.post(reverse("reports:builder"), {**fields, "kind": "custom"})
    assert bad.status_code == 200 and "A custom period" not in bad.content.decode()
    assert GeneratedReport.objects.count() == 1


def test_downloads_are_audited_and_checked(rw: Any, client_for: Any) -> None:
    report = services.start_generation(rw.admin, spec(), ["docx", "xlsx"])
    client = client_for(rw.admin)
    answer = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert answer.status_code == 200
    assert 'filename="01-BC-TCCNQP.docx"' in answer["Content-Disposition"]
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    report.refresh_from_db()
    assert entry.object_id == str(report.pk) and entry.changes["format"] == "docx"
    assert entry.changes["sha256"] == report.docx_sha256
    assert entry.classification == Classification.SECRET
    assert client.get(reverse("reports:download", args=[report.pk, "pdf"])).status_code == 404
    # A file altered on disk is refused.
    services.file_of(report, "xlsx").write_bytes(b"altered")
    assert client.get(reverse("reports:download", args=[report.pk, "xlsx"])).status_code == 404
    api = client.get(f"/api/reports/generated/{report.pk}/files/xlsx")
    assert api.status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).count() == 1  # only the DOCX


def test_another_unit_and_a_lower_clearance_see_nothing(rw: Any, org: Any,
                                                         client_for: Any) -> None:
    mine = services.start_generation(rw.z111, spec(unit=org.enterprise_a), ["docx"])
    secret = services.start_generation(rw.admin, spec(), ["docx"])
    assert GeneratedReport.objects.get(pk=secret.pk).classification == Classification.SECRET
    for user, hidden in ((rw.z113, mine), (rw.low, secret)):
        client = client_for(user)
        assert client.get(reverse("reports:generated-detail", args=[hidden.pk])
                          ).status_code == 404
        assert client.get(reverse("reports:download", args=[hidden.pk, "docx"])
                          ).status_code == 404
        assert client.get(f"/api/reports/generated/{hidden.pk}/status").status_code == 404
        assert client.get(f"/api/reports/generated/{hidden.pk}/files/docx").status_code == 404
        listed = client.get("/api/reports/generated").json()
        assert hidden.pk not in [item["id"] for item in listed["items"]]
    assert client_for(rw.z111).get(reverse("reports:download", args=[mine.pk, "docx"])
                                   ).status_code == 200


def test_api_generate_status_list_and_download(rw: Any, client_for: Any) -> None:
    client = client_for(rw.admin)
    answer = client.post("/api/reports/generate",
                         {"kind": "half_year", "year": YEAR, "formats": ["docx", "xlsx"],
                          "sections": ["production"]}, content_type="application/json")
    assert answer.status_code == 202, answer.content
    body = answer.json()
    assert body["job"] and body["status"] == "done" and body["percent"] == 100
    status = client.get(f"/api/reports/generated/{body['id']}/status").json()
    assert set(status["files"]) == {"docx", "xlsx"}
    listed = client.get("/api/reports/generated").json()
    assert listed["count"] == 1 and listed["items"][0]["kind"] == "half_year"
    assert listed["items"][0]["period_end"] == f"{YEAR}-06-30"
    file = client.get(status["files"]["docx"])
    assert file.status_code == 200 and b"".join(file.streaming_content)[:2] == b"PK"
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).count() == 1
    refused = client.post("/api/reports/generate", {"kind": "custom", "year": YEAR},
                          content_type="application/json")
    assert refused.status_code == 422
    other = client.post("/api/reports/generate", {"unit": "NOPE"},
                        content_type="application/json")
    assert other.status_code == 404


def test_command_writes_the_files(rw: Any, tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("make_report", "--kind", "annual", "--year", str(YEAR), "--unit", "Z111",
                 "--format", "docx,xlsx", "--out", str(tmp_path / "out"), "--user", "z111",
                 stdout=out)
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["01-BC-Z111.docx", "01-BC-Z111.xlsx"]
    printed = out.getvalue()
    from cnqp.core.models import User
    from cnqp.reports.assembly import sections_for

    steps = len(sections_for(User.objects.get(username="z111"))) + 2  # sections, then files
    assert f"Tính toán: Khoa học công nghệ 0/{steps}" in printed
    report = GeneratedReport.objects.get()
    assert report.unit.code == "Z111" and report.created_by.username == "z111"
    created = AuditEntry.objects.get(object_type="reports.generatedreport",
                                     action=AuditAction.CREATE)
    assert created.source == AuditSource.COMMAND
    with pytest.raises(Exception, match="no active user"):
        call_command("make_report", "--kind", "annual", "--year", "2024", "--out",
                     str(tmp_path), "--user", "nobody")


def test_factory_rows_follow_the_scope(org: Any, make_user: Any) -> None:
    row = GeneratedReportFactory(owner_unit=org.enterprise_b,
                                 classification=Classification.CONFIDENTIAL)
    assert row.created_by.org_unit == org.enterprise_b


def test_a_custom_period_ending_before_it_starts_is_refused_not_a_crash(
        rw: Any, client_for: Any) -> None:
    """Found by the API fuzz test: it answered 500 (ValueError from the period)."""
    answer = client_for(rw.admin).post(
        "/api/reports/generate", {"kind": "custom", "from": "2011-07-05", "to": "0199-07-16",
                                  "formats": ["xlsx"]}, content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert [e["field"] for e in answer.json()["errors"]] == ["to"]
    assert not GeneratedReport.objects.exists()


def test_the_history_names_the_files_in_vietnamese() -> None:
    """The files' hashes are recorded beside the report's fields: their history label is
    declared (`history_labels`), not the key's English."""
    from django.utils import translation

    from cnqp.core.records.history import _change
    from cnqp.reports.models import GeneratedReport

    with translation.override("vi"):
        change = _change(GeneratedReport, "files", [None, {"docx": "ab12"}], {})
    assert change.label == "Tệp đã tạo (SHA-256)"
