"""Safe imports: "add new only" or "add and update", blank cells that keep what is recorded
unless the user asks to clear it, and a dry run that shows what would be created and changed
(field by field) and refused, writing nothing. Before, a code already recorded silently updated
its record and a blank cell erased the stored value."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.text import capfirst

from cnqp.core.choices import OrgUnitKind
from cnqp.core.imports import ImportMode
from cnqp.core.models import AuditEntry, OrgUnit
from cnqp.core.onboarding import OrgUnitImporter

HEADER = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Đơn vị cấp trên,Địa chỉ\n"
FILE = (HEADER
        + "Z111,Công ty TNHH MTV Cơ khí chính xác 11,,Doanh nghiệp,TCCNQP,\n"  # blanks
        + "Z113,Nhà máy Z113,NM Z113,Doanh nghiệp,TCCNQP,Hà Nội\n"  # as recorded
        + "Z115,Nhà máy Z115,,Doanh nghiệp,TCCNQP,\n")  # new


def csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


@pytest.fixture
def units(org: Any) -> Any:
    OrgUnit.objects.filter(pk=org.enterprise_a.pk).update(short_name="NM Z111",
                                                          address="Thái Nguyên")
    OrgUnit.objects.filter(pk=org.enterprise_b.pk).update(short_name="NM Z113",
                                                          address="Hà Nội")
    return org


def label(name: str) -> str:
    return str(capfirst(OrgUnit._meta.get_field(name).verbose_name))


def test_add_new_only_refuses_a_recorded_code_and_writes_nothing(units: Any,
                                                                 admin_user: Any) -> None:
    result = OrgUnitImporter(admin_user, mode=ImportMode.ADD_ONLY).run(csv(FILE), "u.csv")
    assert {(e.row, e.column) for e in result.errors} == {(2, "Mã đơn vị"), (3, "Mã đơn vị")}
    assert "Z111" in result.errors[0].message and "Thêm mới và cập nhật" in \
        result.errors[0].message
    assert not OrgUnit.objects.filter(code="Z115").exists()


def test_update_keeps_what_a_blank_cell_leaves_out(units: Any, admin_user: Any) -> None:
    result = OrgUnitImporter(admin_user).run(csv(FILE), "u.csv")
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    z111 = OrgUnit.objects.get(code="Z111")
    assert z111.name == "Công ty TNHH MTV Cơ khí chính xác 11"
    assert (z111.short_name, z111.address) == ("NM Z111", "Thái Nguyên")  # kept


def test_clearing_blanks_is_asked_for(units: Any, admin_user: Any) -> None:
    OrgUnitImporter(admin_user, clear_blanks=True).run(csv(FILE), "u.csv")
    z111 = OrgUnit.objects.get(code="Z111")
    assert (z111.short_name, z111.address) == ("", "")


def test_a_dry_run_says_what_each_row_would_do_and_writes_nothing(units: Any,
                                                                  admin_user: Any) -> None:
    audited = AuditEntry.objects.count()
    result = OrgUnitImporter(admin_user).run(csv(FILE), "u.csv", dry_run=True)
    assert result.ok and result.dry_run
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    by_row = {p.row: p for p in result.preview}
    assert (by_row[2].outcome, by_row[2].key) == ("updated", "Z111")
    assert [(c.label, c.before, c.after) for c in by_row[2].changes] == [
        (label("name"), "Nhà máy Z111", "Công ty TNHH MTV Cơ khí chính xác 11")]
    assert by_row[3].outcome == "unchanged" and by_row[3].changes == []
    assert (by_row[4].outcome, by_row[4].key) == ("created", "Z115")
    assert OrgUnit.objects.get(code="Z111").name == "Nhà máy Z111"
    assert not OrgUnit.objects.filter(code="Z115").exists()
    assert AuditEntry.objects.count() == audited


def test_a_dry_run_shows_a_move_by_the_parent_unit_name(units: Any, admin_user: Any) -> None:
    text = HEADER + "Z111-PX1,Phân xưởng cơ khí,,Phân xưởng,Z113,\n"
    result = OrgUnitImporter(admin_user).run(csv(text), "u.csv", dry_run=True)
    (change,) = [c for c in result.preview[0].changes if c.label == label("parent")]
    assert (change.before, change.after) == (str(units.enterprise_a), str(units.enterprise_b))


def test_a_dry_run_reports_errors_as_an_import_would(units: Any, admin_user: Any) -> None:
    result = OrgUnitImporter(admin_user).run(csv(HEADER + "Z9,Đơn vị,,Doanh nghiệp,KHONG,\n"),
                                             "u.csv", dry_run=True)
    assert result.dry_run and [(e.row, e.column) for e in result.errors] == [
        (2, "Đơn vị cấp trên")]


def upload(text: str, name: str = "don-vi.csv") -> io.BytesIO:
    handle = csv(text)
    handle.name = name
    return handle


def test_the_page_previews_then_imports_the_kept_file(units: Any, admin_user: Any,
                                                      client_for: Any, settings: Any,
                                                      tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin_user)
    form = client.get("/import/units/").content.decode()
    assert 'name="mode"' in form and 'name="clear_blanks"' in form and "import-preview" in form
    page = client.post("/import/units/", {"file": upload(FILE), "mode": "update",
                                          "preview": "1"})
    html = page.content.decode()
    assert "Xem trước: chưa ghi dữ liệu nào." in html
    assert "Nhà máy Z111</del> → <strong>Công ty TNHH MTV Cơ khí chính xác 11" in html
    assert not OrgUnit.objects.filter(code="Z115").exists()
    token = re.search(r'name="pending" value="([^"]+)"', html).group(1)
    assert list((tmp_path / "imports-pending").iterdir())
    done = client.post("/import/units/", {"pending": token})
    assert "Đã nhập xong." in done.content.decode()
    assert OrgUnit.objects.filter(code="Z115").exists()
    assert OrgUnit.objects.get(code="Z111").short_name == "NM Z111"  # the preview's options
    assert not list((tmp_path / "imports-pending").iterdir())  # taken once
    again = client.post("/import/units/", {"pending": token})
    assert "không còn được lưu" in again.content.decode()


def test_the_page_adds_new_only_by_default(units: Any, admin_user: Any,
                                           client_for: Any) -> None:
    page = client_for(admin_user).post("/import/units/", {"file": upload(FILE)})
    assert "đã có" in page.content.decode()
    assert not OrgUnit.objects.filter(code="Z115").exists()


def test_the_command_dry_runs_and_adds_only(units: Any, admin_user: Any, tmp_path: Any) -> None:
    path = tmp_path / "don-vi.csv"
    path.write_text(FILE, "utf-8")
    out = io.StringIO()
    call_command("import_directory", "units", str(path), user=admin_user.username,
                 dry_run=True, stdout=out)
    assert "row 2 Z111: updated" in out.getvalue() and "row 4 Z115: created" in out.getvalue()
    assert not OrgUnit.objects.filter(code="Z115").exists()
    with pytest.raises(Exception, match="error"):
        call_command("import_directory", "units", str(path), user=admin_user.username,
                     add_only=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert OrgUnit.objects.get(code="Z111").kind == OrgUnitKind.ENTERPRISE
