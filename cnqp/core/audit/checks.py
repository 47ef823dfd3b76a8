"""Deployment checks of the audit log's keys and anchor (`manage.py check --deploy`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def audit_keys_and_anchor(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    if not getattr(settings, "AUDIT_KEY", ""):
        found.append(checks.Warning(
            "AUDIT_KEY is not set: the audit chain's key is derived from SECRET_KEY, so "
            "changing SECRET_KEY would make every audit entry fail verify_audit.",
            hint="Set AUDIT_KEY (and AUDIT_ANCHOR_KEY) once, before the first entry, and keep "
                 "them with the backups of the keys (SECURITY.md).", id="cnqp.W101"))
    anchor = getattr(settings, "AUDIT_ANCHOR_PATH", "")
    if not anchor:
        found.append(checks.Warning(
            "AUDIT_ANCHOR_PATH is empty: the audit chain's head is not anchored, so entries "
            "deleted at the end of the log cannot be detected.", id="cnqp.W102"))
    elif any(Path(anchor).resolve().is_relative_to(Path(home).resolve())
             for home in (settings.BASE_DIR, settings.VAR_DIR)):
        found.append(checks.Warning(
            f"The audit chain's head is anchored in {anchor}, beside the application.",
            hint="Point AUDIT_ANCHOR_PATH at another machine, or at storage the database's "
                 "administrators cannot rewrite (SECURITY.md).", id="cnqp.W103"))
    return found
