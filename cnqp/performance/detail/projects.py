"""What a project's page shows beyond its fields: its flags judged today, its decisions as a
timeline (each with its funding by source and what it changed against the one before), its
milestones planned against actual with the days late, its quarters of disbursement by year
with the year's totals and rate, and the links to add a milestone or a quarter for who acts for
the investor. Everything read through the scoped querysets; a constant number of queries
whatever the number of decisions, milestones and quarters."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cnqp.core.models import User
from cnqp.performance import project_selectors as selectors
from cnqp.performance.models import Project
from cnqp.performance.resources import projects as resources


@resources.projects.detail
def project_context(user: User, project: Project) -> dict[str, Any]:
    today = timezone.localdate()
    writes = resources.projects.writable_by is not None and resources.projects.writable_by(
        user, project)
    versions = resources.versions.queryset(user).filter(project=project)
    milestones = selectors.milestone_rows(
        resources.milestones.queryset(user).filter(project=project), today)
    years = selectors.disbursement_years(
        resources.disbursements.queryset(user).filter(project=project))
    return {
        "today": today,
        "slow_share": selectors.SLOW_DISBURSEMENT_SHARE * 100,
        "versions": list(reversed(selectors.version_rows(versions))),
        "milestones": milestones,
        "late_milestones": sum(1 for row in milestones if row.late),
        "years": years,
        "cumulative_rate": selectors.rate(
            getattr(project, "disbursed_total", None), project.total_investment),
        "may_add_milestone": writes and resources.milestones.may(user, "create"),
        "may_add_quarter": writes and resources.disbursements.may(user, "create"),
        "may_change_milestone": writes and resources.milestones.may(user, "update"),
    }
