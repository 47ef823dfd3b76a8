"""The press tests' world: the test org with the Political Department (domain `press`), its
staff, an enterprise's staff, the leadership, and a helper that records an item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User
from cnqp.press import services
from cnqp.press.models import PressItem


@dataclass
class World:
    org: Any
    department: OrgUnit
    staff: User  # the Political Department's
    enterprise: User  # staff of org.enterprise_a
    other: User  # staff of org.enterprise_b
    leader: User
    add: Callable[..., PressItem]


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    department = cast(OrgUnit, OrgUnitFactory(
        code="CCT", name="Cục Chính trị", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="press"))
    staff = make_user(["department_staff"], department, Classification.SECRET)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)
    leader = make_user(["leadership"], org.root, Classification.SECRET)

    def add(unit: OrgUnit | None = None, *, on: dt.date = dt.date(2023, 5, 12),
            kind: str = "article", outlet: str = "Báo Quân đội nhân dân",
            by: User | None = None, **extra: Any) -> PressItem:
        return services.create_item(by or staff, kind=kind, title=extra.pop("title", "Tin"),
                                    outlet=outlet, published_on=on,
                                    subject_unit=unit or org.enterprise_a, **extra)

    return World(org, department, staff, enterprise, other, leader, add)
