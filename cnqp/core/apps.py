from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """PostgreSQL gets the ICU collation "vi" and the bulk import parsers from migrations;
    SQLite gets the same names here, so `Collate(field, "vi")` sorts Vietnamese and one
    import query runs on both. Database plumbing, not domain logic."""
    if connection.vendor == "sqlite":
        from cnqp.core.text import sqlite_vi_collation

        connection.connection.create_collation("vi", sqlite_vi_collation)
        from cnqp.core.imports.bulk.functions import register_sqlite_functions

        register_sqlite_functions(connection.connection)


class CoreConfig(AppConfig):
    name = "cnqp.core"
    label = "core"
    verbose_name = _("System")

    def ready(self) -> None:
        from cnqp.core import work  # noqa: F401  (the work queues' start-up check)
        from cnqp.core.access import checks  # noqa: F401  (registers the system checks)
        from cnqp.core.audit import checks as audit_checks  # noqa: F401
        from cnqp.core.figures import metrics  # noqa: F401  (the metric registry's check)
        from cnqp.core.jobs import duties  # noqa: F401  (the daily duties' start-up check)
        from cnqp.core.records import checks as record_checks  # noqa: F401

        connection_created.connect(_register_sqlite_collation, dispatch_uid="cnqp-vi-collation")
