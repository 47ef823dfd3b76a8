"""The demo's emulation and awards tell the articles' story: in 2021 Cục QLCN received the Prime
Minister's certificate of merit for 12 years of carrying out the Ordinance on the Defence
Industry, the directorate's emulation flag and the party committee's certificate of merit, and
its people emulation soldier, advanced soldier, certificates of merit and of commendation; the
whole directorate presses ahead with the Determined-to-Win Emulation Movement; every year from
2019 has its awards. On the shared demo (conftest.py)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from cnqp.awards.figures import award_figures
from cnqp.awards.models import Award, Movement
from cnqp.core.figures.reporting import ReportPeriod


def test_the_articles_statements(demo, db):
    qlcn = Award.objects.filter(unit__code="QLCN", decision_date__year=2021)
    pm = qlcn.get(title__code="bk-thu-tuong")
    assert "12 năm thực hiện Pháp lệnh Công nghiệp quốc phòng" in pm.reason
    assert pm.authority == "Thủ tướng Chính phủ" and pm.person_name == ""
    assert qlcn.filter(title__code="co-tong-cuc", person_name="").count() == 1
    assert qlcn.filter(title__code="bk-dang-uy", person_name="").count() == 1
    individuals = set(qlcn.exclude(person_name="").values_list("title__code", flat=True))
    assert individuals == {"cstd-co-so", "chien-si-tien-tien", "bk-chu-nhiem", "giay-khen"}
    assert Movement.objects.filter(name="Phong trào Thi đua Quyết thắng", end=None).exists()


def test_every_year_and_nothing_in_the_future(demo, db):
    years = dict(Award.objects.values_list("decision_date__year").annotate(n=Count("pk")))
    assert set(years) == set(range(2019, 2026)) and min(years.values()) >= 40
    assert not Award.objects.filter(decision_date__gt=timezone.localdate()).exists()


def test_the_figures_of_2021(demo, users, db):
    f = award_figures(users["thutruong"], ReportPeriod.annual(2021))
    assert f.now.awards == Award.objects.filter(decision_date__year=2021).count()
    assert f.previous.awards == Award.objects.filter(decision_date__year=2020).count()
    assert f.by_level["state"] == 1  # the Prime Minister's certificate of merit
    assert ("Cục Quản lý công nghệ", "Bằng khen của Thủ tướng Chính phủ") in [
        (h.unit, h.title) for h in f.highlights]
    assert f.movements_active >= 1
    z111 = users["z111"]
    own = award_figures(z111, ReportPeriod.annual(2021))
    assert own.now.awards == Award.objects.filter(decision_date__year=2021,
                                                  unit__path__startswith="TCCNQP/Z111/").count()
