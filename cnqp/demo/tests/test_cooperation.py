"""The demo's cooperation tells the articles' story: in 2023, 4 agreements concretised with 3
countries (the Russian Federation, India, Belarus), and Vietnamese products shown at the
International Military-Technical Forum ARMY-2023 in Russia and international fairs; the
Vietnam International Defence Expo at Gia Lâm, Hà Nội in December 2022 and 2024; every year
from 2019 has its records, none after today; a reader of lower clearance or of another unit
sees fewer records and smaller counts than the directorate's head. On the shared demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from cnqp.cooperation import report
from cnqp.cooperation.figures import cooperation_figures
from cnqp.cooperation.models import Agreement, Delegation, Exhibition, ExportContract
from cnqp.cooperation.resources import agreements, contracts, delegations
from cnqp.core.figures.reporting import ReportPeriod

YEAR = ReportPeriod.annual(2023)


def test_the_2023_statements(demo, users, db):
    f = cooperation_figures(users["thutruong"], YEAR)
    assert (f.now.agreements, f.now.countries) == (4, 3)
    assert f.country_names == ["Liên bang Nga", "Ấn Độ", "Belarus"]
    assert (f.now.delegations_out, f.now.delegations_in) == (5, 3)
    assert f.headline is not None
    assert (f.headline.name, f.headline.country) == (
        "Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023", "Liên bang Nga")
    assert f.other_international == 3
    with translation.override("vi"):
        section = report.build_section(users["thutruong"], YEAR, None)
    first, shows, _contracts = section.paragraphs
    assert "04" in first and "03" in first and "(Liên bang Nga, Ấn Độ, Belarus)" in first
    assert "Diễn đàn kỹ thuật quân sự quốc tế ARMY-2023" in shows and "Liên bang Nga" in shows


def test_the_vietnam_international_defence_expos(demo, db):
    expos = Exhibition.objects.filter(name__startswith="Triển lãm Quốc phòng quốc tế Việt Nam")
    assert sorted((e.start, e.end, e.international, e.country) for e in expos) == [
        (dt.date(2022, 12, 8), dt.date(2022, 12, 10), True, "Việt Nam"),
        (dt.date(2024, 12, 19), dt.date(2024, 12, 22), True, "Việt Nam")]
    assert all("Gia Lâm" in e.place for e in expos)
    army = Exhibition.objects.filter(name__contains="ARMY-").values_list("start__year",
                                                                         flat=True)
    assert sorted(army) == [2019, 2020, 2021, 2022, 2023]


def test_every_year_and_nothing_in_the_future(demo, db):
    today = timezone.localdate()
    for model, field in ((Agreement, "signed_on"), (Delegation, "start"),
                         (Exhibition, "start"), (ExportContract, "signed_on")):
        years = set(model.objects.exclude(**{f"{field}__isnull": True})
                    .values_list(f"{field}__year", flat=True))
        assert set(range(2019, 2026)) <= years, model
        assert not model.objects.filter(**{f"{field}__gt": today}).exists()
    assert Agreement.objects.filter(classification__gte=1).exists()
    assert ExportContract.objects.filter(classification=2).exists()


def test_lower_clearance_and_other_units_see_and_count_less(demo, users, db):
    boss = cooperation_figures(users["thutruong"], YEAR)
    for name in ("btm", "z111", "sd304"):
        user = users[name]
        low = cooperation_figures(user, YEAR)
        assert low.now.agreements < boss.now.agreements, name
        assert low.classification < boss.classification, name
        for resource in (agreements, delegations, contracts):
            if user.has_perm(resource.perm("view")):
                assert resource.queryset(user).count() < resource.queryset(
                    users["thutruong"]).count(), (name, resource.slug)
    z111 = cooperation_figures(users["z111"], YEAR)
    assert z111.country_names == ["Belarus"]  # its own agreement, no other country named
    assert z111.now.events >= 1  # it took part in ARMY-2023
    assert cooperation_figures(users["sd304"], YEAR).now.events == 0
