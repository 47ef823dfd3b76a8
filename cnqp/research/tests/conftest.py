"""Users of the research tests: enterprise staff of Z111, and department staff of QLCN, whose
domains here include research (so they record the management decisions)."""

from __future__ import annotations

from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.core.models import User


@pytest.fixture
def research_org(org: Any) -> Any:
    org.department.domains = "documents,quality,research"
    org.department.save(update_fields=["domains"])
    return org


@pytest.fixture
def staff(research_org: Any, make_user: Any) -> User:
    """Enterprise staff of Z111: may start and complete, not decide."""
    return make_user(["enterprise_staff"], research_org.enterprise_a, Classification.SECRET,
                     username="nhamay")


@pytest.fixture
def decider(research_org: Any, make_user: Any) -> User:
    """Department staff of QLCN (research in its domains): takes every step."""
    return make_user(["department_staff"], research_org.department, Classification.SECRET,
                     username="qlcn")
