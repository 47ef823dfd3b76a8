"""What a return's page shows beyond its fields: its values with the totals and ratios computed
from them and the same period of the year before, each value's explanation, the steps it went
through (submitted, reviewed, locked) and whether it came on time, the versions of the return,
and for an amendment what it changes against the version it amends. A fixed number of
queries, as the reader may see it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from cnqp.core.models import User
from cnqp.performance import selectors
from cnqp.performance.choices import COUNTED, EDITABLE
from cnqp.performance.models import Submission
from cnqp.performance.resources.returns import returns


def may_enter(user: User, submission: Submission) -> bool:
    """Whether the entry page is offered: a draft or returned return, to who fills it."""
    return (submission.status in EDITABLE and returns.may(user, "update")
            and returns.writable_by is not None and returns.writable_by(user, submission))


@returns.detail
def return_context(user: User, submission: Submission) -> dict[str, Any]:
    today = timezone.localdate()
    rows = selectors.return_rows(submission, user=user)
    changes = selectors.diff(user, submission) if submission.amends_id else None
    return {
        "rows": rows,
        "has_previous": any(row.previous is not None for row in rows),
        "timeliness": selectors.timeliness(submission, today),
        "accepted": submission.status in COUNTED,
        "versions": list(selectors.versions(user, submission)),
        "amended": selectors.amended(user, submission),
        "changes": changes,
        "can_enter": may_enter(user, submission),
        "values_url": reverse("performance:returns-values", args=[submission.pk]),
    }
