"""Safety plans: draft → submitted → approved → in force → superseded or expired, returned for
rework with a reason; every other step refused with a clear error, by a table of the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cnqp.core.models import User
from cnqp.safety import services
from cnqp.safety.choices import DrillResult, PlanKind, PlanStatus
from cnqp.safety.models import Drill, SafetyPlan
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db

P = PlanStatus
LATER = dt.date(2024, 12, 1)

Step = Callable[[User, SafetyPlan], SafetyPlan]
STEPS: dict[str, Step] = {
    "submit": lambda actor, plan: services.submit_plan(actor, plan, on_date=LATER),
    "approve": lambda actor, plan: services.approve_plan(
        actor, plan, on_date=LATER, decision_number="QĐ 7", approved_by="Giám đốc"),
    "return": lambda actor, plan: services.return_plan(actor, plan, reason="Thiếu sơ đồ"),
    "put_in_force": lambda actor, plan: services.put_plan_in_force(actor, plan, on_date=LATER),
    "expire": lambda actor, plan: services.expire_plan(actor, plan, on_date=LATER),
    "review": lambda actor, plan: services.review_plan(actor, plan, on_date=LATER,
                                                       next_review=dt.date(2025, 12, 1)),
}
ALLOWED = {"submit": {P.DRAFT}, "approve": {P.SUBMITTED}, "return": {P.SUBMITTED},
           "put_in_force": {P.APPROVED}, "expire": {P.IN_FORCE},
           "review": {P.APPROVED, P.IN_FORCE}}
ILLEGAL = [(status, step) for status in P for step in STEPS if status not in ALLOWED[step]]


def new_plan(world: SafetyWorld, code: str = "PA-01", **kwargs: Any) -> SafetyPlan:
    data = {"code": code, "title": "Phương án chữa cháy kho K2", "kind": PlanKind.FIRE,
            "unit": world.org.enterprise_a, **kwargs}
    return services.create_plan(world.staff_a, **data)


def plan_in(world: SafetyWorld, status: str) -> SafetyPlan:
    """A plan brought to `status` by the legal steps (dated in 2024)."""
    staff, plan = world.staff_a, new_plan(world)
    if status == P.DRAFT:
        return plan
    plan = services.submit_plan(staff, plan, on_date=dt.date(2024, 1, 10))
    if status == P.SUBMITTED:
        return plan
    plan = services.approve_plan(world.safety_staff, plan, on_date=dt.date(2024, 1, 20),
                                 decision_number="QĐ 12/QĐ-BTM", approved_by="Bộ Tham mưu")
    if status == P.APPROVED:
        return plan
    plan = services.put_plan_in_force(staff, plan, on_date=dt.date(2024, 2, 1))
    if status == P.IN_FORCE:
        return plan
    if status == P.EXPIRED:
        return services.expire_plan(staff, plan, on_date=dt.date(2024, 6, 1))
    successor = new_plan(world, "PA-02", version=2, supersedes=plan)
    services.submit_plan(staff, successor, on_date=dt.date(2024, 3, 1))
    services.approve_plan(world.safety_staff, successor, on_date=dt.date(2024, 3, 5),
                          decision_number="QĐ 20", approved_by="Bộ Tham mưu")
    services.put_plan_in_force(staff, successor, on_date=dt.date(2024, 3, 10))
    plan.refresh_from_db()
    return plan


def test_the_whole_lifecycle(world: SafetyWorld) -> None:
    plan = plan_in(world, P.IN_FORCE)
    assert (plan.submitted_on, plan.approved_on, plan.in_force_on) == (
        dt.date(2024, 1, 10), dt.date(2024, 1, 20), dt.date(2024, 2, 1))
    assert plan.approval_decision == "QĐ 12/QĐ-BTM" and plan.approved_by == "Bộ Tham mưu"


def test_superseded_by_its_successor_on_the_day_it_comes_into_force(
        world: SafetyWorld) -> None:
    old = plan_in(world, P.SUPERSEDED)
    assert old.status == P.SUPERSEDED and old.ended_on == dt.date(2024, 3, 10)
    assert SafetyPlan.objects.get(code="PA-02").status == P.IN_FORCE


def test_expired(world: SafetyWorld) -> None:
    plan = plan_in(world, P.EXPIRED)
    assert plan.status == P.EXPIRED and plan.ended_on == dt.date(2024, 6, 1)


def test_returned_for_rework_with_a_reason(world: SafetyWorld) -> None:
    plan = plan_in(world, P.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.return_plan(world.safety_staff, plan, reason=" ")
    assert "reason" in refused.value.message_dict
    back = services.return_plan(world.safety_staff, plan, reason="Thiếu sơ đồ thoát nạn")
    assert back.status == P.DRAFT and back.submitted_on is None
    assert back.return_reason == "Thiếu sơ đồ thoát nạn"
    again = services.submit_plan(world.staff_a, back, on_date=dt.date(2024, 2, 1))
    assert again.status == P.SUBMITTED  # reworked and submitted again


@pytest.mark.parametrize(("status", "step"), ILLEGAL)
def test_illegal_steps_are_refused_clearly(world: SafetyWorld, status: str, step: str) -> None:
    plan = plan_in(world, status)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            STEPS[step](world.safety_staff, plan)
        label = str(P(status).label).lower()
    message = refused.value.message_dict["status"][0]
    assert message.startswith(f"Plan PA-01 is {label}: it cannot be ")
    plan.refresh_from_db()
    assert plan.status == status


def test_approval_needs_its_decision_and_follows_the_submission(world: SafetyWorld) -> None:
    plan = plan_in(world, P.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.approve_plan(world.safety_staff, plan, on_date=dt.date(2024, 1, 20),
                              decision_number="", approved_by="BTM")
    assert "decision_number" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.approve_plan(world.safety_staff, plan, on_date=dt.date(2024, 1, 5),
                              decision_number="QĐ 1", approved_by="BTM")
    assert "on_date" in refused.value.message_dict


def test_another_unit_does_not_move_the_plan(world: SafetyWorld) -> None:
    draft = new_plan(world)
    with pytest.raises(ValidationError):
        services.submit_plan(world.staff_b, draft, on_date=dt.date(2024, 1, 10))
    submitted = services.submit_plan(world.staff_a, draft, on_date=dt.date(2024, 1, 10))
    for step in ("approve", "return"):
        with pytest.raises(ValidationError) as refused:
            STEPS[step](world.staff_b, submitted)
        assert "unit" in refused.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == P.SUBMITTED


def test_fixed_once_submitted(world: SafetyWorld) -> None:
    plan = plan_in(world, P.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        services.update_plan(world.staff_a, plan, kind=PlanKind.CHEMICAL)
    assert "kind" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.delete_plan(world.staff_a, plan)


def test_a_plan_supersedes_one_of_its_kind_and_unit(world: SafetyWorld) -> None:
    old = plan_in(world, P.IN_FORCE)
    with pytest.raises(ValidationError) as refused:
        new_plan(world, "PA-09", kind=PlanKind.CHEMICAL, supersedes=old)
    assert "supersedes" in refused.value.message_dict


def test_only_an_approved_plan_is_drilled(world: SafetyWorld) -> None:
    drill = services.record_drill
    draft = new_plan(world, "PA-00")
    with pytest.raises(ValidationError) as refused:
        drill(world.staff_a, plan=draft, held_on=dt.date(2024, 3, 1), scenario="Cháy kho",
              participants=40, result=DrillResult.GOOD)
    assert "plan" in refused.value.message_dict
    plan = plan_in(world, P.APPROVED)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        drill(world.staff_a, plan=plan, held_on=dt.date(2024, 1, 15), scenario="Cháy kho",
              participants=40, result=DrillResult.GOOD)
    assert "held_on" in refused.value.message_dict  # before the approval
    done = drill(world.staff_a, plan=plan, held_on=dt.date(2024, 3, 1), scenario="Cháy kho",
                 participants=40, result=DrillResult.GOOD, external_forces="PC07")
    assert Drill.objects.get() == done


def test_approval_is_asked_of_the_safety_department_and_the_answer_told(
        world: SafetyWorld) -> None:
    """Submitted: the safety department (and the plan's own unit) told; approved or
    returned: the plan's unit told, with the reason (issue 21: approval requested → approver).
    """
    from cnqp.core.models import Notification
    from cnqp.core.notifications import visible_notifications

    plan = services.submit_plan(world.staff_a, new_plan(world), on_date=LATER)
    asked = Notification.objects.filter(link=f"/safety/plans/{plan.pk}/")
    assert {n.org_unit for n in asked} == {world.btm, world.org.enterprise_a}
    assert visible_notifications(world.safety_staff).filter(link=asked[0].link).exists()
    with translation.override("vi"):
        services.return_plan(world.safety_staff, plan, reason="Thiếu sơ đồ")
    back = Notification.objects.filter(link=asked[0].link).order_by("-pk").first()
    assert back is not None and back.org_unit == world.org.enterprise_a
    assert back.title.startswith("Trả lại để làm lại") and back.text == "Thiếu sơ đồ"
    assert visible_notifications(world.staff_a).filter(pk=back.pk).exists()
