"""The bulk engine's parsers: the SQL that turns a column's cells into values, over the whole
staged table at once (the register engine's `parsers` do the same one cell at a time, in
Python). A parser is given the SQL of the cell as it came (`raw`) and trimmed, blank as NULL
(`cell`), and answers the SQL of the value and its parameters. The functions it calls exist on
both databases (`functions.py`).

`optimistic` (PostgreSQL): the common spellings of dates and moments are cast directly; a
malformed one makes the query fail, and the importer resolves again with the exact parsers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.functional import Promise


class SqlParser:
    """The cell as it is (trimmed); `values` describes what the column accepts, when that is a
    fixed list."""

    def __init__(self, values: str | Promise = "") -> None:
        self.values = values

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return cell, []

    def describe(self) -> str:
        return str(self.values)


class SqlText(SqlParser):
    """Text stored as NFC."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return f"cnqp_text({cell})", []


class SqlCode(SqlParser):
    """A code or a number that names a record: upper case, as codes are stored."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return f"cnqp_key({cell})", []


class SqlDecimal(SqlParser):
    """A number with a decimal comma or point, thousands grouped or not."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return f"cnqp_decimal({cell})", []


class SqlDate(SqlParser):
    """dd/mm/yyyy (d/m/yyyy, with /, . or -) or yyyy-mm-dd."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        if optimistic:  # yyyy-mm-dd: cast; a wrong digit fails the query
            return (f"CASE WHEN length({raw}) = 10 AND substr({raw}, 5, 1) = '-' "
                    f"AND substr({raw}, 8, 1) = '-' "
                    f"AND substr({raw}, 1, 4) COLLATE \"C\" BETWEEN '1900' AND '2199' "
                    f"THEN CAST({raw} AS date) ELSE cnqp_date({cell}) END"), []
        return f"cnqp_date({cell})", []


class SqlMoment(SqlParser):
    """A date and a time (hh:mm or hh:mm:ss) in the time zone of the settings."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        if optimistic:  # yyyy-mm-dd hh:mm[:ss]: cast; a wrong digit fails the query
            def part(start: int, length: int) -> str:
                return f"substr({raw}, {start}, {length}) COLLATE \"C\""

            return (f"CASE WHEN length({raw}) IN (16, 19) AND {part(5, 1)} = '-' "
                    f"AND {part(8, 1)} = '-' AND {part(11, 1)} IN (' ', 'T') "
                    f"AND {part(14, 1)} = ':' AND {part(1, 4)} BETWEEN '1900' AND '2199' "
                    f"AND {part(12, 2)} < '24' AND {part(15, 2)} < '60' "
                    f"AND {part(18, 2)} < '60' "
                    f"THEN CAST({raw} AS timestamp) AT TIME ZONE %s "
                    f"ELSE cnqp_timestamp({cell}, %s) END"), [settings.TIME_ZONE] * 2
        return f"cnqp_timestamp({cell}, %s)", [settings.TIME_ZONE]


class SqlUser(SqlParser):
    """The id of the active user of that username (NULL when there is none)."""

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return f"(SELECT u.id FROM core_user u WHERE u.username = {cell} AND u.is_active)", []
