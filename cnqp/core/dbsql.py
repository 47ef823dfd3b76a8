"""Database-specific SQL that migrations apply, one function per concern, for both vendors.
Apps call these from their own migrations (a trigram index for each searchable model)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

APPEND_ONLY_TABLE = "core_auditentry"


def _run(schema_editor: Any, statements: list[str]) -> None:
    for sql in statements:
        schema_editor.execute(sql, params=None)  # no placeholders: % stays literal


def append_only_triggers(table: str) -> migrations.RunPython:
    """Refuse UPDATE and DELETE on `table` in the database itself."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            _run(schema_editor, [
                "CREATE OR REPLACE FUNCTION cnqp_refuse_change() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP; "
                "END $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION cnqp_refuse_change()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION cnqp_refuse_change()",
            ])
        elif schema_editor.connection.vendor == "sqlite":
            _run(schema_editor, [
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: UPDATE refused'); END",
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: DELETE refused'); END",
            ])

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            _run(schema_editor, [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                                 f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"])
        elif schema_editor.connection.vendor == "sqlite":
            _run(schema_editor, [f"DROP TRIGGER IF EXISTS {table}_no_update",
                                 f"DROP TRIGGER IF EXISTS {table}_no_delete"])

    return migrations.RunPython(forward, backward)


def vietnamese_collation() -> migrations.RunPython:
    """PostgreSQL: an ICU collation named "vi" (SQLite registers the same name per connection)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                "CREATE COLLATION IF NOT EXISTS vi (provider = icu, locale = 'vi-VN')"
            )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP COLLATION IF EXISTS vi")

    return migrations.RunPython(forward, backward)


def trigram_index(table: str, column: str = "search_text") -> migrations.RunPython:
    """PostgreSQL: a GIN trigram index, so `search_text LIKE '%term%'` uses an index.
    SQLite scans; its embedded deployments are small."""
    name = f"{table}_{column}_trgm"

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forward, backward)


def bulk_import_functions(reversible: bool = True) -> migrations.RunPython:
    """PostgreSQL: the cell parsers of bulk imports (`cnqp.core.imports.bulk.functions`), in their
    current version; SQLite registers their Python twins per connection. A later migration
    that brings a new version back leaves it in place when going back (`reversible=False`):
    the version before it is not kept anywhere."""
    from cnqp.core.imports.bulk.functions import DROP_FUNCTIONS, SQL_FUNCTIONS

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            _run(schema_editor, SQL_FUNCTIONS)

    def backward(apps: Any, schema_editor: Any) -> None:
        if reversible and schema_editor.connection.vendor == "postgresql":
            _run(schema_editor, DROP_FUNCTIONS)

    return migrations.RunPython(forward, backward)
