"""Inserting many rows of one model set-wise, for a service that writes a validated batch
(10,000 serials): no model instance per row, no SQL compiled per row. The rows share a
template instance's column values (its defaults, foreign keys, auto_now timestamps taken
once) and differ in a few columns given as lists. PostgreSQL: one INSERT ... SELECT FROM
unnest(arrays) ... RETURNING id per chunk, the arrays bound as single literals. SQLite:
executemany; its one writer at a time makes the ids consecutive.

`values_present` is the batch's check before it: which of its values a column already holds.

Nothing is validated, normalised or audited here: the caller has done it for the batch, and
keeps `save()`'s side effects (search_text) itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

CHUNK_ROWS = 10_000  # per statement: arrays of this size bind in milliseconds


def insert_many(template: models.Model, count: int,
                varying: Mapping[str, Sequence[Any]] | None = None) -> list[int]:
    """Insert `count` rows: row i takes position i of each `varying` list (keyed by attname:
    "node_id", "serial_number"), every other column `template`'s value as `save()` would
    write it. Returns the new primary keys, ascending, row i's at position i."""
    model = type(template)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    varying = varying or {}
    if any(len(values) != count for values in varying.values()):
        raise ValueError(f"insert_many: a varying column has not {count} values")
    if not count:
        return []
    fields = {field.attname: field for field in meta.concrete_fields}
    unknown = set(varying) - set(fields)
    if unknown or pk.attname in varying:
        raise ValueError(f"insert_many: not columns to vary: {sorted(unknown | {pk.attname})}")
    fixed = [field for field in meta.concrete_fields
             if field is not pk and field.attname not in varying]
    # What save() would write: pre_save fills auto_now(_add) and the like.
    constants = [field.get_db_prep_save(field.pre_save(template, add=True), connection)
                 for field in fixed]
    moving = [fields[name] for name in varying]
    columns = [moving_values(field, varying[field.attname]) for field in moving]
    if connection.vendor == "postgresql":
        return _insert_postgresql(meta.db_table, pk, fixed, constants, moving, columns, count)
    return _insert_sqlite(meta.db_table, fixed, constants, moving, columns, count)


def moving_values(field: models.Field[Any, Any], values: Sequence[Any]) -> list[Any]:
    """The database values of one varying column, as save() would prepare them."""
    if isinstance(field, models.CharField | models.TextField):
        plain: type = str
    elif isinstance(field, models.IntegerField | models.ForeignKey):
        plain = int
    else:
        plain = object
    if plain is not object and all(type(value) is plain for value in values):
        return list(values)  # already what the driver takes: 10,000 calls saved
    prep = field.get_db_prep_save
    return [prep(value, connection) for value in values]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_postgresql(table: str, pk: models.Field[Any, Any], fixed: list[Any],
                       constants: list[Any], moving: list[Any], columns: list[list[Any]],
                       count: int) -> list[int]:
    names = ", ".join(_quoted(f.column) for f in [*fixed, *moving])
    selected = ", ".join([f"%s::{f.db_type(connection)}" for f in fixed]
                         + [f"u.c{i}" for i in range(len(moving))])
    # The rows go in the lists' order, drawing their ids from the sequence as they go:
    # the ids of a statement ascend in its rows' order (other writers may take ids between).
    if moving:
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in moving)
        aliases = ", ".join(f"c{i}" for i in range(len(moving)))
        source = f"unnest({arrays}) WITH ORDINALITY AS u({aliases}, n)"
    else:
        source = "generate_series(1, %s) AS u(n)"
    sql = (f"INSERT INTO {_quoted(table)} ({names}) SELECT {selected} FROM {source} "
           f"ORDER BY u.n RETURNING {_quoted(pk.column or pk.attname)}")
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, count, CHUNK_ROWS):
            end = min(start + CHUNK_ROWS, count)
            arguments = [array_literal(column[start:end]) for column in columns] if moving \
                else [end - start]
            cursor.execute(sql, [*constants, *arguments])
            ids += sorted(row[0] for row in cursor.fetchall())
    return ids


def array_literal(values: list[Any]) -> Any:
    """Texts and integers as one PostgreSQL array literal ('{"a","b"}'), bound as one text
    instead of 10,000 quoted parameters; other values as the list the driver adapts."""
    kinds = {type(value) for value in values}
    if kinds <= {int}:
        return "{" + ",".join(map(str, values)) + "}"
    if kinds <= {str}:
        return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                              for v in values) + "}"
    return values


def _insert_sqlite(table: str, fixed: list[Any], constants: list[Any], moving: list[Any],
                   columns: list[list[Any]], count: int) -> list[int]:
    names = ", ".join(_quoted(f.column) for f in [*fixed, *moving])
    marks = ", ".join(["%s"] * (len(fixed) + len(moving)))
    # lists, not generators: the debug cursor (captured queries) measures their length
    rows = [[*constants, *values] for values in zip(*columns, strict=True)] if columns else \
        [constants] * count
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})", rows)
        cursor.execute("SELECT last_insert_rowid()")
        last = int(cursor.fetchone()[0])
    return list(range(last - count + 1, last + 1))


def values_present(queryset: models.QuerySet[Any], field: str, values: list[Any]) -> list[Any]:
    """Which of `values` (texts or integers) `field` holds in `queryset`: one array bound on
    PostgreSQL; on SQLite chunks of parameters, each under its parameter limit."""
    if not values:
        return []
    if connection.vendor == "postgresql":
        meta = queryset.model._meta
        column = f"{_quoted(meta.db_table)}.{_quoted(meta.get_field(field).column)}"
        kind = "text" if isinstance(values[0], str) else "bigint"
        among = RawSQL(f"{column} = ANY(%s::{kind}[])", [array_literal(values)],
                       output_field=models.BooleanField())
        return list(queryset.filter(among).values_list(field, flat=True))
    present: list[Any] = []
    for start in range(0, len(values), 5000):
        present += queryset.filter(**{f"{field}__in": values[start:start + 5000]}) \
            .values_list(field, flat=True)
    return present
