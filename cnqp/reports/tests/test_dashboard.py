"""The home page's dashboard per role: the year against last year and the targets, every
number a link to exactly the records it counts, and panels that later apps add."""

from __future__ import annotations

import datetime as dt
import re
import types
from typing import Any

from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard
from cnqp.core.figures.dashboard import Target
from cnqp.production import services as production
from cnqp.production.models import SerialUnit
from cnqp.reports.tests.conftest import YEAR
from cnqp.research.report import research_figures


def figures(client: Any, year: int = YEAR) -> dict[str, dict[str, str]]:
    """{key: {value, url, previous, previous_url, target}} as the page shows them."""
    html = client.get("/", {"year": year}).content.decode()
    found: dict[str, dict[str, str]] = {}
    for kind in ("figure", "previous", "target"):
        pattern = rf'<a[^>]*href="([^"]+)" data-{kind}="([^"]+)">([^<]+)</a>'
        for url, key, value in re.findall(pattern, html):
            found.setdefault(key, {})[kind] = value.strip()
            found[key][f"{kind}_url"] = url.replace("&amp;", "&")
    return found


def listed(client: Any, url: str) -> list[Any]:
    page = client.get(f"{url}&per_page=100" if "?" in url else f"{url}?per_page=100")
    assert page.status_code == 200, url
    return list(page.context["page"].object_list)


def test_directorate_dashboard_numbers_link_to_what_they_count(rw: Any,
                                                              client_for: Any) -> None:
    client = client_for(rw.admin)
    shown = figures(client)
    expected = research_figures(rw.admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    for name in ("in_execution", "opened", "accepted", "applied"):
        figure = shown[f"research.{name}"]
        assert int(figure["figure"]) == getattr(expected, name)
        assert len(listed(client, figure["figure_url"])) == getattr(expected, name)
        assert figure["previous"] == "0"
    # Documents: the revision issued in the year; production: the year's accepted serials.
    revisions = shown["documents.revisions_issued"]
    assert revisions["figure"] == "1" and len(listed(client, revisions["figure_url"])) == 1
    serials = shown["production.accepted_serials"]
    assert serials["figure"] == "2" and len(listed(client, serials["figure_url"])) == 2
    # N/M against the plan: the product types counted, and the plan's types as the target.
    done = shown["production.types_done_well"]
    assert (done["figure"], done["target"]) == ("1", "1")
    types_listed = {item.product_type_id for item in listed(client, done["figure_url"])}
    assert len(types_listed) == 1
    output = shown["production.plan_output"]
    assert (output["figure"], output["target"]) == ("2", "2")
    page = client.get("/", {"year": YEAR}).content.decode()
    assert 'data-chart="stacked"' in page and "dash-chart-" in page
    assert '"links": [[' in page  # chart bars open their records


def test_enterprise_dashboard_shows_its_own(rw: Any, client_for: Any) -> None:
    shown = figures(client_for(rw.z111))
    assert shown["research.opened"]["figure"] == "2"  # not Z113's project
    assert shown["production.accepted_serials"]["figure"] == "2"
    low = figures(client_for(rw.low))
    assert low["research.opened"]["figure"] == "2"  # the secret project is not counted


def test_user_unit_dashboard_counts_its_received_serials(rw: Any, org: Any, make_user: Any,
                                                         client_for: Any) -> None:
    world = rw.production
    units = list(SerialUnit.objects.filter(enterprise=org.enterprise_a))
    today = dt.date.today()
    production.create_delivery(world.staff, document_number="GN-01",
                               enterprise=org.enterprise_a, recipient=org.user_unit,
                               date=today, serials=units[:1])
    soldier = make_user(["user_unit_staff"], org.user_unit, Classification.UNCLASSIFIED)
    client = client_for(soldier)
    shown = figures(client, today.year)
    assert set(shown) == {"production.received_serials", "production.serials_held",
                          "quality.failures"}  # the field reports it filed
    received = shown["production.received_serials"]
    assert received["figure"] == "1"
    assert [s.pk for s in listed(client, received["figure_url"])] == [units[0].pk]
    assert "research" not in client.get("/").content.decode().split("Records you may")[0]


def test_auditor_sees_no_figures(rw: Any, org: Any, make_user: Any, client_for: Any) -> None:
    auditor = make_user(["auditor"], org.root)
    assert figures(client_for(auditor)) == {}
    # the audit log's own figures only (core/dashboard.py), none of the records'
    assert [p.key for p in dashboard.collect(auditor, YEAR)] == ["audit"]


def test_targets_from_another_app_attach_to_figures(rw: Any, monkeypatch: Any) -> None:
    """The slot of the coming "resolutions and targets" module."""
    directives = types.ModuleType("cnqp.directives.dashboard")
    directives.targets = lambda user, year: {
        "research.applied": Target(25, "Nghị quyết 365-NQ/ĐU"),
        "production.types_done_well": Target(99, "ignored: the plan gives its own")}
    real = dashboard.app_modules
    monkeypatch.setattr(dashboard, "app_modules",
                        lambda name: [*real(name), ("directives", directives)])
    panels = {p.key: p for p in dashboard.collect(rw.admin, YEAR)}
    applied = next(f for f in panels["research"].figures if f.key == "research.applied")
    assert applied.target == Target(25, "Nghị quyết 365-NQ/ĐU")
    assert applied.target_percent == 4.0
    done = next(f for f in panels["production"].figures if f.key == "production.types_done_well")
    assert done.target is not None and done.target.value == 1


def test_figures_are_kept_a_minute_per_user(rw: Any, settings: Any,
                                            django_assert_max_num_queries: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.CNQP_DASHBOARD_CACHE_SECONDS = 60
    first = dashboard.collect(rw.admin, YEAR)
    with django_assert_max_num_queries(0):
        assert dashboard.collect(rw.admin, YEAR) == first
    # Another reader computes their own: the secret project is not counted for them.
    low = {p.key: p for p in dashboard.collect(rw.low, YEAR)}
    opened = next(f for f in low["research"].figures if f.key == "research.opened")
    assert opened.value == 2
    # A user whose roles change sees figures for the roles they now hold, not a minute-old
    # copy of what the old ones showed.
    from cnqp.core.models import Role

    admin = type(rw.admin).objects.get(pk=rw.admin.pk)
    admin.roles.set([Role.objects.get(code="auditor")])
    admin = type(rw.admin).objects.get(pk=admin.pk)
    # an auditor sees no figures of the records, only the audit log's
    assert [p.key for p in dashboard.collect(admin, YEAR)] == ["audit"]
    cache.clear()
