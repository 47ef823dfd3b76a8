"""The project page: its timeline, and the steps the user may take now, each with its form."""

from __future__ import annotations

from typing import Any

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.research import services
from cnqp.research.choices import Step
from cnqp.research.models import ResearchProject
from cnqp.research.resources import ACTION_OF_STEP, PROJECT_ACTIONS, projects


@projects.detail
def project_context(user: User, project: ResearchProject) -> dict[str, Any]:
    """The timeline and the steps the user may take now, each with its form."""
    events = scope_queryset(project.events.all(), user).select_related(
        "recorded_by", "producing_unit", "product_type").order_by("on_date", "id")
    by_name = {a.name: a for a in PROJECT_ACTIONS}
    steps = []
    for step in services.allowed_steps(project):
        action = by_name[ACTION_OF_STEP.get(step, step)]
        if user.has_perm(action.permission):
            assert action.form is not None
            steps.append({"action": action, "label": Step(step).label,
                          "form": action.form(auto_id=f"id_{action.name}_%s")})
    return {"events": events, "steps": steps}
