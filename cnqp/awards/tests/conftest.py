"""The awards tests' world: the test org with the political department (domain `awards`), its
staff, the enterprises' staff, leadership, and a helper that records an award."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

from cnqp.awards import services
from cnqp.awards.models import Award, AwardTitle
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User


@dataclass
class World:
    org: Any
    politics: OrgUnit
    staff: User  # of the political department
    enterprise: User  # staff of org.enterprise_a
    other: User  # staff of org.enterprise_b
    leader: User
    award: Callable[..., Award]


def title(code: str) -> AwardTitle:
    return AwardTitle.objects.get(code=code)


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    politics = cast(OrgUnit, OrgUnitFactory(
        code="CCT", name="Cục Chính trị", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="awards"))
    staff = make_user(["department_staff"], politics, Classification.SECRET)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)
    leader = make_user(["leadership"], org.root, Classification.SECRET)

    def award(code: str = "co-tong-cuc", unit: OrgUnit | None = None, *,
              on: dt.date = dt.date(2023, 12, 20), person: str = "", by: User | None = None,
              **more: Any) -> Award:
        return services.create_award(
            by, title=title(code), unit=unit or org.enterprise_a, person_name=person,
            authority="Chủ nhiệm Tổng cục", decision_number=more.pop(
                "number", f"{Award.objects.count() + 1}/QĐ-TCCNQP"),
            decision_date=on, **more)

    return World(org, politics, staff, enterprise, other, leader, award)
