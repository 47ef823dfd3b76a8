"""The pass/fail rule of an inspection, as a pure function: the service stores its answer,
and the entry form calls it (through a small endpoint) while values are typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol


class Limits(Protocol):
    """A characteristic's id and limits (a model instance, or anything shaped like one)."""

    @property
    def pk(self) -> Any: ...

    @property
    def lower_limit(self) -> Any: ...

    @property
    def upper_limit(self) -> Any: ...


@dataclass(frozen=True)
class Check:
    characteristic_id: int
    value: Decimal | None
    within_limits: bool

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Evaluation:
    passed: bool
    checks: list[Check]

    @property
    def missing(self) -> list[int]:
        return [c.characteristic_id for c in self.checks if c.missing]

    @property
    def out_of_limits(self) -> list[int]:
        return [c.characteristic_id for c in self.checks
                if not c.missing and not c.within_limits]


def within(value: Decimal | None, lower: Decimal | None, upper: Decimal | None) -> bool:
    """Inside closed limits; an absent limit does not bound; an absent value is never inside."""
    if value is None:
        return False
    return (lower is None or value >= lower) and (upper is None or value <= upper)


def parse_value(text: object) -> Decimal | None:
    """A typed value: "12,5" (Vietnamese decimal comma) or "12.5"; blank or junk is missing."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    cleaned = str(text).strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def evaluate(characteristics: Iterable[Limits],
             values: Mapping[int, Decimal | None]) -> Evaluation:
    """Passed when every characteristic of the template has a value within its limits.
    A template without characteristics never passes: nothing was checked."""
    checks = []
    for characteristic in characteristics:
        assert characteristic.pk is not None
        value = values.get(characteristic.pk)
        checks.append(Check(characteristic.pk, value,
                            within(value, characteristic.lower_limit,
                                   characteristic.upper_limit)))
    return Evaluation(bool(checks) and all(c.within_limits for c in checks), checks)
