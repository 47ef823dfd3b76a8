"""A synthetic genealogy at scale in a PostgreSQL bench database, to check the trace's plans
and timings before the large demo exists (not discovered by run.py: its name starts with _).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnqp_bench_quality \\
        .venv/bin/python benchmarks/_synthetic.py [--scale 1.0]

Layers, as the large demo builds them: material lots → component lots (2 materials each) →
sub-assembly serials (3 component lots each) → final serials (3 sub-assemblies each), with a
final acceptance on every lot and serial and the final serials delivered to user units. At
scale 1: 2.55 million nodes, 7 million edges. Written with INSERT … SELECT generate_series, in
id ranges above the demo's, then VACUUM ANALYZE. Run once; then `benchmarks/run.py` picks its
starting nodes from it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BASE = {"material": 10_000_000, "component": 20_000_000, "sub": 30_000_000, "final": 40_000_000}
MULT = 48271  # coprime with every layer size below: each input is used equally often


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip", type=int, default=0,
                        help="resume: skip the first N steps (already done)")
    args = parser.parse_args()
    n = {"material": int(50_000 * args.scale), "component": int(500_000 * args.scale),
         "sub": int(1_500_000 * args.scale), "final": int(500_000 * args.scale)}
    url = os.environ.get("BENCH_DATABASE_URL",
                         "postgres://postgres@127.0.0.1:5432/cnqp_bench_quality")
    with psycopg.connect(url, autocommit=True) as conn:
        if not args.skip and conn.execute(
                "SELECT 1 FROM production_tracenode WHERE id > %s LIMIT 1",
                [BASE["material"]]).fetchone():
            sys.exit("The synthetic genealogy is already loaded.")
        ref = conn.execute(
            "SELECT s.enterprise_id, s.product_type_id, s.revision_id, i.template_id,"
            " i.inspector_id FROM production_serialunit s JOIN production_inspection i"
            " ON i.target_id = s.node_id LIMIT 1").fetchone()
        units = [r[0] for r in conn.execute(
            "SELECT id FROM core_orgunit WHERE kind = 'user_unit' ORDER BY id")]
        if ref is None or not units:
            sys.exit("Seed the demo first (benchmarks/run.py does).")
        enterprise, product_type, revision, template, inspector = ref
        steps = statements(n, enterprise, product_type, revision, template, inspector, units)
        for label, sql in steps[args.skip:]:
            started = time.perf_counter()
            conn.execute(sql)
            print(f"{label:<44} {time.perf_counter() - started:8.1f} s", flush=True)
        edges = conn.execute("SELECT count(*) FROM production_genealogyedge").fetchone()
        nodes = conn.execute("SELECT count(*) FROM production_tracenode").fetchone()
        print(f"nodes {nodes[0]:,}, edges {edges[0]:,}")


def statements(n: dict[str, int], enterprise: int, product_type: int, revision: int,
               template: int, inspector: int, units: list[int]) -> list[tuple[str, str]]:
    b = BASE
    out: list[tuple[str, str]] = []
    kinds = {"material": "material_lot", "component": "lot", "sub": "serial", "final": "serial"}
    for layer, kind in kinds.items():
        out.append((f"nodes: {layer} ({n[layer]:,})",
                    f"INSERT INTO production_tracenode (id, kind, classification, enterprise_id)"
                    f" SELECT {b[layer]} + g, '{kind}', 0, {enterprise}"
                    f" FROM generate_series(1, {n[layer]}) g"))
    out.append(("items: material lots",
                f"INSERT INTO production_materiallot (id, created_at, updated_at, search_text,"
                f" code, supplier, material_name, quantity, unit_of_measure, received_date,"
                f" certificate_number, classification, enterprise_id, node_id)"
                f" SELECT {b['material']} + g, now(), now(), '', 'SYN-M-' || g, 'Synthetic',"
                f" 'Thép', 100, 'kg', DATE '2024-01-01', '', 0, {enterprise}, {b['material']} + g"
                f" FROM generate_series(1, {n['material']}) g"))
    out.append(("items: component lots",
                f"INSERT INTO production_lot (id, created_at, updated_at, search_text,"
                f" made_date, classification, lot_number, quantity, enterprise_id,"
                f" product_type_id, revision_id, node_id)"
                f" SELECT {b['component']} + g, now(), now(), '', DATE '2024-03-01', 0,"
                f" 'SYN-C-' || g, 100, {enterprise}, {product_type}, {revision},"
                f" {b['component']} + g FROM generate_series(1, {n['component']}) g"))
    for layer in ("sub", "final"):
        out.append((f"items: {layer} serials",
                    f"INSERT INTO production_serialunit (id, created_at, updated_at, search_text,"
                    f" made_date, classification, serial_number, enterprise_id, product_type_id,"
                    f" revision_id, node_id)"
                    f" SELECT {b[layer]} + g, now(), now(), '', DATE '2024-06-01', 0,"
                    f" 'SYN-{layer[0].upper()}-' || g, {enterprise}, {product_type}, {revision},"
                    f" {b[layer]} + g FROM generate_series(1, {n[layer]}) g"))
    for output, inputs, fan in (("component", "material", 2), ("sub", "component", 3),
                                ("final", "sub", 3)):
        out.append((f"edges: {inputs} → {output} ({n[output] * fan:,})",
                    f"INSERT INTO production_genealogyedge (quantity, operation_step, at,"
                    f" classification, input_node_id, output_node_id)"
                    f" SELECT 1, 'Lắp ráp', now(), 0,"
                    f" {b[inputs]} + 1 + ((g * {fan} + k)::bigint * {MULT}) % {n[inputs]},"
                    f" {b[output]} + 1 + g FROM generate_series(0, {n[output] - 1}) g,"
                    f" generate_series(0, {fan - 1}) k"))
    out.append(("inspections: a final acceptance per output",
                f"INSERT INTO production_inspection (created_at, updated_at, stage,"
                f" operation_step, date, result, signed_off_at, note, inspector_id,"
                f" template_id, target_id)"
                f" SELECT now(), now(), 'final_acceptance', '', DATE '2024-07-01', 'passed',"
                f" now(), '', {inspector}, {template}, id FROM production_tracenode"
                f" WHERE id > {b['component']}"))
    deliveries = max(1, n["final"] // 50)
    out.append(("deliveries of the final serials (50 each)",
                f"INSERT INTO production_delivery (id, created_at, updated_at, search_text,"
                f" document_number, date, note, enterprise_id, recipient_id)"
                f" SELECT {b['final']} + g, now(), now(), '', 'SYN-' || g, DATE '2024-09-01',"
                f" '', {enterprise}, (ARRAY{units})[1 + g % {len(units)}]"
                f" FROM generate_series(1, {deliveries}) g"))
    out.append(("delivery lines",
                f"INSERT INTO production_deliveryline (delivery_id, serial_id)"
                f" SELECT {b['final']} + 1 + (g - 1) / 50, {b['final']} + g"
                f" FROM generate_series(1, {deliveries * 50}) g"))
    out += [("vacuum analyse", "VACUUM ANALYZE")]
    return out


if __name__ == "__main__":
    main()
