"""From entered values to every indicator: a total is the sum of its parts, a ratio the
quotient of its summed numerator and denominator (÷ the months of the period when it is per
month). The one place the return's arithmetic lives: a single return's checks and the
directorate's figures both call `derive` on values already summed, so an average is never
averaged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cnqp.performance.choices import IndicatorKind
from cnqp.performance.models import Indicator


@dataclass(frozen=True)
class Line:
    """An indicator as the arithmetic needs it."""

    code: str
    kind: str
    parts: tuple[str, ...] = ()
    numerator: str = ""
    denominator: str = ""
    per_month: bool = False
    decimals: int = 0


def lines() -> list[Line]:
    """Every indicator, in the return's order (one query)."""
    indicators = list(Indicator.objects.select_related("part_of", "numerator", "denominator"))
    parts: dict[int, list[str]] = {}
    for indicator in indicators:
        if indicator.part_of_id:
            parts.setdefault(indicator.part_of_id, []).append(indicator.code)
    return [Line(i.code, i.kind, tuple(parts.get(i.pk, ())),
                 i.numerator.code if i.numerator else "",
                 i.denominator.code if i.denominator else "", i.per_month, i.decimals)
            for i in indicators]


def entered_codes(all_lines: list[Line]) -> list[str]:
    return [line.code for line in all_lines if line.kind == IndicatorKind.ENTERED]


def derive(values: Mapping[str, Decimal | None], months: int,
           all_lines: list[Line]) -> dict[str, Decimal | None]:
    """Every indicator's value from the entered ones (summed already when several returns are
    added up). A total lacking a part, or a ratio lacking a part or dividing by zero, is None:
    never guessed."""
    result: dict[str, Decimal | None] = dict(values)
    for line in all_lines:
        if line.kind == IndicatorKind.TOTAL:
            found = [result.get(code) for code in line.parts]
            result[line.code] = (sum((v for v in found if v is not None), Decimal(0))
                                 if found and None not in found else None)
    for line in all_lines:
        if line.kind == IndicatorKind.RATIO:
            top, bottom = result.get(line.numerator), result.get(line.denominator)
            if top is None or not bottom:
                result[line.code] = None
                continue
            ratio = Decimal(top) / Decimal(bottom)
            result[line.code] = ratio / months if line.per_month else ratio
    return result


def combine(returns: Iterable[Mapping[str, Decimal]], months: int,
            all_lines: list[Line]) -> dict[str, Decimal | None]:
    """Several returns' entered values added up, every indicator derived from what each return
    gives: a figure (entered or a total) is the sum over the returns that have it, a ratio is
    its numerator summed over the returns that give both parts, over their denominator summed
    alike. A return lacking a part (a workforce-only return moved from the safety module) then
    neither lowers an average nor counts as a zero."""
    each = [derive(values, months, all_lines) for values in returns]
    result: dict[str, Decimal | None] = {}
    for line in all_lines:
        if line.kind == IndicatorKind.RATIO:
            top, bottom, found = Decimal(0), Decimal(0), False
            for one in each:
                part, whole = one.get(line.numerator), one.get(line.denominator)
                if part is not None and whole is not None:
                    top, bottom, found = top + part, bottom + whole, True
            ratio = top / bottom if found and bottom else None
            result[line.code] = (ratio / months if ratio is not None and line.per_month
                                 else ratio)
        else:
            values = [value for one in each if (value := one.get(line.code)) is not None]
            result[line.code] = sum(values, Decimal(0)) if values else None
    return result
