"""Incidents: the severity suggested from the dated scale and confirmed with a reason when it
differs; casualties recount the totals; whether the asset involved was overdue for
inspection that day; corrective actions through quality's one mechanism."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.quality import services as quality
from cnqp.quality.choices import ActionStatus
from cnqp.safety import selectors, services
from cnqp.safety.choices import Activity, IncidentStatus, InspectionResult, InvestigationLevel
from cnqp.safety.choices import Outcome as O
from cnqp.safety.models import Incident, SafetyAsset
from cnqp.safety.tests.conftest import SafetyWorld, aware

pytestmark = pytest.mark.django_db


def incident(world: SafetyWorld, **kwargs: object) -> Incident:
    data = {"kind": world.ref.accident, "title": "Tai nạn khi nâng phôi",
            "occurred_at": aware(2024, 8, 1, 9, 30), "unit": world.org.enterprise_a,
            "activity": Activity.PRODUCTION, "description": "Cáp cẩu tuột móc", **kwargs}
    return services.record_incident(world.staff_a, **data)  # type: ignore[arg-type]


def hurt(world: SafetyWorld, case: Incident, outcome: str, days_off: int = 0) -> None:
    services.add_casualty(world.staff_a, incident=case, outcome=outcome, days_off=days_off)


def test_the_severity_suggested_from_the_criteria(world: SafetyWorld) -> None:
    ref = world.ref
    case = incident(world)
    assert case.suggested_severity == ref.minor  # the floor: a class without criteria
    hurt(world, case, O.SERIOUS, 30)
    case.refresh_from_db()
    assert case.suggested_severity == ref.minor  # one seriously injured: below "serious"
    hurt(world, case, O.SERIOUS, 45)
    case.refresh_from_db()
    assert case.suggested_severity == ref.serious  # two
    hurt(world, case, O.DEATH)
    hurt(world, case, O.DEATH)
    case.refresh_from_db()
    assert case.suggested_severity == ref.especially_serious  # two deaths
    costly = incident(world, title="Cháy kho", kind=ref.fire, damage_property=1_200_000_000)
    assert costly.suggested_severity == ref.serious  # damage alone
    assert services.suggest_severity(dt.date(2024, 1, 1), deaths=0, serious=0,
                                     damage=5_000_000_000) == ref.especially_serious


def test_casualties_recount_the_totals(world: SafetyWorld) -> None:
    case = incident(world)
    hurt(world, case, O.DEATH)
    hurt(world, case, O.SERIOUS, 60)
    hurt(world, case, O.MINOR, 5)
    case.refresh_from_db()
    assert (case.deaths, case.serious_injuries, case.minor_injuries, case.days_off) == (
        1, 1, 1, 65)
    assert case.suggested_severity == world.ref.serious
    minor = case.casualties.get(outcome=O.MINOR)
    services.update_casualty(world.staff_a, minor, outcome=O.SERIOUS, days_off=20)
    services.delete_casualty(world.staff_a, case.casualties.get(outcome=O.DEATH))
    case.refresh_from_db()
    assert (case.deaths, case.serious_injuries, case.minor_injuries, case.days_off) == (
        0, 2, 0, 80)
    assert case.suggested_severity == world.ref.serious  # two seriously injured
    with pytest.raises(ValidationError) as refused:
        services.add_casualty(world.staff_a, incident=case, outcome=O.DEATH, days_off=3)
    assert "days_off" in refused.value.message_dict


def test_an_override_needs_a_reason(world: SafetyWorld) -> None:
    case = incident(world, damage_property=1_200_000_000)
    assert case.suggested_severity == world.ref.serious
    with pytest.raises(ValidationError) as refused:
        services.confirm_severity(world.safety_staff, case, severity=world.ref.minor, reason=" ")
    assert "reason" in refused.value.message_dict
    case.refresh_from_db()
    assert case.severity is None
    confirmed = services.confirm_severity(
        world.safety_staff, case, severity=world.ref.minor,
        reason="Thiệt hại thực tế 300 triệu sau giám định")
    assert confirmed.severity == world.ref.minor
    assert confirmed.severity_reason == "Thiệt hại thực tế 300 triệu sau giám định"
    assert confirmed.severity_confirmed_by == world.safety_staff
    agreed = services.confirm_severity(world.safety_staff, case, severity=world.ref.serious)
    assert agreed.severity == world.ref.serious and agreed.severity_reason == ""


def test_whether_the_asset_was_overdue_that_day(world: SafetyWorld) -> None:
    crane = services.create_asset(world.staff_a, code="CT-01", name="Cầu trục",
                                  category=world.ref.crane, unit=world.org.enterprise_a,
                                  in_service_on=dt.date(2020, 1, 10))
    for regime in (world.ref.technical, world.ref.internal):
        services.record_inspection(world.staff_a, crane, regime=regime,
                                   inspected_on=dt.date(2024, 1, 15), performer="TT KĐ",
                                   result=InspectionResult.PASSED, certificate_number="KĐ-9")
    crane = SafetyAsset.objects.get(pk=crane.pk)
    covered = {s.regime.kind: s.covered for s in selectors.asset_state_on(crane,
                                                                          dt.date(2024, 3, 1))}
    assert covered == {"technical": True, "internal": True}
    case = incident(world, asset=crane)  # 1 August: the internal check was due 15 July
    with CaptureQueriesContext(connection) as read:
        states = selectors.asset_state_on(crane, case.occurred_at.date())
    assert len(read.captured_queries) == 2  # the regimes with their last ids, the inspections
    assert {s.regime.kind: s.covered for s in states} == {"technical": True,
                                                          "internal": False}
    late = next(s for s in states if not s.covered)
    assert late.last is not None and late.last.next_due == dt.date(2024, 7, 15)
    overdue = selectors.with_state_on(SafetyAsset.objects.filter(pk=crane.pk),
                                      dt.date(2024, 8, 1)).get()
    assert getattr(overdue, "overdue_on_day")  # noqa: B009  (an annotation)


def test_another_units_asset_is_refused(world: SafetyWorld) -> None:
    theirs = services.create_asset(world.staff_b, code="CT-B", name="Cầu trục",
                                   category=world.ref.crane, unit=world.org.enterprise_b,
                                   in_service_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as refused:
        incident(world, asset=theirs)
    assert "asset" in refused.value.message_dict
    assert not Incident.objects.exists()


def test_corrective_actions_through_the_one_mechanism(world: SafetyWorld) -> None:
    case = incident(world, classification=1)
    hurt(world, case, O.SERIOUS, 30)
    action = services.open_incident_action(
        world.staff_a, case, title="Thay cáp, huấn luyện lại tổ nâng",
        owner_unit=world.org.workshop_a1, owner=world.staff_a1, due_date=dt.date(2024, 9, 30))
    assert action.nonconformance is None and action.owner_unit == world.org.workshop_a1
    assert (action.source_unit, action.classification, action.raised_on) == (
        world.org.enterprise_a, 1, dt.date(2024, 8, 1))
    with pytest.raises(ValidationError):  # a due date before the incident
        services.open_incident_action(world.staff_a, case, title="X",
                                      owner_unit=world.org.workshop_a1,
                                      due_date=dt.date(2024, 7, 1))
    services.confirm_severity(world.safety_staff, case, severity=world.ref.minor)
    services.open_investigation(world.staff_a, case, on_date=dt.date(2024, 8, 2),
                                level=InvestigationLevel.ESTABLISHMENT, team="Đoàn điều tra")
    with pytest.raises(ValidationError) as refused:  # a labour accident names its cause
        services.conclude_incident(world.staff_a, case, on_date=dt.date(2024, 8, 20),
                                   conclusion="Do vi phạm quy trình", work_accident=True)
    assert "cause" in refused.value.message_dict
    services.conclude_incident(world.staff_a, case, on_date=dt.date(2024, 8, 20),
                               conclusion="Do vi phạm quy trình", work_accident=True,
                               cause=world.ref.cause_worker,
                               injury_factor=world.ref.factor_lifting)
    with pytest.raises(ValidationError) as refused:  # its action is still open
        services.close_incident(world.staff_a, case, on_date=dt.date(2024, 9, 1))
    assert "1" in refused.value.message_dict["status"][0]
    quality.start_action(world.staff_a1, action, on_date=dt.date(2024, 8, 5))
    quality.implement_action(world.staff_a1, action, on_date=dt.date(2024, 8, 25))
    with pytest.raises(ValidationError):  # the effectiveness is checked by another unit
        quality.check_effectiveness(world.staff_a1, action, effective=True, note="Đạt",
                                    on_date=dt.date(2024, 9, 1))
    with pytest.raises(ValidationError):  # not closed before the check
        quality.close_action(world.staff_a, action, on_date=dt.date(2024, 9, 1))
    quality.check_effectiveness(world.safety_staff, action, effective=True,
                                note="Kiểm tra lại: đạt", on_date=dt.date(2024, 9, 2))
    assert quality.close_action(world.staff_a, action,
                                on_date=dt.date(2024, 9, 3)).status == ActionStatus.CLOSED
    closed = services.close_incident(world.staff_a, case, on_date=dt.date(2024, 9, 4))
    assert closed.status == IncidentStatus.CLOSED
    with pytest.raises(ValidationError):  # a closed incident no longer changes
        hurt(world, closed, O.MINOR)


def test_concluded_only_after_the_severity_is_confirmed(world: SafetyWorld) -> None:
    case = incident(world)
    services.open_investigation(world.staff_a, case, on_date=dt.date(2024, 8, 2),
                                level=InvestigationLevel.ESTABLISHMENT, team="Tổ điều tra")
    with pytest.raises(ValidationError) as refused:
        services.conclude_incident(world.staff_a, case, on_date=dt.date(2024, 8, 3),
                                   conclusion="Không phải TNLĐ", work_accident=False)
    assert "severity" in refused.value.message_dict
