"""Findings: closed only through a verification by a unit other than the owner; carried into a
later campaign with their origin; their corrective actions through quality's one mechanism."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.models import Notification
from cnqp.quality import services as quality
from cnqp.quality.choices import ActionStatus
from cnqp.safety import selectors, services
from cnqp.safety.choices import CampaignKind, FindingSeverity, FindingStatus
from cnqp.safety.models import Finding, ReviewCampaign
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db


def campaign(world: SafetyWorld, year: int) -> ReviewCampaign:
    return services.create_campaign(
        world.safety_staff, code=f"TRS-{year}", name=f"Tổng rà soát {year}",
        kind=CampaignKind.GENERAL, year=year, lead_unit=world.btm,
        units=[world.org.enterprise_a, world.org.enterprise_b],
        start_on=dt.date(year, 3, 1), end_on=dt.date(year, 11, 30))


def finding(world: SafetyWorld, review: ReviewCampaign, **kwargs: object) -> Finding:
    data = {"unit": world.org.enterprise_a, "title": "Kho K2 chưa đo điện trở tiếp địa",
            "severity": FindingSeverity.MEDIUM, "found_on": review.start_on + dt.timedelta(30),
            "due_date": review.end_on, "campaign": review, **kwargs}
    return services.create_finding(world.safety_staff, **data)  # type: ignore[arg-type]


def test_the_owner_unit_is_told_of_a_finding(world: SafetyWorld) -> None:
    found = finding(world, campaign(world, 2017))
    notice = Notification.objects.get()
    assert notice.org_unit == world.org.enterprise_a
    assert found.code in notice.title and notice.link.endswith(f"/{found.pk}/")


def test_the_owner_cannot_close_its_own_finding(world: SafetyWorld) -> None:
    found = finding(world, campaign(world, 2017))
    services.claim_fixed(world.staff_a, found, on_date=dt.date(2017, 6, 1),
                         note="Đã đo, đạt 3,2 Ω")
    for insider in (world.staff_a, world.staff_a1):  # the unit and a workshop under it
        with pytest.raises(ValidationError) as refused:
            services.verify_finding(insider, found, on_date=dt.date(2017, 6, 5),
                                    accepted=True, note="Đạt")
        assert "verified_by" in refused.value.message_dict
    found.refresh_from_db()
    assert found.status == FindingStatus.CLAIMED_FIXED and found.closed_on is None


def test_closed_only_through_the_verification(world: SafetyWorld) -> None:
    found = finding(world, campaign(world, 2017))
    with pytest.raises(ValidationError):  # not claimed fixed yet
        services.verify_finding(world.safety_staff, found, accepted=True, note="Đạt")
    services.claim_fixed(world.staff_a, found, on_date=dt.date(2017, 6, 1), note="Đã đo")
    with pytest.raises(ValidationError) as refused:
        services.verify_finding(world.safety_staff, found, accepted=True, note=" ")
    assert "note" in refused.value.message_dict
    closed = services.verify_finding(world.safety_staff, found, on_date=dt.date(2017, 6, 9),
                                     accepted=True, note="Kiểm tra lại: đạt")
    assert closed.status == FindingStatus.CLOSED
    assert closed.verifier_unit == world.btm and closed.closed_on == dt.date(2017, 6, 9)


def test_a_fix_not_accepted_goes_back_to_remediation(world: SafetyWorld) -> None:
    found = finding(world, campaign(world, 2017))
    services.claim_fixed(world.staff_a, found, on_date=dt.date(2017, 6, 1), note="Đã đo")
    back = services.verify_finding(world.safety_staff, found, on_date=dt.date(2017, 6, 9),
                                   accepted=False, note="Điện trở 12 Ω, chưa đạt")
    assert back.status == FindingStatus.IN_REMEDIATION and back.claimed_on is None


def test_carried_over_findings_keep_their_origin(world: SafetyWorld) -> None:
    first, second, third = campaign(world, 2017), campaign(world, 2019), campaign(world, 2021)
    found = finding(world, first)
    fixed = finding(world, first, title="Thiếu biển cảnh báo")
    services.claim_fixed(world.staff_a, fixed, on_date=dt.date(2017, 7, 1), note="Đã lắp")
    services.verify_finding(world.safety_staff, fixed, on_date=dt.date(2017, 7, 2),
                            accepted=True, note="Đạt")
    carried = services.carry_over_open(world.safety_staff, second)
    assert [f.carried_over_from for f in carried] == [found]
    again = services.carry_over_open(world.safety_staff, third)
    assert len(again) == 1
    head = again[0]
    assert head.first_found_in == first and head.first_found_on == found.found_on
    assert head.carried_over_from.carried_over_from == found
    found.refresh_from_db()
    assert found.status == FindingStatus.CARRIED_OVER
    # "found in the 2017 and 2019 general reviews, still open" is one query
    assert list(selectors.first_found(world.safety_staff, (2017, 2019))) == [head]


def test_a_finding_is_carried_only_forward(world: SafetyWorld) -> None:
    older, newer = campaign(world, 2017), campaign(world, 2019)
    found = finding(world, newer)
    with pytest.raises(ValidationError) as refused:
        services.carry_over(world.safety_staff, found, campaign=older)
    assert "campaign" in refused.value.message_dict


def test_a_finding_outside_the_campaign_writes_nothing(world: SafetyWorld) -> None:
    review = campaign(world, 2017)
    with pytest.raises(ValidationError) as refused:
        finding(world, review, unit=world.org.user_unit)
    assert "unit" in refused.value.message_dict
    assert not Finding.objects.exists() and not Notification.objects.exists()


def test_actions_use_the_one_mechanism_and_hold_the_claim(world: SafetyWorld) -> None:
    found = finding(world, campaign(world, 2017))
    action = services.open_finding_action(
        world.staff_a, found, title="Đo điện trở tiếp địa", owner_unit=world.org.workshop_a1,
        due_date=dt.date(2017, 8, 1), owner=world.staff_a1)
    assert action.nonconformance is None and action.source_unit == world.org.enterprise_a
    found.refresh_from_db()
    assert found.status == FindingStatus.IN_REMEDIATION
    with pytest.raises(ValidationError) as refused:
        services.claim_fixed(world.staff_a, found, on_date=dt.date(2017, 9, 1), note="Xong")
    assert "1" in refused.value.message_dict["status"][0]
    quality.start_action(world.staff_a1, action, on_date=dt.date(2017, 6, 1))
    quality.implement_action(world.staff_a1, action, on_date=dt.date(2017, 6, 10))
    with pytest.raises(ValidationError):  # the owner does not check its own action
        quality.check_effectiveness(world.staff_a1, action, effective=True, note="Đạt",
                                    on_date=dt.date(2017, 6, 12))
    quality.check_effectiveness(world.safety_staff, action, effective=True,
                                note="Đo lại 3 Ω", on_date=dt.date(2017, 6, 12))
    closed = quality.close_action(world.staff_a, action, on_date=dt.date(2017, 6, 13))
    assert closed.status == ActionStatus.CLOSED
    services.claim_fixed(world.staff_a, found, on_date=dt.date(2017, 6, 14), note="Xong")


def test_another_unit_and_a_lower_clearance_see_no_finding(world: SafetyWorld) -> None:
    review = campaign(world, 2017)
    secret = finding(world, review, classification=2)
    visible = selectors.scope_queryset(Finding.objects.all(), world.staff_b)
    assert not visible.exists()
    assert not selectors.scope_queryset(Finding.objects.filter(pk=secret.pk),
                                        world.low_a).exists()
    assert selectors.scope_queryset(Finding.objects.filter(pk=secret.pk),
                                    world.staff_a).exists()
