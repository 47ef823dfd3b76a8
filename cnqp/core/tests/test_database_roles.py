"""The runtime role on PostgreSQL: the application's writes work as a role that does not own the
tables, and that role can neither change nor delete an audit entry, nor lift the triggers that
refuse it (`manage.py grant_runtime_role`, cnqp/core/dbroles.py)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cnqp.core import dbroles, services
from cnqp.core.audit.chain import verify_chain
from cnqp.core.choices import OrgUnitKind
from cnqp.core.models import AuditEntry, OrgUnit, User

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="database roles are PostgreSQL's")

TABLE = "core_auditentry"
# What a runtime role must not do, each refused by PostgreSQL itself: (statement, error).
REFUSED = [
    (f"UPDATE {TABLE} SET object_repr = object_repr", "permission denied for table"),
    (f"DELETE FROM {TABLE}", "permission denied for table"),
    (f"TRUNCATE {TABLE}", "permission denied for table"),
    (f"ALTER TABLE {TABLE} DISABLE TRIGGER USER", "must be owner of table"),
    (f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_append_only", "must be owner of table"),
    (f"DROP TRIGGER {TABLE}_append_only ON {TABLE}", "must be owner of"),
    ("CREATE OR REPLACE FUNCTION cnqp_refuse_change() RETURNS trigger AS $$ BEGIN RETURN OLD; "
     "END $$ LANGUAGE plpgsql", "permission denied for schema|must be owner of function"),
    ("SET session_replication_role = replica", "permission denied to set parameter"),
    (f"ALTER TABLE {TABLE} OWNER TO CURRENT_USER", "must be owner of table"),
    ("CREATE TABLE cnqp_not_allowed (id int)", "permission denied for schema"),
    ("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())",
     "permission denied for table"),
]


def run(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def as_runtime_role(db: Any) -> Iterator[str]:
    """A throwaway role made the runtime role by the command, then taken on for the rest of
    the test (SET ROLE: the same privilege checks as a connection of its own). The test's
    transaction is rolled back, the role with it."""
    role = f"cnqp_rt_{uuid.uuid4().hex[:10]}"
    run(f'CREATE ROLE "{role}" NOLOGIN')
    out = io.StringIO()
    call_command("grant_runtime_role", role, stdout=out)
    assert f"UPDATE {TABLE}: no" in out.getvalue()
    assert f"INSERT {TABLE}: yes" in out.getvalue()
    run(f'SET ROLE "{role}"')
    yield role
    run("RESET ROLE")


def test_the_application_writes_as_the_runtime_role(org: Any, admin_user: User,
                                                    as_runtime_role: str) -> None:
    before = AuditEntry.objects.count()
    unit = services.create_org_unit(admin_user, code="z199", name="Nhà máy Z199",
                                    kind=OrgUnitKind.ENTERPRISE, parent=org.root)
    services.update_org_unit(admin_user, unit, name="Nhà máy Z199 mới")
    services.delete_org_unit(admin_user, unit)

    assert not OrgUnit.objects.filter(code="Z199").exists()
    assert AuditEntry.objects.count() == before + 3  # appended, through the advisory lock
    assert verify_chain()[1] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_runtime_role


@pytest.mark.parametrize(("sql", "error"), REFUSED, ids=[sql[:40] for sql, _ in REFUSED])
def test_the_runtime_role_cannot_touch_the_audit_log_or_its_guard(
        org: Any, admin_user: User, as_runtime_role: str, sql: str, error: str) -> None:
    services.update_org_unit(admin_user, org.enterprise_a, name="Tên mới")  # an entry to protect
    with pytest.raises(DatabaseError, match=error), transaction.atomic():
        run(sql)
    assert AuditEntry.objects.filter(changes__name__1="Tên mới").exists()


def test_the_command_refuses_a_role_that_keeps_the_owners_powers(db: Any) -> None:
    with pytest.raises(CommandError, match="the role running this command"):
        call_command("grant_runtime_role", connection.settings_dict["USER"] or "postgres",
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="there is no role"):
        call_command("grant_runtime_role", "cnqp_no_such_role", stdout=io.StringIO())
    role = f"cnqp_rt_{uuid.uuid4().hex[:10]}"
    run(f'CREATE ROLE "{role}" SUPERUSER')
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_runtime_role", role, stdout=io.StringIO())
    member = f"cnqp_rt_{uuid.uuid4().hex[:10]}"
    run(f'CREATE ROLE "{member}" IN ROLE CURRENT_USER')
    with pytest.raises(CommandError, match="member of the owner role"):
        call_command("grant_runtime_role", member, stdout=io.StringIO())


def test_the_command_prints_its_sql(db: Any) -> None:
    out = io.StringIO()
    call_command("grant_runtime_role", "cnqp_app", "--print", stdout=out)
    assert f'REVOKE UPDATE, DELETE ON "public"."{TABLE}" FROM "cnqp_app";' in out.getvalue()


@pytest.fixture
def committed_runtime_role(db: Any) -> Iterator[dict[str, Any]]:
    """A role with LOGIN, granted over a connection of the owner's own that commits (the test's
    transaction would hide the grants from any other connection); dropped afterwards."""
    settings = connection.settings_dict
    params = {"dbname": settings["NAME"], "host": settings["HOST"] or None,
              "port": settings["PORT"] or None}
    role = f"cnqp_rt_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**params, user=settings["USER"], password=settings["PASSWORD"] or None,
                         autocommit=True) as owner:
        owner.execute(f'CREATE ROLE "{role}" LOGIN')  # trust authentication on the test server
        try:
            with owner.cursor() as cursor:
                dbroles.grant_runtime_role(cursor, role)
            yield {**params, "user": role}
        finally:
            owner.execute(f'DROP OWNED BY "{role}"')
            owner.execute(f'DROP ROLE "{role}"')


def test_a_connection_as_the_runtime_role_appends_but_cannot_rewrite(
        committed_runtime_role: dict[str, Any]) -> None:
    with psycopg.connect(**committed_runtime_role) as runtime:
        assert runtime.execute("SELECT current_user").fetchone() == (
            committed_runtime_role["user"],)
        runtime.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
        runtime.execute(
            f"INSERT INTO {TABLE} (at, actor_name, source, action, object_type, object_id, "
            "object_repr, classification, changes, prev_hash, entry_hash) "
            "VALUES (%s, '', 'shell', 'view', '', '', '', 0, '{}', %s, %s)",
            [timezone.now(), "0" * 64, uuid.uuid4().hex * 2])
        runtime.execute("UPDATE core_orgunit SET name = name WHERE id = -1")  # ordinary tables
        runtime.execute("DELETE FROM core_orgunit WHERE id = -1")
        runtime.execute("CREATE TEMPORARY TABLE staged (row_no bigint)")  # as bulk imports do
        runtime.rollback()
        for sql, error in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=error):
                runtime.execute(sql)
            runtime.rollback()
