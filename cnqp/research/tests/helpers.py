"""Building research projects for the tests, through the services only, with explicit dates in
the past: a proposal (`propose`), one step (`take`), or a walk to a given stage (`bring_to`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnqp.core.models import OrgUnit, User
from cnqp.documents.factories import ProductTypeFactory
from cnqp.research import services
from cnqp.research.choices import Grade, ProjectLevel, ProjectStatus, Step
from cnqp.research.models import ResearchProject

D = dt.date
S = ProjectStatus
PROPOSED_ON, PLANNED_START, PLANNED_END = D(2020, 1, 10), D(2020, 3, 1), D(2021, 12, 31)
FIRST_STEP = D(2020, 2, 1)

# The shortest walk from a proposal to each stage.
PATH_TO: dict[str, tuple[str, ...]] = {
    S.PROPOSED: (),
    S.OPENED: (Step.OPEN,),
    S.IN_PROGRESS: (Step.OPEN, Step.START),
    S.COMPLETED: (Step.OPEN, Step.START, Step.COMPLETE),
    S.ACCEPTED: (Step.OPEN, Step.START, Step.COMPLETE, Step.ACCEPT),
    S.ELIGIBLE_O: (Step.OPEN, Step.START, Step.COMPLETE, Step.ACCEPT, Step.ELIGIBLE_O),
    S.O_SERIES: (Step.OPEN, Step.START, Step.COMPLETE, Step.ACCEPT, Step.ELIGIBLE_O,
                 Step.O_SERIES),
    S.APPLIED: (Step.OPEN, Step.START, Step.COMPLETE, Step.ACCEPT, Step.APPLY),
    S.SUSPENDED: (Step.OPEN, Step.SUSPEND),
    S.CANCELLED: (Step.CANCEL,),
}


def propose(host: OrgUnit, code: str = "DT-01", *, level: str = ProjectLevel.DIRECTORATE,
            on: dt.date = PROPOSED_ON, start: dt.date = PLANNED_START,
            end: dt.date = PLANNED_END, actor: User | None = None,
            **fields: Any) -> ResearchProject:
    return services.create_project(
        actor, code=code, title=f"Nghiên cứu chế tạo {code}", level=level, host_unit=host,
        principal_investigator="Nguyễn Văn Đức", planned_start=start, planned_end=end,
        proposed_on=on, **fields)


def take(project: ResearchProject, step: str, on: dt.date, actor: User | None = None,
         **kw: Any) -> ResearchProject:
    """Take `step` on `on` with sensible defaults for what the step needs; `kw` overrides."""
    decision = kw.pop("decision_number", f"{step}/QĐ-TCCNQP")
    note = kw.pop("note", "")
    if step == Step.OPEN:
        return services.open_project(actor, project, on_date=on, decision_number=decision)
    if step == Step.START:
        return services.start_project(actor, project, on_date=on, note=note)
    if step == Step.EXTEND:
        new_end = kw.pop("new_end", project.current_end + dt.timedelta(days=180))
        return services.extend_project(actor, project, on_date=on, new_end=new_end,
                                       decision_number=decision, note=note)
    if step in (Step.SUSPEND, Step.CANCEL):
        call = services.suspend_project if step == Step.SUSPEND else services.cancel_project
        return call(actor, project, on_date=on, decision_number=decision,
                    note=note or "Thiếu kinh phí")
    if step == Step.RESUME:
        return services.resume_project(actor, project, on_date=on, decision_number=decision,
                                       note=note)
    if step == Step.COMPLETE:
        return services.complete_project(actor, project, on_date=on, note=note)
    if step in (Step.ACCEPT, Step.FAIL_ACCEPTANCE):
        failed = step == Step.FAIL_ACCEPTANCE
        return services.evaluate_project(
            actor, project, on_date=on, council=kw.pop("council", "Hội đồng KHCN Tổng cục"),
            grade=kw.pop("grade", Grade.FAIL if failed else Grade.GOOD),
            decision_number=decision, note=note or ("Chưa đạt chỉ tiêu" if failed else ""))
    if step == Step.ELIGIBLE_O:
        product = kw.pop("product_type", None)
        if product is None and project.product_type_id is None:
            product = ProductTypeFactory()
        return services.declare_eligible_for_o_series(
            actor, project, on_date=on, decision_number=decision, product_type=product,
            note=note)
    if step == Step.O_SERIES:
        return services.record_o_series(
            actor, project, on_date=on, decision_number=decision,
            producing_unit=kw.pop("producing_unit", project.host_unit), note=note)
    if step == Step.APPLY:
        product = kw.pop("product_type", None)
        if product is None and project.product_type_id is None:
            product = ProductTypeFactory()
        return services.apply_to_production(
            actor, project, on_date=on, decision_number=decision,
            producing_unit=kw.pop("producing_unit", project.host_unit), product_type=product,
            note=note)
    raise AssertionError(f"unknown step {step}")


def bring_to(project: ResearchProject, status: str, first: dt.date = FIRST_STEP,
             actor: User | None = None) -> ResearchProject:
    """Walk `project` to `status`, one step a month from `first`."""
    on = first
    for step in PATH_TO[status]:
        project = take(project, step, on, actor)
        on = on + dt.timedelta(days=30)
    assert project.status == status
    return project


def codes(projects: Any) -> set[str]:
    return {p.code for p in projects}
