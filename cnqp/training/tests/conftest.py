"""The training tests' world: the test org with the General Staff Department (BTM, domain
`training`), its staff, the enterprises' staff, leadership, a safety course, and helpers that
record a course with its participants and a safety session with its results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User
from cnqp.safety import services as safety_services
from cnqp.safety.models import Course, TrainingGroup, TrainingSession
from cnqp.training import services
from cnqp.training.models import TrainingCourse


@dataclass
class World:
    org: Any
    btm: OrgUnit
    staff: User  # of the BTM
    enterprise: User  # staff of org.enterprise_a (Z111)
    other: User  # staff of org.enterprise_b (Z113)
    leader: User
    course: Callable[..., TrainingCourse]
    safety: Callable[..., TrainingSession]


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    btm = cast(OrgUnit, OrgUnitFactory(
        code="BTM", name="Bộ Tham mưu", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="safety,training"))
    staff = make_user(["department_staff"], btm, Classification.CONFIDENTIAL)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)
    leader = make_user(["leadership"], org.root, Classification.SECRET)
    group = TrainingGroup.objects.create(number=3, name="Công việc có yêu cầu nghiêm ngặt",
                                         valid_from=dt.date(2017, 1, 1))
    safety_course = Course.objects.create(code="HL-N3", name="Huấn luyện nhóm 3", group=group,
                                          validity_months=24, valid_from=dt.date(2017, 1, 1))

    def course(unit: OrgUnit | None = None, *, kind: str = "technical",
               on: dt.date = dt.date(2023, 5, 8), days: int = 5,
               sent: list[tuple[OrgUnit, int, int | None]] | None = None,
               by: User | None = None, **more: Any) -> TrainingCourse:
        organiser = unit or org.enterprise_a
        row = services.create_course(
            by, title=more.pop("title", f"Lớp {TrainingCourse.objects.count() + 1}"),
            kind=kind, organiser=organiser, start=on, end=on + dt.timedelta(days=days - 1),
            **more)
        for who, people, passed in sent if sent is not None else [(organiser, 20, 18)]:
            services.add_participation(by, course=row, unit=who, participants=people,
                                       passed=passed)
        return row

    def safety(unit: OrgUnit | None = None, *, on: dt.date = dt.date(2023, 4, 3),
               people: int = 3, failed: int = 0, **more: Any) -> TrainingSession:
        session = safety_services.create_session(
            None, course=safety_course, unit=unit or org.enterprise_a, start_on=on,
            end_on=on + dt.timedelta(days=2), provider="Trung tâm huấn luyện", **more)
        for index in range(people):
            safety_services.record_training(None, session=session, person=f"Người {index}",
                                            passed=index >= failed)
        return session

    return World(org, btm, staff, enterprise, other, leader, course, safety)
