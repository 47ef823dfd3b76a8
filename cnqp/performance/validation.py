"""The checks a return passes before it is submitted, each error on the indicator it concerns:

- every entered indicator has a value (0 when there is none), never negative unless the
  indicator may be (a loss);
- the consistency rules of `RULES` (profit after tax ≤ profit before tax ≤ revenue, a
  headcount above zero, women within the headcount);
- a change beyond ±`CHANGE_BAND` against the same period of the previous year (the most final
  return accepted for it) needs an explanation on that value.

Declared once here; a test holds every rule to the shipped indicators (they are data, so
the check cannot run at start-up, before the database)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.text import format_number
from cnqp.performance.choices import COUNTED, OUTTURNS, PLANS
from cnqp.performance.compute import Line, derive, entered_codes
from cnqp.performance.models import Indicator, Submission, Value

CHANGE_BAND = Decimal("0.5")  # ±50 % against the same period of the previous year


@dataclass(frozen=True)
class Rule:
    field: str  # the indicator the error is shown on
    left: str
    op: str
    right: str | Decimal  # an indicator's code, or a number
    message: Promise


OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}

RULES = (
    Rule("profit_after_tax", "profit_after_tax", "<=", "profit_before_tax",
         gettext_lazy("Profit after tax cannot exceed profit before tax.")),
    Rule("profit_before_tax", "profit_before_tax", "<=", "revenue",
         gettext_lazy("Profit before tax cannot exceed the total revenue.")),
    Rule("headcount", "headcount", ">", Decimal(0),
         gettext_lazy("The average headcount must be above zero.")),
    Rule("women", "women", "<=", "headcount",
         gettext_lazy("The women cannot outnumber the whole headcount.")),
)


def rule_codes() -> set[str]:
    return {code for rule in RULES for code in (rule.field, rule.left, rule.right)
            if isinstance(code, str)}


def errors_of(submission: Submission, all_lines: list[Line],
              user: User | None = None) -> dict[str, str]:
    """What stops `submission` from being submitted, by indicator code (empty: nothing); the
    year before as `user` may see it."""
    stored = {v.indicator.code: v for v in
              Value.objects.filter(submission=submission).select_related("indicator")}
    entered = entered_codes(all_lines)
    negatives = set(Indicator.objects.filter(may_be_negative=True)
                    .values_list("code", flat=True))
    errors: dict[str, str] = {}
    for code in entered:
        value = stored.get(code)
        if value is None:
            errors[code] = _("Enter a value (0 when there is none).")
        elif value.value < 0 and code not in negatives:
            errors[code] = _("The value cannot be negative.")
    if errors:
        return errors
    values = {code: stored[code].value for code in entered}
    derived = derive(values, submission.period.months, all_lines)
    for rule in RULES:
        left = derived.get(rule.left)
        right = rule.right if isinstance(rule.right, Decimal) else derived.get(rule.right)
        if left is not None and right is not None and not OPERATORS[rule.op](left, right):
            errors.setdefault(rule.field, str(rule.message))
    for code, before in previous_values(submission, user).items():
        now = values.get(code)
        if now is None or not before or code in errors or stored[code].explanation.strip():
            continue
        change = (now - before) / abs(before)
        if abs(change) > CHANGE_BAND:
            errors[code] = _("It changes by %(change)s%% against the same period of the "
                             "previous year (%(before)s): explain why.") % {
                "change": ("+" if change > 0 else "") + format_number(change * 100, 1),
                "before": format_number(before)}
    return errors


def previous_values(submission: Submission, user: User | None) -> Mapping[str, Decimal]:
    """The values of the same period a year before that a change is measured against: the
    same scenario when it was accepted, else the most final outturn (a plan against last
    year's plan, else what last year achieved). Only indicators that check their change."""
    before = submission.period.year_before()
    order = ((submission.scenario, *OUTTURNS) if submission.scenario not in PLANS
             else (*PLANS, *OUTTURNS))
    candidates = (Submission.objects.all() if user is None
                  else scope_queryset(Submission.objects.all(), user))
    found = {row.scenario: row.pk for row in candidates.filter(
        unit_id=submission.unit_id, year=before.year, period_kind=before.kind,
        period_number=before.number, is_current=True, status__in=COUNTED)}
    pk = next((found[s] for s in order if s in found), None)
    if pk is None:
        return {}
    return dict(Value.objects.filter(submission_id=pk, indicator__checks_change=True)
                .values_list("indicator__code", "value"))
