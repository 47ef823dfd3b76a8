"""The safety rules register: issued into force (superseding the rule it replaces), annulled
with a reason, reviewed; briefings only of units the rule binds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.models import OrgUnit
from cnqp.safety import services
from cnqp.safety.choices import RuleKind, RuleStatus
from cnqp.safety.models import RuleBriefing, SafetyRule
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db


def draft(world: SafetyWorld, number: str = "01/QĐ-Z111", issuer: OrgUnit | None = None,
          **kwargs: object) -> SafetyRule:
    data = {"number": number, "title": "Quy trình vận hành cầu trục", "kind": RuleKind.PROCEDURE,
            "issuer": issuer or world.org.enterprise_a, "issued_on": dt.date(2022, 3, 1),
            "effective_on": dt.date(2022, 3, 15), "review_due": dt.date(2025, 3, 15), **kwargs}
    return services.create_rule(world.staff_a, **data)  # type: ignore[arg-type]


def test_issued_into_force_and_superseding_the_old_one(world: SafetyWorld) -> None:
    old = services.issue_rule(world.staff_a, draft(world))
    assert old.status == RuleStatus.IN_FORCE
    new = draft(world, "02/QĐ-Z111", supersedes=old, issued_on=dt.date(2024, 5, 1),
                effective_on=dt.date(2024, 6, 1))
    old.refresh_from_db()
    assert old.status == RuleStatus.IN_FORCE  # until the new one is issued
    services.issue_rule(world.staff_a, new)
    old.refresh_from_db()
    assert old.status == RuleStatus.SUPERSEDED and old.ended_on == dt.date(2024, 6, 1)
    with pytest.raises(ValidationError) as refused:  # issued once
        services.issue_rule(world.staff_a, new)
    assert "status" in refused.value.message_dict


def test_takes_effect_on_or_after_its_issue(world: SafetyWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        draft(world, effective_on=dt.date(2022, 2, 1))
    assert "effective_on" in refused.value.message_dict
    assert not SafetyRule.objects.exists()


def test_another_unit_does_not_issue_annul_or_review_it(world: SafetyWorld) -> None:
    rule = draft(world)
    with pytest.raises(ValidationError) as refused:
        services.issue_rule(world.staff_b, rule)
    assert "issuer" in refused.value.message_dict
    rule = services.issue_rule(world.staff_a, rule)
    with pytest.raises(ValidationError) as refused:
        services.annul_rule(world.staff_b, rule, on_date=dt.date(2023, 1, 1), reason="Sai")
    assert "issuer" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.review_rule(world.staff_b, rule, on_date=dt.date(2023, 1, 1),
                             next_review=dt.date(2026, 1, 1))
    assert "issuer" in refused.value.message_dict
    rule.refresh_from_db()
    assert rule.status == RuleStatus.IN_FORCE and rule.review_due == dt.date(2025, 3, 15)
    # the safety department acts for every unit
    services.review_rule(world.safety_staff, rule, on_date=dt.date(2023, 1, 1),
                         next_review=dt.date(2026, 1, 1))


def test_annulled_with_a_reason(world: SafetyWorld) -> None:
    rule = draft(world)
    with pytest.raises(ValidationError):  # a draft is not annulled: it is deleted
        services.annul_rule(world.staff_a, rule, reason="Sai căn cứ")
    services.issue_rule(world.staff_a, rule)
    with pytest.raises(ValidationError) as refused:
        services.annul_rule(world.staff_a, rule, on_date=dt.date(2023, 1, 1), reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.annul_rule(world.staff_a, rule, on_date=dt.date(2022, 3, 1), reason="Sai")
    assert "on_date" in refused.value.message_dict  # before it took effect
    annulled = services.annul_rule(world.staff_a, rule, on_date=dt.date(2023, 1, 1),
                                   reason=" Trái Thông tư 08/2017 ")
    assert annulled.status == RuleStatus.ANNULLED and annulled.ended_on == dt.date(2023, 1, 1)
    assert annulled.end_reason == "Trái Thông tư 08/2017"
    with pytest.raises(ValidationError):
        services.delete_rule(world.staff_a, annulled)  # stays on record


def test_a_review_moves_the_review_date_on(world: SafetyWorld) -> None:
    rule = draft(world)
    with pytest.raises(ValidationError):  # only a rule in force is reviewed
        services.review_rule(world.staff_a, rule, next_review=dt.date(2027, 1, 1))
    services.issue_rule(world.staff_a, rule)
    with pytest.raises(ValidationError) as refused:
        services.review_rule(world.staff_a, rule, on_date=dt.date(2025, 3, 1),
                             next_review=dt.date(2025, 3, 1))
    assert "next_review" in refused.value.message_dict
    reviewed = services.review_rule(world.staff_a, rule, on_date=dt.date(2025, 3, 1),
                                    next_review=dt.date(2028, 3, 1))
    assert reviewed.review_due == dt.date(2028, 3, 1)


def test_fixed_once_issued(world: SafetyWorld) -> None:
    rule = services.issue_rule(world.staff_a, draft(world))
    with pytest.raises(ValidationError) as refused:
        services.update_rule(world.staff_a, rule, number="99/QĐ", title="Tên mới")
    assert set(refused.value.message_dict) == {"number"}
    assert services.update_rule(world.staff_a, rule, title="Tên mới").title == "Tên mới"


def test_briefings_of_the_units_it_binds(world: SafetyWorld) -> None:
    rule = draft(world)
    brief = services.record_briefing
    with pytest.raises(ValidationError) as refused:
        brief(world.staff_a, rule=rule, unit=world.org.enterprise_a,
              held_on=dt.date(2022, 4, 1), attendees=30, presenter="Phó giám đốc")
    assert "rule" in refused.value.message_dict  # a draft is not briefed
    services.issue_rule(world.staff_a, rule)
    rule.refresh_from_db()
    done = brief(world.staff_a1, rule=rule, unit=world.org.workshop_a1,
                 held_on=dt.date(2022, 4, 1), attendees=25, presenter="Quản đốc")
    assert done.unit == world.org.workshop_a1  # a unit under the issuer
    with pytest.raises(ValidationError) as refused:
        brief(world.safety_staff, rule=rule, unit=world.org.enterprise_b,
              held_on=dt.date(2022, 4, 1), attendees=10, presenter="BTM")
    assert "unit" in refused.value.message_dict  # outside the rule's reach
    with pytest.raises(ValidationError) as refused:
        brief(world.staff_a, rule=rule, unit=world.org.enterprise_a,
              held_on=dt.date(2022, 2, 1), attendees=10, presenter="PGĐ")
    assert "held_on" in refused.value.message_dict  # before it was issued
    assert RuleBriefing.objects.count() == 1


def test_a_directorate_rule_binds_every_unit_under_it(world: SafetyWorld) -> None:
    with pytest.raises(ValidationError):  # an enterprise does not issue for the directorate
        draft(world, "05/QĐ-TC", issuer=world.org.root)
    directorate = services.create_rule(
        world.safety_staff, number="06/QĐ-TC", title="Quy định an toàn bắn thử",
        kind=RuleKind.REGULATION, issuer=world.org.root, issued_on=dt.date(2022, 3, 1),
        effective_on=dt.date(2022, 3, 1))
    services.issue_rule(world.safety_staff, directorate)
    directorate.refresh_from_db()
    for unit, staff in ((world.org.enterprise_a, world.staff_a),
                        (world.org.enterprise_b, world.staff_b)):
        services.record_briefing(staff, rule=directorate, unit=unit, held_on=dt.date(2022, 4, 1),
                                 attendees=40, presenter="Giám đốc")
    assert RuleBriefing.objects.filter(rule=directorate).count() == 2
    with pytest.raises(ValidationError) as refused:  # a unit briefs only itself
        services.record_briefing(world.staff_a, rule=directorate, unit=world.org.enterprise_b,
                                 held_on=dt.date(2022, 4, 1), attendees=5, presenter="X")
    assert "unit" in refused.value.message_dict
