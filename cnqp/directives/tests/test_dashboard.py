"""The directives' targets on the home page: beside the figure they bind, with the verdict
of the year so far; a multi-year "at least" target is not a target for one year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cnqp.directives.choices import TargetKind
from cnqp.directives.dashboard import targets
from cnqp.directives.factories import DirectiveItemFactory, IndicatorFactory


def test_targets_of_directives_in_force_bind_their_figures(fake, org, make_user):
    reader = make_user(["leadership"], org.root)
    item = DirectiveItemFactory(directive__owner_unit=org.root, directive__number="195-NQ/ĐU")
    IndicatorFactory(item=item, metric_key="fake.incidents", target_kind=TargetKind.ZERO,
                     target_value=Decimal(0), period_start=dt.date(2016, 7, 8),
                     period_end=dt.date(2025, 12, 31))
    IndicatorFactory(item=item, metric_key="fake.done", target_kind=TargetKind.AT_LEAST,
                     target_value=Decimal(150), period_start=dt.date(2021, 1, 1),
                     period_end=dt.date(2025, 12, 31))
    fake.incidents[(dt.date(2023, 1, 1), dt.date(2023, 12, 31))] = 1
    found = targets(reader, 2023)
    assert set(found) == {"fake.incidents"}  # 150 over five years is no target for 2023
    assert (found["fake.incidents"].value, found["fake.incidents"].label) == (0, "195-NQ/ĐU")
    assert found["fake.incidents"].tone == "danger"
    assert found["fake.incidents"].url.endswith(f"/directives/directives/{item.directive_id}/")
    assert targets(reader, 2015) == {}  # before the resolution
