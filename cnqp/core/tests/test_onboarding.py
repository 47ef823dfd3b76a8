"""A directorate's first day: `init_directorate` on an empty database, the organisation tree
and the users imported from its own files, and one-time set-up links instead of a shared
password."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cnqp.core.accounts.setup import setup_path
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.models import AuditEntry, OrgUnit, User
from cnqp.core.onboarding import OrgUnitImporter, UserImporter

PASSWORD = "Mật-khẩu-riêng-2026"

UNIT_HEADER = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Đơn vị cấp trên,Lĩnh vực quản lý\n"
USER_HEADER = "Tên đăng nhập,Họ và tên,Đơn vị,Vai trò,Cấp độ mật được tiếp cận,Chức vụ\n"


def csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def run(importer: Any, actor: User, text: str) -> Any:
    return importer(actor).run(csv(text), "file.csv")


def init(**extra: Any) -> str:
    out = io.StringIO()
    call_command("init_directorate", code="tccnqp", name="Tổng cục Công nghiệp quốc phòng",
                 short_name="Tổng cục CNQP", admin="quantri", admin_name="Nguyễn Văn Quản",
                 site_url="https://cnqp.example", stdout=out, **extra)
    return out.getvalue()


def link_path(output: str) -> str:
    match = re.search(r"https://cnqp\.example(/account/setup/\S+/)", output)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_init_directorate_makes_the_root_and_an_administrator_without_a_password() -> None:
    output = init()
    root = OrgUnit.objects.get()
    assert (root.code, root.kind, root.parent, root.path) == (
        "TCCNQP", OrgUnitKind.DIRECTORATE, None, "TCCNQP/")
    admin = User.objects.get()
    assert admin.org_unit == root and admin.role_codes == {"admin"}
    assert admin.clearance == Classification.SECRET
    assert not admin.has_usable_password()  # no shared default: the link sets it
    assert not Client().login(username="quantri", password="")
    path = link_path(output)

    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and "Đặt mật khẩu" in page.content.decode()
    differ = client.post(path, {"password": PASSWORD, "again": PASSWORD + "x"})
    assert "Hai mật khẩu không giống nhau." in differ.content.decode()
    weak = client.post(path, {"password": "12345678901", "again": "12345678901"})
    assert weak.status_code == 200 and not User.objects.get().has_usable_password()
    done = client.post(path, {"password": PASSWORD, "again": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/login/"
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
    assert AuditEntry.objects.filter(object_type="core.user", changes__has_key="password"
                                     ).exists()
    # one use: the link is dead once the password is set
    again = Client().get(path)
    assert again.status_code == 404 and "không còn dùng được" in again.content.decode()


@pytest.mark.django_db
def test_init_directorate_runs_once() -> None:
    init()
    with pytest.raises(CommandError, match="already has its organisation"):
        init()
    assert OrgUnit.objects.count() == 1 and User.objects.count() == 1


@pytest.mark.django_db
def test_a_forged_or_foreign_token_is_refused() -> None:
    init()
    admin = User.objects.get()
    good = setup_path(admin)
    forged = good.rsplit("/", 2)[0] + "/abc-123/"
    assert Client().get(forged).status_code == 404
    assert Client().get("/account/setup/!!/x/").status_code == 404


@pytest.fixture
def admin(db: Any) -> User:
    init()
    return User.objects.get()


def test_units_in_any_order_parents_first_when_written(admin: User) -> None:
    result = run(OrgUnitImporter, admin, UNIT_HEADER +
                 "Z111-PX1,Phân xưởng cơ khí,,Doanh nghiệp,Z111,\n"
                 "QLCN,Cục Quản lý công nghệ,Cục QLCN,Cơ quan,TCCNQP,\"documents, research\"\n"
                 "Z111,Nhà máy Z111,,Doanh nghiệp,TCCNQP,\n")
    assert result.ok, result.errors
    assert result.created == 3
    paths = dict(OrgUnit.objects.values_list("code", "path"))
    assert paths["Z111-PX1"] == "TCCNQP/Z111/Z111-PX1/"
    assert OrgUnit.objects.get(code="QLCN").domain_list == ["documents", "research"]
    # the same file again changes nothing; a new name updates the unit
    again = run(OrgUnitImporter, admin, UNIT_HEADER +
                "Z111,Nhà máy Z111 (Công ty TNHH MTV Cơ khí chính xác 11),,Doanh nghiệp,TCCNQP,\n")
    assert (again.created, again.updated) == (0, 1)
    assert OrgUnit.objects.get(code="Z111").name.startswith("Nhà máy Z111 (")


def test_a_bad_unit_file_writes_nothing_and_names_each_row(admin: User) -> None:
    result = run(OrgUnitImporter, admin, UNIT_HEADER +
                 "A1,Đơn vị A1,,Doanh nghiệp,B1,\n"
                 "B1,Đơn vị B1,,Doanh nghiệp,A1,\n"
                 "C1,Đơn vị C1,,Doanh nghiệp,KHONGCO,\n"
                 "D1,Đơn vị D1,,Doanh nghiệp,,\n"
                 "E1,Đơn vị E1,,Doanh nghiệp,TCCNQP,safety\n"
                 "F1,Cục F1,,Cơ quan,TCCNQP,bay-luon\n"
                 "ROOT2,Tổng cục khác,,Tổng cục,,\n"
                 "G1,Đơn vị G1,,Doanh nghiệp,TCCNQP,\n")
    assert not result.ok
    by_row = {(e.row, e.column): e.message for e in result.errors}
    assert "vòng" in by_row[(2, "Đơn vị cấp trên")]
    assert "KHONGCO" in by_row[(4, "Đơn vị cấp trên")]
    assert (5, "Đơn vị cấp trên") in by_row
    assert "Chỉ cơ quan" in by_row[(6, "Lĩnh vực quản lý")]
    assert "bay-luon" in by_row[(7, "Lĩnh vực quản lý")]
    assert "TCCNQP" in by_row[(8, "Loại đơn vị")]
    assert OrgUnit.objects.count() == 1  # the good row G1 was not written either


def test_users_get_roles_clearance_and_a_link_never_a_password(admin: User) -> None:
    run(OrgUnitImporter, admin, UNIT_HEADER + "Z111,Nhà máy Z111,,Doanh nghiệp,TCCNQP,\n")
    result = run(UserImporter, admin, USER_HEADER +
                 "z111.nam,Hoàng Văn Nam,Z111,enterprise_staff,Mật,Trợ lý kỹ thuật\n"
                 "lanhdao,Trần Minh Đức,TCCNQP,\"Lãnh đạo Tổng cục\",Tối mật,\n")
    assert result.ok, result.errors
    assert result.created == 2
    nam = User.objects.get(username="z111.nam")
    assert (nam.org_unit.code, nam.role_codes, nam.clearance, nam.title) == (
        "Z111", {"enterprise_staff"}, Classification.CONFIDENTIAL, "Trợ lý kỹ thuật")
    assert not nam.has_usable_password()
    assert [label for label, _link in result.links] == ["z111.nam", "lanhdao"]
    assert User.objects.get(username="lanhdao").role_codes == {"leadership"}
    # the link works for that user only
    Client().post(result.links[0][1], {"password": PASSWORD, "again": PASSWORD})
    nam.refresh_from_db()
    assert nam.check_password(PASSWORD)
    # the same username again updates the user and keeps their password
    again = run(UserImporter, admin, USER_HEADER +
                "z111.nam,Hoàng Văn Nam,Z111,enterprise_staff,Thường,Phó quản đốc\n")
    assert (again.created, again.updated, again.links) == (0, 1, [])
    nam.refresh_from_db()
    assert nam.clearance == Classification.UNCLASSIFIED and nam.check_password(PASSWORD)


def test_a_role_named_with_a_comma_is_one_role(admin: User) -> None:
    """"Cán bộ doanh nghiệp, viện" is the name the template lists: before, the comma split it
    into two unknown roles ("Cán bộ doanh nghiệp" and "viện")."""
    run(OrgUnitImporter, admin, UNIT_HEADER + "Z111,Nhà máy Z111,,Doanh nghiệp,TCCNQP,\n")
    result = run(UserImporter, admin, USER_HEADER +
                 "a,Người A,Z111,\"Cán bộ doanh nghiệp, viện\",Mật,\n"
                 "b,Người B,Z111,\"cán bộ doanh nghiệp,viện, Kiểm tra viên\",Mật,\n"
                 "c,Người C,Z111,\"enterprise_staff; auditor\",Mật,\n")
    assert result.ok, result.errors
    roles = {u.username: u.role_codes for u in User.objects.filter(username__in="abc")}
    assert roles == {"a": {"enterprise_staff"}, "b": {"enterprise_staff", "auditor"},
                     "c": {"enterprise_staff", "auditor"}}
    bad = run(UserImporter, admin, USER_HEADER +
              "d,Người D,Z111,\"Cán bộ doanh nghiệp, nhà máy\",Mật,\n")
    assert [(e.row, e.column) for e in bad.errors] == [(2, "Vai trò")]
    assert "nhà máy" in bad.errors[0].message


def test_a_bad_user_file_writes_nothing(admin: User) -> None:
    result = run(UserImporter, admin, USER_HEADER +
                 "a,Người A,TCCNQP,giam-doc,Mật,\n"
                 "b,Người B,KHONGCO,admin,Mật,\n"
                 "c,Người C,TCCNQP,admin,Tuyệt mật,\n"
                 "quantri,Nguyễn Văn Quản,TCCNQP,leadership,Mật,\n"
                 "d,Người D,TCCNQP,admin,Mật,\n")
    assert not result.ok
    by_row = {(e.row, e.column) for e in result.errors}
    assert {(2, "Vai trò"), (3, "Đơn vị"), (4, "Cấp độ mật được tiếp cận"),
            (5, "Tên đăng nhập")} <= by_row
    assert list(User.objects.values_list("username", flat=True)) == ["quantri"]


def test_the_import_pages_show_the_links_once(admin: User, client_for: Any) -> None:
    admin.set_password(PASSWORD)
    admin.save()
    client = client_for(admin)
    assert client.get("/import/units/").status_code == 200
    upload = csv(USER_HEADER + "btm,Đặng Văn Thắng,TCCNQP,department_staff,Mật,\n")
    upload.name = "nguoi-dung.csv"
    page = client.post("/import/users/", {"file": upload})
    html = page.content.decode()
    assert "Liên kết thiết lập dùng một lần" in html
    assert re.search(r"http://testserver/account/setup/\S+/", html)


def test_the_import_command_prints_each_new_users_link(admin: User, tmp_path: Any,
                                                       settings: Any) -> None:
    settings.CNQP_SITE_URL = "https://cnqp.example/"
    units = tmp_path / "don-vi.csv"
    units.write_text(UNIT_HEADER + "Z113,Nhà máy Z113,,Doanh nghiệp,TCCNQP,\n", "utf-8")
    users = tmp_path / "nguoi-dung.csv"
    users.write_text(USER_HEADER + "z113,Bùi Thị Lan,Z113,enterprise_staff,Mật,\n", "utf-8")
    out = io.StringIO()
    call_command("import_directory", "units", str(units), user="quantri", stdout=out)
    call_command("import_directory", "users", str(users), user="quantri", stdout=out)
    assert re.search(r"z113: https://cnqp\.example/account/setup/\S+/", out.getvalue())
    out = io.StringIO()
    call_command("setup_link", "z113", site_url="https://cnqp.example", stdout=out)
    assert out.getvalue().startswith("https://cnqp.example/account/setup/")
    with pytest.raises(CommandError, match="only for a user who has none"):
        User.objects.filter(username="z113").update(password="argon2$x")
        call_command("setup_link", "z113")
