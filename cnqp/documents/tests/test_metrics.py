"""The technical-documents figures as the metric registry gives them (metrics.py): values on
hand-built records, the links that list exactly what a figure counts, the reader's scope
(unit, clearance, permission), and the home page's panel reading them there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.documents import dashboard
from cnqp.documents.choices import DocumentKind, Purpose
from cnqp.documents.factories import DocumentSetFactory
from cnqp.documents.selectors import expiring_rights
from cnqp.documents.tests.test_report import grant, issue

DAY = dt.timedelta(days=1)
KEYS = ("documents.revisions_issued", "documents.rights_granted", "documents.rights_expiring",
        "documents.first_issued.design", "documents.rights_granted.repair",
        "documents.design_amended_or_reissued")


@pytest.fixture
def people(org: Any, make_user: Any) -> dict[str, Any]:
    return {
        "author": make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET),
        "approver": make_user(["department_staff"], org.department, Classification.TOP_SECRET),
        "director": make_user(["leadership"], org.root, Classification.TOP_SECRET),
    }


@pytest.fixture
def year(org: Any, people: dict[str, Any]) -> int:
    """This year: of Z111, a design set issued twice and a Mật technology set issued once;
    Z113's Mật design set, issued the year before last, with two rights of Z111 granted this
    year (one for repair, one expiring within 30 days) and one of Z113 granted last year,
    expiring within 30 days too."""
    today = timezone.localdate()
    first_day = dt.date(today.year, 1, 1)
    design = DocumentSetFactory(owner_unit=org.enterprise_a, kind=DocumentKind.DESIGN)
    technology = DocumentSetFactory(owner_unit=org.enterprise_a, kind=DocumentKind.TECHNOLOGY,
                                    classification=Classification.CONFIDENTIAL)
    other = DocumentSetFactory(owner_unit=org.enterprise_b, kind=DocumentKind.DESIGN,
                               classification=Classification.CONFIDENTIAL)
    issue(design, people, first_day)
    issue(design, people, first_day)  # amended and re-issued the same day
    issue(technology, people, first_day)
    issue(other, people, first_day - 400 * DAY)  # the year before last
    grant(other, org.enterprise_a, first_day, None, purpose=Purpose.REPAIR)
    grant(other, org.enterprise_a, first_day, today + 10 * DAY)
    grant(other, org.enterprise_b, first_day - 200 * DAY, today + 20 * DAY)
    return today.year


def listed(client: Any, url: str) -> list[Any]:
    page = client.get(f"{url}&per_page=100")
    assert page.status_code == 200, url
    return list(page.context["page"].object_list)


def test_the_registry_measures_the_year_and_links_to_exactly_what_it_counts(
        year: int, people: dict[str, Any], client_for: Any) -> None:
    director = people["director"]
    found = metrics.measure(KEYS, director, ReportPeriod.annual(year))
    assert {key: m.value for key, m in found.items()} == {
        "documents.revisions_issued": 3, "documents.rights_granted": 2,
        "documents.rights_expiring": 2, "documents.first_issued.design": 1,
        "documents.rights_granted.repair": 1, "documents.design_amended_or_reissued": 1}
    assert found["documents.rights_expiring"].metric.better == metrics.Better.LOWER
    assert found["documents.revisions_issued"].classification == Classification.CONFIDENTIAL
    client = client_for(director)
    for key in ("documents.revisions_issued", "documents.rights_granted",
                "documents.rights_expiring", "documents.rights_granted.repair"):
        assert len(listed(client, found[key].url)) == found[key].value, key
    # The sets first issued have no list of their own yet: no link rather than a wrong one.
    assert found["documents.first_issued.design"].url == ""


def test_expiring_looks_from_today_in_a_running_period_and_from_the_end_of_a_past_one(
        year: int, people: dict[str, Any]) -> None:
    director = people["director"]
    today = timezone.localdate()
    running = metrics.measure(["documents.rights_expiring"], director,
                              ReportPeriod(today - 5 * DAY, today + 100 * DAY))
    expiring = running["documents.rights_expiring"]
    assert expiring.value == expiring_rights(director).count() == 2
    assert "expiring=true" in expiring.url
    # A period over: from its last day, when none of them was in force yet; the pages list
    # the rights expiring today only, so no link.
    before = metrics.measure(["documents.rights_expiring"], director,
                             ReportPeriod(today - 400 * DAY, today - 300 * DAY))
    assert (before["documents.rights_expiring"].value,
            before["documents.rights_expiring"].url) == (0, "")


def test_a_reader_gets_only_what_they_may_see(year: int, org: Any, people: dict[str, Any],
                                              make_user: Any) -> None:
    period = ReportPeriod.annual(year)
    low = make_user(["enterprise_staff"], org.enterprise_a, Classification.UNCLASSIFIED)
    z113 = make_user(["enterprise_staff"], org.enterprise_b, Classification.TOP_SECRET)
    soldier = make_user(["user_unit_staff"], org.user_unit, Classification.TOP_SECRET)

    def values(user: Any, unit: Any = None) -> dict[str, Any]:
        return {k: m.value for k, m in metrics.measure(KEYS[:3], user, period, unit).items()}

    # Below Mật: not the technology set, nor Z113's set and the rights to it.
    assert values(low) == {"documents.revisions_issued": 2, "documents.rights_granted": 0,
                           "documents.rights_expiring": 0}
    # Z113 holds no right on Z111's sets, so none of their revisions; as the owner of its set
    # it sees the rights Z111 holds on it, besides its own.
    assert values(z113) == {"documents.revisions_issued": 0, "documents.rights_granted": 2,
                            "documents.rights_expiring": 2}
    # No permission on documents: not measured at all.
    assert set(values(soldier).values()) == {None}
    # The directorate narrowed to Z113: its right only, and the rights list narrowed too.
    narrowed = metrics.measure(KEYS[:3], people["director"], period, org.enterprise_b)
    assert [m.value for m in narrowed.values()] == [0, 0, 1]
    assert narrowed["documents.revisions_issued"].url == ""  # that list has no unit filter
    assert f"enterprise={org.enterprise_b.pk}" in narrowed["documents.rights_expiring"].url


def test_the_panel_shows_the_registered_metrics(year: int, people: dict[str, Any]) -> None:
    director = people["director"]
    (panel,) = dashboard.panels(director, year)
    now = metrics.measure(dashboard.SHOWN, director, ReportPeriod.annual(year))
    before = metrics.measure(dashboard.SHOWN, director, ReportPeriod.annual(year - 1))
    assert [(f.key, f.value, f.url, f.previous) for f in panel.figures] == [
        (key, now[key].value, now[key].url, before[key].value) for key in dashboard.SHOWN]
    assert [f.value for f in panel.figures] == [3, 2, 2]
    assert panel.figures[0].previous == 0
