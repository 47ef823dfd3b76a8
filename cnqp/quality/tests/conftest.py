"""Quality fixtures on top of production's world: Z111 (enterprise A) builds rifles from a
steel lot through a barrel lot, accepts them and delivers them to SD304 (and SD308); quality
staff of the directorate (QLCN) and people of every side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.production import services as production
from cnqp.production.tests.conftest import (  # noqa: F401 (fixtures)
    YEAR,
    World,
    accept,
    serials,
    started,
    world,
)
from cnqp.quality import services
from cnqp.quality.choices import Severity, UsageUnit


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Photos go to a temporary folder, never var/."""
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Line:
    """One small production line of Z111 and what it delivered."""

    world: World
    steel: Any  # material lot
    barrels: Any  # lot made from the steel
    rifles: list[Any]  # serials made from the barrels, accepted, delivered to SD304
    spare: Any  # a serial made from the barrels, accepted, delivered to SD308
    item: Any  # the plan item the rifles were built under
    sd308: Any
    qlcn: Any  # department staff of QLCN (quality), Secret clearance
    sd304_user: Any
    sd308_user: Any


def consume(plant: World, output: Any, *inputs: Any, step: str = "Lắp ráp") -> None:
    production.record_consumption(plant.staff, output=output,
                                  inputs=[(node, Decimal("1")) for node in inputs],
                                  operation_step=step,
                                  at=dt.datetime(YEAR, 5, 2, 8, tzinfo=dt.UTC))


def deliver(plant: World, units: list[Any], recipient: Any, number: str) -> Any:
    return production.create_delivery(plant.staff, document_number=number,
                                      enterprise=plant.org.enterprise_a, recipient=recipient,
                                      date=dt.date(YEAR, 7, 1), serials=units)


@pytest.fixture
def line(world: World, make_user: Any) -> Line:  # noqa: F811 (the fixture imported above)
    org = world.org
    sd308 = OrgUnitFactory(code="SD308", name="Sư đoàn 308", kind=OrgUnitKind.USER_UNIT,
                           parent=org.root)
    steel = production.create_material_lot(
        world.staff, code="VT-THEP-01", enterprise=org.enterprise_a, supplier="Gang thép TN",
        material_name="Thép 30XГCA", quantity=Decimal("500"), unit_of_measure="kg",
        received_date=dt.date(YEAR, 1, 10))
    barrels = production.create_lot(
        world.staff, lot_number="NONG-01", product_type=world.product_type,
        enterprise=org.enterprise_a, revision=world.revision, quantity=10,
        made_date=dt.date(YEAR, 3, 1))
    consume(world, barrels.node, steel.node, step="Rèn phôi nòng")
    item = started(world, quantity=3)
    rifles = serials(world, item, 3)
    for rifle in rifles:
        consume(world, rifle.node, barrels.node)
        accept(world, rifle.node)
    deliver(world, rifles[:2], org.user_unit, "01/BBGN")
    deliver(world, rifles[2:], sd308, "02/BBGN")
    return Line(world=world, steel=steel, barrels=barrels, rifles=rifles[:2], spare=rifles[2],
                item=item, sd308=sd308,
                qlcn=make_user(["department_staff"], org.department, Classification.SECRET,
                               username="qlcn"),
                sd304_user=make_user(["user_unit_staff"], org.user_unit,
                                     Classification.UNCLASSIFIED, username="sd304"),
                sd308_user=make_user(["user_unit_staff"], sd308, Classification.UNCLASSIFIED,
                                     username="sd308"))


def file_report(line: Line, serials: list[Any] | None = None, actor: Any = None,
                **kwargs: Any) -> Any:
    """A report of SD304 on its first rifle (or `serials`), as its staff files it."""
    values: dict[str, Any] = dict(
        reporting_unit=line.world.org.user_unit, product_type=line.world.product_type,
        serials=serials if serials is not None else line.rifles[:1],
        symptom="Kẹt vỏ đạn sau khi bắn liên tục", occurred_on=dt.date(YEAR, 9, 3),
        usage_value=Decimal("1850"), usage_unit=UsageUnit.ROUNDS, severity=Severity.MAJOR)
    values.update(kwargs)
    return services.file_field_report(actor or line.sd304_user, **values)
