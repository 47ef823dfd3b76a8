"""What demo generators share. Each app may provide `<app>/demo.py` with
`seed(ctx: DemoContext) -> None` and an integer `ORDER`; `seed_demo` runs them in order, in
one transaction, then each module's optional `after_seed(ctx)` outside it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User


@dataclass
class DemoContext:
    rng: random.Random
    scale: str  # "small" or "large"
    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, unit

    @property
    def large(self) -> bool:
        return self.scale == "large"
