"""The report figures on hand-built data: N/M per enterprise and for the directorate, output
produced and repaired, acceptance pass rates; scoped by the reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cnqp.documents.choices import ProductGroup, Purpose
from cnqp.documents.models import ProductType
from cnqp.production import services
from cnqp.production.choices import FundingSource, InspectionStage, PlanItemKind
from cnqp.production.models import PlanItem
from cnqp.production.report import (
    TypeOutput,
    plan_completion,
    production_figures,
    render_section,
)
from cnqp.production.tests.conftest import (
    YEAR,
    accept,
    issued_type,
    make_item,
    make_plan,
    serials,
)

START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def run(world, item, count, *, fail_first=False, finish=None):
    item = services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    units = serials(world, item, count, prefix=f"I{item.pk}-")
    for unit in units:
        if fail_first:
            accept(world, unit.node, passed=False)
        accept(world, unit.node)
    if finish:
        services.complete_plan_item(world.staff, item, on_date=finish)
    return units


@pytest.fixture
def data(world, org):
    """Z111: type P done well (2 items), type Q completed late, a repair of P on time but
    failed once. Z113: type R done well. So Z111 1/2, Z113 1/1, directorate: P fails (its
    repair failed once), Q late, R well → 1/3."""
    q_type, _q_rev = issued_type(org, code="Q-01")
    r_type, r_rev = issued_type(org, code="R-01", enterprise=org.enterprise_b,
                                rights=(Purpose.PRODUCTION,))
    world.template.product_type = None  # one template for every type in these figures
    world.template.save()
    a = make_plan(world)
    b = make_plan(world, enterprise=org.enterprise_b)
    run(world, make_item(world, a, quantity=2, due=dt.date(YEAR, 6, 30)), 2,
        finish=dt.date(YEAR, 6, 30))
    run(world, make_item(world, a, quantity=1, due=dt.date(YEAR, 7, 31)), 1,
        finish=dt.date(YEAR, 7, 1))
    world.revision = _q_rev
    run(world, make_item(world, a, product_type=q_type, quantity=1, due=dt.date(YEAR, 3, 31)),
        1, finish=dt.date(YEAR, 4, 2))
    world.revision = r_rev
    item_r = make_item(world, b, product_type=r_type, quantity=3, due=dt.date(YEAR, 9, 30))
    item_r = services.start_plan_item(world.staff_b, item_r, on_date=dt.date(YEAR, 2, 1))
    for unit in services.create_serials(world.staff_b, plan_item=item_r, revision=r_rev,
                                        made_date=dt.date(YEAR, 5, 1), prefix="R", count=3):
        accept(world, unit.node)
    services.complete_plan_item(world.staff_b, item_r, on_date=dt.date(YEAR, 9, 1))
    world.revision = world.revision.__class__.objects.get(
        document_set__product_type=world.product_type)
    repair = make_item(world, a, kind=PlanItemKind.REPAIR, quantity=1,
                       due=dt.date(YEAR, 12, 31))
    run(world, repair, 1, fail_first=True, finish=dt.date(YEAR, 8, 1))
    return world


def test_completion_per_enterprise_and_directorate(data):
    completion = plan_completion(data.admin, YEAR)
    assert (completion.done, completion.total) == (1, 3)
    rows = {e.code: e for e in completion.enterprises}
    assert (rows["Z111"].done, rows["Z111"].total) == (0, 2)
    assert (rows["Z113"].done, rows["Z113"].total) == (1, 1)
    assert (rows["Z111"].items, rows["Z111"].completed, rows["Z111"].on_time,
            rows["Z111"].quality_passed) == (4, 4, 3, 3)


def test_figures_are_scoped_by_the_reader(data):
    own = plan_completion(data.staff_b, YEAR)
    assert (own.done, own.total) == (1, 1)
    assert [e.code for e in own.enterprises] == ["Z113"]


def test_output_and_pass_rates(data):
    figures = production_figures(data.admin, START, END)
    assert (figures.produced_serials, figures.repaired_serials) == (7, 1)
    assert (figures.produced_lot_quantity, figures.repaired_lot_quantity) == (0, 0)
    final = figures.stages[InspectionStage.FINAL_ACCEPTANCE]
    assert (final.total, final.passed, final.failed, final.rate) == (9, 8, 1, 88.9)
    assert figures.stages[InspectionStage.INCOMING].rate is None
    assert figures.accepted_serials == 8
    codes = {row.code: row for row in figures.by_product_type}
    assert codes["R-01"] == TypeOutput("R-01", produced_serials=3)
    assert codes[data.product_type.code] == TypeOutput(data.product_type.code, 3, 1, 0, 0)
    # Final acceptances by month: every month of the period, those of June here.
    months = {m.month: (m.total, m.passed, m.failed) for m in figures.final_by_month}
    assert len(months) == 12 and months[f"{YEAR}-06"] == (9, 8, 1)
    assert sum(total for total, _passed, _failed in months.values()) == 9
    # The plans' totals (the section's total row) and quantities.
    c = figures.completion
    assert (c.items, c.completed, c.on_time, c.quality_passed) == (5, 5, 4, 4)
    assert (c.planned_quantity, c.accepted_quantity) == (8, 8)
    outside = production_figures(data.admin, dt.date(YEAR + 1, 1, 1), dt.date(YEAR + 1, 3, 1),
                                 year=YEAR)
    assert outside.produced_serials == 0 and outside.completion.total == 3


def test_figures_take_few_queries(data):
    assert data.admin.role_codes  # read once per user, before
    with CaptureQueriesContext(connection) as queries:
        production_figures(data.admin, START, END)
    assert len(queries) <= 7


def test_render_section(data):
    with translation.override("en"):
        section = render_section(production_figures(data.admin, START, END))
    assert "1/3 types of defence products from the budget sources" in section.paragraphs[0]
    assert "88,9%" in section.paragraphs[1]
    assert section.tables[0].rows[-1][1:] == [5, 5, 4, 4, "1/3"]  # the directorate's row
    assert {row[0]: row[1:] for row in section.tables[1].rows} == {
        "Q-01": [1, 0, 0, 0], "R-01": [3, 0, 0, 0], data.product_type.code: [3, 1, 0, 0]}
    assert section.tables[2].rows[-1][1:] == [9, 8, 1, "88,9%"]


def test_completion_of_the_defence_types_from_the_budget(data):
    """The articles count "91/91 chủng loại sản phẩm quốc phòng từ các nguồn ngân sách": the
    defence product types of the budget-funded items only. Q becomes an economic product and
    P's repair (the item that failed once) is paid from other sources: of the defence types
    from the budget, P (its two production items done well) and R (done well) remain."""
    ProductType.objects.filter(code="Q-01").update(group=ProductGroup.ECONOMIC)
    PlanItem.objects.filter(kind=PlanItemKind.REPAIR).update(funding_source=FundingSource.OTHER)
    completion = plan_completion(data.admin, YEAR)
    assert (completion.done, completion.total) == (1, 3)  # every type, as before
    assert (completion.defence_done, completion.defence_total) == (2, 2)
    with translation.override("vi"):
        headline = render_section(production_figures(data.admin, START, END)).paragraphs[0]
    assert headline == (
        f"Hoàn thành sản xuất, sửa chữa 2/2 chủng loại sản phẩm quốc phòng từ các nguồn ngân "
        f"sách đảm bảo đúng tiến độ, chất lượng (kế hoạch năm {YEAR}). Tính trên mọi chủng "
        f"loại trong kế hoạch (sản phẩm kinh tế, lưỡng dụng, nguồn vốn khác): 1/3.")
    # Plans of defence products from the budget only print the one figure.
    PlanItem.objects.update(funding_source=FundingSource.STATE_BUDGET)
    ProductType.objects.update(group=ProductGroup.DEFENSE)
    with translation.override("vi"):
        headline = render_section(production_figures(data.admin, START, END)).paragraphs[0]
    assert headline == (f"Hoàn thành sản xuất, sửa chữa 1/3 chủng loại sản phẩm quốc phòng "
                        f"từ các nguồn ngân sách đảm bảo đúng tiến độ, chất lượng (kế hoạch "
                        f"năm {YEAR}).")


def test_no_plan_is_said_in_words(world):
    with translation.override("vi"):
        headline = render_section(production_figures(world.admin, START, END)).paragraphs[0]
    assert headline == f"Chưa có kế hoạch sản xuất, sửa chữa năm {YEAR}."
