"""The demo's quality: reports from SD304 and others, triage, the four root-cause stages,
actions overdue and closed after their check, a fix by a new issued revision, and one recall
that marked exactly its forward set. On the shared demo (conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.audit.chain import verify_chain
from cnqp.core.models import Notification, User
from cnqp.core.notifications import unread, unread_count
from cnqp.documents.choices import RevisionStatus
from cnqp.production.models import SerialUnit
from cnqp.quality.choices import ActionStatus, ReportStatus, RootCauseStage
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance, Recall
from cnqp.quality.trace.walk import reached_ids


def test_demo_quality(demo, db):  # `db`: the test database, never var/
    sd304 = User.objects.get(username="sd304")
    mine = set(scope_queryset(FieldReport.objects.all(), sd304))
    assert mine and all(r.reporting_unit.code == "SD304" for r in mine)
    assert FieldReport.objects.exclude(reporting_unit__code="SD304").exists()
    assert {r.status for r in FieldReport.objects.all()} == set(ReportStatus.values)
    assert FieldReport.objects.filter(photos__isnull=False).exists()
    stages = set(NonConformance.objects.values_list("root_cause_stage", flat=True))
    assert set(RootCauseStage.values) <= stages
    actions = CorrectiveAction.objects.all()
    assert any(a.is_overdue for a in actions)
    closed = actions.filter(status=ActionStatus.CLOSED)
    assert closed.exists() and all(a.effective and a.checked_on for a in closed)
    assert closed.filter(new_revision__status=RevisionStatus.ISSUED).exists()
    assert actions.filter(effective=False).exists()  # a fix found ineffective first
    recall = Recall.objects.get()
    forward = reached_ids("forward", recall.start_node_id)
    expected = set(SerialUnit.objects.filter(node_id__in=forward).values_list("pk", flat=True))
    assert set(recall.marked.values_list("serial_id", flat=True)) == expected
    units = set(recall.marked.exclude(recipient=None).values_list("recipient__code", flat=True))
    marks = reverse("quality:recalled-serials-list")  # not the hand-offs' notices (issue 21)
    recall_notices = Notification.objects.filter(link__startswith=marks)
    assert units == set(recall_notices.values_list("org_unit__code", flat=True))
    assert "SD304" in units  # the demo's user-unit login sees a recall of its own serials
    assert unread(sd304).filter(link__startswith=marks).count() == 1
    # and was told what became of the reports it filed
    assert unread(sd304).filter(link__startswith=reverse("quality:field-reports-list")).exists()
    assert unread_count(sd304) == unread(sd304).count()
    assert not verify_chain()[1]
