"""The quality API, every endpoint: the same services and scoping as the pages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from cnqp.core.models import AuditEntry
from cnqp.production.models import TraceNode
from cnqp.quality.api import TraceOut
from cnqp.quality.choices import ActionStatus, NCStatus, ReportStatus
from cnqp.quality.factories import PNG_BYTES
from cnqp.quality.models import CorrectiveAction, Recall
from cnqp.quality.tests.conftest import YEAR, file_report

JSON = "application/json"


def test_field_reports_create_list_triage_and_photos(line, client_for):
    client = client_for(line.sd304_user)
    created = client.post("/api/quality/field-reports", {
        "reporting_unit": line.world.org.user_unit.pk, "product_type": line.world.product_type.pk,
        "serials": [r.pk for r in line.rifles], "occurred_on": f"{YEAR}-09-03",
        "symptom": "Kẹt vỏ đạn", "usage_value": "1850", "usage_unit": "rounds",
        "severity": "major", "classification": 0}, content_type=JSON)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["serial_ids"] == sorted(r.pk for r in line.rifles)
    assert body["enterprise_id"] == line.world.org.enterprise_a.pk
    refused = client.post("/api/quality/field-reports", {
        "reporting_unit": line.world.org.user_unit.pk, "product_type": line.world.product_type.pk,
        "serials": [line.spare.pk], "occurred_on": f"{YEAR}-09-03", "symptom": "x",
        "usage_value": "1", "usage_unit": "rounds", "severity": "major"}, content_type=JSON)
    assert refused.status_code == 422, refused.content
    assert [e["field"] for e in refused.json()["errors"]] == ["serials"], refused.content
    photos = client.post(f"/api/quality/field-reports/{body['id']}/photos",
                         {"files": [SimpleUploadedFile("a.png", PNG_BYTES, "image/png")]})
    assert photos.status_code == 201 and photos.json()[0]["size"] == len(PNG_BYTES)
    bad = client.post(f"/api/quality/field-reports/{body['id']}/photos",
                      {"files": [SimpleUploadedFile("a.png", b"not a png", "image/png")]})
    assert bad.status_code == 422
    assert client.get("/api/quality/field-reports").json()["count"] == 1
    assert client_for(line.sd308_user).get("/api/quality/field-reports").json()["count"] == 0
    # triage: not by the user unit, by the producer
    assert client.post(f"/api/quality/field-reports/{body['id']}/close",
                       {"reason": "x"}, content_type=JSON).status_code == 403
    staff = client_for(line.world.staff)
    opened = staff.post(f"/api/quality/field-reports/{body['id']}/open_nonconformance",
                        {"title": "Kẹt vỏ đạn"}, content_type=JSON)
    assert opened.status_code == 200 and opened.json()["status"] == ReportStatus.NC_OPENED
    again = staff.post(f"/api/quality/field-reports/{body['id']}/close", {"reason": "x"},
                       content_type=JSON)
    assert again.status_code == 422
    ncs = staff.get("/api/quality/nonconformances", {"field_report": body["id"]}).json()
    assert ncs["count"] == 1 and ncs["items"][0]["serial_ids"] == body["serial_ids"]


def test_nonconformances_and_actions_lifecycle(line, client_for):
    client = client_for(line.qlcn)
    created = client.post("/api/quality/nonconformances", {
        "title": "Thép mềm", "source": "review", "enterprise": line.world.org.enterprise_a.pk,
        "product_type": line.world.product_type.pk, "severity": "major",
        "detected_on": f"{YEAR}-10-01", "material_lot_code": "VT-THEP-01"}, content_type=JSON)
    assert created.status_code == 201, created.content
    nc = created.json()
    assert nc["material_lot_id"] == line.steel.pk
    assert client.post(f"/api/quality/nonconformances/{nc['id']}/analyse", {
        "stage": "material", "root_cause": "Sai mác thép"}, content_type=JSON).json()[
        "root_cause_stage"] == "material"
    action = client.post("/api/quality/actions", {
        "nonconformance": nc["id"], "title": "Đổi nhà cung cấp",
        "owner_unit": line.world.org.enterprise_a.pk, "owner": line.world.staff.pk,
        "due_date": f"{YEAR}-12-31"}, content_type=JSON)
    assert action.status_code == 201, action.content
    url = f"/api/quality/actions/{action.json()['id']}"
    staff = client_for(line.world.staff)
    assert staff.post(f"{url}/start", {}, content_type=JSON).json()["status"] == "in_progress"
    assert staff.post(f"{url}/implement", {}, content_type=JSON).status_code == 200
    closing = client.post(f"{url}/close", {}, content_type=JSON)
    assert closing.status_code == 422 and closing.json()["errors"][0]["field"] == "effective"
    checked = client.post(f"{url}/check", {"effective": "yes", "note": "Đạt"},
                          content_type=JSON)
    assert checked.json()["effective"] is True
    assert client.post(f"{url}/close", {}, content_type=JSON).json()["status"] == "closed"
    closed = client.post(f"/api/quality/nonconformances/{nc['id']}/close", {}, content_type=JSON)
    assert closed.json()["status"] == NCStatus.CLOSED
    assert CorrectiveAction.objects.get().status == ActionStatus.CLOSED
    listed = client.get("/api/quality/actions", {"overdue": "false"}).json()
    assert listed["count"] == 1 and listed["items"][0]["is_overdue"] is False
    assert client_for(line.world.staff_b).get(url).status_code == 404


def test_trace_endpoints(line, client_for):
    client = client_for(line.world.staff)
    rifle = line.rifles[0]
    back = client.get("/api/quality/trace/backward", {"serial": rifle.pk})
    assert back.status_code == 200
    body = back.json()
    assert {n["node_id"] for n in body["nodes"]} == {rifle.node_id, line.barrels.node_id,
                                                      line.steel.node_id}
    TraceOut.model_validate(body)  # rendered without the schema: it must still fit it
    start = body["start"]
    assert start["revision_id"] == line.world.revision.pk
    assert start["inspections"][0]["stage"] == "final_acceptance"
    lot = client.get("/api/quality/trace/backward", {"lot": line.barrels.pk}).json()
    assert len(lot["nodes"]) == 2
    forward = client.get("/api/quality/trace/forward", {"material_lot": line.steel.pk}).json()
    TraceOut.model_validate(forward)
    assert forward["links"][0]["quantity"] == "1.000"
    assert {u["code"]: u["serials"] for u in forward["units"]} == {"SD304": 2, "SD308": 1}
    assert forward["lots"] == [line.barrels.node_id] and len(forward["serials"]) == 3
    assert client.get("/api/quality/trace/forward", {"lot": line.barrels.pk}).status_code == 200
    assert client.get("/api/quality/trace/forward", {"serial": rifle.pk}).json()[
        "serials"][0]["units"] == ["SD304"]
    for params in ({}, {"serial": rifle.pk, "lot": line.barrels.pk}, {"serial": 999999}):
        assert client.get("/api/quality/trace/forward", params).status_code == 404
    assert client.get("/api/quality/trace/backward", {"material_lot": line.steel.pk}
                      ).status_code == 404  # not a parameter of the backward trace
    assert client_for(line.world.staff_b).get("/api/quality/trace/backward",
                                              {"serial": rifle.pk}).status_code == 404


def test_an_item_the_user_may_not_see_is_never_walked(line, client_for, monkeypatch):
    """Its 404 comes before the walk, as for an item that does not exist: the time of the
    answer tells neither that it exists nor how much it reaches."""
    from cnqp.quality.trace import build

    def no_walk(*args, **kwargs):
        raise AssertionError("walked")

    monkeypatch.setattr(build, "walk", no_walk)
    other = client_for(line.world.staff_b)
    for params in ({"serial": line.rifles[0].pk}, {"serial": 999_999}):
        assert other.get("/api/quality/trace/backward", params).status_code == 404
    assert other.get("/api/quality/trace/forward", {"material_lot": line.steel.pk}
                     ).status_code == 404


def test_a_user_unit_traces_only_what_it_received(line, client_for):
    client = client_for(line.sd304_user)
    rifle = line.rifles[0]
    back = client.get("/api/quality/trace/backward", {"serial": rifle.pk}).json()
    assert [n["node_id"] for n in back["nodes"]] == [rifle.node_id]  # not the steel or lot
    assert back["start"]["inspections"]  # its own serial's acceptance
    assert client.get("/api/quality/trace/forward", {"material_lot": line.steel.pk}
                      ).status_code == 404
    assert client.get("/api/quality/trace/backward", {"serial": line.spare.pk}
                      ).status_code == 404


def test_recalls_and_marked_serials(line, client_for):
    client = client_for(line.qlcn)
    created = client.post("/api/quality/recalls", {"start_node": line.steel.node_id,
                                                   "reason": "Thép không đạt"},
                          content_type=JSON)
    assert created.status_code == 201, created.content
    recall = created.json()
    assert recall["serial_count"] == 3 and recall["unit_count"] == 2
    marked = client_for(line.sd304_user).get("/api/quality/recalled-serials",
                                             {"recall": recall["id"]}).json()
    assert {m["serial_id"] for m in marked["items"]} == {r.pk for r in line.rifles}
    # told of it, a unit holding part of it opens it (its page shows only its own serials)
    assert client_for(line.sd308_user).get(f"/api/quality/recalls/{recall['id']}"
                                           ).status_code == 200
    assert client_for(line.world.staff).get(f"/api/quality/recalls/{recall['id']}"
                                            ).status_code == 200  # made all of it
    assert client_for(line.world.staff_b).get(f"/api/quality/recalls/{recall['id']}"
                                              ).status_code == 404
    refused = client_for(line.world.staff).post("/api/quality/recalls", {
        "start_node": TraceNode.objects.create(kind="lot", enterprise=line.world.org.enterprise_b
                                               ).pk, "reason": "x"}, content_type=JSON)
    assert refused.status_code == 422 and Recall.objects.count() == 1


def test_figures_endpoint(line, client_for):
    file_report(line)
    client = client_for(line.qlcn)
    body = client.get("/api/quality/figures", {"start": f"{YEAR}-01-01",
                                                "end": f"{YEAR}-12-31"}).json()
    assert body["total"]["counts"]["failures"] == 1
    assert body["total"]["counts"]["delivered"] == 3
    assert body["by_product_type"][0]["code"] == line.world.product_type.code
    assert [s["stage"] for s in body["stages"]][-1] == "undetermined"
    assert client.get("/api/quality/figures", {"start": f"{YEAR}-12-31",
                                                "end": f"{YEAR}-01-01"}).status_code == 422
    other = client_for(line.world.staff_b).get("/api/quality/figures", {
        "start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}).json()
    assert not any(other["total"]["counts"].values())


def test_classified_trace_reads_are_audited(line, client_for, make_user):
    TraceNode.objects.filter(pk=line.steel.node_id).update(classification=1)
    client = client_for(line.qlcn)
    client.get("/api/quality/trace/backward", {"serial": line.rifles[0].pk})
    entry = AuditEntry.objects.filter(object_type="production.tracenode").latest("id")
    assert entry.changes["classified_ids"] == [line.steel.node_id] and entry.classification == 1
    low = make_user(["department_staff"], line.world.org.department, 0)
    body = client_for(low).get("/api/quality/trace/backward", {"serial": line.rifles[0].pk}
                               ).json()
    assert line.steel.node_id not in {n["node_id"] for n in body["nodes"]}



def test_an_action_without_its_non_conformance_is_refused_by_name(line, client_for):
    """Actions became of any origin (safety's findings and incidents); quality's own still
    name their non-conformance: missing, it is a 422 naming it, not a server error (found by
    the fuzz on PostgreSQL)."""
    answer = client_for(line.world.admin).post(
        "/api/quality/actions", {"owner_unit": line.world.org.enterprise_a.pk,
                                 "due_date": f"{YEAR}-08-22", "title": "x"}, content_type=JSON)
    assert answer.status_code == 422, answer.content
    assert [e["field"] for e in answer.json()["errors"]] == ["nonconformance"], answer.content
    assert not CorrectiveAction.objects.exists()
