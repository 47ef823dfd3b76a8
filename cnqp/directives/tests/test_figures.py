"""The tasks' figures of a period, in the registry, and the report section that prints them."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.directives.factories import DirectiveFactory, TaskFactory
from cnqp.directives.report import build_section

D = dt.date
YEAR = ReportPeriod.annual(2022)


def test_tasks_in_the_four_buckets_at_the_end_of_the_period(org, make_user):
    directive = DirectiveFactory(owner_unit=org.root, number="365-NQ/ĐU")
    due = D(2022, 6, 30)
    TaskFactory(directive=directive, lead_unit=org.enterprise_a, deadline=due,
                completed_on=D(2022, 6, 1))
    TaskFactory(directive=directive, lead_unit=org.workshop_a1, deadline=due,
                completed_on=D(2022, 8, 1))
    TaskFactory(directive=directive, lead_unit=org.enterprise_b, deadline=D(2023, 3, 1))
    TaskFactory(directive=directive, lead_unit=org.enterprise_b, deadline=due)
    TaskFactory(directive=directive, lead_unit=org.enterprise_b, deadline=D(2021, 6, 1),
                assigned_on=D(2021, 1, 1), completed_on=D(2021, 5, 1))  # done before 2022
    TaskFactory(directive=directive, lead_unit=org.enterprise_b, deadline=D(2023, 6, 1),
                assigned_on=D(2023, 1, 5))  # assigned after 2022
    TaskFactory(directive=directive, lead_unit=org.enterprise_b, deadline=D(2022, 9, 1),
                classification=Classification.SECRET)
    reader = make_user(["leadership"], org.root, Classification.CONFIDENTIAL)
    found = metrics.measure(["directives.tasks_assigned", "directives.tasks_done_on_time",
                             "directives.tasks_done_late", "directives.tasks_open_in_time",
                             "directives.tasks_overdue", "directives.tasks_overdue_share"],
                            reader, YEAR)
    assert {k.split(".")[1]: m.value for k, m in found.items()} == {
        "tasks_assigned": 4, "tasks_done_on_time": 1, "tasks_done_late": 1,
        "tasks_open_in_time": 1, "tasks_overdue": 1, "tasks_overdue_share": 25.0}
    z111 = metrics.measure(["directives.tasks_assigned"], reader, YEAR, org.enterprise_a)
    assert z111["directives.tasks_assigned"].value == 2  # the factory and its workshop
    assert found["directives.tasks_overdue"].url.endswith("?bucket=overdue")

    with translation.override("vi"):
        section = build_section(reader, YEAR, None)
    assert "4 nhiệm vụ" in section.paragraphs[0]
    assert "25,0%" in section.paragraphs[0]
    assert section.tables[0].rows == [["365-NQ/ĐU", 4, 1, 1, 1, 1], ["Tổng cộng", 4, 1, 1, 1, 1]]


def test_a_directives_indicators_year_by_year(fake, org, make_user):
    """Each year of each indicator, a source computed once per year however many indicators
    read it; the page's table holds them."""
    from decimal import Decimal

    from cnqp.core.testing.clients import signed_in_client
    from cnqp.directives.choices import TargetKind
    from cnqp.directives.factories import DirectiveItemFactory, IndicatorFactory

    reader = make_user(["leadership"], org.root)
    item = DirectiveItemFactory(directive__owner_unit=org.root)
    for name in ("fake.done", "fake.incidents"):
        IndicatorFactory(item=item, metric_key=name, target_kind=TargetKind.AT_MOST,
                         target_value=Decimal(5), period_start=D(2020, 7, 1),
                         period_end=D(2022, 12, 31))
    fake.done[(D(2021, 1, 1), D(2021, 12, 31))] = 4
    page = signed_in_client(reader).get(f"/directives/directives/{item.directive_id}/trend/")
    assert page.status_code == 200
    assert page.context["years"] == [2020, 2021, 2022]
    assert [values for _indicator, values in page.context["rows"]] == [[0, 4, 0], [0, 0, 0]]
    assert fake.calls == 3  # one per year, shared by the two indicators
