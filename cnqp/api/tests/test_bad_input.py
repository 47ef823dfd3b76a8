"""Bad input, on both databases: bodies over the limits, uploads over the limits or with a
name of 1,000 characters, multipart without its boundary, NUL characters and 10 MB texts,
numbers out of range, ids beyond 64 bits, a delete other records protect, a unique value taken
by a concurrent writer. Each is answered 4xx in the one error format, naming the field where
there is one, and nothing is written: no row, no audit entry, no stored file.

Every request runs in a savepoint that a server error rolls back, so that on PostgreSQL one
500 does not hide the answers to the next requests (and is reported as itself)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from cnqp.api.tests.test_api import assert_error, bearer_client, error_fields
from cnqp.conftest import logged_in
from cnqp.core.models import OrgUnit
from cnqp.core.testing.factories import project_models
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory, UsageRightFactory
from cnqp.production import services as production
from cnqp.production.models import GenealogyEdge
from cnqp.production.tests.conftest import YEAR, world  # noqa: F401 (fixture)
from cnqp.quality import services as quality
from cnqp.quality.tests.conftest import Line, file_report, line  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

INT64_MAX = 2**63 - 1
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CSV = b"output_kind,output,input_kind,input,quantity\n"


class Api:
    """A bearer client whose requests each run in a savepoint, rolled back on a 5xx."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        savepoint = transaction.savepoint()
        response = getattr(self.client, method)(path, *args, **kwargs)
        if response.status_code >= 500:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        return response

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.call("get", path, params or {})

    def send(self, method: str, path: str, data: Any) -> Any:
        return self.call(method, path, data=json.dumps(data), content_type="application/json")

    def upload(self, path: str, files: dict[str, Any]) -> Any:
        return self.call("post", path, files)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api(line: Line, media: Path) -> Api:  # noqa: F811 (the fixture imported above)
    return Api(bearer_client(line.world.admin, raise_request_exception=False))


@contextmanager
def nothing_written() -> Iterator[None]:
    """The requests inside write nothing: no row of any model (audit entries included) and no
    file under MEDIA_ROOT."""

    def state() -> tuple[dict[str, int], list[Path]]:
        media = Path(settings.MEDIA_ROOT)
        return ({m._meta.label: m._default_manager.count() for m in project_models()},
                sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else [])

    before = state()
    yield
    assert state() == before


@pytest.fixture
def unchanged(api: Api) -> Iterator[None]:
    """Nothing written by the test (which makes no records of its own)."""
    with nothing_written():
        yield


def named(name: str, content: bytes) -> io.BytesIO:
    """A file to post under `name`, sent as it is (SimpleUploadedFile would cut it to 255)."""
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def refused(response: Any, status: int, code: str, *fields: str) -> dict[str, Any]:
    body = assert_error(response, status, code)
    if fields:
        assert set(fields) <= error_fields(body), body
    return body


# --- bodies and uploads over the limits ------------------------------------------------------


def test_a_json_body_over_the_limit_is_413(api: Api, unchanged: None) -> None:
    body = {"code": "Z999", "name": "x" * (20 * 1024 * 1024)}
    refused(api.send("post", "/api/core/org-units", body), 413, "too_large")


def test_a_multipart_request_over_the_upload_limit_is_413_before_it_is_read(
        api: Api, unchanged: None, settings: Any) -> None:
    settings.CNQP_MAX_UPLOAD_BYTES = 10_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api.upload("/api/production/imports/genealogy",
                          {"file": named("edges.csv", CSV + b"1" * 20_000)})
    refused(response, 413, "too_large")


@pytest.mark.parametrize("name", ["edges.csv", "edges.xlsx"])
def test_an_import_over_the_upload_limit_is_refused(api: Api, unchanged: None, settings: Any,
                                                    name: str) -> None:
    settings.CNQP_MAX_UPLOAD_BYTES = 1_000
    response = api.upload("/api/production/imports/genealogy",
                          {"file": named(name, CSV + b"1" * 2_000)})
    refused(response, 422, "invalid", "file")


def test_a_photo_over_its_limit_is_refused(api: Api, line: Line,  # noqa: F811
                                           settings: Any) -> None:
    settings.CNQP_MAX_PHOTO_BYTES = 100
    report = file_report(line)
    with nothing_written():
        with_photo = api.upload(f"/api/quality/field-reports/{report.pk}/photos",
                                {"files": named("a.png", PNG + b"\x00" * 200)})
        refused(with_photo, 422, "invalid", "photos")


@pytest.mark.parametrize("memory", [True, False], ids=["in-memory", "temporary-file"])
@pytest.mark.parametrize(("name", "status"), [
    ("x" * 296 + ".csv", 422), ("x." + "y" * 298, 422),
    ("x" * 996 + ".csv", 400), ("x." + "y" * 998, 400)],
    ids=["300-stem", "300-extension", "1000-stem", "1000-extension"])
def test_an_upload_name_over_255_characters_is_refused(api: Api, line: Line,  # noqa: F811
                                                       settings: Any, name: str, status: int,
                                                       memory: bool) -> None:
    """A name longer than 255 is refused by its field, not cut without a word; one of 1,000
    makes the part's headers longer than Django reads (400). A long extension on a file too
    large for memory was a 500: its temporary file's name was too long for the disk."""
    if not memory:
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    draft = RevisionFactory(status=RevisionStatus.DRAFT,
                            document_set__owner_unit=line.world.org.department)
    report = file_report(line)
    for path, field, named_in_error, content in [
            ("/api/production/imports/genealogy", "file", "file", CSV),
            (f"/api/documents/revisions/{draft.pk}/files", "file", "file", b"%PDF-1.4\n%%EOF\n"),
            (f"/api/quality/field-reports/{report.pk}/photos", "files", "photos", PNG)]:
        with nothing_written():
            response = api.upload(path, {field: named(name, content)})
            if status == 400:
                refused(response, 400, "bad_request")
                continue
            body = refused(response, 422, "invalid", named_in_error)
        assert "255" in json.dumps(body, ensure_ascii=False), (path, body)


def test_a_long_extension_on_a_large_file_is_no_longer_a_500(
        api: Api, line: Line, settings: Any) -> None:  # noqa: F811
    """The temporary file of an upload is named ".upload", whatever the upload's name."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    report = file_report(line)
    response = api.upload(f"/api/quality/field-reports/{report.pk}/photos",
                          {"files": named("x." + "y" * 250, PNG)})
    refused(response, 422, "invalid", "photos")  # an unknown type, said as such


@pytest.mark.parametrize("body", [b"--x\r\nContent-Disposition: form-data; name=\"file\"",
                                  b"\x00" * 100])
def test_multipart_without_a_boundary_is_400(api: Api, unchanged: None, body: bytes) -> None:
    response = api.call("post", "/api/production/imports/genealogy", data=body,
                        content_type="multipart/form-data")
    refused(response, 400, "bad_request")


def test_an_empty_multipart_body_misses_its_file(api: Api, unchanged: None) -> None:
    response = api.call("post", "/api/production/imports/genealogy", data=b"",
                        content_type="multipart/form-data")
    refused(response, 422, "invalid", "file")


def test_a_multipart_body_cut_short_is_400(api: Api, unchanged: None) -> None:
    body = b'--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n1,2'
    response = api.call("post", "/api/production/imports/genealogy", data=body,
                        content_type="multipart/form-data; boundary=cut")
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code, "bad_request" if response.status_code == 400
                 else "invalid")


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b'"text"', b"null", b'{"a": 1}'])
def test_a_body_that_is_not_the_object_asked_for_is_4xx(api: Api, unchanged: None,
                                                        body: bytes) -> None:
    response = api.call("post", "/api/core/org-units", data=body,
                        content_type="application/json")
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code, "bad_request" if response.status_code == 400
                 else "invalid")


# --- NUL characters ----------------------------------------------------------------------------


def nul_requests(line: Line) -> list[tuple[str, str, Any, str]]:  # noqa: F811
    """(method, path, body or query, the field named)."""
    plant = line.world
    document_set = DocumentSetFactory(owner_unit=plant.org.department)
    inspection = {"target_id": line.spare.node_id, "template_id": plant.template.pk,
                  "stage": "final_acceptance", "date": f"{YEAR}-06-01", "measurements": []}
    batch = {"plan_item_id": line.item.pk, "revision_id": plant.revision.pk,
             "made_date": f"{YEAR}-05-01"}
    return [
        ("post", "/api/core/org-units", {"code": "Z9", "name": "Nhà\x00máy", "kind": "enterprise",
                                         "parent": plant.org.root.pk}, "name"),
        ("patch", f"/api/documents/sets/{document_set.pk}", {"title": "a\x00"}, "title"),
        ("post", "/api/production/inspections", {**inspection, "note": "\x00"}, "note"),
        ("post", "/api/production/serials/batch", {**batch, "numbers": ["A\x00"]}, "numbers"),
        ("post", "/api/production/serials/batch", {**batch, "prefix": "\x00", "count": 1},
         "prefix"),
        ("post", "/api/reports/generate", {"kind": "annual", "year": YEAR, "place": "H\x00"},
         "place"),
        ("post", "/api/core/org-units", {"code": "Z9", "name": "N", "kind": "enterprise",
                                         "\x00": 1}, "\x00"),
        ("get", "/api/core/org-units", {"q": "nhà\x00máy"}, "q"),
        ("get", "/api/core/org-units", {"sort": "\x00"}, "sort"),
        ("get", "/api/research/figures", {"unit": "Z111\x00"}, "unit"),
        ("get", "/api/documents/can-produce", {"enterprise": "Z111\x00",
                                               "product_type": "X"}, "enterprise"),
    ]


def test_nul_characters_are_refused_in_every_text_input(api: Api,
                                                         line: Line) -> None:  # noqa: F811
    """PostgreSQL cannot store a NUL (a 500 there), SQLite stored it: both refuse it now."""
    requests = nul_requests(line)
    with nothing_written():
        for method, path, data, field in requests:
            response = api.get(path, data) if method == "get" else api.send(method, path, data)
            refused(response, 422, "invalid", field)


@pytest.mark.parametrize("path", ["/documents/product-types/", "/production/lots/"])
def test_a_page_searched_for_a_nul_finds_nothing(line: Line, path: str) -> None:  # noqa: F811
    """The pages search through the same operation (browse) as the API: a NUL matches no
    record on either database (a 500 on PostgreSQL)."""
    client = logged_in(line.world.admin)
    client.raise_request_exception = False
    assert client.get(path, {"q": "a\x00"}).status_code == 200


def test_the_services_refuse_nul_too(line: Line) -> None:  # noqa: F811
    """Whatever door the text came through (a page, an import, the shell)."""
    from django.core.exceptions import ValidationError

    from cnqp.core import services as core

    with pytest.raises(ValidationError) as refusal:
        core.create_org_unit(line.world.admin, code="Z9", name="a\x00b", kind="enterprise",
                             parent=line.world.org.root)
    assert set(refusal.value.message_dict) == {"name"}


# --- long texts --------------------------------------------------------------------------------

TEN_MB = "y" * (10 * 1024 * 1024)


def test_a_10_mb_description_is_refused_and_nothing_copied(api: Api,
                                                           line: Line) -> None:  # noqa: F811
    document_set = DocumentSetFactory(owner_unit=line.world.org.department)
    with nothing_written():
        response = api.send("patch", f"/api/documents/sets/{document_set.pk}",
                            {"description": TEN_MB})
        refused(response, 422, "invalid", "description")


def test_a_long_text_through_an_action_form_is_refused_by_the_service(
        api: Api, line: Line, settings: Any) -> None:  # noqa: F811
    """The revocation's form has a text of its own (no limit in its schema): the write
    refuses it, naming the record's field."""
    right = UsageRightFactory(document_set__owner_unit=line.world.org.department)
    with nothing_written():
        response = api.send("post", f"/api/documents/usage-rights/{right.pk}/revoke",
                            {"note": "y" * (settings.CNQP_MAX_TEXT_LENGTH + 1)})
        refused(response, 422, "invalid", "revoke_reason")


def test_a_text_at_the_limit_is_kept(api: Api, line: Line, settings: Any) -> None:  # noqa: F811
    document_set = DocumentSetFactory(owner_unit=line.world.org.department)
    text = "Đ" * settings.CNQP_MAX_TEXT_LENGTH
    response = api.send("patch", f"/api/documents/sets/{document_set.pk}", {"description": text})
    assert response.status_code == 200, response.content[:300]
    document_set.refresh_from_db()
    assert document_set.description == text


# --- numbers out of range ------------------------------------------------------------------


def number_requests(line: Line) -> list[tuple[str, str, Any, str]]:  # noqa: F811
    plant = line.world
    batch = {"plan_item_id": line.item.pk, "revision_id": plant.revision.pk,
             "made_date": f"{YEAR}-05-01", "prefix": "X", "count": 2}
    inspection = {"target_id": line.spare.node_id, "template_id": plant.template.pk,
                  "stage": "final_acceptance", "date": f"{YEAR}-06-01"}
    value = {"characteristic_id": plant.characteristics[0].pk}
    plan = production.create_plan(plant.admin, year=YEAR + 1, enterprise=plant.org.enterprise_a)
    item = {"plan": plan.pk, "product_type": plant.product_type.pk, "kind": "production",
            "due_date": f"{YEAR + 1}-10-31", "funding_source": "state_budget"}
    return [
        ("get", "/api/core/org-units", {"offset": 2**63}, "offset"),
        ("get", "/api/core/org-units", {"offset": -1}, "offset"),
        ("get", "/api/core/org-units", {"limit": -1}, "limit"),
        ("get", "/api/production/completion", {"year": 10**12}, "year"),
        ("get", "/api/production/completion", {"year": -1}, "year"),
        ("post", "/api/production/serials/batch", {**batch, "width": -3}, "width"),
        ("post", "/api/production/serials/batch", {**batch, "width": 10**6}, "width"),
        ("post", "/api/production/serials/batch", {**batch, "start": -5}, "start"),
        ("post", "/api/production/serials/batch", {**batch, "count": 10**9}, "count"),
        ("post", "/api/production/inspections",
         {**inspection, "measurements": [{**value, "value": "1e999"}]}, "measurements.0.value"),
        ("post", "/api/production/inspections",
         {**inspection, "measurements": [{**value, "value": "NaN"}]}, "measurements.0.value"),
        # an integer column's range, the same on both databases (SQLite stored 2^40)
        ("post", "/api/production/plan-items", {**item, "quantity": 2**40}, "quantity"),
        ("post", "/api/production/plan-items", {**item, "quantity": -1}, "quantity"),
    ]


def test_numbers_out_of_range_are_refused(api: Api, line: Line) -> None:  # noqa: F811
    requests = number_requests(line)
    with nothing_written():
        for method, path, data, field in requests:
            response = api.get(path, data) if method == "get" else api.send(method, path, data)
            refused(response, 422, "invalid", field)


def test_the_services_keep_integers_in_their_columns_range(line: Line) -> None:  # noqa: F811
    from django.core.exceptions import ValidationError

    plan = production.create_plan(line.world.admin, year=YEAR + 1,
                                  enterprise=line.world.org.enterprise_a)
    with pytest.raises(ValidationError) as refusal:
        production.create_plan_item(
            line.world.staff, plan=plan, product_type=line.world.product_type,
            kind="production", quantity=2**40, due_date=dt.date(YEAR + 1, 10, 31),
            funding_source="state_budget")
    assert "quantity" in refusal.value.message_dict


# --- ids beyond 64 bits ------------------------------------------------------------------------


def id_requests(line: Line) -> list[tuple[str, str, Any, str]]:  # noqa: F811
    plant = line.world
    huge = 10**20
    return [
        ("get", f"/api/core/org-units/{huge}", None, "item_id"),
        ("patch", f"/api/core/org-units/{huge}", {"name": "x"}, "item_id"),
        ("delete", f"/api/production/lots/{2**63}", None, "item_id"),
        ("post", f"/api/documents/usage-rights/{huge}/revoke", {"note": "x"}, "item_id"),
        ("get", f"/api/reports/generated/{huge}/status", None, "report_id"),
        ("get", f"/api/documents/files/{huge}/download", None, "file_id"),
        ("get", "/api/quality/trace/forward", {"lot": huge}, "lot"),
        ("get", "/api/quality/trace/backward", {"serial": 2**63}, "serial"),
        ("get", "/api/quality/figures", {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31",
                                         "product_type": -1}, "product_type"),
        ("post", "/api/core/org-units", {"code": "Z9", "name": "N", "kind": "enterprise",
                                         "parent": huge}, "parent"),
        ("patch", f"/api/documents/product-types/{plant.product_type.pk}",
         {"producers": [plant.org.enterprise_a.pk, huge]}, "producers.1"),
        ("patch", f"/api/documents/product-types/{plant.product_type.pk}",
         {"producers": [-45]}, "producers.0"),
        ("post", "/api/production/serials/batch",
         {"plan_item_id": huge, "revision_id": plant.revision.pk, "made_date": f"{YEAR}-05-01",
          "count": 1}, "plan_item_id"),
    ]


def test_ids_beyond_64_bits_are_refused_by_name(api: Api, line: Line,  # noqa: F811
                                                unchanged: None) -> None:
    for method, path, data, field in id_requests(line):
        if method in ("get", "delete"):
            response = api.call(method, path, data or {}) if method == "get" \
                else api.call(method, path)
        else:
            response = api.send(method, path, data)
        refused(response, 422, "invalid", field)


@pytest.mark.parametrize("path", ["/api/core/org-units/-1", "/api/core/org-units/1.5",
                                  "/api/core/org-units/abc", "/api/core/nothing-here",
                                  "/api/production/lots/-7/delete"])
def test_a_path_that_names_no_route_is_404_in_the_error_format(api: Api, path: str) -> None:
    refused(api.get(path), 404, "not_found")


# --- deletes other records protect, unique values taken meanwhile ------------------------------


def test_deleting_a_lot_that_starts_a_recall_is_refused(api: Api,
                                                        line: Line) -> None:  # noqa: F811
    """Its edges removed (each a permitted delete), the lot had no genealogy left to refuse
    it; its node is where a recall starts, which protects it: a 500 before."""
    report = file_report(line)
    nonconformance = quality.open_nonconformance(line.qlcn, report, title="Kẹt vỏ đạn")
    quality.issue_recall(line.qlcn, start_node=line.barrels.node, reason="Nòng sai",
                         nonconformance=nonconformance)
    node = line.barrels.node_id
    for edge in GenealogyEdge.objects.filter(input_node=node) | GenealogyEdge.objects.filter(
            output_node=node):
        production.delete_edge(line.world.admin, edge)

    with nothing_written():
        response = api.call("delete", f"/api/production/lots/{line.barrels.pk}")
        refused(response, 422, "invalid")


def test_a_serial_number_taken_by_a_concurrent_writer_is_422(
        api: Api, line: Line, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The batch's check ran before another writer saved the number (simulated: the first
    check misses it); the database's unique constraint refuses the insert, and the answer is
    the check's, not a 500. On PostgreSQL batches of one type also take turns."""
    from cnqp.production.services import items

    production.create_serials(line.world.staff, plan_item=line.item,
                              revision=line.world.revision, made_date=dt.date(YEAR, 5, 1),
                              numbers=["RACE-1"])
    real, calls = items._refuse_taken, []

    def first_misses(*args: Any) -> None:
        calls.append(args)
        if len(calls) > 1:
            real(*args)

    monkeypatch.setattr(items, "_refuse_taken", first_misses)
    before = items.SerialUnit.objects.count()
    response = api.send("post", "/api/production/serials/batch",
                        {"plan_item_id": line.item.pk, "revision_id": line.world.revision.pk,
                         "made_date": f"{YEAR}-05-01", "numbers": ["RACE-1", "RACE-2"]})
    refused(response, 422, "invalid", "numbers")
    assert items.SerialUnit.objects.count() == before


def test_a_unique_value_taken_by_a_concurrent_writer_is_refused_by_its_field(
        line: Line, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The same for any record written through writes.create: full_clean's check missed
    the code a concurrent writer saved (simulated: its first check misses it); the save's
    IntegrityError becomes that check's answer, which the API gives as a 422."""
    from django.core.exceptions import ValidationError

    from cnqp.core import services as core

    real, calls = OrgUnit.validate_unique, []

    def first_misses(self: OrgUnit, exclude: Any = None) -> None:
        calls.append(exclude)
        if len(calls) > 1:
            real(self, exclude)

    monkeypatch.setattr(OrgUnit, "validate_unique", first_misses)
    before = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as refusal:
        core.create_org_unit(line.world.admin, code="Z111", name="Nhà máy trùng",
                             kind="enterprise", parent=line.world.org.root)
    assert set(refusal.value.message_dict) == {"code"}
    assert len(calls) == 2  # full_clean's, then the one after the IntegrityError
    assert OrgUnit.objects.count() == before


def test_a_decimal_input_takes_its_fraction_and_is_bounded_by_its_places() -> None:
    """Django's DecimalField is an IntegerField subclass: typed as an integer, every fraction
    was refused with a 422."""
    from decimal import Decimal

    from django import forms
    from pydantic import ValidationError as SchemaInvalid

    from cnqp.core.records.api.schemas import form_schema

    class AmountForm(forms.Form):
        amount = forms.DecimalField(max_digits=6, decimal_places=2)
        rate = forms.FloatField()

    schema = form_schema("AmountProbeIn", AmountForm, partial=False)
    parsed = schema(amount="1234.5", rate=0.25)
    assert (parsed.amount, parsed.rate) == (Decimal("1234.5"), 0.25)
    with pytest.raises(SchemaInvalid):
        schema(amount="1.234", rate=1)  # three decimal places
