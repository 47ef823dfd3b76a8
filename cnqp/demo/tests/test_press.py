"""The demo's press coverage tells the articles' story: more than 1.000 articles, feature
reports, documentary films and news items in 2023, 1,8 times as many as in 2022, about the
directorate and its units, on many outlets, every one dated in the past. On the shared demo
(conftest.py)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.press import report
from cnqp.press.models import PressItem


def test_the_articles_figures(demo, users):
    boss = users["thutruong"]
    figures = metrics.read("press", boss, ReportPeriod.annual(2023))
    assert 1000 < figures.total < 1100 and figures.total_floor == 1000
    assert 570 <= figures.previous_total <= 580
    assert figures.ratio == 1.8
    assert all(figures.by_kind.values()) and len(figures.by_outlet) == 10
    assert len(figures.by_unit) > 10
    section = report.build_section(boss, ReportPeriod.annual(2023), None)
    assert "1.000" in section.paragraphs[0] and "1,8" in section.paragraphs[0]
    assert "toàn Tổng cục" in section.paragraphs[0]


def test_spread_over_years_units_and_outlets_never_in_the_future(demo, db):
    years = dict(PressItem.objects.values_list("published_on__year").annotate(n=Count("pk")))
    assert sorted(years) == list(range(2019, 2026))
    assert not PressItem.objects.filter(published_on__gt=timezone.localdate()).exists()
    assert PressItem.objects.values("subject_unit").distinct().count() > 15
    assert PressItem.objects.values("outlet").distinct().count() >= 10


def test_the_political_department_keeps_the_press_and_the_awards(demo, users, client):
    """The demo's Cục Chính trị user files press items and awards for every unit and finds
    both in the menu."""
    cct = users["cct"]
    assert cct.org_unit.code == "CCT"
    for permission in ("press.add_pressitem", "press.change_pressitem", "awards.add_award",
                       "awards.add_movement"):
        assert cct.has_perm(permission), permission
    assert not cct.has_perm("performance.review_submission")
    client.force_login(cct)
    page = client.get("/").content.decode()
    assert "/press/items/" in page and "/awards/awards/" in page
