"""The demo's training tells the articles' story: in 2021 Cục QLCN organises the training that
raises the level of the technical staff, in 2022 specialised training classes, in 2023 the BTM
trains those who run the training; every year from 2019 has courses with participants by unit,
none in the future; the safety module's sessions of a year are counted once, as the safety
kind. On the shared demo (conftest.py)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils import timezone, translation

from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.text import format_number
from cnqp.safety.models import TrainingRecord, TrainingSession
from cnqp.training import report
from cnqp.training.figures import training_figures
from cnqp.training.models import Participation, TrainingCourse


def _section(user, year):
    with translation.override("en"):
        return report.build_section(user, ReportPeriod.annual(year), None)


def test_the_articles_statements(demo, users, db):
    boss = users["thutruong"]
    qlcn = TrainingCourse.objects.filter(organiser__code="QLCN")
    assert qlcn.filter(start__year=2021, kind="technical",
                       title="Tập huấn nâng cao trình độ cán bộ, nhân viên kỹ thuật").exists()
    assert qlcn.filter(start__year=2022, kind="specialised",
                       title__startswith="Lớp huấn luyện chuyên ngành").count() == 2
    assert TrainingCourse.objects.filter(
        organiser__code="BTM", start__year=2023,
        title="Tập huấn cán bộ làm công tác huấn luyện, đào tạo").exists()
    for year, phrase in ((2021, "nâng cao trình độ cán bộ, nhân viên kỹ thuật"),
                         (2022, "Lớp huấn luyện chuyên ngành"),
                         (2023, "công tác huấn luyện, đào tạo")):
        section = _section(boss, year)
        courses = (TrainingCourse.objects.filter(start__year=year).count()
                   + TrainingSession.objects.filter(start_on__year=year).count())
        people = (Participation.objects.filter(course__start__year=year)
                  .aggregate(n=Sum("participants"))["n"]
                  + TrainingRecord.objects.filter(session__start_on__year=year).count())
        assert section.paragraphs[0].startswith(
            f"In {year}, {courses} training courses and classes were held with "
            f"{format_number(people)} participants (")
        assert f"compared with year {year - 1}:" in section.paragraphs[0]
        assert phrase in section.paragraphs[1]


def test_safety_sessions_are_counted_once_as_the_safety_kind(demo, users, db):
    boss = users["thutruong"]
    years = dict(TrainingSession.objects.values_list("start_on__year").annotate(n=Count("pk")))
    assert {2021, 2022, 2023} <= set(years)
    for year, sessions in years.items():
        f = training_figures(boss, ReportPeriod.annual(year))
        assert f.by_kind["safety"].courses == sessions
        assert f.by_kind["safety"].participants == TrainingRecord.objects.filter(
            session__start_on__year=year).count()
        assert f.now.courses == TrainingCourse.objects.filter(start__year=year).count() + sessions
    assert not TrainingCourse.objects.filter(kind="safety").exists()


def test_every_year_by_unit_and_nothing_in_the_future(demo, users, db):
    years = dict(TrainingCourse.objects.values_list("start__year").annotate(n=Count("pk")))
    assert set(years) == set(range(2019, 2026)) and min(years.values()) >= 15
    assert not TrainingCourse.objects.filter(end__gt=timezone.localdate()).exists()
    assert Participation.objects.values("unit").distinct().count() > 15
    z111 = users["z111"]
    own = training_figures(z111, ReportPeriod.annual(2022))
    assert own.classification <= z111.clearance
    assert own.now.courses < training_figures(users["thutruong"],
                                              ReportPeriod.annual(2022)).now.courses
    assert training_figures(users["sd304"], ReportPeriod.annual(2022)).now.courses == 0
