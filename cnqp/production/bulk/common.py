"""What the production bulk imports share: naming an item in a file (its kind, product type
and number, or a material lot's code), and the SQL that finds it among the items the
importing user owns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from cnqp.core.imports.bulk.parsers import SqlParser
from cnqp.core.text import fold
from cnqp.core.units import units_in_reach
from cnqp.production.choices import NodeKind

if TYPE_CHECKING:
    from cnqp.core.models import User

KIND_CODES = {
    NodeKind.MATERIAL_LOT: ("material_lot", "material lot", "vat tu", "lo vat tu"),
    NodeKind.LOT: ("lot", "lo", "lo san pham"),
    NodeKind.SERIAL: ("serial", "serial unit", "so hieu", "san pham theo so hieu"),
}


def kind_spellings() -> dict[str, str]:
    """Folded spelling → kind: the codes, the labels in every language, a few short forms."""
    table: dict[str, str] = {}
    for kind, codes in KIND_CODES.items():
        for code in codes:
            table[fold(code)] = kind.value
        for language in ("vi", "en"):
            with translation.override(language):
                table[fold(str(kind.label))] = kind.value
    return table


def kind_sql(cell: str) -> tuple[str, list[Any]]:
    """The kind a cell names, or NULL. Exact spellings (the codes and the Vietnamese labels as
    the template writes them) are matched as they are; anything else is folded first."""
    exact: dict[str, str] = {kind.value: kind.value for kind in NodeKind}
    with translation.override("vi"):
        exact.update({str(kind.label): kind.value for kind in NodeKind})
    folded = kind_spellings()
    exact_sql = " ".join("WHEN %s THEN %s" for _ in exact)
    folded_sql = " ".join("WHEN %s THEN %s" for _ in folded)
    params = [v for pair in exact.items() for v in pair]
    params += [v for pair in folded.items() for v in pair]
    return (f"CASE {cell} {exact_sql} ELSE CASE cnqp_fold({cell}) {folded_sql} END END",
            params)


def kinds_help() -> str:
    with translation.override("vi"):
        labels = ", ".join(str(k.label) for k in NodeKind)
    return _("One of: %(labels)s (or material_lot, lot, serial)") % {"labels": labels}


KINDS = lazy(kinds_help, str)()  # for the columns' description, translated when shown


class SqlKind(SqlParser):
    """A kind of item (`kind_sql`), for a column of the bulk imports."""

    def __init__(self) -> None:
        super().__init__(KINDS)

    def sql(self, raw: str, cell: str, optimistic: bool = False) -> tuple[str, list[Any]]:
        return kind_sql(cell)


@dataclass(frozen=True)
class Reach:
    """Which trace nodes the importing user may name: at most their clearance, and owned by
    their unit's subtree unless their roles see every unit. The same rule as the scoping of
    trace nodes for the roles that import (tests compare the two)."""

    clearance: int
    unit_ids: list[int] | None  # None: every unit

    @classmethod
    def of(cls, user: User) -> Reach:
        units = None if user.sees_all_units else \
            list(units_in_reach(user).values_list("id", flat=True))
        return cls(int(user.clearance), units)

    def predicate(self, alias: str) -> tuple[str, list[Any]]:
        """SQL over the trace node `alias`, for a join condition."""
        sql = f"{alias}.classification <= %s"
        params: list[Any] = [self.clearance]
        if self.unit_ids is not None:
            if not self.unit_ids:
                return "1 = 0", []
            sql += f" AND {alias}.enterprise_id IN ({', '.join(['%s'] * len(self.unit_ids))})"
            params += self.unit_ids
        return sql, params


def item_node(kind: str, type_id: str, number: str, enterprise: str) -> str:
    """The trace node of the item a row names (SQL over the row): a lot or a serial by
    (product type, number), a material lot by (enterprise, code). One correlated lookup per
    kind in a COALESCE: a lookup whose kind is not the row's is skipped by its own filter
    (PostgreSQL: a one-time filter), and the first found ends the search, so each name costs
    one index probe."""
    return (
        f"COALESCE((SELECT node_id FROM production_lot WHERE {kind} = 'lot' "
        f"AND product_type_id = {type_id} AND lot_number = {number}), "
        f"(SELECT node_id FROM production_serialunit WHERE {kind} = 'serial' "
        f"AND product_type_id = {type_id} AND serial_number = {number}), "
        f"(SELECT node_id FROM production_materiallot WHERE {kind} = 'material_lot' "
        f"AND enterprise_id = {enterprise} AND code = {number}))")


def item_joins(prefix: str, kind: str, type_id: str, number: str, enterprise: str,
               reach: Reach) -> tuple[str, list[Any]]:
    """A LEFT JOIN to the trace node `{prefix}node` of the item a row names, only among
    the nodes within `reach` (anything else reads as not found)."""
    owned, params = reach.predicate(f"{prefix}node")
    return (f" LEFT JOIN production_tracenode {prefix}node ON {prefix}node.id = "
            f"{item_node(kind, type_id, number, enterprise)} AND {owned}", params)


def greatest(a: str, b: str) -> str:
    """The larger of two values, on both databases (GREATEST is PostgreSQL's, MAX SQLite's)."""
    return f"CASE WHEN {a} >= {b} THEN {a} ELSE {b} END"


def items_select(names: str, keys: Sequence[str], reach: Reach) -> tuple[str, list[Any]]:
    """The items named by the distinct rows of the table `names` (its key columns `keys`;
    kind, type_key, number, unit: the enterprise of a material lot; and the raw cells), with
    their product type, node, level and enterprise: each distinct name resolved once, however
    many rows repeat it."""
    joins, params = item_joins("x", "k.kind", "pt.id", "k.number", "k.unit", reach)
    key_columns = "".join(f"k.{key}, " for key in keys)
    return (f"SELECT {key_columns}k.unit, k.kind, k.kind_raw, k.type_raw, k.number_raw, "
            f"pt.id AS type_id, xnode.id AS node, "
            f"xnode.classification AS level, xnode.enterprise_id AS node_unit "
            f"FROM (SELECT * FROM {names} ORDER BY number COLLATE \"C\") k "
            f"LEFT JOIN documents_producttype pt ON pt.code = k.type_key"
            f"{joins}", params)
