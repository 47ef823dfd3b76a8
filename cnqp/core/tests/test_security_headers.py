"""Every page carries a Content-Security-Policy that runs only the application's own scripts,
and no template needs more: no inline script, no inline event handler (issue 15: there was no
CSP)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings

INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
                           re.IGNORECASE)


def test_pages_carry_the_policy(org: Any, admin_user: Any, client_for: Any) -> None:
    client = client_for(admin_user)
    for url in ("/", "/org-units/", f"/org-units/{org.root.pk}/", "/api/docs", "/login/"):
        policy = client.get(url).headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "default-src 'self'" in policy, url
        assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_no_template_runs_inline_script() -> None:
    folders = [Path(settings.BASE_DIR) / "cnqp"]
    offenders = []
    for template in sorted(p for folder in folders for p in folder.rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or INLINE_SCRIPT.search(text):
            offenders.append(str(template))
    assert offenders == []
