"""Production fixtures: a product type with an issued design set, a right to produce it for
enterprise A, people of each role, and helpers that take an item to accepted output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus
from cnqp.documents.factories import (
    DocumentSetFactory,
    ProductTypeFactory,
    RevisionFactory,
    UsageRightFactory,
)
from cnqp.production import services
from cnqp.production.choices import FundingSource, InspectionStage, PlanItemKind
from cnqp.production.factories import CharacteristicFactory, InspectionTemplateFactory

YEAR = 2024


@dataclass
class World:
    org: Any
    product_type: Any
    revision: Any
    template: Any
    characteristics: list[Any]
    staff: Any  # enterprise staff of Z111 (inspector)
    staff_b: Any  # enterprise staff of Z113
    representative: Any  # department staff with the production domain (KHDT)
    admin: Any


def issued_type(org: Any, *, rights: tuple[str, ...] = (Purpose.PRODUCTION,),
                enterprise: Any = None, code: str | None = None) -> tuple[Any, Any]:
    """A product type with an issued design revision, and rights of `enterprise` (A)."""
    product_type = ProductTypeFactory(**({"code": code} if code else {}))
    design = DocumentSetFactory(kind=DocumentKind.DESIGN, product_type=product_type,
                                owner_unit=org.department)
    revision = RevisionFactory(document_set=design, number=1, status=RevisionStatus.ISSUED,
                               issue_date=dt.date(2020, 1, 10), decision_number="1/QĐ")
    for purpose in rights:
        UsageRightFactory(document_set=design, enterprise=enterprise or org.enterprise_a,
                          purpose=purpose, valid_from=dt.date(2020, 1, 1), valid_to=None)
    return product_type, revision


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    product_type, revision = issued_type(org, rights=(Purpose.PRODUCTION, Purpose.REPAIR))
    template = InspectionTemplateFactory(stage=InspectionStage.FINAL_ACCEPTANCE,
                                         product_type=product_type)
    characteristics = [
        CharacteristicFactory(template=template, name="Cỡ nòng", unit="mm",
                              lower_limit=Decimal("7.62"), upper_limit=Decimal("7.66"),
                              position=1),
        CharacteristicFactory(template=template, name="Sơ tốc", unit="m/s",
                              lower_limit=Decimal("700"), upper_limit=None, position=2),
    ]
    org.department.domains = "documents,quality,production"
    org.department.save()
    return World(
        org=org, product_type=product_type, revision=revision, template=template,
        characteristics=characteristics,
        staff=make_user(["enterprise_staff"], org.enterprise_a, username="z111"),
        staff_b=make_user(["enterprise_staff"], org.enterprise_b, username="z113"),
        representative=make_user(["department_staff"], org.department, username="khdt"),
        admin=make_user(["admin"], org.root, Classification.SECRET, username="quantri"),
    )


def good_values(world: World) -> dict[int, Decimal]:
    return {world.characteristics[0].pk: Decimal("7.64"),
            world.characteristics[1].pk: Decimal("715")}


def bad_values(world: World) -> dict[int, Decimal]:
    return {world.characteristics[0].pk: Decimal("7.70"),
            world.characteristics[1].pk: Decimal("715")}


def make_plan(world: World, *, enterprise: Any = None, year: int = YEAR) -> Any:
    return services.create_plan(world.admin, year=year,
                                enterprise=enterprise or world.org.enterprise_a)


def make_item(world: World, plan: Any, *, product_type: Any = None, quantity: int = 2,
              due: dt.date | None = None, kind: str = PlanItemKind.PRODUCTION) -> Any:
    return services.create_plan_item(
        world.staff, plan=plan, product_type=product_type or world.product_type, kind=kind,
        quantity=quantity, due_date=due or dt.date(plan.year, 10, 31),
        funding_source=FundingSource.STATE_BUDGET)


def accept(world: World, node: Any, *, passed: bool = True, date: dt.date | None = None,
           sign: bool = True) -> Any:
    inspection = services.record_inspection(
        world.staff, target=node, template=world.template,
        stage=InspectionStage.FINAL_ACCEPTANCE, date=date or dt.date(YEAR, 6, 1),
        values=good_values(world) if passed else bad_values(world))
    if passed and sign:
        services.sign_off_acceptance(world.representative, inspection)
    return inspection


def started(world: World, plan: Any | None = None, **kwargs: Any) -> Any:
    item = make_item(world, plan or make_plan(world), **kwargs)
    return services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))


def serials(world: World, item: Any, count: int = 2, prefix: str = "AK-") -> list[Any]:
    return list(services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                        made_date=dt.date(YEAR, 5, 1), prefix=prefix,
                                        count=count))
