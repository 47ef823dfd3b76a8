"""Demo enterprise performance, through the services (audited): every reporting enterprise's
returns since 2019, whose directorate figures are the articles' (average income 12,1 million
đồng/person/month in 2020 and 14,2 in 2023, revenue 105,0 % of 2022's in 2023), and the
current period's late, missing, draft and returned returns (`returns`; the numbers come from
`series`); eight investment projects, some behind schedule or disbursing slowly (`projects`).

Deterministic: the numbers come from a generator of their own with a fixed seed; "today" is
the clock's date, as in the other demos, and no step is dated after it."""

from __future__ import annotations

from cnqp.core.site.demo import DemoContext
from cnqp.performance.demo.projects import seed_projects
from cnqp.performance.demo.returns import seed_returns

ORDER = 45  # after quality; safety's rates and the directives read these figures


def seed(ctx: DemoContext) -> None:
    if "khdt" not in ctx.users:
        return
    seed_returns(ctx)
    seed_projects(ctx)
