"""Safety figures on hand-built records: each figure counts exactly what its definition names,
the period comparison of unequal periods matches the hand-computed values, the zero targets
count serious incidents by their confirmed class, and another unit or a lower clearance
counts nothing it may not see; the number of queries does not grow with the records."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.core.choices import Classification
from cnqp.quality.selectors import Period
from cnqp.safety import selectors, services
from cnqp.safety.choices import (
    Activity,
    CampaignKind,
    DrillResult,
    FindingSeverity,
    InspectionResult,
    Outcome,
    PlanKind,
)
from cnqp.safety.factories import IncidentFactory
from cnqp.safety.figure_rows import AssetTotals, PlanTotals, years_in
from cnqp.safety.figures import FIGURES, compare, figure_records, safety_figures
from cnqp.safety.models import Finding, Incident, ReviewCampaign
from cnqp.safety.tests.conftest import SafetyWorld, aware

pytestmark = pytest.mark.django_db

YEAR_2019 = Period(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
EARLIER = Period(dt.date(2011, 1, 1), dt.date(2015, 12, 31))
LATER = Period(dt.date(2016, 1, 1), dt.date(2021, 12, 31))


@dataclass
class History:
    world: SafetyWorld
    incidents: dict[str, Incident]
    findings: dict[str, Finding]
    campaigns: dict[int, ReviewCampaign]


def incident(world: SafetyWorld, when: dt.datetime, unit: Any, activity: str, *,
             kind: Any = None, casualties: tuple[tuple[str, int], ...] = (),
             classification: int = 0, **damage: int) -> Incident:
    recorded = services.record_incident(
        world.safety_staff, kind=kind or world.ref.accident, title=f"Vụ việc {when:%d/%m/%Y}",
        occurred_at=when, unit=unit, activity=activity, description="Diễn biến",
        classification=classification, **damage)
    for outcome, days_off in casualties:
        services.add_casualty(world.safety_staff, incident=recorded, outcome=outcome,
                              days_off=days_off)
    recorded.refresh_from_db()
    return recorded


def campaign(world: SafetyWorld, year: int) -> ReviewCampaign:
    return services.create_campaign(
        world.safety_staff, code=f"TRS-{year}", name=f"Tổng rà soát {year}",
        kind=CampaignKind.GENERAL, year=year, lead_unit=world.btm,
        units=[world.org.enterprise_a, world.org.enterprise_b],
        start_on=dt.date(year, 3, 1), end_on=dt.date(year, 11, 30))


def finding(world: SafetyWorld, review: ReviewCampaign, unit: Any, found_on: dt.date,
            due_date: dt.date, classification: int = 0) -> Finding:
    return services.create_finding(
        world.safety_staff, unit=unit, title="Kho K2 chưa đo điện trở tiếp địa",
        severity=FindingSeverity.MEDIUM, found_on=found_on, due_date=due_date,
        campaign=review, classification=classification)


def close(world: SafetyWorld, found: Finding, claimed: dt.date, verified: dt.date) -> None:
    owner = world.staff_a if found.unit == world.org.enterprise_a else world.staff_b
    services.claim_fixed(owner, found, on_date=claimed, note="Đã khắc phục")
    services.verify_finding(world.safety_staff, found, on_date=verified, accepted=True,
                            note="Kiểm tra lại: đạt")


def build_history(world: SafetyWorld) -> History:
    """2011-2015: five incidents (one death, 1.7 billion VND); 2016-2021: four, of them in
    2019 a serious one in research (two seriously injured), a fire in production whose 6
    billion suggested "especially serious" but was confirmed "serious", a secret one in
    Z111; a near miss. Assets, certificates, plans and the 2017 and 2019 general reviews."""
    org, ref = world.org, world.ref
    a, a1, b = org.enterprise_a, org.workshop_a1, org.enterprise_b
    P, R = Activity.PRODUCTION, Activity.RESEARCH
    inc = {
        "2012": incident(world, aware(2012, 3, 5, 8), a, P, casualties=((Outcome.DEATH, 0),),
                         damage_property=200_000_000),
        "2013": incident(world, aware(2013, 7, 10, 14), b, Activity.STORAGE, kind=ref.fire,
                         damage_property=1_500_000_000),
        "2014": incident(world, aware(2014, 1, 20, 9), a1, Activity.REPAIR,
                         casualties=((Outcome.MINOR, 10),)),
        "2015": incident(world, aware(2015, 11, 30, 10), a, P,
                         casualties=((Outcome.SERIOUS, 30),)),
        "2015-end": incident(world, aware(2015, 12, 31, 23, 30), b, R,
                             casualties=((Outcome.MINOR, 5),)),
        "2016-start": incident(world, aware(2016, 1, 1, 0, 10), a, P,
                               casualties=((Outcome.MINOR, 3),)),
        "research": incident(world, aware(2019, 6, 15, 10), a1, R,
                             casualties=((Outcome.SERIOUS, 60), (Outcome.SERIOUS, 40)),
                             damage_medical=50_000_000),
        "fire": incident(world, aware(2019, 8, 1, 15), b, P, kind=ref.fire,
                         damage_property=6_000_000_000),
        "near": incident(world, aware(2019, 9, 9, 9), a, P, kind=ref.near_miss),
        "secret": incident(world, aware(2019, 10, 10, 10), a, P,
                           casualties=((Outcome.MINOR, 5),), classification=Classification.SECRET),
    }
    assert inc["fire"].suggested_severity == ref.especially_serious
    services.confirm_severity(world.safety_staff, inc["fire"], severity=ref.serious,
                              reason="Thiệt hại tài sản đã được bảo hiểm bồi hoàn một phần")

    crane_a = services.create_asset(world.safety_staff, code="CT-A", name="Cầu trục 5 tấn",
                                    category=ref.crane, unit=a, in_service_on=dt.date(2015, 6, 1))
    services.record_inspection(world.safety_staff, crane_a, regime=ref.technical,
                               inspected_on=dt.date(2019, 3, 1), performer="TTKĐ",
                               certificate_number="KĐ-1", result=InspectionResult.PASSED)
    services.record_inspection(world.safety_staff, crane_a, regime=ref.internal,
                               inspected_on=dt.date(2019, 9, 1), performer="Đơn vị",
                               result=InspectionResult.PASSED)
    crane_b = services.create_asset(world.safety_staff, code="CT-B", name="Cầu trục 10 tấn",
                                    category=ref.crane, unit=b, in_service_on=dt.date(2015, 6, 1))
    services.record_inspection(world.safety_staff, crane_b, regime=ref.technical,
                               inspected_on=dt.date(2018, 5, 1), performer="TTKĐ",
                               certificate_number="KĐ-2", result=InspectionResult.PASSED)
    services.record_inspection(world.safety_staff, crane_b, regime=ref.internal,
                               inspected_on=dt.date(2019, 10, 1), performer="Đơn vị",
                               result=InspectionResult.PASSED)
    bottle = services.create_asset(world.safety_staff, code="BCC-1", name="Bình bọt",
                                   category=ref.extinguisher, unit=a1,
                                   in_service_on=dt.date(2019, 1, 1),
                                   classification=Classification.SECRET)
    services.record_inspection(world.safety_staff, bottle, regime=ref.fire_check,
                               inspected_on=dt.date(2019, 2, 1), performer="Đơn vị",
                               result=InspectionResult.FAILED)
    services.create_asset(world.safety_staff, code="BCC-2", name="Bình bột", unit=a,
                          category=ref.extinguisher, in_service_on=dt.date(2020, 1, 1))

    session_a = services.create_session(world.safety_staff, course=ref.course, unit=a,
                                        start_on=dt.date(2019, 3, 4), end_on=dt.date(2019, 3, 6),
                                        provider="Trung tâm huấn luyện")
    for person, passed in (("Nguyễn Văn An", True), ("Lê Thị Bình", True),
                           ("Trần Văn Cường", False)):
        services.record_training(world.safety_staff, session=session_a, person=person,
                                 passed=passed, certificate_number=f"CC-{person[-3:]}"
                                 if passed else "")
    session_b = services.create_session(world.safety_staff, course=ref.course, unit=b,
                                        start_on=dt.date(2018, 1, 10),
                                        end_on=dt.date(2018, 1, 12), provider="Đơn vị")
    services.record_training(world.safety_staff, session=session_b, person="Phạm Văn Dũng",
                             certificate_number="CC-DUNG")

    fire_plan = services.create_plan(world.safety_staff, code="PA-CC-A", title="Phương án chữa "
                                     "cháy", kind=PlanKind.FIRE, unit=a,
                                     classification=Classification.SECRET)
    services.submit_plan(world.safety_staff, fire_plan, on_date=dt.date(2019, 1, 20))
    services.approve_plan(world.safety_staff, fire_plan, on_date=dt.date(2019, 2, 1),
                          decision_number="12/QĐ-PC07", approved_by="Công an tỉnh")
    fire_plan = services.put_plan_in_force(world.safety_staff, fire_plan,
                                           on_date=dt.date(2019, 2, 15))
    services.record_drill(world.safety_staff, plan=fire_plan, held_on=dt.date(2019, 9, 20),
                          scenario="Cháy kho", participants=30, result=DrillResult.GOOD)
    chemical = services.create_plan(world.safety_staff, code="PA-HC-B", title="Ứng phó sự cố "
                                    "hoá chất", kind=PlanKind.CHEMICAL, unit=b)
    services.submit_plan(world.safety_staff, chemical, on_date=dt.date(2018, 4, 20))
    services.approve_plan(world.safety_staff, chemical, on_date=dt.date(2018, 5, 1),
                          decision_number="5/QĐ", approved_by="Bộ Công Thương")
    services.put_plan_in_force(world.safety_staff, chemical, on_date=dt.date(2018, 5, 10))
    services.create_plan(world.safety_staff, code="KH-2019", title="Kế hoạch ATVSLĐ 2019",
                         kind=PlanKind.ANNUAL, unit=a, year=2019)

    r2017, r2019 = campaign(world, 2017), campaign(world, 2019)
    f1 = finding(world, r2017, a, dt.date(2017, 4, 1), dt.date(2017, 11, 30))
    close(world, f1, dt.date(2017, 6, 1), dt.date(2017, 6, 9))  # 69 days
    f2 = finding(world, r2017, a, dt.date(2017, 4, 1), dt.date(2017, 11, 30))
    [f2_carried] = services.carry_over_open(world.safety_staff, r2019)
    f3 = finding(world, r2019, b, dt.date(2019, 4, 1), dt.date(2019, 6, 30))
    close(world, f3, dt.date(2019, 5, 2), dt.date(2019, 5, 11))  # 40 days
    f4 = finding(world, r2019, a, dt.date(2019, 4, 1), dt.date(2019, 11, 30),
                 classification=Classification.SECRET)
    return History(world, inc, {"f1": f1, "f2": f2, "f2_carried": f2_carried, "f3": f3,
                                "f4": f4}, {2017: r2017, 2019: r2019})


@pytest.fixture
def history(world: SafetyWorld) -> History:
    return build_history(world)


def test_incidents_by_each_dimension(history: History) -> None:
    world = history.world
    f = safety_figures(world.safety_staff, YEAR_2019)
    t = f.total
    assert (t.incidents, t.deaths, t.serious_injuries, t.minor_injuries, t.days_off) == (
        3, 0, 2, 1, 105)
    assert t.damage == 6_050_000_000 and f.near_misses == 1
    assert {r.code: r.harm.incidents for r in f.by_kind} == {"TNLD": 2, "CHAY": 1}
    # the fire's confirmed class (serious) counts, not the suggested one; in the scale's order
    assert [(r.code, r.harm.incidents) for r in f.by_severity] == [("NT", 2), ("INT", 1)]
    assert {r.code: r.harm.incidents for r in f.by_activity} == {"production": 2,
                                                                  "research": 1}
    assert {r.code: r.harm.incidents for r in f.by_unit} == {"Z111": 2, "Z113": 1}
    mine = safety_figures(world.safety_staff, YEAR_2019, unit=world.org.enterprise_a)
    assert {r.code: (r.narrow, r.harm.incidents) for r in mine.by_unit} == {
        "Z111": ({"unit_only": str(world.org.enterprise_a.pk)}, 1),
        "Z111-PX1": ({"unit": str(world.org.workshop_a1.pk)}, 1)}
    assert mine.total.incidents == 2 and mine.total.damage == 50_000_000


def test_the_zero_targets(history: History) -> None:
    world = history.world
    f = safety_figures(world.safety_staff, YEAR_2019)
    assert f.especially_serious == 0 and f.serious == 2
    assert [(z.activity, z.especially_serious, z.serious, z.total, z.target)
            for z in f.zero_targets.values()] == [("production", 0, 1, 1, 0),
                                                  ("research", 0, 1, 1, 0)]
    # unconfirmed, the suggestion counts: the fire is especially serious again
    Incident.objects.filter(pk=history.incidents["fire"].pk).update(severity=None)
    f = safety_figures(world.safety_staff, YEAR_2019)
    assert f.especially_serious == 1
    production = f.zero_targets["production"]
    assert (production.especially_serious, production.serious, production.total) == (1, 0, 1)
    quiet = safety_figures(world.safety_staff, Period(dt.date(2020, 1, 1), dt.date(2021, 12, 31)))
    assert quiet.serious == 0 and all(z.total == 0 for z in quiet.zero_targets.values())


def test_the_comparison_of_unequal_periods(history: History) -> None:
    c = compare(history.world.safety_staff, EARLIER, LATER)
    assert (c.earlier.years, c.later.years) == (5.0, 6.0)
    before, after = c.earlier.harm, c.later.harm
    # the edges: 31/12/2015 23:30 and 1/1/2016 00:10, local time
    assert (before.incidents, before.deaths, before.serious_injuries, before.minor_injuries,
            before.days_off, before.damage) == (5, 1, 1, 2, 45, 1_700_000_000)
    assert (after.incidents, after.deaths, after.serious_injuries, after.minor_injuries,
            after.days_off, after.damage) == (4, 0, 2, 2, 108, 6_050_000_000)
    assert (c.change.incidents, c.percent.incidents) == (-1, -20.0)
    assert c.earlier.per_year.incidents == 1.0
    assert c.later.per_year.incidents == pytest.approx(4 / 6)
    assert c.average_percent.incidents == -33.3  # fewer a year than the totals say
    assert (c.change.damage, c.percent.damage) == (4_350_000_000, 255.9)
    assert (c.earlier.per_year.damage, c.later.per_year.damage) == (340_000_000, 1_008_333_333)
    assert c.average_percent.damage == 196.6
    assert c.percent.deaths == -100.0 and c.average_percent.deaths == -100.0
    assert (c.change.days_off, c.percent.days_off) == (63, 140.0)
    assert c.classification == Classification.SECRET


def test_years_of_a_period() -> None:
    assert years_in(Period(dt.date(2011, 1, 1), dt.date(2015, 12, 31))) == 5.0
    assert years_in(Period(dt.date(2016, 7, 1), dt.date(2021, 12, 31))) == pytest.approx(
        5 + 184 / 366)
    assert years_in(Period(dt.date(2019, 1, 1), dt.date(2019, 1, 31))) == pytest.approx(31 / 365)


def test_assets_certificates_and_plans(history: History) -> None:
    f = safety_figures(history.world.safety_staff, YEAR_2019)
    assert [(r.code, r.strict, r.in_service, r.covered, r.overdue) for r in f.assets] == [
        ("PCCC-BINH", False, 1, 0, 1),  # failed: overdue at once; the 2020 one not yet
        ("TB-NANG", True, 2, 1, 1)]  # Z113's technical inspection lapsed on 1/5/2019
    assert f.asset_totals == AssetTotals(in_service=3, covered=1, overdue=2, strict=2,
                                         covered_share=33.3)
    assert [r.covered_share for r in f.assets] == [0.0, 50.0]
    assert f.asset_totals.overdue == selectors.overdue_assets(
        history.world.safety_staff, dt.date(2019, 12, 31)).count()
    assert [(r.group, r.valid, r.expiring) for r in f.certificates] == [("3", 3, 1)]
    assert (f.certificate_totals.valid, f.certificate_totals.expiring) == (3, 1)
    assert [(r.kind, r.approved, r.in_force, r.drilled, r.not_drilled) for r in f.plans] == [
        ("fire", 1, 1, 1, 0), ("chemical", 0, 1, 0, 1)]
    assert f.plan_totals == PlanTotals(approved=1, in_force=2, drilled=1, not_drilled=1)
    later = safety_figures(history.world.safety_staff,
                           Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31)))
    assert later.asset_totals.in_service == sum(r.in_service for r in later.assets) == 4
    assert [(r.valid, r.expiring) for r in later.certificates] == [(2, 0)]  # Z113's lapsed


def test_findings_per_campaign_and_still_open(history: History) -> None:
    staff = history.world.safety_staff
    f = safety_figures(staff, YEAR_2019)
    k = f.findings
    assert (k.found, k.closed, k.open, k.overdue, k.carried_open) == (2, 1, 2, 2, 1)
    assert k.median_days == 40 and k.first_found == {2017: 1, 2019: 1}
    # first found in the general reviews and still open: the selector's one query
    assert k.first_found_open == selectors.first_found(staff, (2017, 2019)).count()
    [row] = f.campaigns
    assert (row.code, row.year, row.found, row.closed, row.open, row.carried,
            row.carried_in) == ("TRS-2019", 2019, 3, 1, 2, 0, 1)
    assert row.closed_share == 33.3 and row.median_days == 40
    # as it stood at the end of 2017: the carried finding was still open there
    then = safety_figures(staff, Period(dt.date(2017, 1, 1), dt.date(2017, 12, 31)))
    [row] = then.campaigns
    assert (row.code, row.found, row.closed, row.open, row.carried) == ("TRS-2017", 2, 1, 1, 0)
    assert then.findings.median_days == 69 and then.findings.first_found == {2017: 1}
    # two closed in the period: the median is the mean of the middle two
    both = safety_figures(staff, Period(dt.date(2017, 1, 1), dt.date(2019, 12, 31)))
    assert both.findings.median_days == 54.5
    assert [(r.code, r.carried, r.median_days) for r in both.campaigns] == [
        ("TRS-2017", 1, 69), ("TRS-2019", 0, 40)]


def test_each_figure_lists_exactly_what_it_counts(history: History) -> None:
    staff = history.world.safety_staff
    f = safety_figures(staff, YEAR_2019)
    k, a, c, p = f.findings, f.asset_totals, f.certificate_totals, f.plan_totals
    counted = {
        "incidents": f.total.incidents, "near_misses": f.near_misses,
        "especially_serious": f.especially_serious, "serious": f.serious,
        "assets_in_service": a.in_service, "assets_covered": a.covered,
        "assets_overdue": a.overdue, "certificates_valid": c.valid,
        "certificates_expiring": c.expiring, "plans_approved": p.approved,
        "plans_in_force": p.in_force, "plans_drilled": p.drilled,
        "plans_not_drilled": p.not_drilled,
        "findings_found": k.found, "findings_closed": k.closed, "findings_open": k.open,
        "findings_overdue": k.overdue, "findings_carried_open": k.carried_open,
        "findings_first_found": k.first_found_open, "campaign_findings": 5,
        "campaign_closed": 2, "campaign_carried": 1}
    assert set(counted) == set(FIGURES)
    for figure, value in counted.items():
        assert figure_records(staff, figure, YEAR_2019).count() == value, figure
    [research] = figure_records(staff, "serious", YEAR_2019, activity=Activity.RESEARCH)
    assert research == history.incidents["research"]
    assert figure_records(staff, "findings_first_found", YEAR_2019, year=2017).get() == \
        history.findings["f2_carried"]


def test_another_unit_and_a_lower_clearance_count_nothing_hidden(history: History) -> None:
    world = history.world
    b = safety_figures(world.staff_b, YEAR_2019)
    assert b.total.incidents == 1 and b.total.damage == 6_000_000_000  # the fire only
    assert compare(world.staff_b, EARLIER, LATER).earlier.harm.incidents == 2
    assert [(r.code, r.in_service, r.overdue) for r in b.assets] == [("TB-NANG", 1, 1)]
    assert [(r.kind, r.in_force) for r in b.plans] == [("chemical", 1)]
    assert (b.findings.found, b.findings.closed, b.findings.open) == (1, 1, 0)
    assert b.findings.first_found == {}
    assert [r.valid for r in b.certificates] == [1] and b.certificate_totals.valid == 1
    low = safety_figures(world.low_a, YEAR_2019)
    assert low.total.incidents == 1 and low.total.minor_injuries == 0  # not the secret one
    assert low.near_misses == 1
    assert [(r.code, r.in_service) for r in low.assets] == [("TB-NANG", 1)]  # not the bottle
    assert low.plans == []  # the fire plan is secret
    assert (low.findings.found, low.findings.open, low.findings.first_found) == (0, 1, {2017: 1})
    assert low.classification == 0
    assert safety_figures(world.safety_staff, YEAR_2019).classification == \
        Classification.SECRET
    for figure in FIGURES:  # the lists behind the numbers hide the same records
        for user in (world.staff_b, world.low_a):
            for record in figure_records(user, figure, YEAR_2019):
                assert record.classification <= user.clearance if hasattr(
                    record, "classification") else True


def test_figures_in_a_fixed_number_of_queries(history: History) -> None:
    world = history.world

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            safety_figures(world.safety_staff, YEAR_2019)
            compare(world.safety_staff, EARLIER, LATER)
        return len(queries.captured_queries)

    first = count()
    for day in range(1, 8):
        incident(world, aware(2019, 11, day, 9), world.org.enterprise_b, Activity.TRANSPORT,
                 casualties=((Outcome.MINOR, day),))
    r2019 = history.campaigns[2019]
    for day in range(1, 6):
        found = finding(world, r2019, world.org.enterprise_b, dt.date(2019, 10, day),
                        dt.date(2019, 11, 30))
        close(world, found, dt.date(2019, 11, day), dt.date(2019, 11, 20))
    for n in range(5):
        services.create_asset(world.safety_staff, code=f"CT-X{n}", name="Tời", unit=world.org
                              .enterprise_b, category=world.ref.crane,
                              in_service_on=dt.date(2018, 1, 1))
    assert count() == first <= 12


def test_the_page_links_every_count_to_its_records(history: History, client_for: Any) -> None:
    client = client_for(history.world.safety_staff)
    page = client.get("/safety/figures/", {"start": "01/01/2019", "end": "31/12/2019",
                                           "earlier_start": "01/01/2011",
                                           "earlier_end": "31/12/2015"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="safety-comparison"' in html and "2016-2019" in html  # the later: by default
    links = re.findall(r'<a[^>]*href="(/safety/figures/records/\?[^"]+)"[^>]*>([0-9.]+)</a>',
                       html)
    assert len(links) > 40
    for url, value in links:
        listed = client.get(url.replace("&amp;", "&") + "&per_page=200")
        assert listed.status_code == 200, url
        assert listed.context["page"].paginator.count == int(value.replace(".", "")), url


def test_the_records_page_refuses_what_it_does_not_know(history: History,
                                                        client_for: Any) -> None:
    client = client_for(history.world.staff_b)
    base = {"start": "01/01/2019", "end": "31/12/2019"}
    assert client.get("/safety/figures/records/", {**base, "figure": "nothing"}).status_code \
        == 404
    assert client.get("/safety/figures/records/", {**base, "figure": "incidents",
                                                   "kind": "x"}).status_code == 404
    assert client.get("/safety/figures/records/", {**base, "figure": "incidents",
                                                   "kind": str(2**63)}).status_code == 404
    # another unit's subtree is not a unit this user may ask for
    assert client.get("/safety/figures/records/", {
        **base, "figure": "incidents", "unit": history.world.org.enterprise_a.pk}
    ).status_code == 404
    listed = client.get("/safety/figures/records/", {**base, "figure": "incidents"})
    assert [r.pk for r in listed.context["page"]] == [history.incidents["fire"].pk]


def test_the_api_gives_the_figures_the_page_shows(world: SafetyWorld) -> None:
    """GET /api/safety/figures: the same numbers, two periods compared, a hidden unit refused."""
    from django.test import Client

    IncidentFactory(unit=world.org.enterprise_a, kind=world.ref.accident,
                    occurred_at=aware(2014, 3, 1, 9, 0))
    IncidentFactory(unit=world.org.enterprise_a, kind=world.ref.accident,
                    occurred_at=aware(2017, 3, 1, 9, 0))
    client = Client()
    client.force_login(world.staff_a)
    answer = client.get("/api/safety/figures", {
        "start": "2011-01-01", "end": "2021-12-31", "earlier_start": "2011-01-01",
        "earlier_end": "2015-12-31", "later_start": "2016-01-01", "later_end": "2021-12-31"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["total"]["incidents"] == 2
    assert body["comparison"]["earlier"]["harm"]["incidents"] == 1
    assert body["comparison"]["change"]["incidents"] == 0
    assert body["comparison"]["average_percent"]["incidents"] == round(100 * (1 / 6 - 1 / 5)
                                                                       / (1 / 5), 1)
    refused = client.get("/api/safety/figures", {"start": "2011-01-01", "end": "2021-12-31",
                                                 "unit": world.org.enterprise_b.pk})
    assert refused.status_code == 422 and "unit" in refused.content.decode()
