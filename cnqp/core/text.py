"""Vietnamese text: normalisation, accent-insensitive folding, collation, number and date format.

Used everywhere input is stored, searched, sorted or printed, so that the UI, the API and the
reports agree.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# (base letter, modifier mark) -> the Vietnamese letter it makes.
_LETTERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Vietnamese alphabet order; letters outside it sort after, by code point.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


# Every character Python counts as white space (str.isspace, the \\s of its patterns): typed,
# pasted or exported between the digits of a number ("1 234,5"; Excel's no-break space).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
WITHOUT_WHITESPACE = dict.fromkeys(map(ord, WHITESPACE))  # for str.translate


def nfc(value: str) -> str:
    """Input may arrive decomposed (NFD, from some keyboards and Office); store it composed."""
    return unicodedata.normalize("NFC", value)


def clean_text(value: str) -> str:
    """NFC, trimmed, with runs of white space folded to one space."""
    return " ".join(nfc(value).split())


def fold(value: str) -> str:
    """Lower case without diacritics, đ folded to d: "Nghiệm thu QĐ" -> "nghiem thu qd"."""
    decomposed = unicodedata.normalize("NFD", value.lower())
    if decomposed.isascii():  # no marks to strip (most numbers and codes): 4x faster
        return " ".join(decomposed.split())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def search_terms(query: str) -> list[str]:
    return [term for term in fold(query).split(" ") if term]


def _letter_and_tone(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    letter, tone = base, 0
    for mark in marks:
        letter = _LETTERS.get((base, mark), letter)
        tone = _TONE_MARKS.get(mark, tone)
    return letter, tone


def _rank(letter: str) -> int:
    """Alphabet letters in Vietnamese order; white space, punctuation and digits before every
    letter, as PostgreSQL's ICU collation has them ("An Bình" < "Anh", "Z111" < "Za"); other
    letters after the alphabet. Both by code point."""
    if letter in _RANK:
        return _RANK[letter]
    if not letter.isalpha():
        return ord(letter) - 0x110000  # negative: before the alphabet
    return len(_ALPHABET) + ord(letter)


def vi_sort_key(
    value: str,
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese dictionary order: letters first (ă after a, đ after d, ...),
    then tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case (lower first, as ICU), then the
    text itself so that the order is total."""
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for ch in nfc(value):
        lower = ch.lower()
        for part in lower:
            base, tone = _letter_and_tone(part)
            letters.append(_rank(base))
            tones.append(tone)
            cases.append(int(ch != lower))
    return tuple(letters), tuple(tones), tuple(cases), value


# SQLite calls the collation for every comparison of a sort (n log n calls for n rows);
# memoising the key makes sorting 20.000 names about ten times faster.
_cached_sort_key = lru_cache(maxsize=65536)(vi_sort_key)


def sqlite_vi_collation(left: str, right: str) -> int:
    a, b = _cached_sort_key(left), _cached_sort_key(right)
    return (a > b) - (a < b)


# --- numbers and dates, printed the Vietnamese way --------------------------------------------


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; format_number(14.2, 1) -> "14,2"."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_decimal(value: int | float | Decimal | None) -> str:
    """A stored decimal with the places it has, not the column's: Decimal("12.500000") ->
    "12,5", Decimal("7.625") -> "7,625", Decimal("100.00") -> "100"."""
    if value is None:
        return ""
    exact = Decimal(str(value)).normalize()
    exponent = exact.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(exact, places)


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def long_date(value: dt.date, place: str = "Hà Nội") -> str:
    """The place and date line of an administrative document (Decree 30/2020): day below 10 and
    months 1 and 2 take a leading zero, other months do not."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"
