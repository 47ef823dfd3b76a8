"""Quality's daily duties (`core.jobs.duties`): the responsible units told of their corrective
actions falling due."""

from __future__ import annotations

import datetime as dt

from cnqp.core.jobs.duties import duty
from cnqp.quality.services.notices import remind_due


@duty("quality.remind_due")
def remind(today: dt.date) -> int:
    """Each responsible unit told, once per action and due date, a week before it and once
    overdue, of the actions of non-conformances not closed."""
    return remind_due(today)
