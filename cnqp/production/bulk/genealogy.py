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

from cnqp.core.bulk.importer import (
    RESOLVED,
    BulkColumn,
    BulkImporter,
    BulkRefused,
    Names,
    Rule,
)
from cnqp.core.imports.results import ImportIssue
from cnqp.production.bulk.common import (
    KINDS,
    Reach,
    greatest,
    items_select,
    key_of,
    kind_sql,
    kinds_help,
)
from cnqp.production.bulk.graph import cycle_rows
from cnqp.production.services.genealogy import serialise_writers

MAX_QUANTITY = "100000000000"  # numeric(14, 3)
OUT_NAMES, IN_NAMES = "cnqp_bulk_output_names", "cnqp_bulk_input_names"
OUTPUTS, INPUTS = "cnqp_bulk_outputs_named", "cnqp_bulk_inputs_named"
QUANTITIES, MOMENTS, STEPS = "cnqp_bulk_quantities", "cnqp_bulk_moments", "cnqp_bulk_steps"
# the nodes found at the check that are gone at the write (one probe per distinct node)
GONE = (f"SELECT n.node FROM {OUTPUTS} n WHERE n.node IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM production_tracenode t WHERE t.id = n.node)")


class GenealogyImport(BulkImporter):
    name = "genealogy"
    label = gettext_lazy("Genealogy (consumption records)")
    permission = "production.add_genealogyedge"
    object_type = "production.genealogyedge"
    count_labels = {"edges": gettext_lazy("Genealogy edges written")}
    columns = (
        BulkColumn("output_kind", "Loại đầu ra", required=True, values=KINDS,
                   help=gettext_lazy("Lot or serial unit made")),
        BulkColumn("output_type", "Chủng loại đầu ra",
                   help=gettext_lazy("Product type code of the output")),
        BulkColumn("output_number", "Số hiệu đầu ra", required=True,
                   help=gettext_lazy("Lot number or serial number of the output")),
        BulkColumn("input_kind", "Loại đầu vào", required=True, values=KINDS,
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

    # The keys a staged row `s` names its output and input by (the input's includes the
    # enterprise of the output, where a material lot is looked up).
    def _out_key(self) -> str:
        c = self.cell
        return key_of(c("output_kind"), c("output_type"), c("output_number"))

    def _in_key(self) -> str:
        c = self.cell
        return (key_of(c("input_kind"), c("input_type"), c("input_number"))
                + " || '|' || COALESCE(CAST(o.node_unit AS text), '')")

    def _out_join(self) -> str:
        return f"LEFT JOIN {OUTPUTS} o ON o.key = {self._out_key()}"

    def resolve(self) -> None:
        """Each distinct output named, then each distinct input, resolved once, and each
        distinct quantity parsed once, however many rows repeat them; then the rows joined
        back to them into a narrow table of ids (the names stay in the small tables, for
        the messages)."""
        reach = Reach.of(self.actor)
        c = self.cell
        self.create_table(OUT_NAMES, (
            f"SELECT DISTINCT {self._out_key()} AS key, {c('output_kind')} AS kind_raw, "
            f"{c('output_type')} AS type_raw, {c('output_number')} AS number_raw, "
            "CAST(NULL AS bigint) AS unit FROM cnqp_bulk_stage s"))
        self.create_table(OUTPUTS, *self._named(OUT_NAMES, reach), lookups=True)
        self.create_table(IN_NAMES, (
            f"SELECT DISTINCT {self._in_key()} AS key, {c('input_kind')} AS kind_raw, "
            f"{c('input_type')} AS type_raw, {c('input_number')} AS number_raw, "
            f"o.node_unit AS unit FROM cnqp_bulk_stage s {self._out_join()}"))
        self.create_table(INPUTS, *self._named(IN_NAMES, reach), lookups=True)
        quantity_join, quantity, _none = self.parsed_once(
            QUANTITIES, "quantity", lambda raw, cell: (f"cnqp_decimal({cell})", []))
        at_join, at, at_params = self.parsed_once(
            MOMENTS, "at", lambda raw, cell: (self.timestamp("at", raw, cell),
                                              self.timestamp_params()))
        step_join, step, _none = self.parsed_once(
            STEPS, "operation_step", lambda raw, cell: (f"cnqp_text({cell})", []))
        self.create_table(RESOLVED, (
            "SELECT s.row_no, o.node AS out_node, o.level AS out_level, i.node AS in_node, "
            f"i.level AS in_level, {quantity} AS qty, "
            f"CASE WHEN {quantity} IS NULL THEN {c('quantity')} END AS qty_bad, "
            f"{at} AS at, {c('at')} IS NOT NULL AS at_given, "
            f"u.id AS operator_id, {c('operator')} IS NOT NULL AS op_given, {step} AS step "
            f"FROM cnqp_bulk_stage s {self._out_join()} "
            f"LEFT JOIN {INPUTS} i ON i.key = {self._in_key()} "
            f"{quantity_join} {at_join} {step_join} "
            f"LEFT JOIN core_user u ON u.username = {c('operator')} AND u.is_active"),
            at_params)

    @staticmethod
    def _named(names: str, reach: Reach) -> tuple[str, list[Any]]:
        """The items named by the (distinct) rows of the table `names`, kind parsed."""
        kind, params = kind_sql("d.kind_raw")
        select, item_params = items_select(
            f"SELECT d.key, d.kind_raw, d.type_raw, d.number_raw, d.unit, {kind} AS kind, "
            f"cnqp_key(d.type_raw) AS type_key, cnqp_key(d.number_raw) AS number "
            f"FROM {names} d", reach)
        return select, [*params, *item_params]

    def rules(self) -> list[Rule]:
        required = _("This cell is required.")
        not_a_kind = _("“%(value)s” is not a kind of item. ") + kinds_help()
        no_type = _("Product type “%(value)s” not found.")
        built = "r.kind IN ('lot', 'serial')"
        outputs = Names(OUTPUTS, self._out_key())
        inputs = Names(INPUTS, self._in_key(), joins=self._out_join())
        return [
            Rule("output_kind", "r.kind_raw IS NULL", required, names=outputs),
            Rule("output_kind", "r.kind_raw IS NOT NULL AND r.kind IS NULL", not_a_kind,
                 "r.kind_raw", outputs),
            Rule("output_kind", "r.kind = 'material_lot'",
                 _("Only a lot or a serial unit is made from other items."), names=outputs),
            Rule("output_type", f"{built} AND r.type_raw IS NULL", required, names=outputs),
            Rule("output_type", "r.type_raw IS NOT NULL AND r.type_id IS NULL", no_type,
                 "r.type_raw", outputs),
            Rule("output_number", "r.number_raw IS NULL", required, names=outputs),
            Rule("output_number", f"{built} AND r.type_id IS NOT NULL "
                 "AND r.number_raw IS NOT NULL AND r.node IS NULL",
                 _("“%(value)s”: no such lot or serial unit of this product type among "
                   "yours."), "r.number_raw", outputs),
            Rule("input_kind", "r.kind_raw IS NULL", required, names=inputs),
            Rule("input_kind", "r.kind_raw IS NOT NULL AND r.kind IS NULL", not_a_kind,
                 "r.kind_raw", inputs),
            Rule("input_type", f"{built} AND r.type_raw IS NULL", required, names=inputs),
            Rule("input_type", "r.type_raw IS NOT NULL AND r.type_id IS NULL", no_type,
                 "r.type_raw", inputs),
            Rule("input_number", "r.number_raw IS NULL", required, names=inputs),
            Rule("input_number", "r.number_raw IS NOT NULL AND r.node IS NULL AND ("
                 f"({built} AND r.type_id IS NOT NULL) OR "
                 "(r.kind = 'material_lot' AND r.unit IS NOT NULL))",
                 _("“%(value)s”: no such item among yours (a material lot is looked up "
                   "among the output's enterprise's)."), "r.number_raw", inputs),
            Rule("input_number", "r.in_node = r.out_node",
                 _("An item cannot be made from itself.")),
            Rule("quantity", "r.qty_bad IS NOT NULL", _("“%(value)s” is not a number."),
                 "r.qty_bad"),
            Rule("quantity", "r.qty <= 0", _("The quantity consumed must be positive.")),
            Rule("quantity", f"r.qty >= {MAX_QUANTITY} OR r.qty <> round(r.qty, 3)",
                 _("At most 11 digits before the decimal comma and 3 after.")),
            Rule("at", "NOT r.at_given", required),
            Rule("at", "r.at IS NULL AND r.at_given",
                 _("“%(value)s” is not a date and time: write dd/mm/yyyy hh:mm."),
                 self.cell("at")),
            Rule("at", "r.at > CURRENT_TIMESTAMP", _("The time cannot be in the future.")),
            Rule("operator", "r.operator_id IS NULL AND r.op_given",
                 _("No active user “%(value)s”."), self.cell("operator")),
            Rule("operation_step", "length(r.step) > 128", _("At most 128 characters.")),
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
        """Under the writers' lock: every item named still exists (items are deleted under
        the same lock), and no cycle."""
        serialise_writers()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.row_no FROM {RESOLVED} r WHERE r.out_node IN ({GONE}) "
                f"OR r.in_node IN ({GONE.replace(OUTPUTS, INPUTS)}) ORDER BY r.row_no")
            gone = [row for (row,) in cursor.fetchall()]
        if gone:
            message = _("An item this row names was deleted meanwhile.")
            raise BulkRefused([ImportIssue(row, "", message) for row in gone])
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
