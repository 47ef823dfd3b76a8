"""Another unit and a lower clearance, explicitly, through the trace, its export, recalls,
figures and their records: what they may not see does not exist for them."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.production.models import TraceNode
from cnqp.quality import services
from cnqp.quality.tests.conftest import YEAR, file_report


def _xlsx_labels(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_trace_export_for_another_unit_and_a_lower_clearance(line, client_for, make_user):
    params = {"direction": "forward", "material_lot": line.steel.pk}
    assert client_for(line.world.staff_b).get("/quality/trace/export.xlsx", params
                                              ).status_code == 404
    assert client_for(line.world.staff_b).get("/quality/trace/", params).status_code == 404
    TraceNode.objects.filter(pk=line.barrels.node_id).update(classification=Classification.SECRET)
    low = make_user(["department_staff"], line.world.org.department, Classification.CONFIDENTIAL)
    labels = _xlsx_labels(client_for(low).get("/quality/trace/export.xlsx", params))
    assert not any("NONG-01" in label for label in labels)  # the secret lot is not there
    assert sum(line_serial.serial_number in " ".join(labels)
               for line_serial in [*line.rifles, line.spare]) == 3  # reached through it
    high = client_for(line.qlcn).get("/quality/trace/export.xlsx", params)
    assert any("NONG-01" in label for label in _xlsx_labels(high))
    export = AuditEntry.objects.filter(action="export", object_type="production.tracenode")
    assert export.count() == 2 and export.latest("id").classification == Classification.SECRET
    page = client_for(low).get("/quality/trace/", params).content.decode()
    assert "NONG-01" not in page and line.spare.serial_number in page


def test_recalled_serials_export_and_api_for_each_unit(line, client_for):
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")
    exported = client_for(line.sd304_user).get("/quality/recalled-serials/",
                                               {"recall": recall.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert sorted(r[1] for r in rows[1:]) == sorted(s.serial_number for s in line.rifles)
    other = client_for(line.world.staff_b).get("/api/quality/recalled-serials").json()
    assert other["count"] == 0
    assert client_for(line.world.staff_b).get(f"/quality/recalls/{recall.pk}/").status_code == 404


def test_figure_records_for_another_unit_and_a_lower_clearance(line, client_for, make_user):
    file_report(line)
    period = {"start": f"01/01/{YEAR}", "end": f"31/12/{YEAR}"}
    for figure in ("inspected", "delivered"):
        page = client_for(line.world.staff_b).get("/quality/figures/records/",
                                                  {"figure": figure, **period})
        assert page.context["page"].paginator.count == 0
    from cnqp.production import services as production

    production.update_serial(line.world.staff, line.rifles[0],
                             classification=Classification.SECRET)
    low = make_user(["department_staff"], line.world.org.department, Classification.CONFIDENTIAL)
    delivered = client_for(low).get("/quality/figures/records/", {"figure": "delivered", **period})
    assert delivered.context["page"].paginator.count == 2  # not the secret rifle
    inspected = client_for(low).get("/quality/figures/records/", {"figure": "inspected", **period})
    assert inspected.context["page"].paginator.count == 2
    failures = client_for(line.world.staff_b).get("/quality/field-reports/",
                                                  {"figure": "failures", **period})
    assert failures.context["page"].paginator.count == 0
