"""Safety's daily duties (`core.jobs.duties`): reminders of what falls due."""

from __future__ import annotations

import datetime as dt

from cnqp.core.jobs.duties import duty
from cnqp.safety.services.due import remind_due


@duty("safety.remind_due")
def remind(today: dt.date) -> int:
    """Each owning unit told, once per record and due date, of what falls due in 30 days."""
    return remind_due(today)
