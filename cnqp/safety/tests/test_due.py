"""The "falls due" page and the reminders: what falls due within 30 days or is overdue, per
unit, as the safety department and as an enterprise sees it; each owning unit told once per
record and due date, and nobody else."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cnqp.conftest import logged_in
from cnqp.core.choices import NotificationLevel
from cnqp.core.jobs import duties, worker
from cnqp.core.jobs.worker import Keeper
from cnqp.core.models import Notification, OrgUnit
from cnqp.core.notifications import visible_notifications
from cnqp.quality.models import CorrectiveAction
from cnqp.safety import services
from cnqp.safety.choices import CampaignKind, FindingSeverity, PlanKind, RuleKind
from cnqp.safety.models import Finding, SafetyAsset, SafetyPlan, SafetyRule, TrainingRecord
from cnqp.safety.selectors import falls_due
from cnqp.safety.services.due import remind_due
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def asset(world: SafetyWorld, code: str, unit: OrgUnit, due_in: int,
          classification: int = 0) -> SafetyAsset:
    """An asset never inspected: due before its first use, `due_in` days from today."""
    return services.create_asset(world.safety_staff, code=code, name="Cầu trục",
                                 category=world.ref.crane, unit=unit,
                                 in_service_on=days(due_in), classification=classification)


@dataclass
class Due:
    soon: SafetyAsset  # Z111, due in 10 days
    late: SafetyAsset  # Z111, overdue by 5 days
    far: SafetyAsset  # Z111, due in 60 days: not yet
    other: SafetyAsset  # Z113, overdue
    secret: SafetyAsset  # Z111, Secret, due in 12 days
    certificate: TrainingRecord  # Z111, expires in 20 days
    plan: SafetyPlan  # Z111, review in 15 days
    rule: SafetyRule  # Z111, review in 25 days
    finding: Finding  # Z111, due in 3 days
    action: CorrectiveAction  # of the finding, owned by the workshop Z111-PX1, in 7 days


def build(world: SafetyWorld) -> Due:
    a, b = world.org.enterprise_a, world.org.enterprise_b
    session = services.create_session(world.staff_a, course=world.ref.course, unit=a,
                                      start_on=days(-100), end_on=days(-99), provider="Z111")
    plan = services.create_plan(world.staff_a, code="PA-01", title="Phương án chữa cháy",
                                kind=PlanKind.FIRE, unit=a, review_due=days(15))
    services.submit_plan(world.staff_a, plan, on_date=days(-30))
    services.approve_plan(world.safety_staff, plan, on_date=days(-20),
                          decision_number="QĐ 12", approved_by="Cảnh sát PCCC")
    plan = services.put_plan_in_force(world.staff_a, plan, on_date=days(-10))
    rule = services.create_rule(world.staff_a, number="01/QĐ-Z111", title="Quy trình nâng hạ",
                                kind=RuleKind.PROCEDURE, issuer=a, issued_on=days(-200),
                                effective_on=days(-200), review_due=days(25))
    rule = services.issue_rule(world.staff_a, rule)
    review = services.create_campaign(
        world.safety_staff, code="KT-1", name="Kiểm tra", kind=CampaignKind.UNANNOUNCED,
        year=TODAY.year, lead_unit=world.btm, units=[a], start_on=days(-40), end_on=days(40))
    finding = services.create_finding(world.safety_staff, unit=a, title="Thiếu tiếp địa",
                                      severity=FindingSeverity.HIGH, found_on=days(-10),
                                      due_date=days(3), campaign=review)
    action = services.open_finding_action(world.staff_a, finding, title="Lắp tiếp địa",
                                          owner_unit=world.org.workshop_a1, due_date=days(7))
    Notification.objects.all().delete()  # the finding's assignment: not a reminder
    return Due(
        soon=asset(world, "CT-SOON", a, 10), late=asset(world, "CT-LATE", a, -5),
        far=asset(world, "CT-FAR", a, 60), other=asset(world, "CT-B", b, -1),
        secret=asset(world, "CT-MAT", a, 12, classification=2),
        certificate=services.record_training(world.staff_a, session=session, person="Lê Văn An",
                                             certificate_number="CC-7", expires_on=days(20)),
        plan=plan, rule=rule, finding=finding, action=action)


@pytest.fixture
def due(world: SafetyWorld) -> Due:
    return build(world)


def codes(user: Any, unit: OrgUnit | None = None) -> set[str]:
    found = falls_due(user, unit, TODAY)
    return {*found.assets.values_list("code", flat=True),
            *found.plans.values_list("code", flat=True),
            *found.rules.values_list("number", flat=True),
            *found.findings.values_list("code", flat=True),
            *found.actions.values_list("code", flat=True),
            *found.certificates.values_list("certificate_number", flat=True)}


# --- the selector ------------------------------------------------------------------------------

def test_what_falls_due_per_unit_and_user(world: SafetyWorld, due: Due) -> None:
    everything = {"CT-SOON", "CT-LATE", "CT-MAT", "CC-7", "PA-01", "01/QĐ-Z111",
                  due.finding.code, due.action.code}
    assert codes(world.safety_staff, world.org.enterprise_a) == everything
    assert codes(world.safety_staff) == everything | {"CT-B"}
    assert codes(world.staff_a) == everything
    assert codes(world.staff_b) == {"CT-B"}
    assert "CT-MAT" not in codes(world.low_a)  # above their clearance
    # the workshop's own: the action it must carry out, not its enterprise's records
    assert codes(world.staff_a1, world.org.workshop_a1) == {due.action.code}
    assert codes(world.staff_a1) == {due.action.code, "01/QĐ-Z111"}  # a rule binding it


def test_a_renewed_certificate_is_no_longer_due(world: SafetyWorld, due: Due) -> None:
    session = due.certificate.session
    services.record_training(world.staff_a, session=session, person="Lê Văn An",
                             certificate_number="CC-8")  # 24 months from the session's end
    assert "CC-7" not in codes(world.staff_a)


# --- the page ----------------------------------------------------------------------------------

URL = "/safety/due/"


def test_the_route(world: SafetyWorld) -> None:
    assert reverse("safety:due") == URL


def test_the_page_as_an_enterprise(world: SafetyWorld, due: Due) -> None:
    response = logged_in(world.staff_a).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["unit"] == world.org.enterprise_a  # their unit by default
    chooser = response.context["form"].fields["unit"].queryset
    assert set(chooser) == {world.org.enterprise_a, world.org.workshop_a1}
    assert "CT-SOON" in page and "CT-LATE" in page and "CT-B" not in page
    assert "CT-FAR" not in page
    assert f'href="{reverse("safety:assets-detail", args=[due.late.pk])}"' in page
    assert f'href="{reverse("quality:actions-detail", args=[due.action.pk])}"' in page
    assert days(-5).strftime("%d/%m/%Y") in page  # Vietnamese dates
    rows = {row["line"].code: row for section in response.context["sections"]
            for row in section["rows"]}
    assert rows["CT-LATE"]["overdue"] and rows["CT-LATE"]["late"] == 5
    assert not rows["CT-SOON"]["overdue"] and rows["CT-SOON"]["left"] == 10
    assert page.count('data-due="overdue"') == 1  # only CT-LATE
    # another unit's records are not theirs to ask for: the page stays on their own
    response = logged_in(world.staff_a).get(URL, {"unit": world.org.enterprise_b.pk})
    assert response.context["unit"] == world.org.enterprise_a
    assert "CT-B" not in response.content.decode()


def test_the_page_as_the_safety_department(world: SafetyWorld, due: Due) -> None:
    client = logged_in(world.safety_staff)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["unit"] is None
    page = response.content.decode()
    assert "CT-B" in page and "CT-LATE" in page and "CT-MAT" in page
    response = client.get(URL, {"unit": world.org.enterprise_b.pk})
    page = response.content.decode()
    assert response.context["unit"] == world.org.enterprise_b
    assert "CT-B" in page and "CT-LATE" not in page


def test_a_lower_clearance_does_not_see_the_secret_asset(world: SafetyWorld, due: Due) -> None:
    page = logged_in(world.low_a).get(URL).content.decode()
    assert "CT-LATE" in page and "CT-MAT" not in page


def test_the_page_costs_the_same_whatever_the_number_of_lines(world: SafetyWorld,
                                                              due: Due) -> None:
    client = logged_in(world.staff_a)
    client.get(URL)  # the session and permissions warmed up

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        asset(world, f"CT-X{n}", world.org.enterprise_a, n)
    assert queries() == before


# --- the reminders -----------------------------------------------------------------------------

def test_each_owning_unit_is_told_once(world: SafetyWorld, due: Due) -> None:
    assert remind_due(TODAY) == 9
    sent = {n.key.split(":")[1] + ":" + n.org_unit.code for n in Notification.objects.all()}
    assert sent == {"assets:Z111", "assets:Z113", "certificates:Z111", "plans:Z111",
                    "rules:Z111", "findings:Z111", "actions:Z111-PX1"}
    late = Notification.objects.get(key__contains=f"assets:{due.late.pk}:")
    assert late.level == NotificationLevel.DANGER and "CT-LATE" in late.title
    assert late.link == reverse("safety:assets-detail", args=[due.late.pk])
    assert days(-5).strftime("%d/%m/%Y") in late.title
    soon = Notification.objects.get(key__contains=f"assets:{due.soon.pk}:")
    assert soon.level == NotificationLevel.WARNING and soon.created_by is None
    assert remind_due(TODAY) == 0  # the same day again
    assert remind_due(days(1)) == 0  # and the next: same records, same due dates
    assert Notification.objects.count() == 9


def test_a_new_due_date_is_a_new_reminder(world: SafetyWorld, due: Due) -> None:
    remind_due(TODAY)
    services.review_plan(world.staff_a, due.plan, next_review=days(20))
    assert remind_due(TODAY) == 1
    assert Notification.objects.filter(key__contains=f"plans:{due.plan.pk}:").count() == 2


def test_a_reminder_is_hidden_from_another_unit_and_a_lower_clearance(
        world: SafetyWorld, due: Due) -> None:
    remind_due(TODAY)
    secret = Notification.objects.get(key__contains=f"assets:{due.secret.pk}:")
    assert secret.classification == 2
    assert visible_notifications(world.staff_a).filter(pk=secret.pk).exists()
    assert not visible_notifications(world.low_a).filter(pk=secret.pk).exists()
    assert not visible_notifications(world.staff_b).filter(org_unit=world.org.enterprise_a
                                                           ).exists()
    # the workshop reads its own action's reminder, not its enterprise's
    mine = visible_notifications(world.staff_a1)
    assert list(mine.values_list("key", flat=True)) == [
        f"safety.due:actions:{due.action.pk}:{due.action.due_date.isoformat()}"]


def test_the_reminders_cost_the_same_whatever_the_number_of_records(
        world: SafetyWorld, due: Due) -> None:
    with CaptureQueriesContext(connection) as first:
        remind_due(TODAY)
    for n in range(5):
        asset(world, f"CT-X{n}", world.org.enterprise_b, n)
    with CaptureQueriesContext(connection) as second:
        assert remind_due(TODAY) == 5
    with CaptureQueriesContext(connection) as idle:
        assert remind_due(TODAY) == 0
    assert len(first) == len(second)
    assert len(idle) == 6 + 1 + 2  # six reads, the keys already sent, in a savepoint


# --- the daily duty ----------------------------------------------------------------------------

def test_run_duties_command(world: SafetyWorld, due: Due) -> None:
    out = io.StringIO()
    call_command("run_duties", "--date", TODAY.isoformat(), stdout=out)
    assert "safety.remind_due: 9" in out.getvalue()
    out = io.StringIO()
    call_command("run_duties", "--only", "safety.remind_due", stdout=out)
    assert "safety.remind_due: 0" in out.getvalue()


def test_the_duty_is_declared_and_checked(world: SafetyWorld) -> None:
    assert "safety.remind_due" in duties.registered()
    assert duties.check_duties() == []
    with pytest.raises(ValueError):
        duties.duty("safety.remind_due")(lambda today: 0)


def test_a_failing_duty_does_not_stop_the_others(world: SafetyWorld, due: Due,
                                                 monkeypatch: Any) -> None:
    def broken(today: dt.date) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(duties._duties, "aaa.broken", broken)
    runs = duties.run_duties(TODAY)
    assert runs[0].name == "aaa.broken"  # run first, failed, and the others still ran
    done = {r.name: (r.done, bool(r.error)) for r in runs}
    assert done["aaa.broken"] == (0, True)
    assert done["directives.remind_tasks_due"] == (0, False)
    assert done["safety.remind_due"] == (9, False)
    assert all(not error for name, (_done, error) in done.items() if name != "aaa.broken")


def test_the_worker_runs_the_duties_at_its_first_beat_then_hourly(
        world: SafetyWorld, due: Due, monkeypatch: Any) -> None:
    # the test's transaction lives on the connection the keeper would otherwise renew
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    keeper = Keeper("w-duties", heartbeat=5)
    now = timezone.now()
    reminders = Notification.objects.filter(key__startswith="safety.")
    keeper.tick(now, clock=keeper._next_duties)
    assert reminders.count() == 9
    asset(world, "CT-NEW", world.org.enterprise_a, 1)
    keeper.tick(now, clock=keeper._next_duties - 1)  # within the hour: not again
    assert reminders.count() == 9
    keeper.tick(now, clock=keeper._next_duties)
    assert reminders.count() == 10
