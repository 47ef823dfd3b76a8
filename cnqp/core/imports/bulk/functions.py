"""The cell parsers of bulk imports, as SQL functions with the same name and meaning on both
databases, so one validation query serves SQLite and PostgreSQL:

    cnqp_date(text)            -> date, or NULL when the text is no valid date
    cnqp_timestamp(text, tz)   -> the moment (local time in `tz`), or NULL
    cnqp_decimal(text)         -> number, or NULL
    cnqp_fold(text)            -> lower case without diacritics, đ → d, spaces folded
    cnqp_key(text)             -> a code as stored: trimmed, NFC, upper case
    cnqp_text(text)            -> free text as stored: trimmed, NFC

PostgreSQL gets them from a migration (`SQL_FUNCTIONS`), written as single SQL expressions
the planner inlines (no exception blocks: a bad cell yields NULL, never an aborted query).
SQLite gets the Python twins below, registered per connection. A test feeds both the same
inputs and requires the same answers.

Accepted text: dates as yyyy-mm-dd or dd/mm/yyyy (also d/m/yyyy, with / . or -), years
1900-2199; times as hh:mm or hh:mm:ss after the date (a space or T between), midnight when
absent; numbers with a decimal comma (14,2) or point (14.2), dots or spaces grouping thousands
(1.234.567, 1.234,5 or 1 234,5: white space anywhere is dropped, as the register imports
drop it), a sign allowed.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from cnqp.core.text import WHITESPACE, WITHOUT_WHITESPACE, fold, nfc

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
_POINT = re.compile(r"^[+-]?\d*\.\d+$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$", re.ASCII)
_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$", re.ASCII)
_BLANK = " \t\r\n"  # what btrim(v, E' \t\r\n') trims on PostgreSQL


def _ymd(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2199:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    text = value.strip(_BLANK)
    if match := _ISO.match(text):
        return _ymd(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(text):
        return _ymd(int(match[3]), int(match[2]), int(match[1]))
    return None


def parse_local_datetime(value: str | None) -> dt.datetime | None:
    """The naive local date and time the text names."""
    if value is None:
        return None
    date_part, _sep, time_part = value.replace("T", " ").strip(_BLANK).partition(" ")
    day = parse_date(date_part)
    if day is None:
        return None
    time_part = time_part.strip(_BLANK)
    if not time_part:
        return dt.datetime.combine(day, dt.time())
    match = _TIME.match(time_part)
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute, second))


@lru_cache(maxsize=8)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def parse_timestamp(value: str | None, zone: str) -> dt.datetime | None:
    local = parse_local_datetime(value)
    return None if local is None else local.replace(tzinfo=_zone(zone))


def parse_decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    text = value.translate(WITHOUT_WHITESPACE)  # spaces may group digits: 1 234,5
    if _INTEGER.match(text) or (_POINT.match(text) and not _GROUPED.match(text)):
        candidate = text
    elif _GROUPED.match(text):
        candidate = text.replace(".", "")
    elif _COMMA.match(text):
        candidate = text.replace(".", "").replace(",", ".")
    else:
        return None
    try:
        return Decimal(candidate)
    except InvalidOperation:  # pragma: no cover - the patterns admit only numbers
        return None


def key(value: str | None) -> str | None:
    return None if value is None else nfc(value).strip(_BLANK).upper()


def text(value: str | None) -> str | None:
    return None if value is None else nfc(value).strip(_BLANK)


def fold_text(value: str | None) -> str | None:
    return None if value is None else fold(nfc(value))


# --- SQLite: the Python twins, registered per connection -------------------------------------


def _sqlite_timestamp(value: str | None, zone: str) -> str | None:
    """As Django stores an aware datetime in SQLite: naive UTC text."""
    moment = parse_timestamp(value, zone)
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_date(value: str | None) -> str | None:
    day = parse_date(value)
    return None if day is None else day.isoformat()


def _sqlite_decimal(value: str | None) -> Any:
    """A number SQLite compares as a number (its decimal columns hold REAL values anyway)."""
    number = parse_decimal(value)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def register_sqlite_functions(connection: Any) -> None:
    connection.create_function("cnqp_date", 1, _sqlite_date, deterministic=True)
    connection.create_function("cnqp_timestamp", 2, _sqlite_timestamp, deterministic=True)
    connection.create_function("cnqp_decimal", 1, _sqlite_decimal, deterministic=True)
    connection.create_function("cnqp_fold", 1, fold_text, deterministic=True)
    connection.create_function("cnqp_key", 1, key, deterministic=True)
    connection.create_function("cnqp_text", 1, text, deterministic=True)


# --- PostgreSQL: the same functions in SQL, created by a migration ---------------------------

_TRIM = "E' \\t\\r\\n'"  # the characters btrim removes, as Python's strip(_BLANK)
_WHITESPACE = "E'" + "".join(f"\\u{ord(c):04x}" for c in WHITESPACE) + "'"
_ACCENTED = ("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")
_PLAIN = ("aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")
assert len(_ACCENTED) == len(_PLAIN)

_YMD = (
    "SELECT CASE WHEN y BETWEEN 1900 AND 2199 AND m BETWEEN 1 AND 12 AND d >= 1 AND d <= "
    "CASE WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 "
    "THEN 29 ELSE 28 END WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END "
    "THEN make_date(y, m, d) END"
)
_DATE_GENERAL = (
    "SELECT CASE "
    "WHEN v ~ '^\\d{4}-\\d{1,2}-\\d{1,2}$' THEN cnqp_ymd(split_part(v, '-', 1)::int, "
    "split_part(v, '-', 2)::int, split_part(v, '-', 3)::int) "
    "WHEN v ~ '^\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}$' THEN cnqp_ymd("
    "split_part(translate(v, '.-', '//'), '/', 3)::int, "
    "split_part(translate(v, '.-', '//'), '/', 2)::int, "
    "split_part(translate(v, '.-', '//'), '/', 1)::int) END"
)
_TIMESTAMP_GENERAL = """
DECLARE
  w text := btrim(replace(v, 'T', ' '), E' \\t\\r\\n');
  d date := cnqp_date(split_part(w, ' ', 1));
  t text;
  m text[];
BEGIN
  IF d IS NULL THEN RETURN NULL; END IF;
  t := btrim(substr(w, length(split_part(w, ' ', 1)) + 1), E' \\t\\r\\n');
  IF t = '' THEN RETURN d::timestamp AT TIME ZONE tz; END IF;
  m := regexp_match(t, '^(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$');
  IF m IS NULL OR m[1]::int > 23 OR m[2]::int > 59 OR coalesce(m[3], '0')::int > 59 THEN
    RETURN NULL;
  END IF;
  RETURN (d + make_time(m[1]::int, m[2]::int, coalesce(m[3], '0')::int)) AT TIME ZONE tz;
END"""
_DECIMAL = (
    "SELECT CASE "
    "WHEN v ~ '^[+-]?\\d+$' THEN v::numeric "
    "WHEN v ~ '^[+-]?\\d{1,3}(\\.\\d{3})+$' THEN replace(v, '.', '')::numeric "
    "WHEN v ~ '^[+-]?\\d*\\.\\d+$' THEN v::numeric "
    "WHEN v ~ '^[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+),\\d+$' "
    "THEN replace(replace(v, '.', ''), ',', '.')::numeric END"
)

SQL_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION cnqp_ymd(y int, m int, d int) RETURNS date "
    f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $${_YMD}$$",
    "CREATE OR REPLACE FUNCTION cnqp_date_text(v text) RETURNS date "
    f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $${_DATE_GENERAL}$$",
    "CREATE OR REPLACE FUNCTION cnqp_date(v text) RETURNS date LANGUAGE sql IMMUTABLE "
    f"PARALLEL SAFE AS $$SELECT cnqp_date_text(btrim(v, {_TRIM}))$$",
    "CREATE OR REPLACE FUNCTION cnqp_timestamp(v text, tz text) RETURNS timestamptz "
    f"LANGUAGE plpgsql STABLE PARALLEL SAFE AS $${_TIMESTAMP_GENERAL}$$",
    "CREATE OR REPLACE FUNCTION cnqp_decimal_text(v text) RETURNS numeric "
    f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $${_DECIMAL}$$",
    "CREATE OR REPLACE FUNCTION cnqp_decimal(v text) RETURNS numeric "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    f"$$SELECT cnqp_decimal_text(translate(v, {_WHITESPACE}, ''))$$",
    "CREATE OR REPLACE FUNCTION cnqp_fold(v text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT btrim(regexp_replace(translate("
    f"lower(normalize(v, NFC)), '{_ACCENTED}', '{_PLAIN}'), '\\s+', ' ', 'g'))$$",
    # ASCII text (byte length = character length) is already NFC and upper-cased cheaply in
    # the "C" collation; only other text pays for normalize() and the locale's upper().
    "CREATE OR REPLACE FUNCTION cnqp_text(v text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT CASE WHEN octet_length(v) = "
    f"char_length(v) OR v IS NFC NORMALIZED THEN btrim(v, {_TRIM}) "
    f"ELSE btrim(normalize(v, NFC), {_TRIM}) END$$",
    "CREATE OR REPLACE FUNCTION cnqp_key(v text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT CASE WHEN octet_length(v) = "
    f"char_length(v) THEN upper(btrim(v, {_TRIM}) COLLATE \"C\") "
    f"ELSE upper(btrim(normalize(v, NFC), {_TRIM})) END$$",
]
DROP_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS cnqp_text(text)",
    "DROP FUNCTION IF EXISTS cnqp_key(text)",
    "DROP FUNCTION IF EXISTS cnqp_fold(text)",
    "DROP FUNCTION IF EXISTS cnqp_decimal(text)",
    "DROP FUNCTION IF EXISTS cnqp_decimal_text(text)",
    "DROP FUNCTION IF EXISTS cnqp_timestamp(text, text)",
    "DROP FUNCTION IF EXISTS cnqp_date(text)",
    "DROP FUNCTION IF EXISTS cnqp_date_text(text)",
    "DROP FUNCTION IF EXISTS cnqp_ymd(int, int, int)",
]
