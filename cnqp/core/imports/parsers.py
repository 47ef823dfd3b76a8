"""Parsers: one non-empty cell in, one value out, or a CellError saying what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from cnqp.core.text import WITHOUT_WHITESPACE, clean_text, fold, format_date, nfc

if TYPE_CHECKING:
    from cnqp.core.models import User


class CellError(Exception):
    """Raised by a parser: the message says what is wrong with the cell."""


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return format_date(value.date())
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    return str(value)


class Parser:
    """Turns one non-empty cell into a value or raises CellError. Text cells arrive NFC and
    trimmed; numbers, dates and booleans as openpyxl reads them."""

    empty: Any = None  # the value of an empty cell in an optional column

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return ""


class Text(Parser):
    empty = ""

    def __init__(self, max_length: int | None = None, *, upper: bool = False,
                 multiline: bool = False) -> None:
        self.max_length, self.upper, self.multiline = max_length, upper, multiline

    def parse(self, value: Any) -> str:
        text = cell_text(value)
        multiline = nfc(text.replace("\r\n", "\n")).strip()
        text = multiline if self.multiline else clean_text(text)
        if self.upper:
            text = text.upper()
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(_("At most %(max)d characters (this cell has %(n)d).")
                            % {"max": self.max_length, "n": len(text)})
        return text

    def describe(self) -> str:
        return _("Free text")


_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # 1.234.567, the Vietnamese way


def _number_text(value: Any) -> str:
    """The cell without white space: digits grouped by spaces ("1 234,5") read as one number,
    as the bulk imports read them (`cnqp_decimal`)."""
    return cell_text(value).translate(WITHOUT_WHITESPACE)


class Integer(Parser):
    def __init__(self, min_value: int | None = None, max_value: int | None = None) -> None:
        self.min_value, self.max_value = min_value, max_value

    def parse(self, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = _number_text(value)
            if _GROUPED.match(text):
                text = text.replace(".", "")
            if not re.fullmatch(r"[+-]?\d+", text):
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
            number = int(text)
        if self.min_value is not None and number < self.min_value:
            raise CellError(_("At least %(min)d.") % {"min": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise CellError(_("At most %(max)d.") % {"max": self.max_value})
        return number

    def describe(self) -> str:
        return _("Whole number")


class DecimalNumber(Parser):
    """Numbers as Excel stores them, or text written the Vietnamese way ("1.234,5"); a lone
    dot not followed by three digits is read as a decimal point ("14.2")."""

    def __init__(self, max_digits: int | None = None, decimal_places: int | None = None,
                 min_value: Decimal | None = None) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value = min_value

    def parse(self, value: Any) -> Decimal:
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(value)
        else:
            text = _number_text(value)
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _GROUPED.match(text):
                text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise CellError(_("“%(value)s” is not a number.") % {"value": cell_text(value)})
        exponent = int(number.as_tuple().exponent)
        if self.decimal_places is not None and -exponent > self.decimal_places:
            raise CellError(_("At most %(n)d decimal places.") % {"n": self.decimal_places})
        if self.max_digits is not None:
            parts = number.as_tuple()
            whole = max(len(parts.digits) + int(parts.exponent), 0)
            allowed = self.max_digits - (self.decimal_places or 0)
            if whole > allowed:
                raise CellError(_("At most %(n)d digits before the decimal comma.")
                                % {"n": allowed})
        if self.min_value is not None and number < self.min_value:
            raise CellError(_("At least %(min)s.") % {"min": self.min_value})
        return number

    def describe(self) -> str:
        return _("Number, with a decimal comma: 14,2")


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_EXCEL_SERIALS = (10958, 73051)  # 1930-01-01 .. 2099-12-31: a number elsewhere is no date


class Date(Parser):
    def parse(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]:
                serial = from_excel(value)
                return serial.date() if isinstance(serial, dt.datetime) else serial
            raise CellError(_("%(value)s is not a date.") % {"value": cell_text(value)})
        text = cell_text(value)
        try:
            match = _DMY.match(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
            if re.match(r"^\d{4}-\d{2}-\d{2}", text):
                return dt.datetime.fromisoformat(text).date()
        except ValueError:
            raise CellError(_("%(value)s is not a valid date.") % {"value": text}) from None
        raise CellError(_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": text})

    def describe(self) -> str:
        return _("Date: dd/mm/yyyy, yyyy-mm-dd or an Excel date")


class Boolean(Parser):
    TRUE = frozenset({"co", "x", "yes", "true", "1", "dung"})
    FALSE = frozenset({"khong", "no", "false", "0", "sai"})

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        key = fold(cell_text(value))
        if key in self.TRUE:
            return True
        if key in self.FALSE:
            return False
        raise CellError(_("Write Có or Không."))

    def describe(self) -> str:
        return _("Có or Không")


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Choice(Parser):
    """A value of `choices` (a Django Choices class or (value, label) pairs), written as its
    label in any language of the interface or as the stored value; accents and case do not
    matter."""

    def __init__(self, choices: Any, aliases: Mapping[str, Any] | None = None) -> None:
        self.choices = choices
        self.aliases = dict(aliases or {})
        self._lookup: dict[str, Any] | None = None

    def _pairs(self) -> list[tuple[Any, Any]]:
        choices = getattr(self.choices, "choices", self.choices)
        return list(choices)

    def lookup(self) -> dict[str, Any]:
        if self._lookup is None:
            table: dict[str, Any] = {}
            for value, label in self._pairs():
                table.setdefault(fold(str(value)), value)
                for code in _language_codes():
                    with translation.override(code):
                        table.setdefault(fold(str(label)), value)
            for alias, value in self.aliases.items():
                table.setdefault(fold(alias), value)
            self._lookup = table
        return self._lookup

    def labels(self) -> list[str]:
        return [str(label) for _value, label in self._pairs()]

    def parse(self, value: Any) -> Any:
        found = self.lookup().get(fold(cell_text(value)), None)
        if found is None:
            raise CellError(_("“%(value)s” is not one of: %(allowed)s.")
                            % {"value": cell_text(value), "allowed": ", ".join(self.labels())})
        return found

    def describe(self) -> str:
        values = ", ".join(str(value) for value, _label in self._pairs())
        return _("One of: %(labels)s (or %(values)s)") % {"labels": ", ".join(self.labels()),
                                                         "values": values}


class Reference(Parser):
    """A record referred to by its code (or `field`); with `many`, several codes separated by
    commas, semicolons or line breaks. Parsing keeps the codes; the importer then looks all of
    them up in one query per model, among the records the actor may see (`scoped`), so a code
    out of the actor's scope reads as unknown. `check` may refuse a found record with a
    message."""

    def __init__(self, model: type[models.Model], field: str = "code", *, many: bool = False,
                 upper: bool = True, scoped: bool = True,
                 check: Callable[[Any], str | None] | None = None) -> None:
        self.model, self.field, self.many = model, field, many
        self.upper, self.scoped, self.check = upper, scoped, check
        self.empty = [] if many else None

    @property
    def group_key(self) -> tuple[str, str, bool]:
        return self.model._meta.label_lower, self.field, self.scoped

    def parse(self, value: Any) -> tuple[str, ...]:
        text = cell_text(value)
        parts = re.split(r"[,;\n]", text) if self.many else [text]
        codes = [clean_text(p) for p in parts]
        codes = [c.upper() if self.upper else c for c in codes if c]
        if not codes:
            raise CellError(_("No code given."))
        return tuple(dict.fromkeys(codes))  # in order, once each

    def queryset(self, actor: User) -> models.QuerySet[Any]:
        from cnqp.core.access.scoping import scope_queryset

        queryset = self.model._default_manager.all()
        return scope_queryset(queryset, actor) if self.scoped else queryset

    def describe(self) -> str:
        name = capfirst(str(self.model._meta.verbose_name))
        if self.many:
            return _("%(model)s codes, separated by commas") % {"model": name}
        return _("%(model)s code") % {"model": name}
