"""Core's daily duties (`core.jobs.duties`): the digest of those who asked for one."""

from __future__ import annotations

import datetime as dt

from cnqp.core.digest import send_digests
from cnqp.core.jobs.duties import duty


@duty("core.daily_digest")
def daily_digest(today: dt.date) -> int:
    """Each opted-in user told, once a day, what waits for them and what they have not read."""
    return send_digests(today)
