"""`seed_demo`: the demo loads once (`--if-empty` leaves a loaded database alone) and the
logins are printed both times. The first load is the shared demo's (conftest.py)."""

from __future__ import annotations

import io

from django.core.management import call_command

from cnqp.core.models import AuditEntry, OrgUnit, User
from cnqp.demo.tests.conftest import Demo


def test_seed_demo_loads_once_and_always_prints_the_logins(demo: Demo, db: None) -> None:
    first = demo.output
    units, users = OrgUnit.objects.count(), User.objects.count()
    assert units >= 55 and users >= 11
    assert OrgUnit.objects.filter(code="QLCN", name="Cục Quản lý công nghệ").exists()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    again = out.getvalue()
    assert "Demo data already loaded." in again
    assert (OrgUnit.objects.count(), User.objects.count()) == (units, users)
    for text in (first, again):
        assert "Cnqp@2026demo" in text
        assert "kiemtra" in text and "auditor" in text
    assert AuditEntry.objects.filter(object_type="core.orgunit", action="create").count() == units
