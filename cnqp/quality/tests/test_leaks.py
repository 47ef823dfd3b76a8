"""A record the reader may not see does not show through one they may: the design revision of
a set above their clearance on a serial's page, in the API and in the trace; another
enterprise's item in their own genealogy list and its export; the set of a right that was
revoked. Each case was found showing the hidden record's code or id."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cnqp.core.choices import Classification
from cnqp.documents import services as documents
from cnqp.documents.factories import DocumentSetFactory, UsageRightFactory
from cnqp.documents.models import DocumentSet
from cnqp.production import services as production
from cnqp.quality import services
from cnqp.quality.tests.conftest import YEAR, Line, file_report

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    """A page, a CSV or a workbook as the text a reader would see in it."""
    assert response.status_code == 200, response.status_code
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(str(cell.value) for sheet in book.worksheets
                         for row in sheet.iter_rows() for cell in row)
    return response.content.decode()


def test_a_revision_above_the_clearance_does_not_show_on_what_was_built_to_it(
        line: Line, client_for: Any, make_user: Any) -> None:
    world = line.world
    design = world.revision.document_set
    DocumentSet.objects.filter(pk=design.pk).update(classification=Classification.TOP_SECRET)
    rifle = line.rifles[0]
    staff = client_for(world.staff)  # Z111, Tối mật: sees its rifle, not the Tuyệt mật set

    page = text(staff.get(reverse("production:serials-detail", args=[rifle.pk])))
    assert rifle.serial_number in page and design.code not in page
    api = staff.get(f"/api/production/serials/{rifle.pk}").json()
    assert api["serial_number"] == rifle.serial_number and api["revision_id"] is None
    trace = staff.get("/api/quality/trace/backward", {"serial": rifle.pk}).json()
    assert {(n["revision_id"], n["revision"]) for n in trace["nodes"]} == {(None, "")}
    export = text(staff.get(reverse("production:serials-list"), {"export": "csv"}))
    assert rifle.serial_number in export and design.code not in export

    cleared = client_for(make_user(["admin"], world.org.root, Classification.TOP_SECRET))
    assert cleared.get(f"/api/production/serials/{rifle.pk}").json()["revision_id"] == \
        world.revision.pk  # the positive control
    trace = cleared.get("/api/quality/trace/backward", {"serial": rifle.pk}).json()
    assert trace["start"]["revision"].startswith(design.code)


def test_another_enterprises_item_does_not_show_in_the_own_genealogy(line: Line,
                                                                   client_for: Any) -> None:
    """A Z111 user read Z113's lot number in /production/genealogy/ though it answers 404."""
    world = line.world
    bought = production.create_material_lot(
        world.staff_b, code="VT-Z113-BIMAT", enterprise=world.org.enterprise_b,
        supplier="Z113", material_name="Cụm cò", quantity=Decimal("5"), unit_of_measure="bộ",
        received_date=dt.date(YEAR, 1, 5))
    production.record_consumption(world.staff, output=line.spare.node,
                                  inputs=[(bought.node, Decimal("1"))], operation_step="Lắp",
                                  at=dt.datetime(YEAR, 5, 3, 8, tzinfo=dt.UTC))
    staff = client_for(world.staff)
    listing = text(staff.get(reverse("production:genealogy-list")))
    assert line.spare.serial_number in listing and "VT-Z113-BIMAT" not in listing
    export = text(staff.get(reverse("production:genealogy-list"), {"export": "xlsx"}))
    assert "VT-Z113-BIMAT" not in export
    items = staff.get("/api/production/genealogy", {"limit": 500}).json()["items"]
    assert bought.node_id not in {i["input_node_id"] for i in items}
    assert None in {i["input_node_id"] for i in items}  # the edge is theirs, its input is not
    # the positive control: the directorate sees both ends
    admin = client_for(world.admin)
    assert "VT-Z113-BIMAT" in text(admin.get(reverse("production:genealogy-list")))


def test_a_revoked_right_no_longer_names_its_set(line: Line, client_for: Any) -> None:
    world = line.world
    design = DocumentSetFactory(owner_unit=world.org.department, code="TLTK-RIENG",
                                classification=Classification.CONFIDENTIAL)
    right = UsageRightFactory(document_set=design, enterprise=world.org.enterprise_b)
    holder = client_for(world.staff_b)
    assert "TLTK-RIENG" in text(holder.get(reverse("documents:usage-rights-detail",
                                                   args=[right.pk])))
    documents.revoke_usage_right(world.admin, right, note="Hết nhiệm vụ")
    page = text(holder.get(reverse("documents:usage-rights-detail", args=[right.pk])))
    assert "TLTK-RIENG" not in page
    assert holder.get(f"/api/documents/usage-rights/{right.pk}").json()["document_set_id"] is None


def test_a_history_names_only_what_its_reader_may_open(line: Line, client_for: Any) -> None:
    """A field report's history told its user unit the code of the non-conformance it opened,
    which answers 404 to that unit; and it spoke Python (`status: new → nc_opened`)."""
    report = file_report(line)
    nc = services.open_nonconformance(line.world.staff, report, title="Kẹt vỏ đạn")
    reporter = client_for(line.sd304_user)
    assert reporter.get(reverse("quality:nonconformances-detail", args=[nc.pk])).status_code \
        == 404
    page = reporter.get(reverse("quality:field-reports-detail", args=[report.pk]))
    rows = page.context["history"]
    shown = [(c.label, c.after) for row in rows for c in row.changes]
    assert nc.code not in text(page)
    assert "Sự không phù hợp" not in [label for label, _after in shown]  # hidden: no change
    assert ("Trạng thái", "Đã mở hồ sơ sự không phù hợp") in shown  # not `nc_opened`
    producer = client_for(line.world.staff).get(
        reverse("quality:field-reports-detail", args=[report.pk]))
    assert nc.code in text(producer)  # the positive control: the producer opens it
