"""The directives' daily duties (`core.jobs.duties`): the lead units told of their tasks'
deadlines."""

from __future__ import annotations

import datetime as dt

from cnqp.core.jobs.duties import duty
from cnqp.directives.services import remind_tasks_due


@duty("directives.remind_tasks_due")
def remind(today: dt.date) -> int:
    """Each lead unit told, once per task and deadline, a week before it and once overdue."""
    return remind_tasks_due(today)
