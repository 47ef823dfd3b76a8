"""PostgreSQL roles of a deployment: the owner migrates, the application runs as another role.

The owner (the role `migrate` runs as) creates the tables, the triggers that keep the audit log
append-only and the functions behind them; only an owner (or a superuser) may `ALTER TABLE`,
disable a trigger, drop one or replace its function. The runtime role the application connects
as gets rows, not the schema: SELECT, INSERT, UPDATE and DELETE on every table of the schema,
except UPDATE and DELETE on the audit log (INSERT and SELECT only: entries are appended and
read) and any write to `django_migrations`; the sequences behind the ids; CONNECT and TEMPORARY
on the database (bulk imports stage rows in temporary tables). Nothing else: it cannot create
tables in the schema (PostgreSQL 15 gives PUBLIC no CREATE on `public`), truncate, or set
`session_replication_role` (superusers only), so the triggers hold against it, and the ORM's
refusal is no longer the only layer in the application's own process.

`runtime_grants` is the SQL; `grant_runtime_role` checks the role, applies it and reads the
result back (`manage.py grant_runtime_role ROLE`, as the owner, after every `migrate`; default
privileges give tables created by later migrations the same rights meanwhile).
"""

from __future__ import annotations

from typing import Any

from cnqp.core.dbsql import APPEND_ONLY_TABLE

READ_ONLY_TABLES = ("django_migrations",)


class RoleRefused(Exception):
    """The role cannot serve as the runtime role (it would keep what the grants take away)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def runtime_grants(role: str, *, schema: str, database: str) -> list[str]:
    """The statements, in order, that make `role` the runtime role (idempotent: everything is
    revoked first, so running them again after a migrate gives the same rights)."""
    r, s, db = _quote(role), _quote(schema), _quote(database)
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"REVOKE UPDATE, DELETE ON {s}.{_quote(APPEND_ONLY_TABLE)} FROM {r}",
        *(f"REVOKE INSERT, UPDATE, DELETE ON {s}.{_quote(table)} FROM {r}"
          for table in READ_ONLY_TABLES),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


def _one(cursor: Any, sql: str, params: list[Any]) -> Any:
    cursor.execute(sql, params)
    row = cursor.fetchone()
    return row[0] if row else None


def _refusal(cursor: Any, role: str, schema: str) -> str | None:
    """Why `role` cannot be the runtime role, or None."""
    if not _one(cursor, "SELECT count(*) FROM pg_roles WHERE rolname = %s", [role]):
        return f"there is no role {role!r}: CREATE ROLE {_quote(role)} LOGIN PASSWORD '...'"
    owner = _one(cursor, "SELECT current_user", [])
    if role == owner:
        return f"{role!r} is the role running this command, the owner: name another role"
    if _one(cursor, "SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role]):
        return f"{role!r} is a superuser: it bypasses every privilege and may disable triggers"
    if _one(cursor, "SELECT pg_has_role(%s, current_user, 'MEMBER')", [role]):
        return (f"{role!r} is a member of the owner role {owner!r}: it holds the owner's "
                "rights, ALTER TABLE included")
    owned = _one(cursor, "SELECT count(*) FROM pg_tables WHERE schemaname = %s "
                         "AND tableowner = %s", [schema, role])
    if owned:
        return f"{role!r} owns {owned} table(s) of schema {schema!r}: it could disable triggers"
    return None


def grant_runtime_role(cursor: Any, role: str) -> list[str]:
    """Make `role` the runtime role, run by the owner through a DB-API `cursor` (Django's or
    psycopg's). Raises RoleRefused for a role that would keep the owner's powers; returns the
    statements run."""
    schema = _one(cursor, "SELECT current_schema()", [])
    database = _one(cursor, "SELECT current_database()", [])
    refusal = _refusal(cursor, role, schema)
    if refusal:
        raise RoleRefused(refusal)
    statements = runtime_grants(role, schema=schema, database=database)
    for sql in statements:
        cursor.execute(sql)
    return statements


def runtime_rights(cursor: Any, role: str) -> dict[str, bool]:
    """What the role may do to the audit log and the schema, read back from the catalogue."""
    schema = _one(cursor, "SELECT current_schema()", [])
    table = f"{_quote(schema)}.{_quote(APPEND_ONLY_TABLE)}"
    rights = {f"{privilege} {APPEND_ONLY_TABLE}":
              _one(cursor, "SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
              for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")}
    rights[f"CREATE in schema {schema}"] = _one(
        cursor, "SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])
    return rights
