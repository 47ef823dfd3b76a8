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
