"""The auditor's home page: the audit log's figures for the last 30 days and the year, each a
link to the entries it counts, and how far the chain is verified (from its checkpoint)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cnqp.core import audit, services
from cnqp.core.accounts.login import authenticate_with_lockout
from cnqp.core.audit import checkpoint
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry, User
from cnqp.core.selectors import Window, audit_counts
from cnqp.core.tests.test_audit import append_only_guard_lifted, raw


@pytest.fixture
def auditor(org: Any, make_user: Any) -> User:
    return make_user(["auditor"], org.root, Classification.SECRET, username="kiemtra")


def export(level: int) -> None:
    audit.record(AuditAction.EXPORT, actor=None, object_type="quality.fieldreport",
                 classification=level, changes={"format": "csv"})


def audit_panel(client: Any) -> Any:
    response = client.get("/")
    assert response.status_code == 200
    found = [p for p in response.context["panels"] if p.key == "audit"]
    return found[0] if found else None


def figures(panel: Any) -> dict[str, list[int]]:
    return {row["key"]: [cell["value"] for cell in row["cells"]]
            for row in panel.context["rows"]}


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_the_auditor_sees_the_figures(auditor: User, admin_user: User, org: Any,
                                      make_user: Any, client_for: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    victim = make_user(["enterprise_staff"], org.enterprise_a, username="nguyenvana")
    now = timezone.now()
    # 40 days ago: in the year's column only when it is still this year
    monkeypatch.setattr(timezone, "now", lambda: now - dt.timedelta(days=40))
    export(Classification.SECRET)
    old_this_year = (timezone.localtime(now) - dt.timedelta(days=40)).year == now.year
    monkeypatch.undo()

    export(Classification.SECRET)
    export(Classification.CONFIDENTIAL)
    export(Classification.UNCLASSIFIED)  # not a classified record's export
    export(Classification.TOP_SECRET)  # above the auditor's clearance: not there for them
    audit.record(AuditAction.DOWNLOAD, actor=None, object_type="documents.documentfile",
                 classification=Classification.SECRET, changes={"mode": "print"})
    audit.record(AuditAction.PROBE, actor=None, object_type="production.serial",
                 classification=Classification.UNCLASSIFIED)
    for _attempt in range(2):  # two wrong passwords lock the account
        authenticate_with_lockout(None, "nguyenvana", "wrong", "10.0.0.1")
    services.unlock_user(admin_user, victim)  # an unlock is not a lockout

    panel = audit_panel(client_for(auditor))

    assert panel is not None
    visible = AuditEntry.objects.filter(classification__lte=Classification.SECRET)
    recent = visible.filter(at__gte=now - dt.timedelta(days=29, hours=23)).count()
    got = figures(panel)
    assert got["classified_exports"] == [2, 3 if old_this_year else 2]
    assert got["classified_downloads"] == [1, 1]
    assert got["failed_logins"] == [2, 2]
    assert got["lockouts"] == [1, 1]
    assert got["probes"] == [1, 1]
    assert got["entries"][0] == recent
    assert got["entries"][1] == visible.filter(at__year=timezone.localtime(now).year).count()

    # each figure opens the audit log filtered to the very entries it counts
    client = client_for(auditor)
    for row in panel.context["rows"]:
        for cell in row["cells"]:
            if row["key"] == "entries":
                continue
            listed = client.get(cell["url"]).context["rows"]
            assert len(listed) == cell["value"], (row["key"], cell["url"])


def test_the_figures_take_one_query(auditor: User) -> None:
    export(Classification.SECRET)
    today = timezone.localdate()
    windows = [Window("days30", today - dt.timedelta(days=29), today),
               Window("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))]
    with CaptureQueriesContext(connection) as queries:
        counts = audit_counts(auditor, windows)
    assert len(queries) == 1
    assert counts["classified_exports", "days30"] == 1


def test_others_do_not_get_the_panel(org: Any, make_user: Any, admin_user: User,
                                     client_for: Any) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a, username="nguyenvana")
    leader = make_user(["leadership"], org.root, Classification.SECRET, username="lanhdao")
    for user in (staff, leader, admin_user):
        client = client_for(user)
        assert audit_panel(client) is None, user.username
        assert 'id="audit-figures"' not in client.get("/").content.decode()


def test_the_chain_status_from_its_checkpoint(auditor: User, client_for: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for _i in range(5):
        export(Classification.SECRET)
    head = AuditEntry.objects.order_by("-id").first()
    assert head is not None

    monkeypatch.setattr(checkpoint, "PAGE_LIMIT", 3)  # a look verifies 3 entries at most
    first = audit_panel(client_for(auditor)).context["chain"]
    assert first["intact"] and first["behind"] > 0
    html = client_for(auditor).get("/").content.decode()
    assert 'id="audit-chain"' in html

    for _look in range(5):
        chain = audit_panel(client_for(auditor)).context["chain"]
    assert chain["intact"]
    assert chain["entry_id"] >= head.id  # the log-ins of the looks are entries too
    assert chain["url"] == f"/audit/{chain['entry_id']}/"


def test_a_break_is_reported_and_a_full_walk_records_its_result(auditor: User) -> None:
    for _i in range(4):
        export(Classification.SECRET)
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
    point = checkpoint.current()
    assert point.entry_id == ids[-1] and point.broken_at is None
    assert point.full_checked_at is not None

    export(Classification.SECRET)
    export(Classification.SECRET)
    forged = AuditEntry.objects.order_by("-id").values_list("id", flat=True)[1]
    with append_only_guard_lifted():  # as an attacker with database access could
        raw("UPDATE core_auditentry SET object_repr = 'x' WHERE id = %s", [forged])

    point = checkpoint.advance()
    assert point.broken_at == forged
    assert "altered" in point.problem
    assert checkpoint.advance().broken_at == forged  # it stays reported
