"""Bulk import of genealogy edges: one row per consumption, "input (a material lot, lot or
serial) went into output (a lot or serial)", with quantity, operation step, time and operator.

The same rules as `services.record_consumption`, checked set-wise: both ends found among the
items the user owns (a material lot among the output's enterprise's), a positive quantity, a
time not in the future, no input consumed into itself, no row repeated, and no cycle, with
the file's own edges and every edge already recorded, checked under the genealogy writers'
lock at the moment of writing.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.bulk.importer import RESOLVED, BulkColumn, BulkImporter, BulkRefused, Rule
from cnqp.core.imports.results import ImportIssue
from cnqp.production.bulk.common import Reach, greatest, item_joins, kind_sql, kinds_help
from cnqp.production.bulk.graph import cycle_rows
from cnqp.production.services.genealogy import serialise_writers

MAX_QUANTITY = "100000000000"  # numeric(14, 3)


class GenealogyImport(BulkImporter):
    name = "genealogy"
    label = gettext_lazy("Genealogy (consumption records)")
    permission = "production.add_genealogyedge"
    object_type = "production.genealogyedge"
    count_labels = {"edges": gettext_lazy("Genealogy edges written")}
    columns = (
        BulkColumn("output_kind", "Loại đầu ra", required=True,
                   help=gettext_lazy("Lot or serial unit made")),
        BulkColumn("output_type", "Chủng loại đầu ra",
                   help=gettext_lazy("Product type code of the output")),
        BulkColumn("output_number", "Số hiệu đầu ra", required=True,
                   help=gettext_lazy("Lot number or serial number of the output")),
        BulkColumn("input_kind", "Loại đầu vào", required=True,
                   help=gettext_lazy("Material lot, lot or serial unit consumed")),
        BulkColumn("input_type", "Chủng loại đầu vào",
                   help=gettext_lazy("Product type code of a lot or serial input; empty for "
                                     "a material lot")),
        BulkColumn("input_number", "Số hiệu đầu vào", required=True,
                   help=gettext_lazy("Lot number, serial number, or the material lot's code "
                                     "at the output's enterprise")),
        BulkColumn("quantity", "Số lượng", help=gettext_lazy("Quantity consumed; 1 if empty")),
        BulkColumn("operation_step", "Công đoạn"),
        BulkColumn("at", "Thời điểm", required=True,
                   help=gettext_lazy("Date and time: dd/mm/yyyy hh:mm or yyyy-mm-dd hh:mm")),
        BulkColumn("operator", "Người thực hiện",
                   help=gettext_lazy("Username; the importing user if empty")),
    )

    def resolve_select(self) -> tuple[str, list[Any]]:
        reach = Reach.of(self.actor)
        c = self.cell
        out_kind, out_kind_params = kind_sql(c("output_kind"))
        in_kind, in_kind_params = kind_sql(c("input_kind"))
        rows = (
            f"SELECT s.row_no, {c('output_kind')} AS ok_raw, {out_kind} AS ok, "
            f"{c('output_type')} AS ot_raw, cnqp_key({c('output_type')}) AS ot_key, "
            f"{c('output_number')} AS on_raw, cnqp_key({c('output_number')}) AS on_key, "
            f"{c('input_kind')} AS ik_raw, {in_kind} AS ik, "
            f"{c('input_type')} AS it_raw, cnqp_key({c('input_type')}) AS it_key, "
            f"{c('input_number')} AS in_raw, cnqp_key({c('input_number')}) AS in_key, "
            f"{c('quantity')} AS qty_raw, cnqp_decimal({c('quantity')}) AS qty, "
            f"{c('at')} AS at_raw, {self.timestamp('at')} AS at, "
            f"{c('operator')} AS op_raw, cnqp_text({c('operation_step')}) AS step "
            f"FROM cnqp_bulk_stage s")
        params: list[Any] = [*out_kind_params, *in_kind_params, *self.timestamp_params()]
        out_joins, out_params = item_joins("o", "k.ok", "opt.id", "k.on_key", "NULL", reach)
        in_joins, in_params = item_joins("i", "k.ik", "ipt.id", "k.in_key",
                                         "onode.enterprise_id", reach)
        select = (
            "SELECT k.row_no, k.ok_raw, k.ok, k.ot_raw, opt.id AS ot_id, k.on_raw, "
            "onode.id AS out_node, onode.classification AS out_level, "
            "k.ik_raw, k.ik, k.it_raw, ipt.id AS it_id, k.in_raw, "
            "inode.id AS in_node, inode.classification AS in_level, "
            "k.qty_raw, k.qty, k.at_raw, k.at, k.op_raw, u.id AS operator_id, k.step "
            f"FROM ({rows}) k "
            "LEFT JOIN documents_producttype opt ON opt.code = k.ot_key"
            f"{out_joins} "
            "LEFT JOIN documents_producttype ipt ON ipt.code = k.it_key"
            f"{in_joins} "
            "LEFT JOIN core_user u ON u.username = k.op_raw AND u.is_active")
        return select, [*params, *out_params, *in_params]

    def rules(self) -> list[Rule]:
        required = _("This cell is required.")
        built = "r.ok IN ('lot', 'serial')"
        return [
            Rule("output_kind", "r.ok_raw IS NULL", required),
            Rule("output_kind", "r.ok_raw IS NOT NULL AND r.ok IS NULL",
                 _("“%(value)s” is not a kind of item. ") + kinds_help(), "r.ok_raw"),
            Rule("output_kind", "r.ok = 'material_lot'",
                 _("Only a lot or a serial unit is made from other items.")),
            Rule("output_type", f"{built} AND r.ot_raw IS NULL", required),
            Rule("output_type", "r.ot_raw IS NOT NULL AND r.ot_id IS NULL",
                 _("Product type “%(value)s” not found."), "r.ot_raw"),
            Rule("output_number", "r.on_raw IS NULL", required),
            Rule("output_number", f"{built} AND r.ot_id IS NOT NULL AND r.on_raw IS NOT NULL "
                 "AND r.out_node IS NULL",
                 _("“%(value)s”: no such lot or serial unit of this product type among "
                   "yours."), "r.on_raw"),
            Rule("input_kind", "r.ik_raw IS NULL", required),
            Rule("input_kind", "r.ik_raw IS NOT NULL AND r.ik IS NULL",
                 _("“%(value)s” is not a kind of item. ") + kinds_help(), "r.ik_raw"),
            Rule("input_type", "r.ik IN ('lot', 'serial') AND r.it_raw IS NULL", required),
            Rule("input_type", "r.it_raw IS NOT NULL AND r.it_id IS NULL",
                 _("Product type “%(value)s” not found."), "r.it_raw"),
            Rule("input_number", "r.in_raw IS NULL", required),
            Rule("input_number", "r.in_raw IS NOT NULL AND r.in_node IS NULL AND ("
                 "(r.ik IN ('lot', 'serial') AND r.it_id IS NOT NULL) OR "
                 "(r.ik = 'material_lot' AND r.out_node IS NOT NULL))",
                 _("“%(value)s”: no such item among yours (a material lot is looked up "
                   "among the output's enterprise's)."), "r.in_raw"),
            Rule("input_number", "r.in_node = r.out_node",
                 _("An item cannot be made from itself.")),
            Rule("quantity", "r.qty_raw IS NOT NULL AND r.qty IS NULL",
                 _("“%(value)s” is not a number."), "r.qty_raw"),
            Rule("quantity", "r.qty <= 0", _("The quantity consumed must be positive.")),
            Rule("quantity", f"r.qty >= {MAX_QUANTITY} OR r.qty <> round(r.qty, 3)",
                 _("At most 11 digits before the decimal comma and 3 after.")),
            Rule("at", "r.at_raw IS NULL", required),
            Rule("at", "r.at_raw IS NOT NULL AND r.at IS NULL",
                 _("“%(value)s” is not a date and time: write dd/mm/yyyy hh:mm."),
                 "r.at_raw"),
            Rule("at", "r.at > CURRENT_TIMESTAMP", _("The time cannot be in the future.")),
            Rule("operator", "r.op_raw IS NOT NULL AND r.operator_id IS NULL",
                 _("No active user “%(value)s”."), "r.op_raw"),
            Rule("operation_step", "length(r.step) > 128",
                 _("At most 128 characters.")),
        ]

    def check(self) -> None:
        """A row repeating an earlier one (same input, output and time) is refused."""
        self.add_errors(
            "", _("The same consumption as row %(value)s."),
            f"SELECT r.row_no, d.first FROM {RESOLVED} r JOIN ("
            f"SELECT in_node, out_node, at, MIN(row_no) AS first FROM {RESOLVED} "
            "WHERE in_node IS NOT NULL AND out_node IS NOT NULL AND at IS NOT NULL "
            "GROUP BY in_node, out_node, at HAVING COUNT(*) > 1) d "
            "ON d.in_node = r.in_node AND d.out_node = r.out_node AND d.at = r.at "
            "WHERE r.row_no <> d.first")

    def check_in_transaction(self) -> None:
        serialise_writers()
        rows = cycle_rows(RESOLVED)
        if rows:
            message = _("This consumption would close a cycle in the genealogy (an item made, "
                        "directly or through others, from itself), with the rows %(rows)s "
                        "and the consumptions already recorded.")
            listed = ", ".join(str(r) for r in rows[:20]) + ("…" if len(rows) > 20 else "")
            raise BulkRefused([ImportIssue(row, "", message % {"rows": listed})
                               for row in rows])

    def write(self) -> dict[str, int]:
        level = greatest("in_level", "out_level")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO production_genealogyedge (input_node_id, output_node_id, quantity, "
                "operation_step, at, operator_id, classification, import_job_id) "
                f"SELECT in_node, out_node, COALESCE(qty, 1), COALESCE(step, ''), at, "
                f"COALESCE(operator_id, %s), {level}, %s FROM {RESOLVED} ORDER BY row_no",
                [self.actor.pk, self.job_id])
            return {"edges": cursor.rowcount}

    def classification(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({greatest('in_level', 'out_level')}) FROM {RESOLVED}")
            return int(cursor.fetchone()[0] or 0)
