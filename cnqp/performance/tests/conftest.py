"""The performance tests' world: the test org with a planning department (domain
`performance`), its reviewer, an enterprise's staff, and a helper that files a complete
return."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import pytest

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import OrgUnit, User
from cnqp.performance import services
from cnqp.performance.models import Submission

# A year's complete return of a mid-sized factory (millions of đồng, people).
YEAR_VALUES: dict[str, Decimal] = {
    "revenue_defence": Decimal(600_000), "revenue_economic": Decimal(350_000),
    "revenue_services": Decimal(50_000), "profit_before_tax": Decimal(40_000),
    "profit_after_tax": Decimal(32_000), "budget_contribution": Decimal(25_000),
    "equity": Decimal(500_000), "headcount": Decimal(1_000), "women": Decimal(300),
    "payroll": Decimal(168_000), "investment": Decimal(20_000),
}


@dataclass
class World:
    org: Any
    planning: OrgUnit
    reviewer: User
    enterprise: User  # staff of org.enterprise_a
    other: User  # staff of org.enterprise_b
    file: Callable[..., Submission]


@pytest.fixture
def world(org: Any, make_user: Any) -> World:
    planning = cast(OrgUnit, OrgUnitFactory(
        code="KHDT", name="Cục Kế hoạch và Đầu tư", kind=OrgUnitKind.DEPARTMENT,
        parent=org.root, domains="production,performance"))
    reviewer = make_user(["department_staff"], planning, Classification.SECRET)
    enterprise = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.CONFIDENTIAL)

    def file(unit: OrgUnit | None = None, *, year: int = 2023, scenario: str = "actual",
             period_kind: str = "year", period_number: int = 1,
             values: Mapping[str, Any] | None = None, accept: bool = True,
             by: User | None = None) -> Submission:
        unit = unit or org.enterprise_a
        submission = services.open_return(by, unit=unit, year=year, period_kind=period_kind,
                                          period_number=period_number, scenario=scenario)
        services.save_values(by, submission, values={**YEAR_VALUES, **(values or {})},
                             explanations={code: "Mở rộng sản xuất" for code in YEAR_VALUES})
        services.submit_return(by, submission)
        if accept:
            services.accept_return(reviewer, submission)
        submission.refresh_from_db()
        return submission

    return World(org, planning, reviewer, enterprise, other, file)
