"""The lifecycle of a research project through the services: every step dated and audited,
every transition the rules table does not allow refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cnqp.core.choices import AuditAction, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import AuditEntry
from cnqp.documents.factories import ProductTypeFactory
from cnqp.research import services
from cnqp.research.choices import Grade, ProjectLevel, ProjectStatus, Step
from cnqp.research.models import ProjectEvent, ResearchProject
from cnqp.research.tests.helpers import PATH_TO, D, bring_to, propose, take

S = ProjectStatus
pytestmark = pytest.mark.django_db

ILLEGAL = [(status, step) for status in S for step in services.RULES
           if status not in services.RULES[step].sources]
LEGAL = [(status, step) for status in S for step in services.RULES
         if status in services.RULES[step].sources]


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_rules_table_covers_every_step_but_the_proposal():
    assert set(services.RULES) == set(Step) - {Step.PROPOSE}
    assert len(ILLEGAL) + len(LEGAL) == len(S) * len(services.RULES)


def test_happy_path_records_each_step_with_its_date_and_decision_and_audits_it(
        research_org, decider):
    product = ProductTypeFactory(code="K54")
    project = propose(research_org.enterprise_a, "dt-2020-01 ", actor=decider,
                      on=D(2020, 1, 10))
    assert project.code == "DT-2020-01"
    # `project` stays the caller's copy from before the steps, with no product type: the
    # services must read the locked row (the O-series event takes the product declared since).
    services.open_project(decider, project, on_date=D(2020, 2, 1), decision_number="12/QĐ")
    services.start_project(decider, project, on_date=D(2020, 3, 1))
    services.complete_project(decider, project, on_date=D(2021, 6, 1), note="Đủ sản phẩm")
    services.evaluate_project(decider, project, on_date=D(2021, 7, 1), council=" HĐ TC ",
                              grade=Grade.EXCELLENT, decision_number="45/QĐ")
    services.declare_eligible_for_o_series(decider, project, on_date=D(2021, 8, 1),
                                           decision_number="50/QĐ", product_type=product)
    services.record_o_series(decider, project, on_date=D(2021, 9, 1), decision_number="51/QĐ",
                             producing_unit=research_org.enterprise_a)
    project = services.apply_to_production(decider, project, on_date=D(2021, 10, 1),
                                           decision_number="60/QĐ",
                                           producing_unit=research_org.enterprise_b)
    project.refresh_from_db()
    assert project.status == S.APPLIED
    assert project.product_type == product

    rows = list(project.events.values_list("step", "on_date", "decision_number",
                                           "from_status", "to_status"))
    assert rows == [
        (Step.PROPOSE, D(2020, 1, 10), "", "", S.PROPOSED),
        (Step.OPEN, D(2020, 2, 1), "12/QĐ", S.PROPOSED, S.OPENED),
        (Step.START, D(2020, 3, 1), "", S.OPENED, S.IN_PROGRESS),
        (Step.COMPLETE, D(2021, 6, 1), "", S.IN_PROGRESS, S.COMPLETED),
        (Step.ACCEPT, D(2021, 7, 1), "45/QĐ", S.COMPLETED, S.ACCEPTED),
        (Step.ELIGIBLE_O, D(2021, 8, 1), "50/QĐ", S.ACCEPTED, S.ELIGIBLE_O),
        (Step.O_SERIES, D(2021, 9, 1), "51/QĐ", S.ELIGIBLE_O, S.O_SERIES),
        (Step.APPLY, D(2021, 10, 1), "60/QĐ", S.O_SERIES, S.APPLIED),
    ]
    events = {e.step: e for e in project.events.all()}
    assert events[Step.COMPLETE].note == "Đủ sản phẩm"
    assert (events[Step.ACCEPT].council, events[Step.ACCEPT].grade) == ("HĐ TC", Grade.EXCELLENT)
    assert events[Step.ELIGIBLE_O].product_type == product
    assert events[Step.O_SERIES].producing_unit == research_org.enterprise_a
    assert events[Step.O_SERIES].product_type == product
    assert events[Step.APPLY].producing_unit == research_org.enterprise_b
    assert events[Step.APPLY].product_type == product
    assert all(e.recorded_by == decider for e in events.values())

    # One entry per event created, and one update of the project per step with its stage.
    event_entries = AuditEntry.objects.filter(object_type="research.projectevent")
    assert event_entries.filter(action=AuditAction.CREATE).count() == 8
    assert set(event_entries.values_list("object_id", flat=True)) == \
        {str(e.pk) for e in events.values()}
    project_entries = AuditEntry.objects.filter(object_type="research.researchproject",
                                                object_id=str(project.pk)).order_by("id")
    assert [e.action for e in project_entries] == [AuditAction.CREATE] + [AuditAction.UPDATE] * 7
    assert [e.changes["status"] for e in project_entries[1:]] == [
        [r[3], r[4]] for r in rows[1:]]
    assert project_entries[0].changes["code"] == [None, "DT-2020-01"]
    assert {e.actor_id for e in AuditEntry.objects.filter(object_type__startswith="research.")} \
        == {decider.pk}


@pytest.mark.parametrize(("status", "step"), ILLEGAL, ids=lambda v: str(v))
def test_every_illegal_transition_is_refused_and_writes_nothing(research_org, status, step):
    project = bring_to(propose(research_org.enterprise_a), status)
    events, entries = project.events.count(), AuditEntry.objects.count()
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            take(project, step, D(2022, 1, 1))
        current = str(S(status).label).lower()
        allowed = ", ".join(str(S(s).label).lower() for s in services.RULES[step].sources)
    errors = errors_of(excinfo)
    assert list(errors) == ["status"]
    message = errors["status"][0]
    assert message.startswith(f"Project DT-01 is {current}: it cannot be ")
    assert message.endswith(f". Allowed from: {allowed}.")
    project.refresh_from_db()
    assert project.status == status
    assert project.events.count() == events
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(("status", "step"), LEGAL, ids=lambda v: str(v))
def test_every_legal_transition_leads_where_the_table_says(research_org, status, step):
    project = bring_to(propose(research_org.enterprise_a), status)
    project = take(project, step, D(2022, 1, 1))
    target = services.RULES[step].target or status
    assert project.status == target
    last = project.events.last()
    assert (last.step, last.from_status, last.to_status) == (step, status, target)


def test_allowed_steps_follow_the_table_and_show_evaluation_once(research_org):
    project = bring_to(propose(research_org.enterprise_a), S.COMPLETED)
    assert services.allowed_steps(project) == [Step.ACCEPT]
    project = take(project, Step.ACCEPT, D(2022, 1, 1))
    assert services.allowed_steps(project) == [Step.ELIGIBLE_O, Step.APPLY]
    assert services.allowed_steps(bring_to(propose(research_org.enterprise_b, "DT-02"),
                                           S.CANCELLED)) == []


def test_failed_acceptance_goes_back_to_rework_then_is_completed_and_evaluated_again(
        research_org):
    project = bring_to(propose(research_org.enterprise_a), S.COMPLETED)
    with pytest.raises(ValidationError) as excinfo:
        services.evaluate_project(None, project, on_date=D(2021, 1, 5), council="HĐ",
                                  grade=Grade.FAIL, decision_number="7/QĐ", note=" ")
    assert list(errors_of(excinfo)) == ["note"]
    for council, grade, field in (("", Grade.GOOD, "council"), ("HĐ", "great", "grade")):
        with pytest.raises(ValidationError) as excinfo:
            services.evaluate_project(None, project, on_date=D(2021, 1, 5), council=council,
                                      grade=grade, decision_number="7/QĐ")
        assert list(errors_of(excinfo)) == [field]
    assert project.events.count() == 4

    project = services.evaluate_project(None, project, on_date=D(2021, 1, 5), council="HĐ",
                                        grade=Grade.FAIL, decision_number="7/QĐ",
                                        note="Chưa đạt độ bền")
    assert project.status == S.IN_PROGRESS
    failed = project.events.last()
    assert (failed.step, failed.grade, failed.from_status, failed.to_status) == (
        Step.FAIL_ACCEPTANCE, Grade.FAIL, S.COMPLETED, S.IN_PROGRESS)
    assert failed.note == "Chưa đạt độ bền"
    project = take(project, Step.COMPLETE, D(2021, 4, 1))
    project = take(project, Step.ACCEPT, D(2021, 5, 1), grade=Grade.PASS)
    assert project.status == S.ACCEPTED
    assert list(project.events.values_list("step", flat=True))[-4:] == [
        Step.COMPLETE, Step.FAIL_ACCEPTANCE, Step.COMPLETE, Step.ACCEPT]


def test_extension_needs_a_later_end_and_moves_the_end_in_force(research_org):
    project = bring_to(propose(research_org.enterprise_a, end=D(2021, 12, 31)), S.IN_PROGRESS)
    for new_end in (D(2021, 12, 31), D(2021, 6, 30)):
        with pytest.raises(ValidationError) as excinfo:
            take(project, Step.EXTEND, D(2021, 11, 1), new_end=new_end)
        assert list(errors_of(excinfo)) == ["new_end"]
    assert project.events.count() == 3
    project = take(project, Step.EXTEND, D(2021, 11, 1), new_end=D(2022, 6, 30))
    assert (project.status, project.current_end, project.planned_end) == (
        S.IN_PROGRESS, D(2022, 6, 30), D(2021, 12, 31))
    event = project.events.last()
    assert (event.step, event.new_end, event.from_status, event.to_status) == (
        Step.EXTEND, D(2022, 6, 30), S.IN_PROGRESS, S.IN_PROGRESS)
    with pytest.raises(ValidationError):  # later than the planned end, not than the new one
        take(project, Step.EXTEND, D(2022, 5, 1), new_end=D(2022, 3, 31))
    project = take(project, Step.SUSPEND, D(2022, 5, 1))
    project = take(project, Step.EXTEND, D(2022, 5, 2), new_end=D(2023, 6, 30))
    project.refresh_from_db()
    assert (project.status, project.current_end) == (S.SUSPENDED, D(2023, 6, 30))


@pytest.mark.parametrize("step", [Step.SUSPEND, Step.CANCEL])
def test_suspending_and_cancelling_need_a_reason(research_org, step):
    project = bring_to(propose(research_org.enterprise_a), S.IN_PROGRESS)
    call = services.suspend_project if step == Step.SUSPEND else services.cancel_project
    with pytest.raises(ValidationError) as excinfo:
        call(None, project, on_date=D(2021, 1, 1), decision_number="9/QĐ", note="  ")
    assert list(errors_of(excinfo)) == ["note"]
    project.refresh_from_db()
    assert project.status == S.IN_PROGRESS
    assert project.events.count() == 3


@pytest.mark.parametrize("step", list(services.RULES))
def test_decision_number_is_required_exactly_where_the_table_says(research_org, step):
    rule = services.RULES[step]
    project = bring_to(propose(research_org.enterprise_a), rule.sources[0])
    count = project.events.count()
    if step in (Step.START, Step.COMPLETE):
        assert not rule.needs_decision
        take(project, step, D(2022, 1, 1))  # takes no decision number at all
        assert project.events.count() == count + 1
        return
    assert rule.needs_decision
    with pytest.raises(ValidationError) as excinfo:
        take(project, step, D(2022, 1, 1), decision_number=" ")
    assert "decision_number" in errors_of(excinfo)
    assert project.events.count() == count


def test_dates_in_the_future_are_refused(research_org):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        propose(research_org.enterprise_a, on=tomorrow)
    assert list(errors_of(excinfo)) == ["proposed_on"]
    assert not ResearchProject.objects.exists()
    project = propose(research_org.enterprise_a)
    with pytest.raises(ValidationError) as excinfo:
        take(project, Step.OPEN, tomorrow)
    assert list(errors_of(excinfo)) == ["on_date"]
    take(project, Step.OPEN, timezone.localdate())  # today is fine


def test_a_date_before_the_previous_step_is_refused(research_org):
    project = propose(research_org.enterprise_a, on=D(2020, 1, 10))
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        take(project, Step.OPEN, D(2020, 1, 9))
    assert errors_of(excinfo)["on_date"] == [
        "The date is before the project's previous step (10/01/2020)."]
    assert project.events.count() == 1
    project = take(project, Step.OPEN, D(2020, 1, 10))  # the same day is fine
    with pytest.raises(ValidationError):
        take(project, Step.START, D(2020, 1, 1))


def test_eligible_o_needs_a_product_type(research_org):
    project = bring_to(propose(research_org.enterprise_a), S.ACCEPTED)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.declare_eligible_for_o_series(None, project, on_date=D(2022, 1, 1),
                                               decision_number="3/QĐ")
    assert errors_of(excinfo)["product_type"] == [
        "Project DT-01 has no product type: name the product."]
    project.refresh_from_db()
    assert project.status == S.ACCEPTED and project.events.count() == 5

    product = ProductTypeFactory()
    other = bring_to(propose(research_org.enterprise_a, "DT-02", product_type=product),
                     S.ACCEPTED)
    other = services.declare_eligible_for_o_series(None, other, on_date=D(2022, 1, 1),
                                                   decision_number="3/QĐ")
    assert other.status == S.ELIGIBLE_O
    assert other.events.last().product_type == product


@pytest.mark.parametrize("step", [Step.O_SERIES, Step.APPLY])
def test_production_steps_need_an_enterprise_or_institute(research_org, step):
    status = S.ELIGIBLE_O if step == Step.O_SERIES else S.ACCEPTED
    project = bring_to(propose(research_org.enterprise_a), status)
    for unit in (None, research_org.user_unit, research_org.department):
        with pytest.raises(ValidationError) as excinfo:
            take(project, step, D(2022, 1, 1), producing_unit=unit)
        assert list(errors_of(excinfo)) == ["producing_unit"]
    assert project.events.count() == len(PATH_TO[status]) + 1
    institute = OrgUnitFactory(code="VCN", kind=OrgUnitKind.INSTITUTE,
                               parent=research_org.root)
    project = take(project, step, D(2022, 1, 1), producing_unit=institute)
    assert project.events.last().producing_unit == institute


def test_update_before_and_after_opening(research_org):
    project = propose(research_org.enterprise_a, end=D(2021, 12, 31))
    project = services.update_project(None, project, code="dt-09", level=ProjectLevel.NATIONAL,
                                      host_unit=research_org.enterprise_b,
                                      planned_end=D(2022, 6, 30))
    assert (project.code, project.level, project.host_unit, project.current_end) == (
        "DT-09", ProjectLevel.NATIONAL, research_org.enterprise_b, D(2022, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        services.update_project(None, project, host_unit=research_org.user_unit)
    assert list(errors_of(excinfo)) == ["host_unit"]
    for field, value in (("status", S.OPENED), ("current_end", D(2023, 1, 1))):
        with pytest.raises(ValidationError):
            services.update_project(None, project, **{field: value})

    project = take(project, Step.OPEN, D(2020, 2, 1))
    refused = {"code": "DT-10", "level": ProjectLevel.GRASSROOTS,
               "host_unit": research_org.enterprise_a, "planned_start": D(2020, 4, 1),
               "planned_end": D(2023, 1, 1), "status": S.COMPLETED,
               "current_end": D(2024, 1, 1)}
    for field, value in refused.items():
        with translation.override("en"), pytest.raises(ValidationError) as excinfo:
            services.update_project(None, project, title="Tên mới", **{field: value})
        assert f"cannot be changed at this stage: {field}." in excinfo.value.messages[0]
    project.refresh_from_db()
    assert (project.code, project.status, project.planned_end) == (
        "DT-09", S.OPENED, D(2022, 6, 30))
    assert project.title != "Tên mới"
    # Unchanged fixed fields (as a form with disabled fields sends them) pass.
    project = services.update_project(None, project, code="DT-09", title="Tên mới",
                                      planned_end=D(2022, 6, 30), budget_state=500)
    assert (project.title, project.budget_total) == ("Tên mới", 500)


def test_only_a_proposal_can_be_deleted(research_org):
    proposal = propose(research_org.enterprise_a)
    services.delete_project(None, proposal)
    assert not ResearchProject.objects.exists()
    assert not ProjectEvent.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE,
                                     object_type="research.researchproject").count() == 1
    opened = bring_to(propose(research_org.enterprise_a, "DT-02"), S.OPENED)
    with pytest.raises(ValidationError):
        services.delete_project(None, opened)
    assert ResearchProject.objects.filter(pk=opened.pk).exists()
    assert opened.events.count() == 2


def test_create_refuses_a_user_unit_host_and_an_end_before_the_start(research_org):
    with pytest.raises(ValidationError) as excinfo:
        propose(research_org.user_unit)
    assert list(errors_of(excinfo)) == ["host_unit"]
    with pytest.raises(ValidationError) as excinfo:
        propose(research_org.enterprise_a, start=D(2021, 1, 1), end=D(2020, 12, 31))
    assert list(errors_of(excinfo)) == ["planned_end"]
    with pytest.raises(TypeError):
        propose(research_org.enterprise_a, budget_magic=1)
    assert not ResearchProject.objects.exists()
    assert not AuditEntry.objects.filter(object_type__startswith="research.").exists()


def test_is_overdue(research_org):
    today = timezone.localdate()
    late = bring_to(propose(research_org.enterprise_a, "DT-01", end=D(2021, 12, 31)),
                    S.IN_PROGRESS)
    on_time = bring_to(propose(research_org.enterprise_a, "DT-02",
                               end=today + dt.timedelta(days=1)), S.OPENED)
    done = bring_to(propose(research_org.enterprise_a, "DT-03", end=D(2021, 12, 31)),
                    S.COMPLETED)
    held = bring_to(propose(research_org.enterprise_a, "DT-04", end=D(2021, 12, 31)),
                    S.SUSPENDED)
    assert late.is_overdue
    assert not on_time.is_overdue
    assert not done.is_overdue
    assert not held.is_overdue
    assert not propose(research_org.enterprise_a, "DT-05", end=D(2021, 1, 1)).is_overdue
    late = take(late, Step.EXTEND, D(2022, 1, 1), new_end=today + dt.timedelta(days=30))
    assert not late.is_overdue


def test_a_proposal_entered_without_its_date_is_dated_by_the_step_that_follows(research_org):
    """Issue 20: a project created without a proposal date counted as proposed today, so
    opening it on its own date of 2021 was refused ("before the project's previous step")."""
    project = propose(research_org.enterprise_a, on=None)  # type: ignore[arg-type]
    proposal = project.events.get()
    assert (proposal.on_date, proposal.date_given) == (timezone.localdate(), False)
    # a refused opening (no decision) moves nothing
    with pytest.raises(ValidationError):
        take(project, Step.OPEN, D(2021, 3, 1), decision_number=" ")
    proposal.refresh_from_db()
    assert proposal.on_date == timezone.localdate()
    project = take(project, Step.OPEN, D(2021, 3, 1))
    assert project.status == ProjectStatus.OPENED
    assert list(project.events.order_by("on_date", "pk").values_list("step", "on_date")) == [
        (Step.PROPOSE, D(2021, 3, 1)), (Step.OPEN, D(2021, 3, 1))]
    moved = AuditEntry.objects.get(object_type="research.projectevent",
                                   object_id=str(proposal.pk), action=AuditAction.UPDATE)
    assert "on_date" in moved.changes
    # later steps follow the usual rule
    with pytest.raises(ValidationError) as excinfo:
        take(project, Step.START, D(2021, 2, 1))
    assert list(errors_of(excinfo)) == ["on_date"]


def test_a_proposal_date_given_is_never_moved(research_org):
    project = propose(research_org.enterprise_a, on=timezone.localdate())
    with pytest.raises(ValidationError) as excinfo:
        take(project, Step.OPEN, D(2021, 3, 1))
    assert list(errors_of(excinfo)) == ["on_date"]
    assert project.events.get().on_date == timezone.localdate()
    cancelled = take(propose(research_org.enterprise_a, "DT-02", on=None),  # type: ignore[arg-type]
                     Step.CANCEL, D(2022, 5, 5))
    assert cancelled.events.get(step=Step.PROPOSE).on_date == D(2022, 5, 5)
