"""Pages: the field report form offers a user unit only what it received; triage; the
non-conformance page with its trace and actions; the trace page; recall from the page; photos;
the figures page with a link behind every number."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cnqp.core.models import AuditEntry, Notification
from cnqp.production.models import Inspection
from cnqp.quality import services
from cnqp.quality.choices import ActionStatus, NCStatus, ReportStatus
from cnqp.quality.factories import PNG_BYTES
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance, Recall
from cnqp.quality.tests.conftest import YEAR, file_report


def _options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def test_report_form_offers_only_received_serials(line, client_for):
    client = client_for(line.sd304_user)
    page = client.get("/quality/field-reports/new/").content.decode()
    assert _options(page, "reporting_unit") == {str(line.world.org.user_unit.pk)}
    assert _options(page, "product_type") == {str(line.world.product_type.pk)}
    assert _options(page, "serials") == set()  # the type is chosen first
    reloaded = client.get("/quality/field-reports/new/", {
        "product_type": line.world.product_type.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert reloaded.lstrip().startswith("<form")
    assert _options(reloaded, "serials") == {str(r.pk) for r in line.rifles}  # not the spare
    answer = client.post("/quality/field-reports/new/", {
        "reporting_unit": line.world.org.user_unit.pk,
        "product_type": line.world.product_type.pk, "serials": [line.spare.pk],
        "occurred_on": f"03/09/{YEAR}", "symptom": "Kẹt", "usage_value": "100",
        "usage_unit": "rounds", "severity": "minor", "classification": 0})
    assert answer.status_code == 200 and not FieldReport.objects.exists()
    answer = client.post("/quality/field-reports/new/", {
        "reporting_unit": line.world.org.user_unit.pk,
        "product_type": line.world.product_type.pk, "serials": [line.rifles[0].pk],
        "occurred_on": f"03/09/{YEAR}", "symptom": "Kẹt vỏ đạn", "usage_value": "1850",
        "usage_unit": "rounds", "severity": "major", "classification": 0,
        "photos": [SimpleUploadedFile("a.png", PNG_BYTES, "image/png")]})
    report = FieldReport.objects.get()
    assert answer.status_code == 302 and answer.url.endswith(f"/{report.pk}/")
    assert report.photos.count() == 1 and list(report.serials.all()) == [line.rifles[0]]
    detail = client.get(answer.url).content.decode()
    assert "Kẹt vỏ đạn" in detail
    assert "open_nonconformance/" not in detail  # the user unit does not triage
    photo = report.photos.get()
    assert client.get(f"/quality/photos/{photo.pk}/file/").getvalue() == PNG_BYTES
    # another user unit sees neither the report nor its photo
    other = client_for(line.sd308_user)
    assert other.get(answer.url).status_code == 404
    assert other.get(f"/quality/photos/{photo.pk}/file/").status_code == 404


def test_a_tampered_photo_is_refused(line, client_for):
    report = file_report(line, photos=[SimpleUploadedFile("a.png", PNG_BYTES, "image/png")])
    photo = report.photos.get()
    with open(photo.file.path, "ab") as handle:
        handle.write(b"x")
    answer = client_for(line.sd304_user).get(f"/quality/photos/{photo.pk}/file/")
    assert answer.status_code == 409
    assert AuditEntry.objects.filter(object_type="quality.fieldreportphoto",
                                     action="download").exists()


def test_triage_queue_and_actions(line, client_for):
    severe = file_report(line, severity="critical")
    minor = file_report(line, severity="minor")
    client = client_for(line.world.staff)
    queue = client.get("/quality/triage/").content.decode()
    assert queue.index(severe.code) < queue.index(minor.code)
    client.post(f"/quality/field-reports/{severe.pk}/open_nonconformance/", {"title": "Kẹt"})
    client.post(f"/quality/field-reports/{minor.pk}/close/", {"reason": "Mòn tự nhiên"})
    assert FieldReport.objects.get(pk=severe.pk).status == ReportStatus.NC_OPENED
    assert FieldReport.objects.get(pk=minor.pk).status == ReportStatus.CLOSED
    assert severe.code not in client.get("/quality/triage/").content.decode()
    assert client_for(line.world.staff_b).get("/quality/triage/").status_code == 200
    assert client_for(line.sd304_user).get("/quality/triage/").status_code == 403


def test_nonconformance_page_trace_and_action_steps(line, client_for):
    client = client_for(line.qlcn)
    answer = client.post("/quality/nonconformances/new/", {
        "title": "Nứt khóa nòng", "source": "review", "enterprise": line.world.org.enterprise_a.pk,
        "product_type": line.world.product_type.pk, "severity": "major",
        "detected_on": f"01/10/{YEAR}", "serial_numbers": line.rifles[0].serial_number,
        "material_lot_code": "vt-thep-01", "operation_step": "Nhiệt luyện",
        "classification": 0})
    nc = NonConformance.objects.get()
    assert answer.status_code == 302 and nc.material_lot == line.steel
    page = client.get(f"/quality/nonconformances/{nc.pk}/").content.decode()
    assert "VT-THEP-01" in page and "NONG-01" in page  # the backward tree of the rifle
    assert f"direction=forward&material_lot={line.steel.pk}" in page  # where the lot went
    client.post(f"/quality/nonconformances/{nc.pk}/analyse/", {
        "stage": "material", "root_cause": "Thép sai mác"})
    # opened from the non-conformance: its enterprise answers for the action, and the owner
    # is one of its people, not any user
    form = client.get(f"/quality/actions/new/?nonconformance={nc.pk}").context["form"]
    assert form["owner_unit"].value() == nc.enterprise_id == line.world.org.enterprise_a.pk
    owners = set(form.fields["owner"].queryset)
    assert line.world.staff in owners
    assert all(u.org_unit.path.startswith(nc.enterprise.path) for u in owners)
    client.post("/quality/actions/new/", {
        "nonconformance": nc.pk, "title": "Đổi thép", "owner_unit": line.world.org.enterprise_a.pk,
        "owner": line.world.staff.pk, "due_date": f"31/12/{YEAR}"})
    action = CorrectiveAction.objects.get()
    staff = client_for(line.world.staff)
    staff.post(f"/quality/actions/{action.pk}/start/", {"on_date": f"02/10/{YEAR}"})
    staff.post(f"/quality/actions/{action.pk}/implement/", {"on_date": f"03/10/{YEAR}"})
    refused = staff.post(f"/quality/actions/{action.pk}/close/", {}, follow=True)
    assert CorrectiveAction.objects.get().status == ActionStatus.IMPLEMENTED
    assert refused.status_code == 200
    client.post(f"/quality/actions/{action.pk}/check/", {
        "effective": "yes", "note": "Thử 3.000 phát", "on_date": f"04/10/{YEAR}"})
    client.post(f"/quality/actions/{action.pk}/close/", {"on_date": f"05/10/{YEAR}"})
    client.post(f"/quality/nonconformances/{nc.pk}/close/", {"on_date": f"06/10/{YEAR}"})
    assert CorrectiveAction.objects.get().status == ActionStatus.CLOSED
    assert NonConformance.objects.get().status == NCStatus.CLOSED


def test_trace_page_backward_forward_and_export(line, client_for):
    client = client_for(line.world.staff)
    rifle = line.rifles[0]
    back = client.get("/quality/trace/", {"q": rifle.serial_number.lower()}).content.decode()
    assert "VT-THEP-01" in back and "NONG-01" in back
    assert line.world.revision.document_set.code in back  # the design revision of each node
    forward = client.get("/quality/trace/", {"direction": "forward",
                                            "material_lot": line.steel.pk}).content.decode()
    assert "SD304" in forward and "SD308" in forward and line.spare.serial_number in forward
    assert 'action="/quality/recalls/new/"' in forward
    exported = client.get("/quality/trace/export.xlsx", {"direction": "forward",
                                                         "material_lot": line.steel.pk})
    book = load_workbook(io.BytesIO(exported.content))
    assert len(book.worksheets) == 2 and book.worksheets[1].max_row == 4  # header + 3 serials
    assert client.get("/quality/trace/", {"direction": "forward", "serial": 999999}
                      ).status_code == 404
    node = client.get(f"/quality/trace/node/{rifle.node_id}/")
    assert node.status_code == 302 and f"serial={rifle.pk}" in node.url


def test_recall_from_the_trace_page(line, client_for):
    client = client_for(line.qlcn)
    answer = client.post("/quality/recalls/new/", {"start_node": line.steel.node_id,
                                                   "reason": "Thép không đạt"})
    recall = Recall.objects.get()
    assert answer.status_code == 302 and recall.serial_count == 3
    assert line.spare.serial_number in client.get(answer.url).content.decode()
    assert Notification.objects.count() == 2
    unit = client_for(line.sd304_user)
    assert "data-unread>1<" in unit.get("/").content.decode()
    listed = unit.get(f"/quality/recalled-serials/?recall={recall.pk}")
    assert listed.context["page"].paginator.count == 2
    refused = client_for(line.world.staff_b).post("/quality/recalls/new/", {
        "start_node": line.steel.node_id, "reason": "x"})
    assert refused.status_code == 200 and Recall.objects.count() == 1


def test_figures_page_links_every_number(line, client_for):
    file_report(line)
    client = client_for(line.qlcn)
    page = client.get("/quality/figures/", {"start": f"01/01/{YEAR}", "end": f"31/12/{YEAR}"})
    html = page.content.decode()
    links = re.findall(r'<td class="text-end"><a href="([^"]+)">([\d.]+)</a>', html)
    assert links and all("figure=" in url for url, _n in links)
    failures = next(url for url, n in links if "figure=failures" in url)
    listed = client.get(failures.replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 1
    inspected = next(url for url, n in links if "figure=inspected" in url)
    records = client.get(inspected.replace("&amp;", "&"))
    assert records.context["page"].paginator.count == Inspection.objects.count() == 3
    assert 'data-chart="stacked"' in html and "echarts.min.js" in html
    assert client_for(line.sd304_user).get("/quality/figures/").status_code == 200


def test_lists_and_details_render(line, client_for):
    report = file_report(line)
    nc = services.open_nonconformance(line.world.staff, report)
    services.create_action(line.qlcn, nonconformance=nc, title="Sửa", due_date=dt.date(YEAR, 9, 9),
                           owner_unit=line.world.org.enterprise_a)
    client = client_for(line.qlcn)
    for url in ("/quality/field-reports/", "/quality/nonconformances/", "/quality/actions/",
                "/quality/recalls/", "/quality/recalled-serials/", "/quality/photos/",
                f"/quality/field-reports/{report.pk}/", f"/quality/nonconformances/{nc.pk}/",
                f"/quality/actions/{nc.actions.get().pk}/", "/quality/trace/",
                "/quality/actions/?overdue=true", "/quality/nonconformances/?stage=undetermined"):
        assert client.get(url).status_code == 200, url
    overdue = client.get("/quality/actions/", {"overdue": "true"})
    assert overdue.context["page"].paginator.count == 1
