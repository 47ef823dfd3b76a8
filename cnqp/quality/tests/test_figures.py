"""Quality figures on hand-built cases: each figure counts exactly the records its definition
names, per product type and enterprise, in the database; the report section keeps the
contract; another unit and a lower clearance count nothing they may not see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.choices import Classification
from cnqp.core.figures.reporting import ReportPeriod, ReportSection
from cnqp.quality import report, selectors, services
from cnqp.quality.choices import NCSource, RootCauseStage, Severity, UsageUnit
from cnqp.quality.figures import UNDETERMINED, quality_figures
from cnqp.quality.models import CorrectiveAction, NonConformance
from cnqp.quality.tests.conftest import YEAR, accept, file_report

PERIOD = selectors.Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


@pytest.fixture
def history(line: Any) -> dict[str, Any]:
    """Three rifles delivered (2 to SD304, 1 to SD308), one failed acceptance re-done; two
    field reports (one closed as misuse); NCs at three stages; one overdue action."""
    world = line.world
    accept(world, line.rifles[0].node, passed=False, date=dt.date(YEAR, 6, 1))
    kept = file_report(line, line.rifles, usage_value=Decimal("1800"))
    misuse = file_report(line, [line.spare], actor=line.sd308_user, reporting_unit=line.sd308,
                         usage_value=Decimal("10"))
    services.close_field_report(line.qlcn, misuse, reason="Sử dụng sai")
    from_use = services.open_nonconformance(line.qlcn, kept)
    services.analyse_nonconformance(line.qlcn, from_use, stage=RootCauseStage.DESIGN,
                                    root_cause="Bán kính góc lượn nhỏ")
    act = services.create_action(line.qlcn, nonconformance=from_use, title="Sửa bản vẽ",
                                 owner_unit=world.org.enterprise_a, owner=world.staff,
                                 due_date=dt.date(YEAR, 10, 1))
    services.start_action(world.staff, act, on_date=dt.date(YEAR, 9, 10))
    services.implement_action(world.staff, act, on_date=dt.date(YEAR, 9, 20))
    services.check_effectiveness(line.qlcn, act, effective=True, note="Đạt",
                                 on_date=dt.date(YEAR, 9, 25))
    services.close_action(line.qlcn, act, on_date=dt.date(YEAR, 9, 26))
    services.close_nonconformance(line.qlcn, from_use, on_date=dt.date(YEAR, 9, 27))
    material = services.create_nonconformance(
        line.qlcn, title="Thép mềm", source=NCSource.REVIEW, enterprise=world.org.enterprise_a,
        product_type=world.product_type, severity=Severity.MAJOR,
        detected_on=dt.date(YEAR, 8, 1), material_lot=line.steel)
    services.analyse_nonconformance(line.qlcn, material, stage=RootCauseStage.MATERIAL,
                                    root_cause="Lô thép sai mác")
    late = services.create_action(line.qlcn, nonconformance=material, title="Đổi nhà cung cấp",
                                  owner_unit=world.org.enterprise_a,
                                  due_date=dt.date(YEAR, 9, 1))
    open_nc = services.create_nonconformance(
        line.qlcn, title="Chưa rõ", source=NCSource.REVIEW, enterprise=world.org.enterprise_a,
        product_type=world.product_type, severity=Severity.MINOR,
        detected_on=dt.date(YEAR, 11, 1))
    return {"kept": kept, "from_use": from_use, "material": material, "late": late,
            "open_nc": open_nc}


def test_each_figure(line, history):
    figures = quality_figures(line.qlcn, PERIOD)
    c = figures.total.counts
    assert (c["inspected"], c["passed"]) == (4, 3)  # one failed, then passed
    assert figures.total.pass_rate == 75.0
    assert (c["delivered"], c["defects"]) == (3, 2)  # the misuse report does not count
    assert figures.total.per_thousand == pytest.approx(666.7)
    assert c["failures"] == 1
    assert figures.total.mean_usage == {UsageUnit.ROUNDS: 1800.0}
    assert (c["nc_open"], c["nc_closed"], c["fixed"]) == (2, 1, 1)
    assert c["overdue_actions"] == 1
    stages = {stage: (s.open, s.closed, s.fixed) for stage, s in figures.stages.items()}
    assert stages == {"design": (0, 1, 1), "technology": (0, 0, 0), "material": (1, 0, 0),
                      "acceptance": (0, 0, 0), UNDETERMINED: (1, 0, 0)}
    [(key, row)] = figures.by_product_type.items()
    assert key == str(line.world.product_type.pk)
    assert row.code == line.world.product_type.code and row.counts == c
    assert (row.pass_rate, row.per_thousand, row.mean_usage) == (75.0, 666.7, {"rounds": 1800.0})
    [(key, unit)] = figures.by_enterprise.items()
    assert key == str(line.world.org.enterprise_a.pk)
    assert unit.code == "Z111" and unit.counts == c


def test_each_figure_lists_exactly_what_it_counts(line, history):
    figures = quality_figures(line.qlcn, PERIOD)
    for figure in selectors.FIGURES:
        records = selectors.figure_records(line.qlcn, figure, PERIOD)
        assert records.count() == figures.total.counts[figure], figure
    assert set(selectors.figure_records(line.qlcn, "nc_open", PERIOD)) == {
        history["material"], history["open_nc"]}


def test_period_edges_and_as_of(line, history):
    before = selectors.Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 8, 31))
    figures = quality_figures(line.qlcn, before)
    c = figures.total.counts
    assert (c["nc_open"], c["nc_closed"]) == (1, 0)  # only the material NC existed then
    assert c["overdue_actions"] == 0  # due on 1 September
    assert c["failures"] == 0 and c["delivered"] == 3
    next_year = selectors.Period(dt.date(YEAR + 1, 1, 1), dt.date(YEAR + 1, 12, 31))
    c = quality_figures(line.qlcn, next_year).total.counts
    assert (c["inspected"], c["failures"], c["nc_closed"], c["nc_open"]) == (0, 0, 0, 2)


def test_figures_are_computed_in_a_fixed_number_of_queries(line, history):
    quality_figures(line.qlcn, PERIOD)
    with CaptureQueriesContext(connection) as queries:
        quality_figures(line.qlcn, PERIOD)
    first = len(queries.captured_queries)
    file_report(line, line.rifles[:1], occurred_on=dt.date(YEAR, 10, 1))
    with CaptureQueriesContext(connection) as queries:
        quality_figures(line.qlcn, PERIOD)
    assert len(queries.captured_queries) == first <= 14


def test_another_unit_and_a_lower_clearance_count_nothing_hidden(line, history, make_user):
    assert quality_figures(line.world.staff_b, PERIOD).total.counts == dict.fromkeys(
        selectors.FIGURES, 0)
    NonConformance.objects.filter(pk=history["material"].pk).update(
        classification=Classification.SECRET)
    # as update_nonconformance keeps its actions' level with it
    CorrectiveAction.objects.filter(nonconformance=history["material"]).update(
        classification=Classification.SECRET)
    low = make_user(["department_staff"], line.world.org.department,
                    Classification.CONFIDENTIAL)
    c = quality_figures(low, PERIOD).total.counts
    assert c["nc_open"] == 1 and c["overdue_actions"] == 0  # the secret NC and its action
    assert quality_figures(line.qlcn, PERIOD).classification == Classification.SECRET
    assert quality_figures(low, PERIOD).classification == 0


def test_narrowed_to_a_product_type_or_an_enterprise(line, history):
    from cnqp.documents.factories import ProductTypeFactory

    c = quality_figures(line.qlcn, PERIOD, product_type=ProductTypeFactory()).total.counts
    assert not any(c.values())
    c = quality_figures(line.qlcn, PERIOD, enterprise=line.world.org.enterprise_b).total.counts
    assert not any(c.values())
    c = quality_figures(line.qlcn, PERIOD, enterprise=line.world.org.enterprise_a).total.counts
    assert c["inspected"] == 4


def test_report_section_contract(line, history):
    assert report.SECTION.key == "quality" and report.SECTION.order == 40
    section = report.build_section(line.qlcn, ReportPeriod.annual(YEAR), None)
    assert isinstance(section, ReportSection) and section.key == "quality"
    assert "75,0" in section.paragraphs[0] and "666,7" in section.paragraphs[0]
    assert len(section.tables) == 3 and len(section.charts) == 3
    assert section.tables[2].rows[-1][1:] == [2, 1, 1]
    assert all(chart.kind == "bar" for chart in section.charts)
    empty = report.build_section(line.world.staff_b, ReportPeriod.annual(YEAR),
                                 line.world.org.enterprise_b)
    assert empty.classification == 0 and empty.tables[0].rows[-1][1] == 0
