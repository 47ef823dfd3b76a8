"""The leak sweep: users of several units and clearances read everything they can reach (every
resource's list, CSV and XLSX export, a few detail pages, the API's lists and details, the
notifications, the audit log for an auditor, the home page, the trace of what they hold) and
no answer names a record above their clearance or outside their scope.

The world crosses its records on purpose, as the leaks found did: Z111's rifles are built to a
revision of a Tuyệt mật set; Z111 consumed a Z113 material lot; a field report of SD304 opened
a non-conformance of Z111; a recall marked serials of SD304 and SD308; a Tối mật plan item.
What a user may not see is named by its code or number (markers chosen to be unique), and
every body they receive is searched for each marker.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from cnqp.core.access.scoping import scope_of, scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.documents.models import DocumentSet
from cnqp.production import services as production
from cnqp.quality import services
from cnqp.quality.tests.conftest import YEAR, Line, file_report

pytestmark = pytest.mark.django_db

MARKER_FIELDS = ("code", "lot_number", "serial_number", "document_number")
DETAILS_PER_RESOURCE = 3


@dataclass
class Reader:
    name: str
    user: Any
    client: Client


def build(line: Line) -> None:
    """Cross the records (see the module docstring)."""
    world = line.world
    DocumentSet.objects.filter(pk=world.revision.document_set_id).update(
        classification=Classification.TOP_SECRET)
    bought = production.create_material_lot(
        world.staff_b, code="VT-Z113-KIN", enterprise=world.org.enterprise_b, supplier="Z113",
        material_name="Cụm cò", quantity=Decimal("5"), unit_of_measure="bộ",
        received_date=dt.date(YEAR, 1, 5))
    production.record_consumption(world.staff, output=line.spare.node,
                                  inputs=[(bought.node, Decimal("1"))], operation_step="Lắp",
                                  at=dt.datetime(YEAR, 5, 3, 8, tzinfo=dt.UTC))
    report = file_report(line)
    services.open_nonconformance(world.staff, report, title="Kẹt vỏ đạn")
    services.issue_recall(line.qlcn, start_node=line.barrels.node, reason="Nòng nứt")


def markers(user: Any) -> dict[str, str]:
    """marker → what it names, for every classified record `user` may not see."""
    found: dict[str, str] = {}
    for resource in resources():
        model = resource.model
        if scope_of(model).classification is None and scope_of(model).unit is None:
            continue
        names = [f.name for f in model._meta.concrete_fields if f.name in MARKER_FIELDS]
        if not names:
            continue
        visible = scope_queryset(model._default_manager.all(), user).values("pk")
        for row in model._default_manager.exclude(pk__in=visible).values(*names):
            for value in row.values():
                if value and len(str(value)) >= 5:  # long enough not to occur by chance
                    found[str(value)] = f"{model._meta.label} {value}"
    return found


def body(response: Any) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig", "replace")
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r)
    return response.content.decode("utf-8", "replace")


def reachable(reader: Reader, resource: Resource) -> list[str]:
    """The URLs of a resource `reader` may read: list, exports, a few details, the API."""
    if not resource.may(reader.user, "view"):
        return []
    urls = []
    try:
        listing = reverse(resource.url_name("list"))
    except NoReverseMatch:
        return []
    urls += [listing, f"{listing}?export=csv", f"{listing}?export=xlsx"]
    api = f"/api/{resource.app_label}/{resource.slug}"
    urls.append(f"{api}?limit=500")
    for pk in resource.queryset(reader.user).values_list("pk", flat=True)[:DETAILS_PER_RESOURCE]:
        urls += [reverse(resource.url_name("detail"), args=[pk]), f"{api}/{pk}"]
    return urls


def sweep(reader: Reader, extra: list[str]) -> dict[str, list[str]]:
    """marker → the URLs whose answer named it."""
    hidden = markers(reader.user)
    leaks: dict[str, list[str]] = {}
    urls = [u for r in resources() for u in reachable(reader, r)] + extra
    for url in urls:
        response = reader.client.get(url)
        assert response.status_code in (200, 302, 404), (reader.name, url, response.status_code)
        text = body(response)
        for marker, what in hidden.items():
            if marker in text:
                leaks.setdefault(f"{what}", []).append(url)
    return leaks


def test_no_answer_names_what_its_reader_may_not_see(line: Line, client_for: Any,
                                                     make_user: Any) -> None:
    build(line)
    world = line.world
    org = world.org
    readers = [
        Reader("z111 (Mật)", u := make_user(["enterprise_staff"], org.enterprise_a,
                                            Classification.CONFIDENTIAL), client_for(u)),
        Reader("z111 (Tối mật)", world.staff, client_for(world.staff)),
        Reader("z113", world.staff_b, client_for(world.staff_b)),
        Reader("sd304 (Thường)", line.sd304_user, client_for(line.sd304_user)),
        Reader("sd308 (Thường)", line.sd308_user, client_for(line.sd308_user)),
        Reader("auditor (Mật)", u := make_user(["auditor"], org.root,
                                               Classification.CONFIDENTIAL), client_for(u)),
    ]
    rifle = line.rifles[0]
    extra = ["/", "/api/core/notifications", f"/quality/trace/?direction=forward&serial="
             f"{rifle.pk}", f"/api/quality/trace/forward?serial={rifle.pk}"]
    found = {}
    for reader in readers:
        leaks = sweep(reader, [u for u in extra if "trace" not in u or reader.user.has_perm(
            "production.view_genealogyedge")])
        if leaks:
            found[reader.name] = leaks
    assert found == {}
    # the positive controls: there were hidden records to look for, and pages full of records
    assert markers(readers[0].user)
    assert rifle.serial_number in body(readers[1].client.get(reverse("production:serials-list")))


def test_the_sweep_would_see_a_leak(line: Line, client_for: Any, make_user: Any) -> None:
    """The sweep is not blind: a marker the reader may not see, put in a page it reads, is
    found."""
    build(line)
    reader = Reader("sd304", line.sd304_user, client_for(line.sd304_user))
    hidden = markers(reader.user)
    secret = next(m for m in hidden if m.startswith("KPH"))  # the non-conformance
    send_notifications(None, [Notice(unit=line.world.org.user_unit, title="Thử",
                                     text=f"Tham chiếu {secret}")])
    leaks = sweep(reader, ["/api/core/notifications"])
    assert any("/api/core/notifications" in urls for urls in leaks.values())
