"""The production metrics of the registry on hand-built records: the values each reader gets
(smaller for another unit, a lower clearance or a unit's subtree), the lists they link to
holding exactly what they count, and the home page showing the same numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.production import services
from cnqp.production.tests.conftest import YEAR, accept, issued_type, make_item, make_plan, serials

THIS, LAST = ReportPeriod.annual(YEAR), ReportPeriod.annual(YEAR - 1)
KEYS = ("production.accepted_serials", "production.types_done_well",
        "production.types_planned", "production.plan_output", "production.planned_quantity",
        "production.final_inspected", "production.final_pass_rate",
        "production.received_serials", "production.serials_held")


@pytest.fixture
def built(world: Any, org: Any) -> Any:
    """Z111 plans 3 units of P, builds them (one secret), all accepted, done well on time, and
    delivers one to SD304; Z113 plans 2 of R, builds 1, accepted, and is late."""
    world.template.product_type = None  # one final acceptance template for both types
    world.template.save()
    item = make_item(world, make_plan(world), quantity=3, due=dt.date(YEAR, 6, 30))
    item = services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    units = serials(world, item, 2)
    units += services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                     made_date=dt.date(YEAR, 5, 1), prefix="M-", count=1,
                                     classification=Classification.SECRET)
    for unit in units:
        accept(world, unit.node)
    services.complete_plan_item(world.staff, item, on_date=dt.date(YEAR, 6, 1))
    services.create_delivery(world.staff, document_number="GN-01", enterprise=org.enterprise_a,
                             recipient=org.user_unit, date=dt.date(YEAR, 7, 1),
                             serials=units[:1])
    r_type, world.revision = issued_type(org, code="R-01", enterprise=org.enterprise_b)
    late = make_item(world, make_plan(world, enterprise=org.enterprise_b), product_type=r_type,
                     quantity=2, due=dt.date(YEAR, 10, 31))
    late = services.start_plan_item(world.staff_b, late, on_date=dt.date(YEAR, 2, 1))
    for unit in services.create_serials(world.staff_b, plan_item=late, revision=world.revision,
                                        made_date=dt.date(YEAR, 5, 1), prefix="R", count=1):
        accept(world, unit.node)
    return world


def values(user: Any, period: ReportPeriod = THIS, unit: Any = None) -> dict[str, Any]:
    return {key: m.value for key, m in metrics.measure(KEYS, user, period, unit).items()}


def test_measures_of_the_directorate(built: Any) -> None:
    assert values(built.admin) == {
        "production.accepted_serials": 4, "production.types_done_well": 1,
        "production.types_planned": 2, "production.plan_output": 4,
        "production.planned_quantity": 5, "production.final_inspected": 4,
        "production.final_pass_rate": 100.0, "production.received_serials": 1,
        "production.serials_held": 1}
    before = values(built.admin, LAST)
    assert before["production.accepted_serials"] == before["production.received_serials"] == 0
    assert before["production.serials_held"] == 0  # delivered after that year's end
    assert before["production.final_pass_rate"] is None  # nothing inspected: no rate


def test_smaller_for_another_unit_a_lower_clearance_and_a_subtree(built: Any, org: Any,
                                                                  make_user: Any) -> None:
    z111 = values(built.staff)
    assert (z111["production.accepted_serials"], z111["production.types_planned"]) == (3, 1)
    low = make_user(["leadership"], org.root, Classification.UNCLASSIFIED)
    assert values(low)["production.accepted_serials"] == 3  # the secret unit left out
    subtree = values(built.admin, unit=org.enterprise_b)
    assert (subtree["production.accepted_serials"], subtree["production.types_done_well"],
            subtree["production.types_planned"]) == (1, 0, 1)
    soldier = make_user(["user_unit_staff"], org.user_unit, Classification.UNCLASSIFIED)
    received = values(soldier)
    assert (received["production.received_serials"], received["production.serials_held"],
            received["production.accepted_serials"]) == (1, 1, 1)  # what it sees
    # Without the permission a figure is not measured at all.
    auditor = make_user(["auditor"], org.root)
    assert set(values(auditor).values()) == {None}


def listed(client: Any, url: str) -> list[Any]:
    page = client.get(f"{url}&per_page=100")
    assert page.status_code == 200, url
    return list(page.context["page"].object_list)


def test_links_list_exactly_what_is_counted(built: Any, org: Any, client_for: Any) -> None:
    measured = metrics.measure(KEYS, built.admin, THIS)
    client = client_for(built.admin)
    for key in ("production.accepted_serials", "production.final_inspected",
                "production.received_serials"):
        assert len(listed(client, measured[key].url)) == measured[key].value, key
    done = listed(client, measured["production.types_done_well"].url)
    assert {item.product_type_id for item in done} == {built.product_type.pk}
    assert measured["production.accepted_serials"].url == (
        "/production/serials/?accepted=true&made_since=01%2F01%2F2024"
        "&made_until=31%2F12%2F2024")
    # A unit's figure opens that enterprise's records; a half year's received serials have no
    # list to open (the list filters deliveries by year).
    z113 = metrics.measure(KEYS, built.admin, THIS, org.enterprise_b)
    assert listed(client, z113["production.accepted_serials"].url)[0].enterprise == \
        org.enterprise_b
    half = metrics.measure(["production.received_serials"], built.admin,
                           ReportPeriod.half_year(YEAR))
    assert half["production.received_serials"].url == ""


def test_the_home_page_shows_the_measures(built: Any) -> None:
    panel = next(p for p in dashboard.collect(built.admin, YEAR) if p.key == "production")
    shown = {f.key: f for f in panel.figures}
    measured = values(built.admin)
    assert {key: f.value for key, f in shown.items()} == {key: measured[key] for key in shown}
    done, output = shown["production.types_done_well"], shown["production.plan_output"]
    assert done.target is not None and done.target.value == 2
    assert output.target is not None and output.target.value == 5
    completion, finals = panel.charts
    assert completion.chart.series[1][1] == [1, 1]  # one type planned by each enterprise
    passed = dict(finals.chart.series)[finals.chart.series[0][0]]
    assert passed[5] == 4 and sum(passed) == 4  # all in June
