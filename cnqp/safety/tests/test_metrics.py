"""The safety figures in the metric registry, on hand-built records: `metrics.measure` of the
keys the home page and the resolution's targets name gives the hand-counted values, each
linked to a list of exactly the records it counts; another unit, a lower clearance or a
narrower unit measures less; a reader without the permission measures nothing; the articles'
comparison is a source of its own, and two other periods are compared by the same function."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.quality.selectors import Period
from cnqp.safety import metrics as safety_metrics
from cnqp.safety.tests.test_figures import History, history  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

YEAR = ReportPeriod.annual(2019)
# The scalars whose link lists the records they count (sums such as deaths link to the
# incidents summed, shares to nothing).
COUNTS = ("safety.incidents", "safety.near_misses", "safety.especially_serious",
          "safety.serious", "safety.serious_production", "safety.serious_research",
          "safety.especially_serious_production", "safety.especially_serious_research",
          "safety.assets_in_service", "safety.assets_covered", "safety.assets_overdue",
          "safety.assets_strict", "safety.certificates_valid", "safety.certificates_expiring",
          "safety.plans_approved", "safety.plans_in_force", "safety.plans_drilled",
          "safety.plans_not_drilled", "safety.findings_found", "safety.findings_closed",
          "safety.findings_open", "safety.findings_overdue", "safety.findings_carried_open",
          "safety.findings_first_found")


def values(user: Any, keys: tuple[str, ...], period: ReportPeriod = YEAR,
           unit: Any = None) -> dict[str, Any]:
    return {key: m.value for key, m in metrics.measure(keys, user, period, unit).items()}


def test_the_measures_of_2019(history: History) -> None:  # noqa: F811
    staff = history.world.safety_staff
    assert values(staff, (
        "safety.incidents", "safety.deaths", "safety.serious_injuries", "safety.minor_injuries",
        "safety.days_off", "safety.damage", "safety.near_misses", "safety.especially_serious",
        "safety.serious", "safety.serious_production", "safety.serious_research",
        "safety.assets_overdue", "safety.assets_covered_share", "safety.findings_open",
        "safety.findings_first_found", "safety.findings_median_days",
        "safety.certificates_valid", "safety.certificates_horizon_days",
        "safety.plans_in_force")) == {
        "safety.incidents": 3, "safety.deaths": 0, "safety.serious_injuries": 2,
        "safety.minor_injuries": 1, "safety.days_off": 105, "safety.damage": 6_050_000_000,
        "safety.near_misses": 1, "safety.especially_serious": 0, "safety.serious": 2,
        "safety.serious_production": 1, "safety.serious_research": 1,
        "safety.assets_overdue": 2, "safety.assets_covered_share": 33.3,
        "safety.findings_open": 2, "safety.findings_first_found": 2,
        "safety.findings_median_days": 40, "safety.certificates_valid": 3,
        "safety.certificates_horizon_days": 30, "safety.plans_in_force": 2}
    measured = metrics.measure(["safety.incidents", "safety.assets_overdue"], staff, YEAR)
    assert measured["safety.incidents"].classification == Classification.SECRET


def test_the_zero_targets_are_plain_metrics_of_incidents() -> None:
    """What the resolution's targets bind to: scalars, lower is better, counted in "vụ"."""
    for key in ("safety.especially_serious", "safety.serious_production",
                "safety.serious_research"):
        metric = metrics.metric(key)
        assert not metric.is_breakdown and metric in metrics.bindable()
        assert metric.better == metrics.Better.LOWER and metric.link is not None
        assert metric.permission == "safety.view_incident"
        with translation.override("en"):
            assert str(metric.measure) == "incidents"  # "vụ" in Vietnamese


def test_each_link_lists_exactly_what_its_metric_counts(history: History,  # noqa: F811
                                                        client_for: Any) -> None:
    staff = history.world.safety_staff
    client = client_for(staff)
    unit = history.world.org.enterprise_a
    for period, within in ((YEAR, None), (ReportPeriod.annual(2017), None), (YEAR, unit)):
        for key, measured in metrics.measure(COUNTS, staff, period, within).items():
            page = client.get(measured.url + "&per_page=200")
            assert page.status_code == 200, measured.url
            assert page.context["page"].paginator.count == measured.value, (key, period, within)
    url = metrics.measure(["safety.serious_research"], staff, YEAR, unit)[
        "safety.serious_research"].url
    query = parse_qs(urlsplit(url).query)
    assert (query["figure"], query["activity"], query["unit"]) == (
        ["serious"], ["research"], [str(unit.pk)])
    assert (query["start"], query["end"]) == (["01/01/2019"], ["31/12/2019"])


def test_another_unit_a_lower_clearance_and_a_narrower_unit_measure_less(
        history: History, make_user: Any) -> None:  # noqa: F811
    world = history.world
    keys = ("safety.incidents", "safety.minor_injuries", "safety.serious_production",
            "safety.serious_research", "safety.assets_overdue", "safety.findings_open",
            "safety.findings_first_found")
    assert values(world.staff_b, keys) == {
        "safety.incidents": 1, "safety.minor_injuries": 0, "safety.serious_production": 1,
        "safety.serious_research": 0, "safety.assets_overdue": 1, "safety.findings_open": 0,
        "safety.findings_first_found": 0}
    low = values(world.low_a, keys)
    assert (low["safety.incidents"], low["safety.minor_injuries"]) == (1, 0)  # not the secret
    assert (low["safety.assets_overdue"], low["safety.findings_first_found"]) == (0, 1)
    a = values(world.safety_staff, keys, unit=world.org.enterprise_a)
    assert (a["safety.incidents"], a["safety.serious_production"]) == (2, 0)
    assert a["safety.findings_open"] == 2
    auditor = make_user(["auditor"], world.org.root)
    assert set(values(auditor, keys).values()) == {None}  # no permission: nothing measured


def test_the_articles_comparison_is_a_source(history: History) -> None:  # noqa: F811
    staff = history.world.safety_staff
    period = ReportPeriod.annual(2021)
    assert values(staff, (
        "safety.comparison.earlier.incidents", "safety.comparison.later.incidents",
        "safety.comparison.change.incidents", "safety.comparison.percent.incidents",
        "safety.comparison.average_percent.incidents",
        "safety.comparison.later.incidents_per_year", "safety.comparison.later.years",
        "safety.comparison.earlier.damage_per_year"), period) == {
        "safety.comparison.earlier.incidents": 5, "safety.comparison.later.incidents": 4,
        "safety.comparison.change.incidents": -1, "safety.comparison.percent.incidents": -20.0,
        "safety.comparison.average_percent.incidents": -33.3,
        "safety.comparison.later.incidents_per_year": pytest.approx(4 / 6),
        "safety.comparison.later.years": 6.0,
        "safety.comparison.earlier.damage_per_year": 340_000_000}
    earlier = metrics.measure(["safety.comparison.earlier.incidents"], staff, period)
    assert "start=01%2F01%2F2011&end=31%2F12%2F2015" in earlier[
        "safety.comparison.earlier.incidents"].url
    # the registry's comparison, and two other periods by the same computation
    assert safety_metrics.comparison(staff, period, None).later.harm.incidents == 4
    other = safety_metrics.comparison(staff, period, None, (
        Period(dt.date(2013, 1, 1), dt.date(2015, 12, 31)),
        Period(dt.date(2019, 1, 1), dt.date(2019, 12, 31))))
    assert (other.earlier.harm.incidents, other.later.harm.incidents) == (4, 3)
    assert other.earlier.years == 3.0 and other.change.incidents == -1
