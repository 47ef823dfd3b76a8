"""Enterprise performance: the directorate's business figures of a year (the registry's source:
each enterprise's most final accepted return, the year before and the plan, summed in SQL)
next to raw SQL summing the same values; the investment figures; the returns list, a return's
page and the completeness page through the test client. A bench database seeded before the
performance app existed gets the app's demo first (its returns and projects only).

Targets: the figures of a year ≤ 50 ms and within 5x of the raw sums (they do three periods and
the choice of scenario); the pages ≤ 150 ms."""

from __future__ import annotations

import random

from django.db import connection, transaction

from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.performance.models import Submission

YEAR = 2023

# The same sums for an all-seeing reader: the current accepted year returns of the year, the
# year before and the plans, by indicator (what the source adds up, without choosing each
# enterprise's most final scenario).
RAW = """
    SELECT s.year, s.scenario, i.code, sum(v.value)
    FROM performance_value v
    JOIN performance_submission s ON s.id = v.submission_id
    JOIN performance_indicator i ON i.id = v.indicator_id
    WHERE s.year IN (%(year)s, %(year)s - 1) AND s.period_kind = 'year' AND s.is_current
      AND s.status IN ('accepted', 'locked') AND s.classification <= %(level)s
    GROUP BY s.year, s.scenario, i.code"""


def _seeded() -> None:
    """The performance demo in a bench database that predates it (idempotent)."""
    if Submission.objects.exists():
        return
    from cnqp.performance import demo

    ctx = DemoContext(rng=random.Random(18), scale="small",
                      units={u.code: u for u in OrgUnit.objects.all()},
                      users={u.username: u for u in User.objects.filter(
                          username__in=["admin", "khdt", "z111", "z113", "lanhdao"])})
    with transaction.atomic(), audit_context(AuditSource.COMMAND):
        demo.seed(ctx)


def cases(ctx: BenchContext) -> list[Case]:
    _seeded()
    user = ctx.admin
    period = ReportPeriod.annual(YEAR)
    params = {"year": YEAR, "level": user.clearance}

    def raw() -> object:
        with connection.cursor() as cursor:
            cursor.execute(RAW, params)
            return cursor.fetchall()

    submission = Submission.objects.filter(year=YEAR, period_kind="year",
                                           scenario="actual").order_by("pk").first()
    found = [
        Case(f"performance figures {YEAR}, directorate", lambda: metrics.read(
            "performance", user, period), raw, target="< 50 ms, ≤ 5x raw"),
        Case(f"investment figures {YEAR}, directorate", lambda: metrics.read(
            "performance.investment", user, period), target="< 50 ms"),
        Case("performance returns list (admin)",
             lambda: ctx.client.get("/performance/returns/"), repeat=10, target="< 150 ms"),
        Case("performance completeness page (admin)",
             lambda: ctx.client.get("/performance/completeness/"), repeat=10,
             target="< 150 ms"),
    ]
    if submission is not None:
        found.append(Case("a performance return's page (admin)", lambda: ctx.client.get(
            f"/performance/returns/{submission.pk}/"), repeat=10, target="< 150 ms"))
    return found
