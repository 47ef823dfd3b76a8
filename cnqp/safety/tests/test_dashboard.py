"""The safety panel of the home page: each number is the count of the records its link lists,
this year and last; the zero targets carry the directive's target; a user who may not read
safety gets no panel, another unit counts only its own."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from cnqp.core.figures.dashboard import _collect
from cnqp.directives.choices import TargetKind
from cnqp.directives.factories import DirectiveItemFactory, IndicatorFactory
from cnqp.safety import dashboard
from cnqp.safety.tests.test_figures import History, history  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ZERO_TARGETS = ("safety.especially_serious", "safety.serious_production",
                "safety.serious_research")
KEYS = ("incidents", "especially_serious", "serious_production", "serious_research",
        "assets_overdue", "findings_open", "findings_first_found")


def _numbers(html: str, kind: str) -> list[tuple[str, str, int]]:
    return [(url.replace("&amp;", "&"), key, int(value.strip().replace(".", "")))
            for url, key, value in re.findall(
                rf'<a[^>]*href="([^"]+)" data-{kind}="safety\.([a-z_]+)">([^<]+)</a>', html)]


def test_safety_numbers_are_the_records_they_link_to(history: History,  # noqa: F811
                                                     client_for: Any) -> None:
    client = client_for(history.world.safety_staff)
    html = client.get("/", {"year": 2019}).content.decode()
    shown = {}
    for kind in ("figure", "previous"):
        for url, key, value in _numbers(html, kind):
            assert key in KEYS
            page = client.get(url + "&per_page=100")
            assert page.status_code == 200, url
            assert page.context["page"].paginator.count == value, (key, kind, url)
            shown[(key, kind)] = value
    assert len(shown) == 2 * len(KEYS)
    assert shown[("incidents", "figure")] == 3 and shown[("incidents", "previous")] == 0
    assert shown[("especially_serious", "figure")] == 0  # confirmed serious, not especially
    assert shown[("serious_production", "figure")] == 1
    assert shown[("serious_research", "figure")] == 1
    assert shown[("assets_overdue", "figure")] == 2
    assert shown[("assets_overdue", "previous")] == 2  # never inspected under a regime by 2018
    assert shown[("findings_open", "figure")] == 2 and shown[("findings_first_found",
                                                                "figure")] == 2


def test_zero_targets_and_the_chart(history: History) -> None:  # noqa: F811
    """The zero targets are the directives': a resolution in force that sets them puts them
    beside the figures, with the year's verdict (one serious incident in production: lost)."""
    staff = history.world.safety_staff
    item = DirectiveItemFactory(directive__owner_unit=history.world.org.root,
                                directive__number="195-NQ/ĐU")
    for key in ZERO_TARGETS:
        IndicatorFactory(item=item, metric_key=key, target_kind=TargetKind.ZERO,
                         target_value=0, period_start=dt.date(2016, 7, 8),
                         period_end=dt.date(2030, 12, 31))
    [panel] = [p for p in _collect(staff, 2019) if p.key == "safety"]
    targets = {f.key: f.target for f in panel.figures if f.target is not None}
    assert set(targets) == set(ZERO_TARGETS)
    assert all(t.value == 0 and t.label == "195-NQ/ĐU" for t in targets.values())
    assert {k: t.tone for k, t in targets.items()} == {
        "safety.especially_serious": "success", "safety.serious_production": "danger",
        "safety.serious_research": "danger"}
    [chart] = panel.charts
    assert chart.chart.series[0][1] == [2, 1]  # production, research
    assert all("activity=" in link for link in chart.links[0])


def test_another_unit_counts_its_own(history: History) -> None:  # noqa: F811
    [panel] = dashboard.panels(history.world.staff_b, 2019)
    values = {f.key: f.value for f in panel.figures}
    assert values["safety.incidents"] == 1 and values["safety.serious_production"] == 1
    assert values["safety.findings_open"] == 0 and values["safety.assets_overdue"] == 1


def test_no_safety_panel_without_the_permission(history: History, org: Any,  # noqa: F811
                                               make_user: Any, client_for: Any) -> None:
    auditor = make_user(["auditor"], org.root)
    assert dashboard.panels(auditor, 2019) == []
    html = client_for(auditor).get("/", {"year": 2019}).content.decode()
    assert 'data-figure="safety.' not in html
