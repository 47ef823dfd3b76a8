"""The interface is Vietnamese by default, whatever the browser asks for; English stays one
click away. The vi catalogue is complete and its committed .mo matches the .po."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from cnqp.core.access.roles import ROLES
from cnqp.core.choices import Classification, OrgUnitKind

VI_PO = Path(settings.BASE_DIR) / "cnqp" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _compile_messages() -> ModuleType:
    """scripts/compile_messages.py, which is a script and not in a package."""
    name = "cnqp_compile_messages"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(settings.BASE_DIR) / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --- the catalogue ---------------------------------------------------------------------------

def test_vi_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    po = polib.pofile(str(VI_PO))
    assert len(po) > 0
    allowed = {e.msgid for e in po if "untranslated-ok" in (e.tcomment or "").split()}
    untranslated = [e.msgid for e in po.untranslated_entries() if e.msgid not in allowed]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if e.msgid not in allowed]
    assert untranslated == [], f"untranslated in {VI_PO.name}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {VI_PO.name}: {fuzzy}"


def test_vi_catalogue_has_one_plural_form() -> None:
    po = polib.pofile(str(VI_PO))
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    for entry in po:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], entry.msgid


def test_compiled_catalogues_are_up_to_date() -> None:
    problems = _compile_messages().check()
    assert problems == [], "\n".join(str(p) for p in problems) + (
        "\nRun: python scripts/compile_messages.py")


def test_check_reports_a_stale_or_incomplete_catalogue(tmp_path: Path) -> None:
    """The check is not vacuous: it catches a missing .mo, an untranslated entry and a .mo
    that no longer matches its .po."""
    script = _compile_messages()
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=1; plural=0;", "Language": "vi"}
    po.append(polib.POEntry(msgid="Save", msgstr="Lưu"))
    po.save(str(folder / "django.po"))
    assert any("missing" in str(p) for p in script.check(tmp_path))

    written, problems = script.compile_all(tmp_path)
    assert problems == [] and written == [folder / "django.mo"]
    assert script.check(tmp_path) == []

    po.append(polib.POEntry(msgid="Cancel", msgstr="Hủy"))
    po.save(str(folder / "django.po"))
    assert any("out of date" in str(p) for p in script.check(tmp_path))

    po.append(polib.POEntry(msgid="Forgotten", msgstr=""))
    exempt = polib.POEntry(msgid="CNQP", msgstr="", tcomment="untranslated-ok")
    po.append(exempt)
    po.save(str(folder / "django.po"))
    written, problems = script.compile_all(tmp_path)
    assert written == []
    assert [str(p).split(": ", 1)[1] for p in problems] == ["untranslated: msgid 'Forgotten'"]


# --- pages -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_pages_are_vietnamese_even_for_an_english_browser(client: Any) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_switching_to_english_shows_english(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Log in" in html
    assert "Đăng nhập" not in html
    assert '<html lang="en">' in html

    client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    assert "Đăng nhập" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_signed_in_pages_are_vietnamese(admin_user: Any, client_for: Any) -> None:
    client = client_for(admin_user)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Đăng xuất" in home and "Trang chủ" in home
    assert "Tối mật" in home  # the user's clearance marking in the header
    units = client.get("/org-units/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in ("Tìm kiếm", "Lọc", "Thêm mới", "Đơn vị cấp trên"):
        assert label in units


# --- vocabulary ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "label"), [
    (Classification.CONFIDENTIAL, "Mật"),
    (Classification.SECRET, "Tối mật"),
    (Classification.TOP_SECRET, "Tuyệt mật"),
])
def test_marking_filter_is_vietnamese(level: Classification, label: str) -> None:
    template = Template("{{ level|marking }}")
    with translation.override("vi"):
        html = template.render(Context({"level": int(level)}))
    assert f">{label}</span>" in html
    with translation.override("en"):
        assert f">{level.label}</span>" in template.render(Context({"level": int(level)}))


def test_marking_filter_shows_nothing_for_unclassified() -> None:
    with translation.override("vi"):
        assert Template("{{ 0|marking }}").render(Context()) == ""
        assert str(Classification.UNCLASSIFIED.label) == "Thường"


def test_domain_vocabulary() -> None:
    with translation.override("vi"):
        assert {str(label) for _v, label in OrgUnitKind.choices} == {
            "Tổng cục", "Cục/Phòng", "Doanh nghiệp, nhà máy", "Viện", "Đơn vị sử dụng"}
        assert {code: str(role.label) for code, role in ROLES.items()} == {
            "admin": "Quản trị hệ thống",
            "leadership": "Lãnh đạo Tổng cục",
            "department_staff": "Cán bộ cơ quan Tổng cục",
            "enterprise_staff": "Cán bộ doanh nghiệp, viện",
            "user_unit_staff": "Cán bộ đơn vị sử dụng",
            "auditor": "Kiểm tra viên",
        }
        # Aliases, so that `makemessages` does not list this test as a source of msgids.
        text, plural = translation.gettext, translation.ngettext
        assert text("Audit log") == "Nhật ký kiểm tra"
        assert plural("%(total)s record", "%(total)s records", 5) % {"total": 5} == "5 bản ghi"
