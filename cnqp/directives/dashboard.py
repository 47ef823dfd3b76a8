"""The directives' slot on the home page (core.figures.dashboard's `targets`): the targets of
the directives in force, beside the figures they bind, with their verdict for the year so far.

A target applies to a year's figure when it reads per year: a zero-target or a ceiling
("no especially serious incident") binds every year of its period; a "at least" target only
when its period is that one year (150 projects over five years is not a target for one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Target
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import User
from cnqp.directives import selectors
from cnqp.directives.choices import TONES, Assessment, DirectiveStatus, TargetKind

YEARLY = (TargetKind.ZERO, TargetKind.AT_MOST)


def targets(user: User, year: int) -> dict[str, Target]:
    if not user.has_perm("directives.view_indicator"):
        return {}
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    candidates = (selectors.visible_indicators(user)
                  .filter(item__directive__status=DirectiveStatus.IN_FORCE,
                          period_start__lte=last, period_end__gte=first,
                          unit__isnull=True)
                  .exclude(metric_key="")
                  .order_by("item__directive__issued_on", "position", "pk"))
    chosen = [i for i in candidates
              if i.target_kind in YEARLY
              or (i.target_kind in (TargetKind.AT_LEAST,)
                  and (i.period_start, i.period_end) == (first, last))]
    if not chosen:
        return {}
    today = timezone.localdate()
    measured = metrics.measure({i.metric_key for i in chosen}, user,
                               ReportPeriod.annual(year))
    days = (last - first).days + 1  # 366 in a leap year
    elapsed = Decimal(max(0, min(days, (today - first).days + 1))) / days
    found: dict[str, Target] = {}
    for i in chosen:
        if i.metric_key in found:
            continue  # the first directive that sets it speaks for it
        value = selectors.as_decimal(measured[i.metric_key].value)
        verdict = selectors.judge(i.target_kind, value, i.target_value, None,
                                  min(elapsed, Decimal(1)), over=today > last)
        found[i.metric_key] = Target(
            value=float(i.target_value or 0), label=i.item.directive.number,
            url=reverse("directives:directives-detail", args=[i.item.directive_id]),
            status=str(Assessment(verdict).label), tone=TONES[verdict])
    return found
