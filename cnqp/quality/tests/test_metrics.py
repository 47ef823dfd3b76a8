"""The quality figures in the metric registry, on hand-built records: each metric measures
the source's figure, links to a list of exactly the records it counts, and shrinks for a
reader of another unit, of lower clearance, or for a narrower unit."""

from __future__ import annotations

from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.quality.models import CorrectiveAction, NonConformance
from cnqp.quality.tests.conftest import YEAR
from cnqp.quality.tests.test_figures import history  # noqa: F401 (fixture)

PERIOD = ReportPeriod.annual(YEAR)
# Counts, whose links list as many records as they count.
COUNTED = {"quality.inspected": 4, "quality.passed": 3, "quality.delivered": 3,
           "quality.defects": 2, "quality.failures": 1, "quality.nc_open": 2,
           "quality.nc_closed": 1, "quality.fixed": 1, "quality.overdue_actions": 1,
           "quality.nc_open.material": 1, "quality.nc_open.undetermined": 1,
           "quality.nc_closed.design": 1, "quality.nc_closed.technology": 0}
RATES = {"quality.pass_rate": 75.0, "quality.per_thousand": 666.7,
         "quality.mean_usage.rounds": 1800.0, "quality.mean_usage.hours": None}


def values(measured: dict[str, metrics.Measure]) -> dict[str, Any]:
    return {key: m.value for key, m in measured.items()}


def test_measures_are_the_figures_and_link_to_what_they_count(line, history,  # noqa: F811
                                                              client_for):
    measured = metrics.measure([*COUNTED, *RATES], line.qlcn, PERIOD)
    assert values(measured) == {**COUNTED, **RATES}
    client = client_for(line.qlcn)
    for key, expected in COUNTED.items():
        url = measured[key].url
        assert f"start=01%2F01%2F{YEAR}" in url and f"end=31%2F12%2F{YEAR}" in url, key
        page = client.get(f"{url}&per_page=100")
        assert page.status_code == 200, url
        assert page.context["page"].paginator.count == expected, key
    assert "figure=inspected" in measured["quality.pass_rate"].url
    assert "figure=defects" in measured["quality.per_thousand"].url
    assert measured["quality.mean_usage.rounds"].url == ""  # a mean lists nothing of its own
    assert measured["quality.nc_open"].classification == 0


def test_every_number_of_the_result_is_a_metric(line, history):  # noqa: F811
    result = metrics.read("quality", line.qlcn, PERIOD)
    paths = [path for path, _value in metrics.leaves(result)]
    assert f"by_product_type.{line.world.product_type.pk}.counts.inspected" in paths
    assert "stages.undetermined.open" in paths and "total.mean_usage.rounds" in paths
    assert [p for p in paths if metrics.registered_for(p, "quality") is None] == []
    with pytest.raises(ValueError, match="breakdown"):
        metrics.measure(["quality.by_product_type.inspected"], line.qlcn, PERIOD)


def test_a_unit_narrows_and_its_links_say_so(line, history):  # noqa: F811
    org = line.world.org
    mine = metrics.measure(list(COUNTED), line.qlcn, PERIOD, org.enterprise_a)
    assert values(mine) == COUNTED
    assert f"enterprise={org.enterprise_a.pk}" in mine["quality.failures"].url
    other = metrics.measure(list(COUNTED), line.qlcn, PERIOD, org.enterprise_b)
    assert not any(values(other).values())


def test_another_unit_and_a_lower_clearance_measure_less(line, history,  # noqa: F811
                                                         make_user):
    org = line.world.org
    assert not any(values(metrics.measure(list(COUNTED), line.world.staff_b,
                                          PERIOD)).values())
    NonConformance.objects.filter(pk=history["material"].pk).update(
        classification=Classification.SECRET)
    CorrectiveAction.objects.filter(nonconformance=history["material"]).update(
        classification=Classification.SECRET)
    keys = ["quality.nc_open", "quality.nc_open.material", "quality.overdue_actions"]
    low = make_user(["department_staff"], org.department, Classification.CONFIDENTIAL)
    assert values(metrics.measure(keys, line.qlcn, PERIOD)) == dict(zip(keys, (2, 1, 1),
                                                                        strict=True))
    seen = metrics.measure(keys, low, PERIOD)
    assert values(seen) == dict(zip(keys, (1, 0, 0), strict=True))
    assert seen["quality.nc_open"].classification == 0
    assert metrics.measure(keys, line.qlcn, PERIOD)["quality.nc_open"].classification == (
        Classification.SECRET)


def test_a_reader_without_the_permission_is_not_measured(line, history, make_user):  # noqa: F811
    auditor = make_user(["auditor"], line.world.org.root)
    assert values(metrics.measure(["quality.failures", "quality.pass_rate"], auditor,
                                  PERIOD)) == {"quality.failures": None,
                                               "quality.pass_rate": None}
