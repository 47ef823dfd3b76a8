"""Bulk imports as jobs: the upload page, the API and the command start the same job; its page
shows the outcome; permissions and scoping as everywhere."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from cnqp.core.choices import AuditSource, JobStatus
from cnqp.core.models import AuditEntry, Job
from cnqp.core.testing import hostile
from cnqp.production import services
from cnqp.production.models import GenealogyEdge
from cnqp.production.tests.conftest import World, serials, started
from cnqp.production.tests.test_bulk_genealogy import HEADER

pytestmark = pytest.mark.usefixtures("_media")


@pytest.fixture
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def good(world: World) -> str:
    item = started(world)
    serials(world, item, count=2, prefix="AK-")
    services.create_material_lot(
        world.staff, code="VT-01", enterprise=world.org.enterprise_a, supplier="S",
        material_name="Thép", quantity=Decimal(5), unit_of_measure="kg",
        received_date=dt.date(2024, 1, 10))
    t = world.product_type.code
    return (f"{HEADER}\nserial,{t},AK-00001,material_lot,,VT-01,1,,2024-03-05 07:30,\n"
            f"serial,{t},AK-00002,material_lot,,VT-01,1,,2024-03-05 07:30,\n")


def test_upload_page_starts_a_job_and_shows_its_outcome(world: World, good: str,
                                                        client_for: Any) -> None:
    client = client_for(world.staff)
    page = client.get(reverse("production:import-genealogy"))
    assert page.status_code == 200 and "Số hiệu đầu ra" in page.content.decode()
    upload = SimpleUploadedFile("gia-pha.csv", good.encode(), content_type="text/csv")
    response = client.post(reverse("production:import-genealogy"), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:jobs-detail",
                                                                   args=[job.pk])
    assert job.status == JobStatus.DONE and job.result["rows"] == 2
    assert GenealogyEdge.objects.filter(import_job=job).count() == 2
    text = client.get(response.url).content.decode()
    assert "Import complete" in text or "Nhập xong" in text
    entry = AuditEntry.objects.filter(object_type="production.genealogyedge").latest("id")
    assert entry.source == AuditSource.JOB and entry.object_id == str(job.pk)


def test_refused_job_lists_errors_and_offers_all_of_them(world: World, good: str,
                                                         client_for: Any) -> None:
    bad = good + "".join(f"serial,XX,AK-{n},material_lot,,VT-01,1,,2024-03-05 07:30,\n"
                         for n in range(1005))
    client = client_for(world.staff)
    client.post(reverse("production:import-genealogy"),
                {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    job = Job.objects.get()
    assert job.status == JobStatus.REFUSED and job.result["error_count"] == 1005
    assert len(job.result["errors"]) == 1000 and not GenealogyEdge.objects.exists()
    page = client.get(reverse("core:jobs-detail", args=[job.pk])).content.decode()
    assert 'id="job-errors"' in page and 'id="job-output"' in page
    errors = client.get(reverse("core:job-output", args=[job.pk]))
    lines = b"".join(errors.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1006 and lines[-1].startswith("1008,")


def test_templates_and_permissions(world: World, client_for: Any, make_user: Any) -> None:
    client = client_for(world.staff)
    xlsx = client.get(reverse("production:import-inspections-template-xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book.worksheets[0][1]][:3] == ["Loại đối tượng", "Chủng loại",
                                                            "Đơn vị"]
    csv_template = client.get(reverse("production:import-genealogy-template-csv"))
    assert csv_template.content.decode("utf-8-sig").strip() == HEADER
    user_unit = client_for(make_user(["user_unit_staff"], world.org.user_unit))
    assert user_unit.get(reverse("production:import-genealogy")).status_code == 403
    response = user_unit.post("/api/production/imports/genealogy",
                              {"file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403 and not Job.objects.exists()


def test_api_starts_the_job_and_reports_it(world: World, good: str, client_for: Any) -> None:
    client = client_for(world.staff)
    response = client.post("/api/production/imports/genealogy",
                           {"file": SimpleUploadedFile("a.csv", good.encode())})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == JobStatus.DONE
    status = client.get(body["status_url"]).json()
    assert status["result"]["created"] == {"edges": 2}
    assert client.post("/api/production/imports/nothing",
                       {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 404
    other = client_for(world.staff_b)
    assert other.get(body["status_url"]).status_code == 404


def test_command_imports_with_progress_and_fails_on_errors(world: World, good: str,
                                                           tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "gia-pha.csv"
    path.write_text(good, encoding="utf-8")
    call_command("import_production", "genealogy", str(path), "--user", "z111")
    out, err = capsys.readouterr()
    assert "2 rows" in out
    assert "Đang đọc tệp" in err and "Đang ghi: 2/2" in err  # the progress, as it went
    assert GenealogyEdge.objects.count() == 2
    assert Job.objects.get().params["path"] == str(path)
    path.write_text(good.replace("VT-01", "VT-99"), encoding="utf-8")
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_production", "genealogy", str(path), "--user", "z111")
    assert "VT-99" in capsys.readouterr().err
    assert GenealogyEdge.objects.count() == 2


def test_a_workbook_spanning_the_whole_sheet_is_refused_not_fatal(world: World,
                                                                   client_for: Any) -> None:
    """Cells at A1 and XFD1048576 once made the reader ask for 512 GiB and the worker abort:
    the job is refused, naming the column, and the next job runs."""
    client = client_for(world.staff)
    bomb = hostile.corners(HEADER.split(","))
    response = client.post("/api/production/imports/genealogy",
                           {"file": SimpleUploadedFile("bom.xlsx", bomb)})
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    assert job.status == JobStatus.REFUSED
    assert "16384" in str(job.result["errors"][0])
    assert not GenealogyEdge.objects.exists()
