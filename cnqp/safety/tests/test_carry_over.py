"""Findings carried into later campaigns keep where they were first found; "found in the 2017
and 2019 general reviews and still open" is one query, through the scoping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.models import Notification, OrgUnit
from cnqp.quality.models import CorrectiveAction
from cnqp.safety import selectors, services
from cnqp.safety.choices import CampaignKind, FindingSeverity, FindingStatus
from cnqp.safety.models import ActionOrigin, Finding, ReviewCampaign
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db
F = FindingStatus


def campaign(world: SafetyWorld, year: int, units: list[OrgUnit] | None = None,
             kind: str = CampaignKind.GENERAL) -> ReviewCampaign:
    return services.create_campaign(
        world.safety_staff, code=f"RS-{year}", name=f"Rà soát {year}", kind=kind, year=year,
        lead_unit=world.btm, units=units or [world.org.enterprise_a, world.org.enterprise_b],
        start_on=dt.date(year, 3, 1), end_on=dt.date(year, 11, 30))


def found(world: SafetyWorld, review: ReviewCampaign, title: str,
          unit: OrgUnit | None = None, **kwargs: Any) -> Finding:
    return services.create_finding(
        world.safety_staff, unit=unit or world.org.enterprise_a, title=title,
        severity=FindingSeverity.MEDIUM, found_on=review.start_on + dt.timedelta(days=20),
        due_date=review.end_on, campaign=review, **kwargs)


def close(world: SafetyWorld, finding: Finding, on: dt.date) -> None:
    services.claim_fixed(world.staff_a, finding, on_date=on, note="Đã khắc phục")
    services.verify_finding(world.safety_staff, finding, on_date=on, accepted=True, note="Đạt")


def test_the_chain_keeps_its_origin_and_each_link_its_history(world: SafetyWorld) -> None:
    r2017, r2019, r2021 = (campaign(world, y) for y in (2017, 2019, 2021))
    first = found(world, r2017, "Kho K2 thiếu chống sét")
    services.start_remediation(world.staff_a, first)
    [second] = services.carry_over_open(world.safety_staff, r2019)
    [third] = services.carry_over_open(world.safety_staff, r2021)
    assert (third.first_found_in, third.first_found_on) == (r2017, dt.date(2017, 3, 21))
    assert third.carried_over_from == second and second.carried_over_from == first
    assert len({first.code, second.code, third.code}) == 3  # each link its own number
    assert second.code.startswith("TT-2019-") and third.campaign == r2021
    assert third.status == F.IN_REMEDIATION  # its remediation goes on
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == F.CARRIED_OVER
    assert first.campaign == r2017  # the old link stays where it was
    with pytest.raises(ValidationError):  # a carried-over link no longer changes
        services.update_finding(world.safety_staff, first, title="Khác")
    carried = Notification.objects.filter(org_unit=world.org.enterprise_a,
                                          title__contains=third.code)
    assert carried.count() == 1  # the unit is told of each carry


def test_first_found_in_2017_or_2019_and_still_open_is_one_query(
        world: SafetyWorld, django_assert_num_queries: Any) -> None:
    r2017, r2019, r2021 = (campaign(world, y) for y in (2017, 2019, 2021))
    open_2017 = found(world, r2017, "Thiếu biển báo")
    closed_2017 = found(world, r2017, "Thiếu bình chữa cháy")
    close(world, closed_2017, dt.date(2017, 6, 1))
    fixed_later = found(world, r2017, "Thiếu nội quy", unit=world.org.enterprise_b)
    open_2019 = found(world, r2019, "Tiếp địa chưa đạt")
    services.carry_over_open(world.safety_staff, r2019)
    services.carry_over_open(world.safety_staff, r2021)
    found(world, r2021, "Mới phát hiện 2021")
    head = Finding.objects.get(carried_over_from__carried_over_from=fixed_later)
    close_by = services.claim_fixed(world.staff_b, head, on_date=dt.date(2021, 6, 1),
                                    note="Đã ban hành")
    services.verify_finding(world.safety_staff, close_by, on_date=dt.date(2021, 6, 2),
                            accepted=True, note="Đạt")
    with django_assert_num_queries(1):
        still_open = list(selectors.first_found(world.safety_staff, (2017, 2019)))
    heads = {f.first_found_on: f for f in still_open}
    assert len(still_open) == 2 and all(f.campaign == r2021 for f in still_open)
    assert heads[open_2017.found_on].title == open_2017.title
    assert {f.title for f in still_open} == {open_2017.title, open_2019.title}
    # through the scoping: the other enterprise sees none of Z111's
    assert list(selectors.first_found(world.staff_b, (2017, 2019))) == []
    assert len(list(selectors.first_found(world.staff_a, (2017, 2019)))) == 2
    assert list(selectors.first_found(world.safety_staff, (2019,))) == [
        f for f in still_open if f.title == open_2019.title]


def test_open_actions_follow_the_finding_closed_ones_stay(world: SafetyWorld) -> None:
    r2017, r2019 = campaign(world, 2017), campaign(world, 2019)
    first = found(world, r2017, "Cầu trục chưa kiểm định")
    open_action = services.open_finding_action(
        world.staff_a, first, title="Kiểm định cầu trục", owner_unit=world.org.workshop_a1,
        due_date=dt.date(2018, 6, 1))
    [successor] = services.carry_over_open(world.safety_staff, r2019)
    link = ActionOrigin.objects.get(action=open_action)
    assert link.finding == successor
    assert CorrectiveAction.objects.get(pk=open_action.pk).source_unit == world.org.enterprise_a


def test_only_units_the_later_campaign_covers_are_carried(world: SafetyWorld) -> None:
    r2017 = campaign(world, 2017)
    r2018 = campaign(world, 2018, units=[world.org.enterprise_b], kind=CampaignKind.YEARLY)
    in_a = found(world, r2017, "Ở Z111")
    in_b = found(world, r2017, "Ở Z113", unit=world.org.enterprise_b)
    carried = services.carry_over_open(world.safety_staff, r2018)
    assert [f.carried_over_from for f in carried] == [in_b]
    with pytest.raises(ValidationError) as refused:
        services.carry_over(world.safety_staff, in_a, campaign=r2018)
    assert "campaign" in refused.value.message_dict
    in_a.refresh_from_db()
    assert in_a.status == F.OPEN
