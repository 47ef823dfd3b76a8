"""The demo's production: plans run through the services, refusals left planned, and the
demo user of SD304 seeing exactly the serials delivered to SD304. On the shared demo
(conftest.py)."""

from __future__ import annotations

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.audit.chain import verify_chain
from cnqp.core.models import User
from cnqp.production.choices import PlanItemStatus
from cnqp.production.models import DeliveryLine, PlanItem, SerialUnit
from cnqp.production.report import plan_completion


def test_demo_production(demo, db):  # `db`: the test database, never var/
    sd304 = User.objects.get(username="sd304")
    seen = set(scope_queryset(SerialUnit.objects.all(), sd304).values_list("pk", flat=True))
    received = set(DeliveryLine.objects.filter(delivery__recipient__code="SD304")
                   .values_list("serial_id", flat=True))
    assert seen and seen == received
    assert SerialUnit.objects.count() >= 200
    assert PlanItem.objects.filter(status=PlanItemStatus.PLANNED).exists()  # refused: no right
    assert PlanItem.objects.filter(status=PlanItemStatus.COMPLETED).exists()
    completion = plan_completion(User.objects.get(username="admin"), 2024)
    assert 0 < completion.done < completion.total
    assert not verify_chain()[1]
