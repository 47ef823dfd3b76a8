"""The bulk import cell parsers answer the same on SQLite (Python twins) and PostgreSQL (SQL
functions), and the optimistic casts agree with the exact parsers wherever they apply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnqp.core.imports.bulk.functions import parse_date, parse_decimal, parse_local_datetime
from cnqp.core.text import WHITESPACE

ZONE = "Asia/Ho_Chi_Minh"
POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the SQL functions and casts of PostgreSQL")


def sql(expression: str, *params: Any) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression}", params)
        return cursor.fetchone()[0]


def as_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def as_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def as_local(value: Any) -> dt.datetime | None:
    """The SQL answer as a naive local time (PostgreSQL: aware; SQLite: naive UTC text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-05", dt.date(2024, 1, 5)), ("05/01/2024", dt.date(2024, 1, 5)),
    ("5/1/2024", dt.date(2024, 1, 5)), (" 5.1.2024 ", dt.date(2024, 1, 5)),
    ("29/02/2024", dt.date(2024, 2, 29)), ("29/02/2023", None), ("31/04/2024", None),
    ("2024-13-01", None), ("1899-12-31", None), ("2200-01-01", None), ("hôm nay", None),
    ("", None), ("2024/01/05", None),
])
def test_dates(db: Any, text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected
    assert as_date(sql("cnqp_date(%s)", text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-05 07:30", dt.datetime(2024, 1, 5, 7, 30)),
    ("2024-01-05T07:30:15", dt.datetime(2024, 1, 5, 7, 30, 15)),
    ("05/01/2024 7:30", dt.datetime(2024, 1, 5, 7, 30)),
    ("05/01/2024", dt.datetime(2024, 1, 5)), ("2024-01-05 24:00", None),
    ("2024-01-05 07:60", None), ("2024-01-05 07", None), ("30/02/2024 07:00", None),
])
def test_moments(db: Any, text: str, expected: dt.datetime | None) -> None:
    assert parse_local_datetime(text) == expected
    assert as_local(sql("cnqp_timestamp(%s, %s)", text, ZONE)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("14,2", Decimal("14.2")), ("14.2", Decimal("14.2")), ("1.234", Decimal(1234)),
    ("1.234.567", Decimal(1234567)), ("1.234,5", Decimal("1234.5")), ("-7", Decimal(-7)),
    ("+0,05", Decimal("0.05")), (".5", Decimal("0.5")), ("1e5", None), ("NaN", None),
    ("1,2,3", None), ("12.34.5", None), ("", None), (" 42 ", Decimal(42)),
    ("1 234,5", Decimal("1234.5")), ("1\u00a0234\u202f567", Decimal(1234567)),
    ("- 7", Decimal(-7)), ("1 2,3 4", Decimal("12.34")),
])
def test_numbers(db: Any, text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected
    assert as_decimal(sql("cnqp_decimal(%s)", text)) == expected


def test_whitespace_is_every_character_python_calls_so() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


def test_keys_and_folding(db: Any) -> None:
    assert sql("cnqp_key(%s)", " ak-001 ") == "AK-001"
    assert sql("cnqp_key(%s)", "lô") == "LÔ"
    assert sql("cnqp_fold(%s)", " Lô  Vật TƯ ") == "lo vat tu"
    assert sql("cnqp_fold(%s)", "Đơn vị") == "don vi"
    assert sql("cnqp_text(%s)", " Lo\u0302 ") == "Lô"  # decomposed input stored composed


digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
separators = st.sampled_from(["-", "/", ".", " ", "T", ":", ",", ""])
spellings = st.lists(st.one_of(digits, separators), min_size=1, max_size=9).map("".join)


@POSTGRES_ONLY
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(spellings, st.text(max_size=12)))
def test_postgres_functions_equal_their_python_twins(db: Any, text: str) -> None:
    text = text.replace("\x00", "")
    assert as_date(sql("cnqp_date(%s)", text)) == parse_date(text)
    assert as_decimal(sql("cnqp_decimal(%s)", text)) == parse_decimal(text)
    assert as_local(sql("cnqp_timestamp(%s, %s)", text, ZONE)) == parse_local_datetime(text)


def _optimistic(kind: str) -> tuple[str, list[Any]]:
    """The optimistic expression of a bulk parser for a staged cell "x", and its parameters."""
    from cnqp.core.imports.bulk.parsers import SqlDate, SqlMoment

    parser = SqlDate() if kind == "date" else SqlMoment()
    return parser.sql("s.c_x", "NULLIF(TRIM(s.c_x), '')", optimistic=True)


def _cast(expression: str, text: str, params: list[Any]) -> Any:
    return sql(f"({expression}) FROM (SELECT CAST(%s AS text) AS c_x) s", *params, text)


@POSTGRES_ONLY
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=st.datetimes(min_value=dt.datetime(1900, 1, 1),
                           max_value=dt.datetime(2199, 12, 31)),
       seconds=st.booleans(), separator=st.sampled_from([" ", "T"]))
def test_optimistic_casts_agree_with_the_exact_parsers(db: Any, moment: dt.datetime,
                                                       seconds: bool, separator: str) -> None:
    text = moment.strftime(f"%Y-%m-%d{separator}%H:%M" + (":%S" if seconds else ""))
    expression, params = _optimistic("timestamp")
    expected = moment.replace(microsecond=0, second=moment.second if seconds else 0)
    assert as_local(_cast(expression, text, params)) == expected
    date_expression, _none = _optimistic("date")
    assert _cast(date_expression, text[:10], []) == moment.date()


@POSTGRES_ONLY
@pytest.mark.parametrize("text", ["2024-02-30 07:00", "2024-0a-01 07:00", "2024-02-30"])
def test_optimistic_casts_fail_loudly_never_silently(db: Any, text: str) -> None:
    """A malformed cell of the right shape breaks the optimistic query (the importer then
    takes the exact parsers), rather than yielding a wrong value."""
    from django.db import DataError, transaction

    expression, params = _optimistic("date" if len(text) == 10 else "timestamp")
    with pytest.raises(DataError), transaction.atomic():
        _cast(expression, text, params)
