"""'Việc của tôi' (issue 21): what waits for a unit shows to its users and to nobody else,
counted in a constant number of queries per queue, and the menu shows the total."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cnqp.core import work
from cnqp.quality import services
from cnqp.quality.tests.conftest import file_report

pytestmark = pytest.mark.django_db


def queue(response, name: str) -> dict | None:
    return next((q for q in response.context["queues"] if q["name"] == name), None)


def _action(line, days: int = 10):
    nc = services.open_nonconformance(line.world.staff, file_report(line))
    return services.create_action(line.world.staff, nonconformance=nc, title="Thay lò xo",
                                  owner_unit=line.world.org.enterprise_a,
                                  due_date=dt.date.today() + dt.timedelta(days=days))


def test_my_work_shows_a_units_action_to_it_and_not_to_another_unit(line, client_for):
    action = _action(line)
    mine = client_for(line.world.staff).get(reverse("core:my-work"))
    assert mine.status_code == 200
    actions = queue(mine, "quality.actions_open")
    assert actions is not None and actions["count"] == 1
    assert [obj for obj, _url in actions["items"]] == [action]
    assert reverse("quality:actions-detail", args=[action.pk]) in mine.content.decode()
    # the queue's link lists the same records
    listed = client_for(line.world.staff).get(actions["link"])
    assert listed.status_code == 200 and action.code in listed.content.decode()
    other = client_for(line.world.staff_b).get(reverse("core:my-work"))
    assert queue(other, "quality.actions_open") is None
    assert action.code not in other.content.decode()


def test_the_quality_department_triages_every_new_report(line, client_for):
    report = file_report(line)
    for user in (line.qlcn, line.world.staff):  # the department, the producer
        response = client_for(user).get(reverse("core:my-work"))
        triage = queue(response, "quality.reports_to_triage")
        assert triage is not None and [obj for obj, _url in triage["items"]] == [report]
        assert report.code in client_for(user).get(triage["link"]).content.decode()
    for user in (line.world.staff_b, line.sd304_user):  # not theirs to triage
        assert queue(client_for(user).get(reverse("core:my-work")),
                     "quality.reports_to_triage") is None


def test_the_menu_counts_what_waits_once_per_request(line, client_for):
    _action(line)
    client = client_for(line.world.staff)
    response = client.get(reverse("core:home"))
    expected = work.total(response.wsgi_request.user)
    assert expected >= 2  # the action, the non-conformance
    assert f'data-badge>{expected}<' in response.content.decode().replace(" ", "")


def test_the_count_costs_one_query_per_queue_whatever_the_records(line, django_user_model):
    user = django_user_model.objects.get(pk=line.world.staff.pk)
    _action(line)

    def count_queries() -> int:
        fresh = django_user_model.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            work.counts(fresh)
            work.total(fresh)  # kept: no second count
        return len(queries)

    few = count_queries()
    for days in (3, 5, 8):
        _action(line, days)
    assert count_queries() == few


def test_the_menu_total_is_kept_between_pages_the_page_counts_afresh(line, django_user_model,
                                                                      settings):
    """The badge is on every page: with the home page's cache on, a second page does not
    count every queue again; /my-work/ always does."""
    from django.core.cache import cache

    cache.clear()
    settings.CNQP_DASHBOARD_CACHE_SECONDS = 60
    _action(line)

    def fresh():
        user = django_user_model.objects.get(pk=line.world.staff.pk)
        user.role_codes  # noqa: B018  # loaded before counting, as a request has it
        return user

    first = work.total(fresh())
    again = fresh()
    with CaptureQueriesContext(connection) as queries:
        assert work.total(again) == first
    assert len(queries) == 0
    assert sum(q.count for q in work.counts(again)) == first  # the page: counted
    cache.clear()
