"""A small hand-built world for the report tests, in 2024: production (the production tests'
world, Z111 and Z113 each with accepted serials), research projects in Z111 and Z113 (one of
Z113's secret), and a design document set issued in the year (owned by QLCN)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory
from cnqp.production import services as production
from cnqp.production.tests.conftest import (  # noqa: F401 (fixtures)
    YEAR,
    World,
    accept,
    make_item,
    make_plan,
    world,
)
from cnqp.research.choices import ProjectLevel, Step
from cnqp.research.tests.helpers import propose, take

PERIOD_START, PERIOD_END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


@dataclass
class ReportWorld:
    production: World
    admin: Any
    z111: Any  # enterprise staff of Z111, clearance Secret
    z113: Any
    low: Any  # leadership without clearance


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rw(world: World, org: Any, make_user: Any, media: Any) -> ReportWorld:  # noqa: F811
    # Production: 2 serials of Z111 and 1 of Z113 built and accepted in the year.
    for enterprise, staff, count in ((org.enterprise_a, world.staff, 2),):
        plan = make_plan(world, enterprise=enterprise)
        item = make_item(world, plan, quantity=count, due=dt.date(YEAR, 6, 30))
        item = production.start_plan_item(staff, item, on_date=dt.date(YEAR, 2, 1))
        for unit in production.create_serials(staff, plan_item=item, revision=world.revision,
                                              made_date=dt.date(YEAR, 5, 1), prefix="AK-",
                                              count=count):
            accept(world, unit.node)
        production.complete_plan_item(staff, item, on_date=dt.date(YEAR, 6, 1))
    # Research: Z111 opens two, accepts and applies one; Z113 opens a secret one.
    decider = make_user(["admin"], org.root, Classification.TOP_SECRET, username="quyetdinh")
    one = propose(org.enterprise_a, "DT-A1", level=ProjectLevel.NATIONAL,
                  on=dt.date(YEAR - 1, 10, 1), actor=decider)
    two = propose(org.enterprise_a, "DT-A2", level=ProjectLevel.DIRECTORATE,
                  on=dt.date(YEAR - 1, 10, 1), actor=decider)
    secret = propose(org.enterprise_b, "DT-B1", level=ProjectLevel.MINISTRY,
                     on=dt.date(YEAR - 1, 10, 1), actor=decider,
                     classification=Classification.SECRET)
    for project in (one, two, secret):
        take(project, Step.OPEN, dt.date(YEAR, 2, 1), decider)
    for step, day in ((Step.START, dt.date(YEAR, 2, 15)), (Step.COMPLETE, dt.date(YEAR, 5, 1)),
                      (Step.ACCEPT, dt.date(YEAR, 6, 1)), (Step.APPLY, dt.date(YEAR, 9, 1))):
        one = take(one, step, day, decider)
    # Documents: a design set of QLCN issued for the first time in the year.
    design = DocumentSetFactory(kind=DocumentKind.DESIGN, owner_unit=org.department)
    RevisionFactory(document_set=design, number=1, status=RevisionStatus.ISSUED,
                    issue_date=dt.date(YEAR, 3, 1), decision_number="12/QĐ-TCCNQP")
    return ReportWorld(
        production=world, admin=world.admin,
        z111=world.staff, z113=world.staff_b,
        low=make_user(["leadership"], org.root, Classification.UNCLASSIFIED, username="ldthap"))
