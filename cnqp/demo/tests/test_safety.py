"""The demo's production safety tells the articles' story (Nghị quyết 195): fewer incidents and
less damage in 2016-2021 than in 2011-2015, none especially serious, the serious ones before
2016; the 2017 and 2019 general reviews with findings closed by the safety department and
others still open, carried from review to review; assets overdue and out of service,
certificates expiring, plans in every state. On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, Sum
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import reporting_enterprises
from cnqp.performance.workforce import workforce
from cnqp.quality.models import CorrectiveAction
from cnqp.safety.accident_summary import accident_summary
from cnqp.safety.choices import AssetStatus, FindingStatus, InspectionResult, PlanStatus
from cnqp.safety.models import (
    DAMAGE_FIELDS,
    OPEN_FINDING,
    ActionOrigin,
    Finding,
    Incident,
    ReviewCampaign,
    SafetyAsset,
    SafetyPlan,
    TrainingRecord,
)

COUNTED = Q(kind__counted=True)


def _period(start: int, end: int) -> tuple[int, int]:
    rows = Incident.objects.filter(COUNTED, occurred_at__year__gte=start,
                                   occurred_at__year__lte=end)
    damage = rows.aggregate(total=Sum(sum((F(name) for name in DAMAGE_FIELDS[1:]),
                                          F(DAMAGE_FIELDS[0]))))["total"]
    return rows.count(), damage or 0


def test_fewer_incidents_and_less_damage_after_the_resolution(demo, db):
    before, damage_before = _period(2011, 2015)
    after, damage_after = _period(2016, 2021)
    assert before >= 20 and after >= 8
    assert after / 6 < before / 5 / 1.5  # per year, at least a third fewer
    assert damage_after < damage_before / 2
    assert not Incident.objects.filter(severity__rank=1).exists()  # none especially serious
    serious = Incident.objects.filter(severity__code="NT")
    assert serious.exists() and all(i.occurred_at.year < 2016 for i in serious)
    assert Incident.objects.filter(kind__counted=False).exists()  # near misses, not counted
    assert Incident.objects.filter(activity="research", deaths__gt=0,
                                   occurred_at__year__lt=2016).exists()
    statuses = set(Incident.objects.values_list("status", flat=True))
    assert statuses == {"reported", "investigating", "concluded", "closed"}
    closed = Incident.objects.filter(status="closed")
    assert all(i.severity_id and i.concluded_on for i in closed)


def test_the_crane_was_overdue_when_its_cable_broke(demo, db):
    incident = Incident.objects.get(asset__code="CT-Z111-02")
    before = incident.asset.inspections.filter(
        inspected_on__lte=timezone.localtime(incident.occurred_at).date()).first()
    assert before is not None and before.next_due < incident.occurred_at.date()
    assert ActionOrigin.objects.filter(incident=incident, action__status="closed").exists()


def test_reviews_2017_and_2019_with_findings_carried_over(demo, db):
    general = ReviewCampaign.objects.filter(kind="general")
    assert set(general.values_list("code", flat=True)) == {"TRS-2017", "TRS-2019"}
    assert ReviewCampaign.objects.filter(kind="yearly").count() >= 5
    still_open = Finding.objects.filter(status__in=OPEN_FINDING,
                                        first_found_in__code__in=("TRS-2017", "TRS-2019"))
    assert still_open.filter(first_found_in__code="TRS-2017").exists()
    assert all(f.carried_over_from_id is not None for f in still_open)
    chain = still_open.filter(first_found_in__code="TRS-2017").first()
    assert chain is not None and chain.first_found_on.year == 2017
    closed = Finding.objects.filter(status=FindingStatus.CLOSED)
    assert closed.count() >= 10
    assert set(closed.values_list("verifier_unit__code", flat=True)) == {"BTM"}
    assert Finding.objects.filter(status=FindingStatus.CLAIMED_FIXED).exists()
    assert Finding.objects.filter(status=FindingStatus.CARRIED_OVER).count() >= 10
    # a finding's actions: quality's mechanism, some closed after their check, one under way
    actions = CorrectiveAction.objects.filter(safety_origin__finding__isnull=False)
    assert actions.filter(status="closed", effective=True).exists()
    assert actions.exclude(status="closed").exists()


def test_assets_certificates_and_plans_fall_due(demo, db):
    today = timezone.localdate()
    soon = today + dt.timedelta(days=30)
    assets = SafetyAsset.objects.all()
    assert assets.filter(next_due__lt=today).count() >= 3
    assert assets.filter(next_due__gte=today, next_due__lte=soon).exists()
    out = assets.get(status=AssetStatus.OUT_OF_SERVICE)
    assert out.inspections.first().result == InspectionResult.FAILED
    assert assets.filter(next_due__gt=soon).exists()
    certificates = TrainingRecord.objects.filter(passed=True)
    assert certificates.filter(expires_on__lt=today).exists()
    assert certificates.filter(expires_on__gte=today, expires_on__lte=soon).exists()
    assert certificates.filter(expires_on__gt=soon).exists()
    assert set(SafetyPlan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    assert SafetyPlan.objects.filter(drills__isnull=False).distinct().count() >= 3


def test_the_summary_s_workforce_is_the_returns_and_what_an_enterprise_sees(demo, db):
    """One source: the labour-accident summary prints the workforce of the enterprises' year
    returns (the performance demo's, since 2019), none before; Z111 reads only its own."""
    btm = User.objects.get(username="btm")
    root = OrgUnit.objects.get(code="TCCNQP")
    last = min(timezone.localdate().year - 1, 2025)
    for year in (2019, 2023, last):
        summary = accident_summary(btm, unit=root, year=year)
        returns = workforce(btm, year)
        assert len(returns) == reporting_enterprises().count() > 6, year
        assert {w.scenario for w in returns.values()} <= {"actual", "audited"}, year
        assert summary.workforce is not None
        assert summary.workforce.headcount == sum(w.headcount for w in returns.values()) > 0
        assert summary.workforce.women == sum(w.women for w in returns.values())
        lines = {line.unit.code: line.workforce for line in summary.units}
        assert lines["Z111"] is not None
        assert lines["Z111"].headcount == returns[OrgUnit.objects.get(code="Z111").pk].headcount
        assert lines["VVK"] is None  # an institute files no return
    assert accident_summary(btm, unit=root, year=2018).workforce is None
    z111 = User.objects.get(username="z111")
    assert set(workforce(z111, 2023)) == {OrgUnit.objects.get(code="Z111").pk}
    mine = scope_queryset(Incident.objects.all(), z111)
    assert mine.exists() and set(mine.values_list("unit__code", flat=True)) <= {
        "Z111", "Z111-PX1", "Z111-PX2"}
