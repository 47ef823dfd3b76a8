"""The cooperation tests' world: the test org with the staff department (domain `cooperation`)
and its staff (Mật), the enterprises' staff (Mật), a leader (Tối mật), and helpers that record
an agreement, a delegation, an exhibition with entries and an export contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

from cnqp.cooperation import services
from cnqp.cooperation.choices import AgreementKind, ContractCategory, Direction, EventKind
from cnqp.cooperation.models import Agreement, Delegation, Exhibition, ExportContract
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User


@dataclass
class World:
    org: Any
    staff_unit: OrgUnit
    staff: User  # of the staff department, Mật
    enterprise: User  # staff of org.enterprise_a, Mật
    other: User  # staff of org.enterprise_b, Mật
    leader: User  # Tối mật
    agreement: Callable[..., Agreement]
    delegation: Callable[..., Delegation]
    exhibition: Callable[..., Exhibition]
    contract: Callable[..., ExportContract]


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    staff_unit = cast(OrgUnit, OrgUnitFactory(
        code="BTM", name="Bộ Tham mưu", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="cooperation"))
    staff = make_user(["department_staff"], staff_unit, Classification.CONFIDENTIAL)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)
    leader = make_user(["leadership"], org.root, Classification.SECRET)

    def agreement(country: str = "Liên bang Nga", on: dt.date | None = dt.date(2023, 3, 15),
                  *, unit: OrgUnit | None = None, by: User | None = None,
                  **more: Any) -> Agreement:
        return services.create_agreement(
            by, country=country, subject=more.pop("subject", f"Kế hoạch hợp tác {country}"),
            kind=more.pop("kind", AgreementKind.PLAN), lead_unit=unit or staff_unit,
            signed_on=on, **more)

    def delegation(direction: str = Direction.OUTGOING, on: dt.date = dt.date(2023, 5, 10),
                   *, unit: OrgUnit | None = None, by: User | None = None,
                   **more: Any) -> Delegation:
        return services.create_delegation(
            by, direction=direction, country=more.pop("country", "Ấn Độ"),
            purpose=more.pop("purpose", "Làm việc, trao đổi hợp tác"), start=on,
            end=more.pop("end", on + dt.timedelta(days=5)), members=more.pop("members", 5),
            lead_unit=unit or staff_unit, **more)

    def exhibition(name: str = "Diễn đàn ARMY-2023", on: dt.date = dt.date(2023, 8, 14), *,
                   entries: tuple[tuple[OrgUnit, int], ...] = (), unit: OrgUnit | None = None,
                   **more: Any) -> Exhibition:
        event = services.create_exhibition(
            None, name=name, kind=more.pop("kind", EventKind.FORUM),
            country=more.pop("country", "Liên bang Nga"), place=more.pop("place", "Kubinka"),
            start=on, end=more.pop("end", on + dt.timedelta(days=6)),
            lead_unit=unit or staff_unit, **more)
        for who, count in entries:
            services.create_entry(None, exhibition=event, unit=who, products="Súng cối 60 mm",
                                  product_count=count)
        return event

    def contract(value: int = 10_000_000_000, on: dt.date = dt.date(2023, 6, 1), *,
                 unit: OrgUnit | None = None, by: User | None = None,
                 **more: Any) -> ExportContract:
        return services.create_contract(
            by, unit=unit or org.enterprise_a,
            number=more.pop("number", f"{ExportContract.objects.count() + 1:02d}/HĐXK"),
            country=more.pop("country", "Lào"), buyer=more.pop("buyer", "Bộ Quốc phòng Lào"),
            category=more.pop("category", ContractCategory.ECONOMIC), signed_on=on,
            value=value, **more)

    return World(org, staff_unit, staff, enterprise, other, leader, agreement, delegation,
                 exhibition, contract)
