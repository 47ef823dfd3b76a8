"""Serial units in batches, lots, and what they are built to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.core.text import fold
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.factories import RevisionFactory
from cnqp.documents.models import UsageRight
from cnqp.production import services
from cnqp.production.models import SerialUnit, TraceNode
from cnqp.production.tests.conftest import (
    YEAR,
    World,
    issued_type,
    make_item,
    make_plan,
    started,
)


def test_batch_creates_serials_nodes_and_one_audit_entry(world):
    item = started(world, quantity=50)
    before = AuditEntry.objects.count()
    created = services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                      made_date=dt.date(YEAR, 5, 1), prefix="ak-", start=7,
                                      count=50, width=4)
    assert [s.serial_number for s in created[:2]] == ["AK-0007", "AK-0008"]
    assert SerialUnit.objects.filter(plan_item=item).count() == 50
    assert TraceNode.objects.filter(kind="serial").count() == 50
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.changes["batch"][1]["serial_numbers"][-1] == "AK-0056"
    assert SerialUnit.objects.filter(search_text__contains="ak-0010").exists()


def test_taken_numbers_refuse_the_whole_batch(world):
    item = started(world)
    services.create_serials(world.staff, plan_item=item, revision=world.revision,
                            made_date=dt.date(YEAR, 5, 1), numbers=["X1", "X2"])
    with pytest.raises(ValidationError) as error:
        services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                made_date=dt.date(YEAR, 5, 1), numbers=["X3", "X2"])
    assert "X2" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                made_date=dt.date(YEAR, 5, 1), numbers=["X5", "X5"])
    assert SerialUnit.objects.count() == 2
    serial = SerialUnit.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SerialUnit.objects.create(serial_number="X1", product_type=serial.product_type,
                                  enterprise=serial.enterprise, revision=serial.revision,
                                  made_date=serial.made_date,
                                  node=TraceNode.objects.create(
                                      kind="serial", enterprise=serial.enterprise))


def test_built_to_an_issued_design_of_the_type(world, org):
    item = started(world)
    draft = RevisionFactory(document_set=world.revision.document_set, number=2,
                            status=RevisionStatus.DRAFT)
    _other_type, other_revision = issued_type(org)
    for revision in (draft, other_revision):
        with pytest.raises(ValidationError) as error:
            services.create_serials(world.staff, plan_item=item, revision=revision,
                                    made_date=dt.date(YEAR, 5, 1), count=1)
        assert "revision" in error.value.message_dict


def test_only_under_an_item_in_progress(world):
    item = make_item(world, make_plan(world))
    with pytest.raises(ValidationError) as error:
        services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                made_date=dt.date(YEAR, 5, 1), count=1)
    assert "plan_item" in error.value.message_dict


def test_lot_rules(world):
    item = started(world)
    with pytest.raises(ValidationError):
        services.create_lot(world.staff, lot_number="L1", product_type=world.product_type,
                            enterprise=world.org.enterprise_b, revision=world.revision,
                            quantity=5, made_date=dt.date(YEAR, 5, 1), plan_item=item)
    lot = services.create_lot(world.staff, lot_number="L1", product_type=world.product_type,
                              enterprise=world.org.enterprise_a, revision=world.revision,
                              quantity=5, made_date=dt.date(YEAR, 5, 1))
    assert lot.node.kind == "lot" and lot.node.enterprise == world.org.enterprise_a
    services.update_lot(world.staff, lot, classification=2)
    lot.node.refresh_from_db()
    assert lot.node.classification == 2


def test_batch_form_and_api(world, client_for):
    item = started(world)
    client = client_for(world.staff)
    answer = client.post("/production/serials/new/", {
        "plan_item": item.pk, "revision": world.revision.pk, "made_date": "01/05/2024",
        "classification": 0, "serial_prefix": "B-", "start": 1, "count": 3, "width": 3})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert SerialUnit.objects.filter(serial_number__startswith="B-").count() == 3
    api = client.post("/api/production/serials/batch", {
        "plan_item_id": item.pk, "revision_id": world.revision.pk, "made_date": "2024-05-01",
        "numbers": ["C-1", "C-2"]}, content_type="application/json")
    assert api.status_code == 201, api.content
    assert api.json()["serial_numbers"] == ["C-1", "C-2"]


def test_a_serial_batch_above_the_clearance_or_at_no_level_is_refused(world: World,
                                                                     client_for: Any) -> None:
    """`POST /api/production/serials/batch` wrote classification 3 for a Mật user, and 7."""
    item = started(world)
    client = client_for(world.staff)  # Mật
    for level in (Classification.TOP_SECRET, 7):
        answer = client.post("/api/production/serials/batch", {
            "plan_item_id": item.pk, "revision_id": world.revision.pk,
            "made_date": "2024-05-01", "numbers": ["X-1"], "classification": int(level)},
            content_type="application/json")
        assert answer.status_code == 422, answer.content
        assert [e["field"] for e in answer.json()["errors"]] == ["classification"]
    assert not SerialUnit.objects.filter(serial_number="X-1").exists()


def test_work_under_a_right_since_expired_is_recorded_at_its_date(world: World,
                                                                  client_for: Any) -> None:
    """A unit repaired under a right that has since expired: the revision answered 404
    because need-to-know was judged today; it is judged on the day of the work."""
    item = started(world)
    UsageRight.objects.filter(enterprise=world.org.enterprise_a).update(
        valid_to=dt.date(YEAR, 6, 30))
    client = client_for(world.staff)
    assert client.get(f"/documents/revisions/{world.revision.pk}/").status_code == 404

    def batch(day: str, number: str) -> Any:
        return client.post("/api/production/serials/batch", {
            "plan_item_id": item.pk, "revision_id": world.revision.pk, "made_date": day,
            "numbers": [number]}, content_type="application/json")

    assert batch("2024-05-01", "H-1").status_code == 201
    assert batch("2024-08-01", "H-2").status_code == 404
    form = client.post("/production/serials/new/", {
        "plan_item": item.pk, "revision": world.revision.pk, "made_date": "01/08/2024",
        "classification": 0, "numbers": "H-3"})
    assert form.status_code == 200
    assert "01/08/2024" in form.context["form"].errors["revision"][0]
    assert client.post("/production/serials/new/", {
        "plan_item": item.pk, "revision": world.revision.pk, "made_date": "02/05/2024",
        "classification": 0, "numbers": "H-4"}).status_code == 302
    assert sorted(SerialUnit.objects.values_list("serial_number", flat=True)) == ["H-1", "H-4"]
    # another enterprise, which never held the right, still does not reach the revision
    other = client_for(world.staff_b).post("/api/production/serials/batch", {
        "plan_item_id": item.pk, "revision_id": world.revision.pk,
        "made_date": "2024-05-01", "numbers": ["H-5"]}, content_type="application/json")
    assert other.status_code == 404


def test_set_wise_batch_writes_what_model_saves_wrote(world):
    """The batch's rows, column by column, as bulk_create of models wrote them (the path it
    replaced): defaults, search_text as build_search_text makes it, timestamps, one node per
    serial of the serial's kind, enterprise and classification; ids in the numbers' order."""
    item = started(world, quantity=10)
    numbers = ["Đ-1", "b-2", "c-3"]
    created = services.create_serials(world.staff, plan_item=item, revision=world.revision,
                                      made_date=dt.date(YEAR, 5, 1), numbers=numbers,
                                      classification=Classification.SECRET)
    assert [s.serial_number for s in created] == ["Đ-1", "B-2", "C-3"]
    nodes = TraceNode.objects.bulk_create(
        [TraceNode(kind="serial", enterprise=item.plan.enterprise,
                   classification=Classification.SECRET) for _n in numbers])
    models = SerialUnit.objects.bulk_create(
        [SerialUnit(serial_number=f"OLD-{n}", product_type=item.product_type,
                    enterprise=item.plan.enterprise, plan_item=item, revision=world.revision,
                    made_date=dt.date(YEAR, 5, 1), classification=Classification.SECRET,
                    node=node, search_text=fold(f"OLD-{n}"))
         for n, node in zip(numbers, nodes, strict=True)])
    varying = {"id", "serial_number", "node", "search_text", "created_at", "updated_at"}
    columns = [f.attname for f in SerialUnit._meta.concrete_fields if f.name not in varying]
    old = SerialUnit.objects.filter(pk__in=[m.pk for m in models]).values(*columns)
    new = SerialUnit.objects.filter(pk__in=[s.pk for s in created]).values(*columns)
    assert list(new) == list(old)
    for serial in SerialUnit.objects.filter(pk__in=[s.pk for s in created]):
        assert serial.search_text == serial.build_search_text() != ""
        # set as save() sets them (each field's own now), within the test of the old rows
        assert abs(serial.updated_at - serial.created_at) < dt.timedelta(seconds=1)
        assert abs(serial.created_at - models[0].created_at) < dt.timedelta(minutes=1)
        node_columns = ("kind", "enterprise_id", "classification")
        assert [getattr(serial.node, c) for c in node_columns] == \
            ["serial", item.plan.enterprise_id, Classification.SECRET]
    assert len({s.node_id for s in created}) == 3
    assert [s.pk for s in created] == sorted(s.pk for s in created)
    entry = AuditEntry.objects.latest("id")
    assert entry.changes["batch"][1]["first_id"] == created[0].pk
    assert entry.changes["batch"][1]["last_id"] == created[2].pk


def test_id_runs_cover_interleaved_ids_exactly():
    from cnqp.production.services.items import id_runs

    query = SerialUnit.objects.filter(id_runs([3, 4, 5, 9, 11, 12])).query
    assert str(query).count("BETWEEN") == 3
