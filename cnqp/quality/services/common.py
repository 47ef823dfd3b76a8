"""What the quality services share: the core's guards around a write (numbering, locking,
who may act for which unit), under the names quality's services import."""

from cnqp.core.records.guards import (
    check_acts_for,
    check_not_future,
    day,
    lock,
    next_code,
    only,
)

__all__ = ["check_acts_for", "check_not_future", "day", "lock", "next_code", "only"]
