"""Core: list pages, search, API lists and audit appends, against the raw database."""

from __future__ import annotations

import secrets

from django.db import connection

from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.models import OrgUnit


def _raw(sql: str, params: list[object] | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def cases(ctx: BenchContext) -> list[Case]:
    client = ctx.client
    collate = 'COLLATE "vi"'
    page_sql = (f"SELECT u.id, u.username, u.full_name, o.name, u.clearance, u.is_active "
                f"FROM core_user u JOIN core_orgunit o ON o.id = u.org_unit_id "
                f"ORDER BY u.full_name {collate}, u.id DESC LIMIT 25")

    def raw_list() -> object:
        _raw("SELECT count(*) FROM core_user")
        rows = _raw(page_sql)
        ids = [r[0] for r in rows]
        marks = ", ".join(["%s"] * len(ids))
        _raw(f"SELECT ur.user_id, r.code FROM core_user_roles ur JOIN core_role r "
             f"ON r.code = ur.role_id WHERE ur.user_id IN ({marks})", ids)
        return rows

    def raw_api() -> object:
        _raw("SELECT count(*) FROM core_user")
        return _raw("SELECT id, username, full_name, email, title, org_unit_id, clearance, "
                    "is_active, totp_enabled FROM core_user ORDER BY username LIMIT 50")

    def raw_search() -> object:
        _raw("SELECT count(*) FROM core_user WHERE search_text LIKE %s AND search_text LIKE %s",
             ["%nguyen%", "%dung%"])
        return _raw("SELECT id, full_name FROM core_user WHERE search_text LIKE %s AND "
                    "search_text LIKE %s ORDER BY id DESC LIMIT 25", ["%nguyen%", "%dung%"])

    unit = OrgUnit.objects.get(code="Z111")

    def append_audit() -> object:
        return audit.record(AuditAction.VIEW, actor=ctx.admin, obj=unit)

    def raw_insert() -> object:
        """The same row, hash computed in Python, no chain lock: the limit of one INSERT."""
        return _raw("INSERT INTO core_auditentry (at, actor_id, actor_name, source, action, "
                    "object_type, object_id, object_repr, classification, changes, prev_hash, "
                    "entry_hash) VALUES (CURRENT_TIMESTAMP, %s, 'admin', 'shell', 'view', "
                    "'core.orgunit', %s, %s, 0, '{}', %s, %s) RETURNING id",
                    [ctx.admin.pk, str(unit.pk), unit.name, "0" * 64, secrets.token_hex(32)])

    return [
        Case("users list page, sorted by name (vi collation)",
             lambda: client.get("/users/", {"sort": "full_name"}), raw_list,
             target="list page < 100 ms"),
        Case("users list page, search 'nguyen dung'",
             lambda: client.get("/users/", {"q": "nguyen dung"}), raw_search),
        Case("API /api/core/users?limit=50",
             lambda: client.get("/api/core/users", {"limit": 50}), raw_api),
        Case("org units list page (61 units)", lambda: client.get("/org-units/")),
        Case("audit append (HMAC chain, locked)", append_audit, raw_insert, repeat=200),
    ]
