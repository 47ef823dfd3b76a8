"""The moment of a step dated afterwards (core.dates.moment), which every app's dated steps
use: now for today, noon of a past day, refused in the future or before the step it
follows, naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.dates import moment


def test_no_date_or_today_is_now() -> None:
    before = timezone.now()
    assert before <= moment(None, field="on_date") <= timezone.now()
    assert before <= moment(timezone.localdate(), field="on_date") <= timezone.now()


def test_a_past_day_is_its_noon_and_never_before_what_it_follows_that_day() -> None:
    day = dt.date(2019, 3, 1)
    assert timezone.localtime(moment(day, field="on_date")).time() == dt.time(12)
    evening = timezone.make_aware(dt.datetime(2019, 3, 1, 17, 30))
    assert moment(day, field="on_date", after=evening) == evening
    assert moment(dt.date(2019, 3, 2), field="on_date", after=evening) > evening


@pytest.mark.parametrize("when", ["future", "before"])
def test_refused_in_the_future_and_before_the_step_it_follows(when: str) -> None:
    day = (timezone.localdate() + dt.timedelta(days=1) if when == "future"
           else dt.date(2019, 2, 28))
    with pytest.raises(ValidationError) as raised:
        moment(day, field="approved_at", after=dt.date(2019, 3, 1), after_message="x")
    assert list(raised.value.message_dict) == ["approved_at"]
    assert (raised.value.message_dict["approved_at"] == ["x"]) is (when == "before")
