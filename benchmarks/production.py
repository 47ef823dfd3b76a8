"""Production: bulk imports of genealogy edges (CSV, XLSX) and the creation of 10,000 serials,
each next to raw COPY doing the same work. Every case runs in a transaction that is rolled
back (the data stays as it was for the next run), with the foreign keys checked at each
statement rather than at the commit that never comes, so nothing is skipped.

The import files are made once from the demo's data, under var/bench/: rework records that
consume material lots into existing final serials, five per serial, at their enterprise. The
workbook comes twice: as openpyxl writes it (every text inline, every cell text) and as Excel
saves it (shared strings, the quantity a number, the time a date).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from openpyxl import Workbook

from benchmarks._excel import write_workbook
from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core.imports.bulk.loading import copy_rows
from cnqp.production import services
from cnqp.production.bulk import GenealogyImport
from cnqp.production.models import PlanItem, SerialUnit

CSV_ROWS = 1_000_000
XLSX_ROWS = 200_000
SERIALS = 10_000
HEADER = ["Loại đầu ra", "Chủng loại đầu ra", "Số hiệu đầu ra", "Loại đầu vào",
          "Chủng loại đầu vào", "Số hiệu đầu vào", "Số lượng", "Công đoạn", "Thời điểm",
          "Người thực hiện"]


class _Rollback(Exception):
    pass


def rolled_back(work: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        result = None
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                result = work()
                raise _Rollback
        except _Rollback:
            return result

    return run


def _rework_rows(limit: int) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Rows of the import file, and the (input node, output node) each resolves to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pt.code, s.serial_number, s.node_id, s.enterprise_id "
            "FROM production_serialunit s JOIN documents_producttype pt "
            "ON pt.id = s.product_type_id WHERE s.serial_number LIKE %s "
            "ORDER BY s.id LIMIT %s", ["%-C%", limit // 5])
        serials = cursor.fetchall()
        cursor.execute("SELECT enterprise_id, code, node_id FROM production_materiallot "
                       "ORDER BY enterprise_id, id")
        materials: dict[int, list[tuple[str, int]]] = {}
        for enterprise, code, node in cursor.fetchall():
            materials.setdefault(enterprise, []).append((code, node))
    rows, pairs = [], []
    for index, (type_code, number, node, enterprise) in enumerate(serials):
        choices = materials[enterprise]
        for k in range(5):
            code, material_node = choices[(index * 7 + k * 131) % len(choices)]
            rows.append(["serial", type_code, number, "material_lot", "", code, "0,5",
                         "Gia công lại", "2025-06-01 08:00", ""])
            pairs.append((material_node, node))
    return rows, pairs


def _excel_row(row: list[str]) -> list[object]:
    """A file row as Excel keeps it once typed: the quantity a number, the time a date."""
    quantity, at = row[6], row[8]
    return [*row[:6], float(quantity.replace(",", ".")), row[7],
            dt.datetime.strptime(at, "%Y-%m-%d %H:%M"), *row[9:]]


def _files() -> tuple[Path, Path, Path, list[tuple[int, int]], list[tuple[int, int]]]:
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / "rework-1m.csv", folder / "rework-200k.xlsx"
    excel_path = folder / "rework-200k-excel.xlsx"
    rows, pairs = _rework_rows(CSV_ROWS)
    if not csv_path.exists():
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
    if not xlsx_path.exists():
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in rows[:XLSX_ROWS]:
            sheet.append(row)
        book.save(xlsx_path)
    if not excel_path.exists():
        write_workbook(excel_path, [HEADER, *map(_excel_row, rows[:XLSX_ROWS])])
    return csv_path, xlsx_path, excel_path, pairs, pairs[:XLSX_ROWS]


def _raw_copy(pairs: list[tuple[int, int]], operator: int) -> Callable[[], Any]:
    """The same edges, already resolved to node ids and formatted, copied straight into the
    table in the order of its (input, output) index, as the import writes them: the
    database's own limit for writing these rows."""
    payload = "".join(f"{i}\t{o}\t0.5\tGia công lại\t2025-06-01 08:00:00+07\t{operator}\t0\n"
                      for i, o in sorted(pairs)).encode()
    sql = ("COPY production_genealogyedge (input_node_id, output_node_id, quantity, "
           "operation_step, at, operator_id, classification) FROM STDIN")

    def run() -> Any:
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.write(payload)

    return rolled_back(run)


def _import(path: Path, user: Any) -> Callable[[], Any]:
    def run() -> Any:
        with path.open("rb") as handle:
            result = GenealogyImport(user).run(handle, path.name)
        if not result.ok:
            raise RuntimeError(f"bench import refused: {result.errors[:3]}")
        return result

    return rolled_back(run)


def _serial_cases(ctx: BenchContext) -> list[Case]:
    """A plan item in progress that has made serials (its design revision is theirs); when
    the demo has none in progress, a done one reopened inside each run's rolled-back
    transaction."""
    made = PlanItem.objects.filter(pk__in=SerialUnit.objects.values("plan_item"))
    item = (made.filter(status="in_progress").first() or made.order_by("-pk").first())
    if item is None:
        return []
    reopen = item.status != "in_progress"
    item = PlanItem.objects.select_related("plan__enterprise", "product_type").get(pk=item.pk)
    item.status = "in_progress"
    revision = SerialUnit.objects.filter(plan_item=item).values_list("revision", flat=True)[0]
    from cnqp.documents.models import Revision

    design = Revision.objects.get(pk=revision)

    def create() -> Any:
        if reopen:
            PlanItem.objects.filter(pk=item.pk).update(status="in_progress")
        return services.create_serials(ctx.admin, plan_item=item, revision=design,
                                       made_date=item.started_on or dt.date.today(),
                                       prefix="BENCH-", count=SERIALS, width=6)

    def raw() -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM production_tracenode")
            base = cursor.fetchone()[0] + 1
        copy_rows("production_tracenode", ("id", "kind", "enterprise_id", "classification"),
                  ((base + n, "serial", item.plan.enterprise_id, 0) for n in range(SERIALS)))
        return copy_rows("production_serialunit", (
            "created_at", "updated_at", "search_text", "made_date", "classification",
            "serial_number", "enterprise_id", "product_type_id", "revision_id", "node_id",
            "plan_item_id"),
            (("2025-01-01 00:00:00+07", "2025-01-01 00:00:00+07", f"bench-{n:06d}",
              "2025-01-01", 0, f"BENCH-{n:06d}", item.plan.enterprise_id,
              item.product_type_id, revision, base + n, item.pk) for n in range(SERIALS)))

    return [Case("create 10,000 serials (create_serials)", rolled_back(create),
                 rolled_back(raw), repeat=5, target="≤ 1,000 ms")]


def _vacuumed() -> None:
    """Every rolled-back run leaves its rows dead in the edge table and its indexes (a million
    for the CSV case, the very edges the next run writes again, which its checks would then
    find and skip one by one): every run starts from a vacuumed table, as an import does that
    follows no rolled-back one, rather than from the garbage of the last run or with
    autovacuum arriving mid-case."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM production_genealogyedge")


def _timings(result: Any) -> dict[str, float]:
    """The import's own phases (read and stage, resolve, check, check at writing, write),
    and what none of them counts (the file's hash, the audit entry, the clean-up)."""
    timings = dict(result.timings)
    return {**timings, "(outside the phases)": result.seconds - sum(timings.values())}


def cases(ctx: BenchContext) -> list[Case]:
    if connection.vendor != "postgresql":
        return []
    csv_path, xlsx_path, excel_path, pairs, xlsx_pairs = _files()
    user = ctx.admin
    return [
        Case(f"import genealogy CSV, {len(pairs):,} rows".replace(",", "."),
             _import(csv_path, user), _raw_copy(pairs, user.pk), repeat=3, rows=len(pairs),
             warmup=False, target="≥ 100.000 rows/s", before=_vacuumed, phases=_timings),
        Case(f"import genealogy XLSX, {len(xlsx_pairs):,} rows".replace(",", "."),
             _import(xlsx_path, user), _raw_copy(xlsx_pairs, user.pk), repeat=3,
             rows=len(xlsx_pairs), warmup=False, target="≥ 60.000 rows/s", before=_vacuumed,
             phases=_timings),
        # the same rows as Excel saves them (openpyxl, above, writes every text inline)
        Case(f"import genealogy XLSX as Excel saves it, {len(xlsx_pairs):,}".replace(",", "."),
             _import(excel_path, user), _raw_copy(xlsx_pairs, user.pk), repeat=3,
             rows=len(xlsx_pairs), warmup=False, target="≥ 60.000 rows/s", before=_vacuumed,
             phases=_timings),
        *_serial_cases(ctx),
    ]

