"""Bulk import of inspection results: one row per inspection, naming the item inspected, the
template, the date, and the measured values in the order of the template's characteristics
("Giá trị 1" is the first characteristic's value, and so on).

The same rules as `services.record_inspection`, checked set-wise, and the same verdict
(`evaluation.evaluate`) computed in SQL: passed only when every characteristic of the template
has a value within its limits (limits inclusive, an absent limit does not bound). Final
acceptances are imported unsigned: the acceptance representative signs each off as usual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.imports.bulk.checking import Rule
from cnqp.core.imports.bulk.importer import BulkImporter
from cnqp.core.imports.bulk.parsers import SqlCode, SqlDate, SqlDecimal, SqlParser, SqlText
from cnqp.core.imports.bulk.resolving import RESOLVED
from cnqp.core.imports.columns import Column
from cnqp.production.bulk.common import Reach, SqlKind, item_joins, kinds_help
from cnqp.production.rollups import refresh_inspections

MAX_VALUES = 12
LIMITS = "cnqp_bulk_limits"
POSITIONS = "cnqp_bulk_positions"
IDS = "cnqp_bulk_inspection_ids"
MAX_VALUE = "1000000000000"  # numeric(18, 6)


def _as_date(value: Any) -> dt.date:
    """A staged date as the database returns it (SQLite keeps ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _value_columns() -> tuple[Column[SqlParser], ...]:
    return tuple(Column(f"value_{k}", f"Giá trị {k}", SqlDecimal(), aliases=(f"value {k}",),
                        help=gettext_lazy("The measured value of the template's "
                                          "characteristic in this position"))
                 for k in range(1, MAX_VALUES + 1))


def _by_position(expression: Callable[[int], str]) -> str:
    """The expression of position p.k, for the row of one characteristic."""
    whens = " ".join(f"WHEN {k} THEN {expression(k)}" for k in range(1, MAX_VALUES + 1))
    return f"CASE p.k {whens} END"


def _within(k: int) -> str:
    """Whether the k-th value is measured and within the k-th limits."""
    return (f"(r.v{k} IS NOT NULL AND (r.lo_{k} IS NULL OR r.v{k} >= r.lo_{k}) "
            f"AND (r.hi_{k} IS NULL OR r.v{k} <= r.hi_{k}))")


class InspectionImport(BulkImporter):
    name = "inspections"
    label = gettext_lazy("Inspection results")
    permission = "production.add_inspection"
    object_type = "production.inspection"
    count_labels = {"inspections": gettext_lazy("Inspections written"),
                    "measurements": gettext_lazy("Measured values written")}
    columns = (
        Column("target_kind", "Loại đối tượng", SqlKind(), required=True,
               help=gettext_lazy("Material lot, lot or serial unit inspected")),
        Column("product_type", "Chủng loại", SqlCode(),
               help=gettext_lazy("Product type code of a lot or serial unit")),
        Column("enterprise", "Đơn vị", SqlCode(),
               help=gettext_lazy("Code of the enterprise holding a material lot; yours if "
                                 "empty")),
        Column("target", "Số hiệu", SqlCode(), required=True,
               help=gettext_lazy("Lot number, serial number or material lot code")),
        Column("template", "Mẫu kiểm tra", SqlCode(), required=True,
               help=gettext_lazy("Inspection template code; it gives the stage")),
        Column("date", "Ngày kiểm tra", SqlDate(), required=True,
               help=gettext_lazy("dd/mm/yyyy or yyyy-mm-dd")),
        Column("operation_step", "Công đoạn", SqlText(),
               help=gettext_lazy("Required for an in-process inspection")),
        # the username as written, joined to the active users
        Column("inspector", "Người kiểm tra", SqlParser(),
               help=gettext_lazy("Username; the importing user if empty")),
        Column("note", "Ghi chú", SqlText()),
        *_value_columns(),
    )

    # --- resolving -------------------------------------------------------------------------

    def _prepare(self) -> None:
        """The templates' characteristics in position order, as one row per template. Made
        with each resolve: a resolve that fails (a malformed date on the quick path) rolls
        back the tables made in it, and the exact parsers' resolve needs them again."""
        pivot = ", ".join(
            f"MAX(CASE WHEN c.k = {k} THEN c.id END) AS id_{k}, "
            f"MAX(CASE WHEN c.k = {k} THEN c.lower_limit END) AS lo_{k}, "
            f"MAX(CASE WHEN c.k = {k} THEN c.upper_limit END) AS hi_{k}"
            for k in range(1, MAX_VALUES + 1))
        positions = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(1, MAX_VALUES + 1))
        self.create_table(
            LIMITS, f"SELECT c.template_id, COUNT(*) AS n, {pivot} FROM (SELECT id, "
                    "template_id, lower_limit, upper_limit, ROW_NUMBER() OVER (PARTITION BY "
                    "template_id ORDER BY position, id) AS k FROM production_characteristic) c "
                    "GROUP BY c.template_id")
        self.create_table(POSITIONS, positions)

    def resolve_select(self) -> tuple[str, list[Any]]:
        self._prepare()
        reach = Reach.of(self.actor)
        c = self.cell
        params: list[Any] = []

        def value(key: str) -> str:  # called in the order of the select, for its parameters
            sql, value_params = self.value_of(key)
            params.extend(value_params)
            return sql

        rows = (
            f"SELECT s.row_no, {c('target_kind')} AS tk_raw, {value('target_kind')} AS tk, "
            f"{c('product_type')} AS pt_raw, {value('product_type')} AS pt_key, "
            f"{c('enterprise')} AS ent_raw, {value('enterprise')} AS ent_key, "
            f"{c('target')} AS t_raw, {value('target')} AS t_key, "
            f"{c('template')} AS tpl_raw, {value('template')} AS tpl_key, "
            f"{c('date')} AS d_raw, {value('date')} AS d, "
            f"{value('operation_step')} AS step, {value('inspector')} AS insp_raw, "
            f"{value('note')} AS note, "
            + ", ".join(f"{c(f'value_{k}')} AS v{k}_raw, {value(f'value_{k}')} AS v{k}"
                        for k in range(1, MAX_VALUES + 1))
            + " FROM cnqp_bulk_stage s")
        own_code = self.actor.org_unit.code if self.actor.org_unit_id else None
        joins, join_params = item_joins("t", "k.tk", "pt.id", "k.t_key", "ent.id", reach)
        limits = ", ".join(f"lim.id_{k}, lim.lo_{k}, lim.hi_{k}"
                           for k in range(1, MAX_VALUES + 1))
        raw_values = ", ".join(f"k.v{k}_raw, k.v{k}" for k in range(1, MAX_VALUES + 1))
        select = (
            "SELECT k.row_no, k.tk_raw, k.tk, k.pt_raw, pt.id AS pt_id, k.ent_raw, "
            "ent.id AS ent_id, k.t_raw, tnode.id AS node, tnode.classification AS level, "
            "tnode.enterprise_id AS node_unit, "
            "k.tpl_raw, tpl.id AS template_id, tpl.stage, tpl.product_type_id AS tpl_type, "
            "tpl.is_active AS tpl_active, COALESCE(lim.n, 0) AS n, "
            f"k.d_raw, k.d, k.step, k.insp_raw, u.id AS inspector_id, k.note, {raw_values}, "
            f"{limits} FROM ({rows}) k "
            "LEFT JOIN documents_producttype pt ON pt.code = k.pt_key "
            "LEFT JOIN core_orgunit ent ON ent.code = COALESCE(k.ent_key, %s)"
            f"{joins} "
            "LEFT JOIN production_inspectiontemplate tpl ON tpl.code = k.tpl_key "
            f"LEFT JOIN {LIMITS} lim ON lim.template_id = tpl.id "
            "LEFT JOIN core_user u ON u.username = k.insp_raw AND u.is_active")
        return select, [*params, own_code, *join_params]

    # --- checking ---------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        required = _("This cell is required.")
        built = "r.tk IN ('lot', 'serial')"
        today = timezone.localdate().isoformat()
        rules = [
            Rule("target_kind", "r.tk_raw IS NULL", required),
            Rule("target_kind", "r.tk_raw IS NOT NULL AND r.tk IS NULL",
                 _("“%(value)s” is not a kind of item. ") + kinds_help(), "r.tk_raw"),
            Rule("product_type", f"{built} AND r.pt_raw IS NULL", required),
            Rule("product_type", "r.pt_raw IS NOT NULL AND r.pt_id IS NULL",
                 _("Product type “%(value)s” not found."), "r.pt_raw"),
            Rule("enterprise", "r.ent_raw IS NOT NULL AND r.ent_id IS NULL",
                 _("Unit “%(value)s” not found."), "r.ent_raw"),
            Rule("enterprise", "r.tk = 'material_lot' AND r.ent_raw IS NULL "
                 "AND r.ent_id IS NULL", _("Name the enterprise holding the material lot.")),
            Rule("target", "r.t_raw IS NULL", required),
            Rule("target", "r.t_raw IS NOT NULL AND r.node IS NULL AND "
                 f"(({built} AND r.pt_id IS NOT NULL) OR "
                 "(r.tk = 'material_lot' AND r.ent_id IS NOT NULL))",
                 _("“%(value)s”: no such item among yours."), "r.t_raw"),
            Rule("template", "r.tpl_raw IS NULL", required),
            Rule("template", "r.tpl_raw IS NOT NULL AND r.template_id IS NULL",
                 _("Inspection template “%(value)s” not found."), "r.tpl_raw"),
            Rule("template", "r.template_id IS NOT NULL AND NOT r.tpl_active",
                 _("The template is no longer in use.")),
            Rule("template", "r.stage = 'incoming' AND r.tk IN ('lot', 'serial')",
                 _("An incoming material inspection applies to material lots only.")),
            Rule("template", "r.stage IN ('in_process', 'final_acceptance') "
                 "AND r.tk = 'material_lot'",
                 _("In-process and final inspections apply to lots and serial units.")),
            Rule("template", f"r.tpl_type IS NOT NULL AND {built} AND r.pt_id IS NOT NULL "
                 "AND r.tpl_type <> r.pt_id", _("The template is for another product type.")),
            Rule("template", f"r.n > {MAX_VALUES}",
                 _("The template has %%(value)s characteristics: a file carries at most "
                   "%(max)s values per row; record these inspections in the form.")
                 % {"max": MAX_VALUES}, "r.n"),
            Rule("operation_step", "r.stage = 'in_process' AND r.step IS NULL",
                 _("Name the operation step of an in-process inspection.")),
            Rule("operation_step", "length(r.step) > 128", _("At most 128 characters.")),
            Rule("date", "r.d_raw IS NULL", required),
            Rule("date", "r.d_raw IS NOT NULL AND r.d IS NULL",
                 _("“%(value)s” is not a date: write dd/mm/yyyy."), "r.d_raw"),
            Rule("date", f"r.d > '{today}'", _("The date cannot be in the future.")),
            Rule("inspector", "r.insp_raw IS NOT NULL AND r.inspector_id IS NULL",
                 _("No active user “%(value)s”."), "r.insp_raw"),
        ]
        for k in range(1, MAX_VALUES + 1):
            key = f"value_{k}"
            rules += [
                Rule(key, f"r.v{k}_raw IS NOT NULL AND r.v{k} IS NULL",
                     _("“%(value)s” is not a number."), f"r.v{k}_raw"),
                Rule(key, f"r.v{k} IS NOT NULL AND (r.v{k} >= {MAX_VALUE} "
                     f"OR r.v{k} <= -{MAX_VALUE} OR r.v{k} <> round(r.v{k}, 6))",
                     _("At most 12 digits before the decimal comma and 6 after.")),
                Rule(key, f"r.v{k}_raw IS NOT NULL AND r.template_id IS NOT NULL "
                     f"AND r.n < {k}",
                     _("The template has only %(value)s characteristics."), "r.n"),
            ]
        return rules

    # --- writing ----------------------------------------------------------------------------

    def _ids(self) -> None:
        """The id of each row's inspection, taken before inserting so that its measurements
        can name it: PostgreSQL draws them from the table's sequence (nothing locked: other
        writers go on drawing theirs); SQLite's writers take turns, so the ids after the
        largest taken are free."""
        if connection.vendor == "postgresql":
            ids = "nextval(pg_get_serial_sequence('production_inspection', 'id'))"
        else:
            ids = ("(SELECT MAX(COALESCE((SELECT MAX(id) FROM production_inspection), 0), "
                   "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = "
                   "'production_inspection'), 0))) + ROW_NUMBER() OVER (ORDER BY row_no)")
        self.create_table(IDS, f"SELECT row_no, {ids} AS id FROM {RESOLVED} ORDER BY row_no")

    def write(self) -> dict[str, int]:
        self._ids()
        passed = " AND ".join(f"(r.n < {k} OR {_within(k)})" for k in range(1, MAX_VALUES + 1))
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO production_inspection (id, stage, operation_step, target_id, "
                "enterprise_id, classification, template_id, inspector_id, date, result, note, "
                "import_job_id, created_at, updated_at) "
                f"SELECT i.id, r.stage, COALESCE(r.step, ''), r.node, r.node_unit, "
                f"r.level, r.template_id, "
                f"COALESCE(r.inspector_id, %s), r.d, CASE WHEN r.n > 0 AND {passed} "
                "THEN 'passed' ELSE 'failed' END, COALESCE(r.note, ''), %s, %s, %s "
                f"FROM {RESOLVED} r JOIN {IDS} i ON i.row_no = r.row_no ORDER BY r.row_no",
                [self.actor.pk, self.job_id, now, now])
            inspections = cursor.rowcount
            # one measurement per characteristic of the template: position k of the row
            cursor.execute(
                "INSERT INTO production_measurement (inspection_id, characteristic_id, value, "
                "within_limits) "
                f"SELECT i.id, {_by_position(lambda k: f'r.id_{k}')}, "
                f"{_by_position(lambda k: f'r.v{k}')}, {_by_position(_within)} "
                f"FROM {RESOLVED} r JOIN {IDS} i ON i.row_no = r.row_no "
                f"JOIN {POSITIONS} p ON p.k <= r.n")
            measurements = cursor.rowcount
            # the inspections rollup, in the import's transaction: the slices it wrote in
            cursor.execute(f"SELECT DISTINCT node_unit, d FROM {RESOLVED}")
            refresh_inspections((unit, _as_date(day)) for unit, day in cursor.fetchall())
            return {"inspections": inspections, "measurements": measurements}

    def classification(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(level) FROM {RESOLVED}")
            return int(cursor.fetchone()[0] or 0)
