"""Management commands write through the services like requests do, audited with source
"command"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource


class AuditedCommand(BaseCommand):
    """A management command whose writes are audited with source "command"."""

    def execute(self, *args: Any, **options: Any) -> Any:
        with audit_context(AuditSource.COMMAND):
            return super().execute(*args, **options)
