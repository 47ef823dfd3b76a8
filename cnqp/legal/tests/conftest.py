"""The legal tests' world: the test org with the directorate's office (VPTC, domain `legal`)
beside the technology department (QLCN), their staff, a department without the domain, an
enterprise's staff, leadership, and helpers that make a draft and take it through its steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User
from cnqp.legal import services
from cnqp.legal.choices import DocumentKind, Stage
from cnqp.legal.models import LegalDraft

D = dt.date


@dataclass
class World:
    org: Any
    office: OrgUnit  # VPTC, domain legal
    staff: User  # the office's legal desk (Tối mật)
    low: User  # department staff of another department, Mật, no legal domain
    enterprise: User  # staff of org.enterprise_a
    leader: User
    draft: Callable[..., LegalDraft]
    through: Callable[..., LegalDraft]


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    office = cast(OrgUnit, OrgUnitFactory(
        code="VPTC", name="Văn phòng Tổng cục", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="reports,legal"))
    other = cast(OrgUnit, OrgUnitFactory(
        code="BTM", name="Bộ Tham mưu", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
        domains="safety"))
    staff = make_user(["department_staff"], office, Classification.SECRET)
    low = make_user(["department_staff"], other, Classification.CONFIDENTIAL)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    leader = make_user(["leadership"], org.root, Classification.TOP_SECRET)

    def draft(title: str = "Quản lý tài liệu công nghệ", *, kind: str = DocumentKind.CIRCULAR,
              unit: OrgUnit | None = None, year: int = 2023, deadline: dt.date | None = None,
              **more: Any) -> LegalDraft:
        return services.create_draft(
            staff, kind=kind, title=title, lead_unit=unit or office, authority="Bộ Quốc phòng",
            plan_year=year, deadline=deadline, **more)

    def through(row: LegalDraft, *steps: tuple[int, dt.date], number: str = "",
                round_on: dt.date | None = None) -> LegalDraft:
        """Take `row` through `steps`; a round sent on `round_on` (after its drafting)."""
        def send() -> None:
            row.refresh_from_db()
            services.create_round(staff, draft=row, sent_on=round_on,
                                  external_bodies="các bộ, ngành, địa phương")

        for stage, day in steps:
            if round_on is not None and round_on <= day:
                send()
                round_on = None
            row.refresh_from_db()
            services.record_step(staff, row, stage=stage, date=day,
                                 issued_number=number if stage == Stage.ISSUED else "")
        if round_on is not None:
            send()
        row.refresh_from_db()
        return row

    return World(org, office, staff, low, enterprise, leader, draft, through)
