"""The demo's production: plans run through the services, refusals left planned, and the
demo user of SD304 seeing exactly the serials delivered to SD304; 2023 as article 002 reports
it ("hoàn thành sản xuất, sửa chữa 91/91 chủng loại sản phẩm quốc phòng từ các nguồn ngân sách
bảo đảm đúng tiến độ, chất lượng"). On the shared demo (conftest.py)."""

from __future__ import annotations

from django.utils import timezone, translation

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.audit.chain import verify_chain
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import User
from cnqp.documents.choices import ProductGroup
from cnqp.production import report
from cnqp.production.choices import FundingSource, PlanItemKind, PlanItemStatus
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


def test_2023_every_defence_type_made_or_repaired_from_the_budget(demo, db):
    admin = User.objects.get(username="admin")
    completion = plan_completion(admin, 2023)
    assert (completion.defence_done, completion.defence_total) == (91, 91)
    items = PlanItem.objects.filter(plan__year=2023)
    defence = items.filter(product_type__group=ProductGroup.DEFENSE,
                           funding_source=FundingSource.STATE_BUDGET)
    assert defence.values("product_type").distinct().count() == 91
    assert not items.exclude(status=PlanItemStatus.COMPLETED).exists()
    # by the producers holding the rights, across the industry; repairs as repair items
    assert len(completion.enterprises) > 10
    for item in defence.select_related("product_type", "plan__enterprise"):
        assert item.plan.enterprise in item.product_type.producers.all(), item
        repair = item.product_type.code.startswith(("SCT-", "SCX-"))
        assert item.kind == (PlanItemKind.REPAIR if repair else PlanItemKind.PRODUCTION), item
    # the other years keep their story: work refused or failing, not 91/91
    for year in range(2024, timezone.localdate().year + 1):
        later = plan_completion(admin, year)
        assert later.defence_done < later.defence_total, year

    with translation.override("vi"):
        section = report.build_section(admin, ReportPeriod.annual(2023), None)
    headline, output = section.paragraphs
    assert "91/91 chủng loại sản phẩm quốc phòng từ các nguồn ngân sách" in headline
    assert "kế hoạch năm 2023" in headline
    assert "Tính trên mọi chủng loại" not in headline  # every type planned is one of the 91
    assert "sản xuất" in output and "sửa chữa" in output  # produced and repaired, accepted
    directorate = section.tables[0].rows[-1]
    assert directorate[-1] == "91/91"
