"""Reports: the annual report of the whole directorate (every section, as an all-seeing
user) next to raw SQL computing the same figures; its rendering (DOCX, XLSX, PDF) apart; the
home page's dashboard. Target: the report's figures in 1 s or less on the large demo (read
from the rollups, cnqp/core/figures/rollups.py; the same report counted from the records
beside it, as before them).

At volume on PostgreSQL (millions of serials and inspections), fill a database with
`benchmarks/_reports_synthetic.py` and point BENCH_DATABASE_URL at it. The year defaults to
2023 (BENCH_REPORT_YEAR)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from django.db import connection

from benchmarks.context import BenchContext
from benchmarks.run import Case
from cnqp.core.figures import rollups
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.reports.assembly import ReportSpec, available_sections, build_report
from cnqp.reports.render.docx import render_docx
from cnqp.reports.render.pdf import docx_to_pdf, soffice_path
from cnqp.reports.render.xlsx import render_xlsx

YEAR = int(os.environ.get("BENCH_REPORT_YEAR", "2023"))

# The same figures in plain SQL, for an all-seeing reader of clearance %(level)s: the limit
# of what the database does for the report (no scoping beyond the clearance, no text).
RAW = [
    # research: steps of the period per level (distinct projects), one pass over the steps
    """SELECT p.level, e.step, count(DISTINCT e.project_id)
       FROM research_projectevent e JOIN research_researchproject p ON p.id = e.project_id
       WHERE e.on_date BETWEEN %(start)s AND %(end)s AND p.classification <= %(level)s
       GROUP BY p.level, e.step""",
    # research: in execution during the period (stage before it, or a step in it)
    """SELECT p.level, count(*) FROM research_researchproject p
       WHERE p.classification <= %(level)s AND (
         (SELECT e.to_status FROM research_projectevent e WHERE e.project_id = p.id
            AND e.on_date < %(start)s ORDER BY e.on_date DESC, e.id DESC LIMIT 1)
           IN ('opened', 'in_progress')
         OR EXISTS (SELECT 1 FROM research_projectevent e WHERE e.project_id = p.id
            AND e.on_date BETWEEN %(start)s AND %(end)s
            AND (e.from_status IN ('opened', 'in_progress')
                 OR e.to_status IN ('opened', 'in_progress'))))
       GROUP BY p.level""",
    # documents: revisions issued in the period, rights granted
    """SELECT s.kind, count(*), count(DISTINCT r.document_set_id)
       FROM documents_revision r JOIN documents_documentset s ON s.id = r.document_set_id
       WHERE r.issue_date BETWEEN %(start)s AND %(end)s AND s.classification <= %(level)s
       GROUP BY s.kind""",
    """SELECT u.purpose, count(*) FROM documents_usageright u
       WHERE u.valid_from BETWEEN %(start)s AND %(end)s GROUP BY u.purpose""",
    # production: N/M per enterprise (quality: a final acceptance, none failed)
    """SELECT p.enterprise_id, count(DISTINCT i.product_type_id),
              count(DISTINCT i.product_type_id) FILTER (WHERE NOT (
                i.status = 'completed' AND i.completed_on <= i.due_date
                AND EXISTS (SELECT 1 FROM production_serialunit s
                            JOIN production_inspection f ON f.target_id = s.node_id
                            WHERE s.plan_item_id = i.id AND f.stage = 'final_acceptance')
                AND i.id NOT IN (SELECT s.plan_item_id FROM production_inspection f
                                 JOIN production_serialunit s ON s.node_id = f.target_id
                                 WHERE f.stage = 'final_acceptance' AND f.result = 'failed'
                                   AND s.plan_item_id IS NOT NULL)))
       FROM production_planitem i JOIN production_productionplan p ON p.id = i.plan_id
       WHERE p.year = %(year)s AND p.classification <= %(level)s GROUP BY p.enterprise_id""",
    # production: accepted units built in the period, per product type
    """SELECT s.product_type_id, count(*) FROM production_serialunit s
       WHERE s.made_date BETWEEN %(start)s AND %(end)s AND s.classification <= %(level)s
         AND s.node_id IN (SELECT target_id FROM production_inspection
                           WHERE stage = 'final_acceptance' AND result = 'passed'
                             AND signed_off_at IS NOT NULL)
       GROUP BY s.product_type_id""",
    # production: inspections of the period per stage
    """SELECT i.stage, count(*), count(*) FILTER (WHERE i.result = 'passed')
       FROM production_inspection i JOIN production_tracenode n ON n.id = i.target_id
       WHERE i.date BETWEEN %(start)s AND %(end)s AND n.classification <= %(level)s
       GROUP BY i.stage""",
]


def _bypassed(run: Callable[[], object]) -> object:
    """The figures as they were before the rollups: every one counted from the records."""
    with rollups.bypassed():
        return run()


def cases(ctx: BenchContext) -> list[Case]:
    user = ctx.admin
    period = ReportPeriod.annual(YEAR)
    spec = ReportSpec(kind="annual", period=period, unit=None,
                      sections=[s.key for s in available_sections()], number="01",
                      date=dt.date(YEAR + 1, 1, 5))
    params = {"start": period.start, "end": period.end, "year": YEAR,
              "level": user.clearance}

    def raw() -> object:
        with connection.cursor() as cursor:
            for sql in RAW:
                cursor.execute(sql, params)
                cursor.fetchall()
        return None

    report = build_report(user, spec)
    docx = render_docx(report)
    found = [
        Case(f"annual report {YEAR}: figures, {len(spec.sections)} sections, directorate",
             lambda: build_report(user, spec), raw, repeat=5, target="<= 1000 ms"),
        Case(f"annual report {YEAR}: figures counted from the records (rollups bypassed)",
             lambda: _bypassed(lambda: build_report(user, spec)), raw, repeat=3),
        Case(f"annual report {YEAR}: DOCX ({len(report.tables())} tables, charts)",
             lambda: render_docx(report), repeat=5),
        Case(f"annual report {YEAR}: XLSX annex", lambda: render_xlsx(report), repeat=5),
        Case("home page dashboard (admin)", lambda: ctx.client.get("/"), repeat=5),
    ]
    if soffice_path():
        found.append(Case(f"annual report {YEAR}: PDF (LibreOffice)",
                          lambda: docx_to_pdf(docx), repeat=3))
    return found
