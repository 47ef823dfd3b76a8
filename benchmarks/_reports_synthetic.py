"""Synthetic volume for the report benchmarks on PostgreSQL: millions of serials and
inspections, tens of thousands of research projects, on top of the demo, with INSERT ...
SELECT generate_series (seconds, not the hours the services would take). Not audited and
not realistic in detail: it exists to see the query plans and timings of the report figures
at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnqp_bench_reports \
        .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python benchmarks/_reports_synthetic.py --serials 2000000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnqp_bench_reports make bench
"""

from __future__ import annotations

import argparse
import os
import time

import psycopg

YEARS = (2015, 2025)
ITEMS_PER_PLAN = 30

SQL = [
    # Plans: every enterprise, every year; the demo's plans stay.
    """INSERT INTO production_productionplan (created_at, updated_at, year, classification,
           note, enterprise_id)
       SELECT now(), now(), y, (u.id %% 3 = 0)::int, 'synthetic', u.id
       FROM core_orgunit u CROSS JOIN generate_series(%(first)s::int, %(last)s::int) y
       WHERE u.kind = 'enterprise'
       ON CONFLICT DO NOTHING""",
    """INSERT INTO production_planitem (created_at, updated_at, kind, quantity, due_date,
           funding_source, status, started_on, completed_on, note, product_type_id, plan_id)
       SELECT now(), now(), CASE WHEN g %% 10 = 0 THEN 'repair' ELSE 'production' END,
              400, make_date(p.year, 10, 31), 'state_budget', 'completed',
              make_date(p.year, 2, 1), make_date(p.year, 10, 10 + g %% 21), '',
              (SELECT id FROM documents_producttype ORDER BY id
               OFFSET (p.id * 7 + g) %% (SELECT count(*) FROM documents_producttype) LIMIT 1),
              p.id
       FROM production_productionplan p CROSS JOIN generate_series(1, %(items)s::int) g
       WHERE p.note = 'synthetic'""",
    """CREATE TEMP TABLE synthetic_items AS
       SELECT row_number() OVER (ORDER BY i.id) - 1 AS rn, i.id, p.enterprise_id, p.year,
              i.product_type_id, p.classification
       FROM production_planitem i JOIN production_productionplan p ON p.id = i.plan_id
       WHERE p.note = 'synthetic'""",
    "CREATE UNIQUE INDEX ON synthetic_items (rn)",
    # Serial units, each with its trace node; ids given here, sequences moved after.
    """INSERT INTO production_tracenode (id, kind, classification, enterprise_id)
       SELECT %(node_base)s + g, 'serial', it.classification, it.enterprise_id
       FROM generate_series(1, %(serials)s::int) g
       JOIN synthetic_items it ON it.rn = g %% (SELECT count(*) FROM synthetic_items)""",
    """INSERT INTO production_serialunit (id, created_at, updated_at, search_text, made_date,
           classification, serial_number, enterprise_id, plan_item_id, product_type_id,
           revision_id, node_id)
       SELECT %(serial_base)s + g, now(), now(), 'sy' || g,
              make_date(it.year, 1 + g %% 12, 1 + g %% 28), it.classification, 'SY' || g,
              it.enterprise_id, it.id, it.product_type_id,
              (SELECT min(id) FROM documents_revision), %(node_base)s + g
       FROM generate_series(1, %(serials)s::int) g
       JOIN synthetic_items it ON it.rn = g %% (SELECT count(*) FROM synthetic_items)""",
    # A final acceptance for every serial (97 %% pass and are signed off), an in-process
    # inspection for every fourth.
    """INSERT INTO production_inspection (id, created_at, updated_at, stage, operation_step,
           date, result, signed_off_at, note, inspector_id, signed_off_by_id, template_id,
           target_id)
       SELECT %(inspection_base)s + s.id - %(serial_base)s, now(), now(), 'final_acceptance',
              '', s.made_date + 10, CASE WHEN s.id %% 33 = 0 THEN 'failed' ELSE 'passed' END,
              CASE WHEN s.id %% 33 = 0 THEN NULL ELSE now() END, '', %(user)s,
              CASE WHEN s.id %% 33 = 0 THEN NULL ELSE %(user)s END, %(template)s, s.node_id
       FROM production_serialunit s WHERE s.id > %(serial_base)s""",
    """INSERT INTO production_inspection (id, created_at, updated_at, stage, operation_step,
           date, result, signed_off_at, note, inspector_id, signed_off_by_id, template_id,
           target_id)
       SELECT %(inspection_base)s + %(serials)s + s.id - %(serial_base)s, now(), now(),
              'in_process', 'lắp ráp', s.made_date - 5, 'passed', NULL, '', %(user)s, NULL,
              %(template)s, s.node_id
       FROM production_serialunit s WHERE s.id > %(serial_base)s AND s.id %% 4 = 0""",
    # Research: projects proposed from 2011, with their steps; most go the whole way.
    """INSERT INTO research_researchproject (created_at, updated_at, search_text, code, title,
           level, project_type, principal_investigator, members, budget_state,
           budget_defense, budget_enterprise, budget_other, planned_start, planned_end,
           current_end, status, classification, summary, host_unit_id, product_type_id)
       SELECT now(), now(), 'sy' || g, 'SY-' || g, 'Đề tài tổng hợp ' || g,
              (ARRAY['national','ministry','directorate','grassroots'])[1 + g %% 4], 'topic',
              'Nguyễn Văn A', '', 0, 0, 0, 0, make_date(2011 + g %% 14, 3, 1),
              make_date(2013 + g %% 14, 12, 31), make_date(2013 + g %% 14, 12, 31),
              CASE WHEN g %% 5 = 0 THEN 'in_progress' ELSE 'applied' END,
              (g %% 7 = 0)::int, '',
              (SELECT id FROM core_orgunit WHERE kind IN ('institute', 'enterprise')
               ORDER BY id OFFSET g %% 20 LIMIT 1), NULL
       FROM generate_series(1, %(projects)s::int) g""",
    """INSERT INTO research_projectevent (step, on_date, decision_number, from_status,
           to_status, note, council, grade, recorded_at, project_id)
       SELECT st.step, p.planned_start + st.offset_days, '', st.from_status, st.to_status,
              '', '', '', now(), p.id
       FROM research_researchproject p
       CROSS JOIN (VALUES ('propose', -60, '', 'proposed', 0),
                          ('open', 0, 'proposed', 'opened', 0),
                          ('start', 30, 'opened', 'in_progress', 0),
                          ('complete', 640, 'in_progress', 'completed', 1),
                          ('accept', 700, 'completed', 'accepted', 1),
                          ('apply', 900, 'accepted', 'applied', 1))
                  AS st(step, offset_days, from_status, to_status, finished)
       WHERE p.code LIKE 'SY-%%' AND (st.finished = 0 OR p.status = 'applied')""",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serials", type=int, default=2_000_000)
    parser.add_argument("--projects", type=int, default=20_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL",
                         "postgres://postgres@127.0.0.1:5432/cnqp_bench_reports")
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT 1 FROM production_productionplan WHERE note = 'synthetic' "
                        "LIMIT 1").fetchone():
            print("synthetic data already there")
            return
        one = conn.execute
        params = {
            "first": YEARS[0], "last": YEARS[1], "items": ITEMS_PER_PLAN,
            "serials": args.serials, "projects": args.projects,
            "node_base": one("SELECT coalesce(max(id), 0) FROM production_tracenode")
            .fetchone()[0] + 1000,
            "serial_base": one("SELECT coalesce(max(id), 0) FROM production_serialunit")
            .fetchone()[0] + 1000,
            "inspection_base": one("SELECT coalesce(max(id), 0) FROM production_inspection")
            .fetchone()[0] + 1000,
            "user": one("SELECT id FROM core_user WHERE username = 'admin'").fetchone()[0],
            "template": one("SELECT id FROM production_inspectiontemplate WHERE stage = "
                            "'final_acceptance' ORDER BY id LIMIT 1").fetchone()[0],
        }
        for statement in SQL:
            started = time.monotonic()
            if "%(" in statement:
                cursor = conn.execute(statement, params)
            else:
                cursor = conn.execute(statement.replace("%%", "%"))
            print(f"{time.monotonic() - started:7.1f} s  {cursor.rowcount:>10} rows  "
                  f"{' '.join(statement.split())[:70]}")
        for table in ("production_tracenode", "production_serialunit", "production_inspection"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
