"""The audit log: what services record, where an entry comes from, the audit of reads, the
hash chain against tampering, append-only at every layer, and who may read the log."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from cnqp.core import audit, services
from cnqp.core.audit import chain as audit_chain
from cnqp.core.choices import AuditAction, AuditSource, Classification, OrgUnitKind
from cnqp.core.factories import AuditEntryFactory
from cnqp.core.models import ApiToken, AuditEntry, OrgUnit, User
from cnqp.core.models.audit import AppendOnlyError

TABLE = "core_auditentry"


# --- helpers ------------------------------------------------------------------------------


def _sqlite_triggers() -> list[str]:
    # The same statements as cnqp.core.dbsql.append_only_triggers.
    return [
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}: UPDATE refused'); END",
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}: DELETE refused'); END",
    ]


@contextmanager
def append_only_guard_lifted() -> Iterator[None]:
    """Let raw SQL change the audit table, as an attacker with database access could, and put
    the guard back afterwards. (Everything is rolled back with the test's transaction.)"""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # Deferred foreign-key checks queued by earlier inserts would forbid ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        elif vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {TABLE}_no_update")
            cursor.execute(f"DROP TRIGGER {TABLE}_no_delete")
        else:
            pytest.skip(f"no append-only guard known for {vendor}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            else:
                for sql in _sqlite_triggers():
                    cursor.execute(sql)


def raw(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def verify_command() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_command_fails(*entry_ids: int) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    for entry_id in entry_ids:
        assert f"entry {entry_id}:" in err.getvalue()


def body(response: Any) -> str:
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    return content.decode("utf-8-sig")


def rows(response: Any) -> list[AuditEntry]:
    return [obj for obj, _cells in response.context["rows"]]


@pytest.fixture
def auditor(org: Any, make_user: Any) -> User:
    return make_user(["auditor"], org.root, Classification.SECRET, username="kiemtra")


@pytest.fixture
def chain(admin_user: User) -> list[AuditEntry]:
    """Five genuine entries, written by services, the shell and a request context."""
    unit = services.create_org_unit(admin_user, code="z199", name="Nhà máy Z199",
                                    kind=OrgUnitKind.ENTERPRISE,
                                    parent=OrgUnit.objects.get(code="TCCNQP"))
    services.update_org_unit(admin_user, unit, name="Nhà máy Z199 (đổi tên)")
    with audit.audit_context(AuditSource.WEB, "2001:0DB8:0000::0001"):
        AuditEntryFactory(action=AuditAction.VIEW, actor=admin_user, obj=unit,
                          classification=Classification.SECRET)
    with audit.audit_context(AuditSource.API, "10.0.0.7"):
        AuditEntryFactory(action=AuditAction.EXPORT, actor=admin_user, object_type="core.orgunit",
                          changes={"count": 3, "ids": [1, 2], "nested": {"đ": 1.5}})
    AuditEntryFactory(action=AuditAction.LOGIN_FAILED, object_repr="khách")
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) == 5
    return entries


# --- what services record -----------------------------------------------------------------


def test_create_is_audited_with_every_field(org: Any, admin_user: User) -> None:
    unit = services.create_org_unit(admin_user, code="z199", name="Nhà máy Z199",
                                    kind=OrgUnitKind.ENTERPRISE, parent=org.root)

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor_id == admin_user.pk
    assert entry.actor_name == "admin"
    assert entry.object_type == "core.orgunit"
    assert entry.object_id == str(unit.pk)
    assert entry.object_repr == "Nhà máy Z199"
    assert entry.changes["code"] == [None, "Z199"]
    assert entry.changes["name"] == [None, "Nhà máy Z199"]
    assert entry.changes["path"] == [None, "TCCNQP/Z199/"]
    assert entry.changes["parent"] == [None, org.root.pk]
    assert "search_text" not in entry.changes


def test_update_records_before_and_after(org: Any, admin_user: User) -> None:
    unit = org.enterprise_a
    services.update_org_unit(admin_user, unit, name="Nhà máy Z111 mới")

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.UPDATE
    assert entry.actor_id == admin_user.pk
    assert entry.object_type == "core.orgunit"
    assert entry.object_id == str(unit.pk)
    assert entry.object_repr == "Nhà máy Z111 mới"
    assert entry.changes["name"] == ["Nhà máy Z111", "Nhà máy Z111 mới"]
    # Only what changed (and the timestamp the save moved) is recorded.
    assert set(entry.changes) <= {"name", "updated_at"}


def test_update_without_change_writes_nothing(org: Any, admin_user: User) -> None:
    services.update_org_unit(admin_user, org.enterprise_a, name="Nhà máy Z111")
    assert not AuditEntry.objects.filter(changes__has_key="name").exists()


def test_moving_a_unit_records_its_new_path(org: Any, admin_user: User) -> None:
    services.update_org_unit(admin_user, org.workshop_a1, parent=org.enterprise_b)
    entry = AuditEntry.objects.get()
    assert entry.changes["parent"] == [org.enterprise_a.pk, org.enterprise_b.pk]
    assert entry.changes["path"] == ["TCCNQP/Z111/Z111-PX1/", "TCCNQP/Z113/Z111-PX1/"]


def test_delete_records_the_last_values(org: Any, admin_user: User) -> None:
    unit = services.create_org_unit(admin_user, code="z199", name="Nhà máy Z199",
                                    kind=OrgUnitKind.ENTERPRISE, parent=org.root)
    pk = unit.pk
    services.delete_org_unit(admin_user, unit)

    entry = AuditEntry.objects.filter(action=AuditAction.DELETE).get()
    assert entry.actor_id == admin_user.pk
    assert entry.object_type == "core.orgunit"
    assert entry.object_id == str(pk)
    assert entry.object_repr == "Nhà máy Z199"
    assert entry.changes["code"] == ["Z199", None]
    assert entry.changes["name"] == ["Nhà máy Z199", None]


def test_user_writes_never_record_secrets(org: Any, admin_user: User) -> None:
    user = services.create_user(admin_user, username="lethic", full_name="Lê Thị C",
                                org_unit=org.enterprise_a, password="Mat-khau-rat-dai-42",
                                roles=["enterprise_staff"])
    services.start_totp_enrolment(user)
    services.update_user(admin_user, user, roles=["enterprise_staff", "auditor"],
                         title="Trưởng phòng")

    entries = list(AuditEntry.objects.filter(object_id=str(user.pk)).order_by("id"))
    created = entries[0]
    assert created.action == AuditAction.CREATE
    assert created.changes["username"] == [None, "lethic"]
    role_changes = [e.changes["roles"] for e in entries if "roles" in e.changes]
    assert role_changes[0][1] == ["enterprise_staff"]  # with the creation or right after it
    assert role_changes[-1] == [["enterprise_staff"], ["auditor", "enterprise_staff"]]
    assert {"title": ["", "Trưởng phòng"]} in [e.changes for e in entries]
    for entry in entries:
        assert entry.actor_id == admin_user.pk
        assert "password" not in entry.changes
        assert "totp_secret" not in entry.changes
        assert "Mat-khau" not in str(entry.changes)
        assert user.totp_secret not in str(entry.changes)


# --- where an entry comes from ------------------------------------------------------------


def test_write_outside_a_request_is_audited_as_shell(org: Any, admin_user: User) -> None:
    services.update_org_unit(admin_user, org.enterprise_a, name="Tên mới")
    entry = AuditEntry.objects.get()
    assert entry.source == AuditSource.SHELL
    assert entry.address is None


def test_write_without_actor_is_still_audited(org: Any) -> None:
    services.update_org_unit(None, org.enterprise_a, name="Tên mới")
    entry = AuditEntry.objects.get()
    assert entry.actor_id is None
    assert entry.actor_name == ""
    assert entry.changes["name"] == ["Nhà máy Z111", "Tên mới"]


def test_audited_command_is_audited_as_command(org: Any, make_user: Any) -> None:
    user = make_user(["enterprise_staff"], org.enterprise_a, username="nguyenvana")
    out = io.StringIO()

    call_command("create_token", "nguyenvana", "--name", "máy in", stdout=out)

    raw_token = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.digest == ApiToken.digest_of(raw_token)
    entry = AuditEntry.objects.get()
    assert entry.source == AuditSource.COMMAND
    assert entry.action == AuditAction.CREATE
    assert entry.actor_id == user.pk
    assert entry.object_type == "core.apitoken"
    assert entry.object_id == str(token.pk)
    assert "digest" not in entry.changes
    assert raw_token not in str(entry.changes)
    # The command's context ends with it.
    services.update_org_unit(None, org.enterprise_a, name="Tên mới")
    assert AuditEntry.objects.order_by("-id").first().source == AuditSource.SHELL


def test_request_gives_source_and_address(auditor: User, client_for: Any) -> None:
    secret = AuditEntryFactory(classification=Classification.SECRET)
    client = client_for(auditor)

    client.get(f"/audit/{secret.pk}/", REMOTE_ADDR="10.1.2.3")
    client.get(f"/api/core/audit/{secret.pk}", REMOTE_ADDR="10.1.2.4")

    web, api = AuditEntry.objects.filter(action=AuditAction.VIEW).exclude(pk=secret.pk) \
        .order_by("id")
    assert (web.source, web.address) == (AuditSource.WEB, "10.1.2.3")
    assert (api.source, api.address) == (AuditSource.API, "10.1.2.4")


# --- the audit of reads -------------------------------------------------------------------


def test_viewing_a_classified_record_is_audited(auditor: User, client_for: Any) -> None:
    secret = AuditEntryFactory(classification=Classification.SECRET, object_repr="hồ sơ mật")
    client = client_for(auditor)

    response = client.get(f"/audit/{secret.pk}/")

    assert response.status_code == 200
    view = AuditEntry.objects.exclude(pk=secret.pk).get()
    assert view.action == AuditAction.VIEW
    assert view.actor_id == auditor.pk
    assert view.object_type == "core.auditentry"
    assert view.object_id == str(secret.pk)
    assert view.classification == Classification.SECRET


def test_viewing_an_unclassified_record_is_not_audited(auditor: User, client_for: Any) -> None:
    plain = AuditEntryFactory(classification=Classification.UNCLASSIFIED)
    response = client_for(auditor).get(f"/audit/{plain.pk}/")
    assert response.status_code == 200
    assert list(AuditEntry.objects.all()) == [plain]


def test_record_read_audits_only_classified_objects(org: Any, auditor: User) -> None:
    from cnqp.documents.factories import DocumentSetFactory

    unit = DocumentSetFactory(owner_unit=org.enterprise_a)
    before = AuditEntry.objects.count()
    assert audit.record_read(AuditAction.DOWNLOAD, actor=auditor, obj=unit) is None
    assert AuditEntry.objects.count() == before

    # The level is read through the model's declared scope, as scoping reads it.
    unit.classification = Classification.CONFIDENTIAL
    entry = audit.record_read(AuditAction.DOWNLOAD, actor=auditor, obj=unit)

    assert entry is not None
    assert entry.action == AuditAction.DOWNLOAD
    assert entry.classification == Classification.CONFIDENTIAL
    assert entry.object_id == str(unit.pk)
    assert entry.actor_id == auditor.pk


def test_listing_classified_records_is_audited(auditor: User, client_for: Any) -> None:
    secret = AuditEntryFactory(classification=Classification.SECRET)
    confidential = AuditEntryFactory(classification=Classification.CONFIDENTIAL)
    AuditEntryFactory(classification=Classification.UNCLASSIFIED)

    response = client_for(auditor).get("/audit/")

    assert response.status_code == 200
    listing = AuditEntry.objects.get(action=AuditAction.LIST)
    assert listing.actor_id == auditor.pk
    assert listing.object_type == "core.auditentry"
    assert listing.classification == Classification.SECRET
    assert sorted(listing.changes["ids"]) == sorted([secret.pk, confidential.pk])


# --- the hash chain -----------------------------------------------------------------------


def test_chain_is_clean_after_several_records(chain: list[AuditEntry]) -> None:
    assert chain[0].prev_hash == audit_chain.GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.entry_hash
    assert chain[2].address == "2001:db8::1"
    assert audit_chain.verify_chain() == (5, [])
    out, err = verify_command()
    assert f"audit chain intact: 5 entries; head entry {chain[-1].pk}" in out
    assert err == ""


def test_chain_check_walks_in_batches(chain: list[AuditEntry]) -> None:
    assert audit_chain.verify_chain(batch_size=2) == (5, [])


def test_empty_log_verifies(db: Any) -> None:
    assert audit_chain.verify_chain() == (0, [])
    assert "empty log" in verify_command()[0]


def test_editing_an_entry_is_detected(chain: list[AuditEntry]) -> None:
    target = chain[2]
    with append_only_guard_lifted():
        raw(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["không có gì", target.pk])

    checked, problems = audit_chain.verify_chain()

    assert checked == 5
    assert [(p.entry_id, p.problem) for p in problems] == [
        (target.pk, "content altered or entry forged")]
    assert_command_fails(target.pk)


def test_editing_changes_json_is_detected(chain: list[AuditEntry]) -> None:
    target = chain[1]
    assert target.changes["name"][0] == "Nhà máy Z199"
    altered = {**target.changes, "name": ["Nhà máy Z199", "tên khác"]}
    changes_field = AuditEntry._meta.get_field("changes")
    with append_only_guard_lifted():
        raw(f"UPDATE {TABLE} SET changes = %s WHERE id = %s",
            [changes_field.get_db_prep_value(altered, connection), target.pk])
    assert AuditEntry.objects.get(pk=target.pk).changes == altered

    _checked, problems = audit_chain.verify_chain()
    assert [p.entry_id for p in problems] == [target.pk]
    assert_command_fails(target.pk)


def test_editing_an_entry_and_its_hash_is_detected(chain: list[AuditEntry]) -> None:
    """Without the key, a recomputed hash does not hold either."""
    target = chain[1]
    target.actor_name = "nguoikhac"
    with override_settings(AUDIT_KEY="the attacker's guess"):
        forged_hash = audit_chain.compute_hash(target)
    with append_only_guard_lifted():
        raw(f"UPDATE {TABLE} SET actor_name = %s, entry_hash = %s WHERE id = %s",
            ["nguoikhac", forged_hash, target.pk])

    _checked, problems = audit_chain.verify_chain()

    problem_ids = {p.entry_id for p in problems}
    assert target.pk in problem_ids
    assert chain[2].pk in problem_ids  # its link to the altered entry broke too
    assert_command_fails(target.pk, chain[2].pk)


def test_deleting_a_middle_entry_is_detected(chain: list[AuditEntry]) -> None:
    with append_only_guard_lifted():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [chain[2].pk])

    checked, problems = audit_chain.verify_chain()

    assert checked == 4
    assert [(p.entry_id, p.problem) for p in problems] == [
        (chain[3].pk, "link broken: an entry before it was deleted, inserted or altered")]
    assert_command_fails(chain[3].pk)


def test_deleting_an_entry_and_relinking_is_detected(chain: list[AuditEntry]) -> None:
    with append_only_guard_lifted():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [chain[2].pk])
        raw(f"UPDATE {TABLE} SET prev_hash = %s WHERE id = %s",
            [chain[1].entry_hash, chain[3].pk])

    _checked, problems = audit_chain.verify_chain()

    assert [(p.entry_id, p.problem) for p in problems] == [
        (chain[3].pk, "content altered or entry forged")]
    assert_command_fails(chain[3].pk)


def test_inserting_a_forged_entry_is_detected(chain: list[AuditEntry]) -> None:
    forged = AuditEntry(at=timezone.now(), actor_name="admin", source=AuditSource.WEB,
                        action=AuditAction.DELETE, object_type="core.orgunit", object_id="1",
                        object_repr="giả mạo", classification=Classification.UNCLASSIFIED,
                        changes={}, prev_hash=chain[-1].entry_hash)
    with override_settings(AUDIT_KEY="the attacker's guess"):
        forged.entry_hash = audit_chain.compute_hash(forged)
    forged.save()  # inserting needs no trigger lifted: only UPDATE and DELETE are refused
    genuine_after = AuditEntryFactory()

    checked, problems = audit_chain.verify_chain()

    assert checked == 7
    assert [(p.entry_id, p.problem) for p in problems] == [
        (forged.pk, "content altered or entry forged")]
    assert genuine_after.prev_hash == forged.entry_hash
    assert_command_fails(forged.pk)


def test_inserting_with_raw_sql_is_detected(chain: list[AuditEntry]) -> None:
    raw(
        f"INSERT INTO {TABLE} (at, actor_name, source, action, object_type, object_id, "
        "object_repr, classification, changes, prev_hash, entry_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [timezone.now(), "admin", "web", "login", "core.user", "", "", 0, "{}",
         chain[-1].entry_hash, "f" * 64],
    )
    forged = AuditEntry.objects.order_by("-id").first()
    _checked, problems = audit_chain.verify_chain()
    assert [p.entry_id for p in problems] == [forged.pk]
    assert_command_fails(forged.pk)


def test_non_canonical_addresses_do_not_break_the_chain(db: Any) -> None:
    for address in ("2001:0DB8:0000:0000:0000:0000:0000:0001", "::FFFF:10.0.0.1", "::1",
                    "192.168.1.10", "not-an-address"):
        with audit.audit_context(AuditSource.WEB, address):
            AuditEntryFactory()
    assert list(AuditEntry.objects.order_by("id").values_list("address", flat=True)) == [
        "2001:db8::1", "::ffff:10.0.0.1", "::1", "192.168.1.10", None]
    assert audit_chain.verify_chain() == (5, [])


def test_chain_depends_on_the_key(chain: list[AuditEntry]) -> None:
    with override_settings(AUDIT_KEY="another key"):
        _checked, problems = audit_chain.verify_chain()
    assert {p.entry_id for p in problems} == {e.pk for e in chain}


# --- append-only, at every layer ----------------------------------------------------------


def test_orm_refuses_to_change_entries(chain: list[AuditEntry]) -> None:
    entry = chain[0]
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    entry.object_repr = "x"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["object_repr"])
    assert AuditEntry.objects.count() == 5
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "x"
    assert audit_chain.verify_chain() == (5, [])


def test_database_refuses_raw_update(chain: list[AuditEntry]) -> None:
    entry = chain[1]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["x", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


def test_database_refuses_raw_delete(chain: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [chain[1].pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"DELETE FROM {TABLE}")
    assert AuditEntry.objects.count() == 5


def test_database_refuses_truncate(chain: list[AuditEntry]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # else pending foreign-key checks refuse it first
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"TRUNCATE {TABLE}")
    assert AuditEntry.objects.count() == 5


def test_guard_is_back_after_lifting(chain: list[AuditEntry]) -> None:
    with append_only_guard_lifted():
        pass
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"UPDATE {TABLE} SET object_repr = 'x'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"DELETE FROM {TABLE}")


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/audit/{pk}/edit/"),
    ("get", "/audit/{pk}/edit/"),
    ("post", "/audit/{pk}/delete/"),
    ("get", "/audit/{pk}/delete/"),
    ("post", "/audit/new/"),
    ("post", "/audit/{pk}/"),
    ("delete", "/audit/{pk}/"),
    ("patch", "/api/core/audit/{pk}"),
    ("put", "/api/core/audit/{pk}"),
    ("delete", "/api/core/audit/{pk}"),
    ("post", "/api/core/audit"),
])
def test_no_url_changes_audit_entries(chain: list[AuditEntry], admin_user: User,
                                      client_for: Any, method: str, path: str) -> None:
    entry = chain[0]
    client = client_for(admin_user)
    response = getattr(client, method)(path.format(pk=entry.pk),
                                       data={"object_repr": "x", "action": "delete"},
                                       content_type="application/json")
    assert response.status_code in (404, 405)
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in chain]).count() == 5
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr
    assert audit_chain.verify_chain()[1] == []


# --- who reads the log --------------------------------------------------------------------


def test_auditor_lists_and_filters_the_log(auditor: User, client_for: Any) -> None:
    logins = [AuditEntryFactory(action=AuditAction.LOGIN, object_type="core.user")
              for _ in range(2)]
    others = [AuditEntryFactory(action=AuditAction.CREATE) for _ in range(2)]
    client = client_for(auditor)

    response = client.get("/audit/")
    assert response.status_code == 200
    assert {e.pk for e in rows(response)} >= {e.pk for e in logins + others}

    response = client.get("/audit/", {"action": AuditAction.LOGIN})
    assert response.status_code == 200
    assert {e.pk for e in rows(response)} == {e.pk for e in logins}
    assert all(e.action == AuditAction.LOGIN for e in rows(response))

    response = client.get(f"/audit/{logins[0].pk}/")
    assert response.status_code == 200


def test_auditor_reads_the_log_through_the_api(auditor: User, client_for: Any) -> None:
    login = AuditEntryFactory(action=AuditAction.LOGIN)
    AuditEntryFactory(action=AuditAction.CREATE)
    response = client_for(auditor).get("/api/core/audit", {"action": "login"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [login.pk]


def test_auditor_cannot_change_org_units(auditor: User, client_for: Any, org: Any) -> None:
    client = client_for(auditor)
    assert client.get(f"/org-units/{org.enterprise_a.pk}/edit/").status_code in (403, 404)


def test_staff_without_permission_sees_no_entry(org: Any, make_user: Any,
                                                client_for: Any) -> None:
    entry = AuditEntryFactory(action=AuditAction.LOGIN, object_repr="dấu vết riêng")
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.TOP_SECRET)
    assert not staff.has_perm("core.view_auditentry")
    client = client_for(staff)

    response = client.get("/audit/")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert rows(response) == []
    assert "dấu vết riêng" not in response.content.decode()

    assert client.get(f"/audit/{entry.pk}/").status_code in (403, 404)
    api = client.get("/api/core/audit")
    assert api.status_code in (200, 403)
    if api.status_code == 200:
        assert api.json()["count"] == 0
        assert api.json()["items"] == []
    assert client.get(f"/api/core/audit/{entry.pk}").status_code in (403, 404)
    export = client.get("/audit/", {"export": "csv"})
    assert "dấu vết riêng" not in body(export)


def test_admin_reads_the_log(admin_user: User, client_for: Any) -> None:
    entry = AuditEntryFactory(action=AuditAction.LOGIN)
    response = client_for(admin_user).get("/audit/")
    assert response.status_code == 200
    assert entry.pk in {e.pk for e in rows(response)}


def test_auditor_sees_only_up_to_clearance(org: Any, make_user: Any, client_for: Any) -> None:
    low = make_user(["auditor"], org.root, Classification.CONFIDENTIAL, username="kiemtra2")
    plain = AuditEntryFactory(classification=Classification.UNCLASSIFIED)
    confidential = AuditEntryFactory(classification=Classification.CONFIDENTIAL)
    secret = AuditEntryFactory(classification=Classification.SECRET, object_repr="bí mật")
    top = AuditEntryFactory(classification=Classification.TOP_SECRET, object_repr="tuyệt mật")
    client = client_for(low)

    response = client.get("/audit/")
    shown = {e.pk for e in rows(response)}
    assert {plain.pk, confidential.pk} <= shown
    assert secret.pk not in shown
    assert top.pk not in shown
    content = response.content.decode()
    assert "bí mật" not in content
    assert "tuyệt mật" not in content

    assert client.get(f"/audit/{confidential.pk}/").status_code == 200
    assert client.get(f"/audit/{secret.pk}/").status_code == 404
    assert client.get(f"/audit/{top.pk}/").status_code == 404

    # Filtering for the level itself shows nothing either.
    response = client.get("/audit/", {"classification": Classification.SECRET})
    assert rows(response) == []

    api = client.get("/api/core/audit", {"limit": 500}).json()
    ids = {item["id"] for item in api["items"]}
    assert {plain.pk, confidential.pk} <= ids
    assert not ids & {secret.pk, top.pk}
    assert client.get(f"/api/core/audit/{secret.pk}").status_code == 404

    export = body(client.get("/audit/", {"export": "csv"}))
    assert "bí mật" not in export
    assert "tuyệt mật" not in export
    exported_ids = {int(row[0]) for row in list(csv.reader(io.StringIO(export)))[1:]}
    assert {plain.pk, confidential.pk} <= exported_ids
    assert not exported_ids & {secret.pk, top.pk}


# --- the client address behind a reverse proxy ---------------------------------------------


def _request(remote: str, forwarded: str = "") -> Any:
    from django.test import RequestFactory

    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings) -> None:
    from cnqp.core.audit.context import client_address

    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "10.0.0.1")) == "203.0.113.9"


def test_trusted_proxy_gives_its_last_hop_only(settings) -> None:
    """A client may send its own X-Forwarded-For; only the hop the proxy appended counts."""
    from cnqp.core.audit.context import client_address

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"


def test_csv_export_prints_ids_as_identifiers(auditor: User, client_for: Any) -> None:
    """An id is a name, not a quantity: the CSV has 123456, never the grouped "123.456"."""
    entry = AuditEntryFactory(classification=Classification.UNCLASSIFIED)
    # The same row again under a large id, as a long-running system has (inserting is allowed).
    fields = {f.attname: getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields}
    fields.update(id=123456, entry_hash="f" * len(entry.entry_hash))
    entry = AuditEntry.objects.bulk_create([AuditEntry(**fields)])[0]
    export = body(client_for(auditor).get("/audit/", {"export": "csv"}))
    ids = {row[0] for row in list(csv.reader(io.StringIO(export)))[1:]}
    assert str(entry.pk) in ids
    assert "123.456" not in export


def test_records_created_in_bulk_are_chained_as_one_by_one(org: Any, admin_user: User) -> None:
    """`record_created` writes the entries `record` would, in one insert: each over the one
    before, after the existing head, with the record's level and whole snapshot."""
    audit.record(AuditAction.VIEW, actor=admin_user, obj=org.root)
    units = [org.enterprise_a, org.enterprise_b, org.user_unit]
    entries = audit.record_created(admin_user, units)
    assert [e.object_id for e in entries] == [str(u.pk) for u in units]
    assert all(e.action == AuditAction.CREATE and e.actor == admin_user for e in entries)
    assert entries[0].changes["code"] == [None, org.enterprise_a.code]
    assert audit_chain.verify_chain()[1] == []
    assert AuditEntry.objects.order_by("-id").first().entry_hash == entries[-1].entry_hash
