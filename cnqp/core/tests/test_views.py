"""The generic views: list (sort, paging, htmx partial, export), detail with history, htmx
create and edit through the services, delete, and the permission answers."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from cnqp.core.choices import AuditAction, Classification, OrgUnitKind
from cnqp.core.factories import AuditEntryFactory, OrgUnitFactory
from cnqp.core.models import AuditEntry, OrgUnit, User

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_list_sorts_in_vietnamese_order_both_ways(org, admin_user, client_for):
    for code, name in (("A1", "Ân"), ("A2", "An"), ("A3", "Đông"), ("A4", "Dũng")):
        OrgUnitFactory(code=code, name=name, parent=org.root)
    client = client_for(admin_user)
    rows = client.get("/org-units/", {"sort": "name", "kind": OrgUnitKind.ENTERPRISE,
                                      "q": ""}).context["rows"]
    names = [obj.name for obj, _cells in rows if obj.code.startswith("A")]
    assert names == ["An", "Ân", "Dũng", "Đông"]
    rows = client.get("/org-units/", {"sort": "-name"}).context["rows"]
    names = [obj.name for obj, _cells in rows if obj.code.startswith("A")]
    assert names == ["Đông", "Dũng", "Ân", "An"]


def test_unknown_sort_key_is_ignored_not_an_error(org, admin_user, client_for):
    response = client_for(admin_user).get("/org-units/", {"sort": "password"})
    assert response.status_code == 200


def test_pagination_and_page_size(org, admin_user, client_for):
    for i in range(30):
        OrgUnitFactory(code=f"P{i:02d}", parent=org.root)
    client = client_for(admin_user)
    page = client.get("/org-units/").context["page"]
    assert page.paginator.per_page == 25
    assert page.paginator.count == 36
    second = client.get("/org-units/", {"page": 2}).context["page"]
    assert len(second.object_list) == 11
    assert client.get("/org-units/", {"per_page": 50}).context["page"].paginator.per_page == 50
    assert client.get("/org-units/", {"per_page": 7}).context["page"].paginator.per_page == 25


def test_htmx_request_gets_the_table_alone(org, admin_user, client_for):
    response = client_for(admin_user).get("/org-units/", {"q": "z111"}, **HTMX)
    html = response.content.decode()
    assert "<table" in html
    assert "<html" not in html
    assert "Nhà máy Z111" in html


def test_list_counts_are_printed_the_vietnamese_way(org, admin_user, client_for):
    for i in range(1000):
        OrgUnit(code=f"N{i:04d}", name=f"Đơn vị {i}", kind=OrgUnitKind.USER_UNIT,
                parent=org.root, path=f"TCCNQP/N{i:04d}/").save()
    html = client_for(admin_user).get("/org-units/").content.decode()
    assert "1.006 bản ghi" in html


def test_exports_carry_vietnamese_headers_and_values(org, admin_user, client_for):
    client = client_for(admin_user)
    response = client.get("/org-units/", {"q": "z111", "export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="org-units-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã", "Tên"]
    assert rows[1][:2] == ["Z111", "Nhà máy Z111"]
    assert "Doanh nghiệp, nhà máy" in rows[1]
    workbook = load_workbook(io.BytesIO(client.get("/org-units/", {"export": "xlsx"}).content))
    sheet = workbook.active
    assert sheet.cell(1, 1).value == "Mã"
    assert sheet.max_row == 1 + OrgUnit.objects.count()
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.actor == admin_user
    assert entry.changes["format"] == "xlsx"
    assert entry.changes["count"] == OrgUnit.objects.count()


def test_create_through_htmx_redirects_and_audits(org, admin_user, client_for):
    client = client_for(admin_user)
    form = client.get("/org-units/new/")
    assert form.status_code == 200
    response = client.post("/org-units/new/", {
        "code": "z199", "name": "Nha\u0300 ma\u0301y Z199",  # typed decomposed (NFD)
        "kind": OrgUnitKind.ENTERPRISE, "parent": org.root.pk, "is_active": "on",
    }, **HTMX)
    assert response.status_code == 204
    unit = OrgUnit.objects.get(code="Z199")
    assert response["HX-Redirect"] == f"/org-units/{unit.pk}/"
    assert unit.name == "Nhà máy Z199"  # stored composed (NFC)
    assert unit.path == "TCCNQP/Z199/"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(unit.pk),
                                   object_type="core.orgunit")
    assert entry.actor == admin_user
    assert entry.changes["name"] == [None, "Nhà máy Z199"]


def test_invalid_htmx_post_returns_the_form_with_errors_and_writes_nothing(org, admin_user,
                                                                           client_for):
    before = AuditEntry.objects.count()
    response = client_for(admin_user).post("/org-units/new/", {
        "code": "Z111", "name": "", "kind": OrgUnitKind.ENTERPRISE, "parent": org.root.pk,
    }, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html and "<html" not in html
    errors = response.context["form"].errors
    assert "name" in errors and "code" in errors
    assert OrgUnit.objects.filter(code="Z111").count() == 1
    assert AuditEntry.objects.count() == before


def test_service_rule_errors_land_on_the_form(org, admin_user, client_for):
    """The directorate has no parent: a rule of the service, not of the form."""
    response = client_for(admin_user).post("/org-units/new/", {
        "code": "ROOT2", "name": "Tổng cục 2", "kind": OrgUnitKind.DIRECTORATE,
        "parent": org.root.pk,
    })
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not OrgUnit.objects.filter(code="ROOT2").exists()


def test_edit_records_before_and_after_and_shows_in_history(org, admin_user, client_for):
    client = client_for(admin_user)
    unit = org.enterprise_b
    response = client.post(f"/org-units/{unit.pk}/edit/", {
        "code": unit.code, "name": "Nhà máy Z113 (mới)", "kind": unit.kind,
        "parent": org.root.pk, "head_name": unit.head_name, "is_active": "on",
    })
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                      object_id=str(unit.pk)).latest("id")
    assert entry.changes == {"name": ["Nhà máy Z113", "Nhà máy Z113 (mới)"]}
    detail = client.get(f"/org-units/{unit.pk}/")
    assert entry in [row.entry for row in detail.context["history"]]
    assert "Nhà máy Z113 (mới)" in detail.content.decode()
    assert "Tên: Nhà máy Z113 → Nhà máy Z113 (mới)" in detail.content.decode()  # by its name


def test_moving_a_unit_moves_its_subtree(org, admin_user, client_for):
    client_for(admin_user).post(f"/org-units/{org.enterprise_a.pk}/edit/", {
        "code": "Z111", "name": "Nhà máy Z111", "kind": OrgUnitKind.ENTERPRISE,
        "parent": org.department.pk, "is_active": "on",
    })
    org.workshop_a1.refresh_from_db()
    assert org.workshop_a1.path == "TCCNQP/QLCN/Z111/Z111-PX1/"


def test_delete_confirms_then_deletes_and_refuses_when_referenced(org, admin_user, client_for):
    client = client_for(admin_user)
    spare = OrgUnitFactory(code="SPARE", parent=org.root)
    assert client.get(f"/org-units/{spare.pk}/delete/").status_code == 200
    assert client.post(f"/org-units/{spare.pk}/delete/").status_code == 302
    assert not OrgUnit.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=str(spare.pk)).exists()
    # Z111 still has a workshop under it: refused with a message, nothing deleted.
    response = client.post(f"/org-units/{org.enterprise_a.pk}/delete/", follow=True)
    assert OrgUnit.objects.filter(pk=org.enterprise_a.pk).exists()
    assert any("still referenced" in str(m) or "tham chiếu" in str(m)
               for m in response.context["messages"])


def test_staff_without_the_permission_get_403_on_visible_records(org, make_user, client_for):
    """403 is for what a user sees but may not change; 404 stays for what they cannot see."""
    client = client_for(make_user(["enterprise_staff"], org.enterprise_a))
    assert client.get("/org-units/new/").status_code == 403
    assert client.get(f"/org-units/{org.enterprise_a.pk}/edit/").status_code == 403
    assert client.post(f"/org-units/{org.enterprise_a.pk}/delete/").status_code == 403
    assert client.get(f"/org-units/{org.enterprise_a.pk}/").status_code == 200


def test_admin_creates_a_user_with_roles_through_the_form(org, admin_user, client_for):
    response = client_for(admin_user).post("/users/new/", {
        "username": "moi", "full_name": "Người Mới", "org_unit": org.enterprise_a.pk,
        "clearance": Classification.CONFIDENTIAL, "is_active": "on",
        "roles": ["enterprise_staff"], "password": "Mật-khẩu-đủ-dài-2026",
    })
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="moi")
    assert user.role_codes == {"enterprise_staff"}
    assert user.check_password("Mật-khẩu-đủ-dài-2026")
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(user.pk),
                                     object_type="core.user")
    assert created.changes["roles"] == [None, ["enterprise_staff"]]
    assert "password" not in created.changes


def test_weak_password_is_refused_on_the_password_field(org, admin_user, client_for):
    response = client_for(admin_user).post("/users/new/", {
        "username": "yeu", "full_name": "Mật khẩu yếu", "org_unit": org.enterprise_a.pk,
        "clearance": 0, "is_active": "on", "password": "12345678",
    })
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="yeu").exists()


def test_classified_rows_show_a_red_marking(org, make_user, client_for):
    auditor = make_user(["auditor"], org.root, Classification.SECRET)
    AuditEntryFactory(classification=Classification.SECRET, object_repr="Bộ TLTK mật")
    html = client_for(auditor).get("/audit/").content.decode()
    assert 'class="badge marking marking-2"' in html
    assert "Tối mật" in html


def test_anonymous_users_are_sent_to_log_in(db, client: Any):
    response = client.get("/org-units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
