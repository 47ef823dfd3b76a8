"""Genealogy: an edge table where rework is allowed and a cycle never is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.production import services
from cnqp.production.choices import NodeKind
from cnqp.production.factories import (
    GenealogyEdgeFactory,
    LotFactory,
    MaterialLotFactory,
    SerialUnitFactory,
    TraceNodeFactory,
)
from cnqp.production.models import GenealogyEdge
from cnqp.production.selectors import reachable_among, reaches


def consume(output, *inputs):
    return services.record_consumption(None, output=output,
                                       inputs=[(node, 1) for node in inputs],
                                       operation_step="Lắp ráp")


@pytest.fixture
def nodes(db):
    return [TraceNodeFactory(kind=NodeKind.LOT) for _ in range(4)]


def test_direct_cycle_refused(nodes):
    a, b, *_ = nodes
    consume(b, a)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        consume(a, b)
    assert "cycle" in error.value.messages[0]
    assert GenealogyEdge.objects.count() == 1


def test_cycle_through_several_hops_refused(nodes):
    a, b, c, d = nodes
    consume(b, a)
    consume(c, b)
    consume(d, c)
    assert reaches(a.pk, d.pk) and not reaches(d.pk, a.pk)
    with pytest.raises(ValidationError):
        consume(a, d)
    with pytest.raises(ValidationError):  # one bad input refuses the whole consumption
        services.record_consumption(None, output=b, inputs=[(TraceNodeFactory(), 1), (d, 1)])
    assert GenealogyEdge.objects.count() == 3


def test_rework_and_shared_inputs_accepted(db):
    steel = MaterialLotFactory().node
    barrel = SerialUnitFactory().node
    rifle = SerialUnitFactory().node
    reworked = SerialUnitFactory().node
    consume(barrel, steel)
    consume(rifle, barrel, steel)  # a diamond: the steel reaches the rifle twice
    consume(reworked, rifle)  # rework: the output is an input elsewhere
    consume(SerialUnitFactory().node, barrel)  # the barrel, taken out again (disassembly)
    assert GenealogyEdge.objects.count() == 5
    assert reachable_among(steel.pk, [barrel.pk, rifle.pk, reworked.pk]) == {
        barrel.pk, rifle.pk, reworked.pk}


def test_outputs_are_lots_or_serials(db):
    with pytest.raises(ValidationError):
        consume(MaterialLotFactory().node, LotFactory().node)


def test_no_self_edge_no_repeats_positive_quantities(nodes):
    a, b, *_ = nodes
    with pytest.raises(ValidationError):
        consume(a, a)
    with pytest.raises(ValidationError):
        consume(b, a, a)
    with pytest.raises(ValidationError):
        services.record_consumption(None, output=b, inputs=[(a, Decimal("0"))])


def test_a_consumption_already_recorded_is_refused_rework_later_accepted(nodes):
    """The same input, output and time again is the same record entered twice; the same
    items at another time are a rework."""
    from django.utils import timezone

    a, b, c, _d = nodes
    at = timezone.now() - dt.timedelta(days=1)
    services.record_consumption(None, output=b, inputs=[(a, 1)], at=at)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_consumption(None, output=b, inputs=[(c, 1), (a, 2)], at=at)
    assert "already recorded" in error.value.messages[0]
    services.record_consumption(None, output=b, inputs=[(a, 1)], at=at + dt.timedelta(hours=2))
    assert GenealogyEdge.objects.count() == 2


def test_walk_ends_on_bad_data(nodes):
    """A cycle that slipped in (bypassing the service) cannot make the query loop."""
    a, b, c, _d = nodes
    GenealogyEdgeFactory(input_node=a, output_node=b)
    GenealogyEdgeFactory(input_node=b, output_node=c)
    GenealogyEdgeFactory(input_node=c, output_node=a)
    assert reachable_among(a.pk, [a.pk, b.pk, c.pk, 999_999]) == {a.pk, b.pk, c.pk}


def test_one_audit_entry_and_edge_level(db):
    secret = MaterialLotFactory(classification=Classification.SECRET).node
    lot = LotFactory().node
    edges = consume(lot, secret, MaterialLotFactory().node)
    assert [e.classification for e in edges] == [Classification.SECRET, 0]
    entry = AuditEntry.objects.get(object_type="production.genealogyedge")
    assert entry.classification == Classification.SECRET
    assert len(entry.changes["consumption"][1]["inputs"]) == 2


def test_future_time_refused(nodes):
    from django.utils import timezone

    a, b, *_ = nodes
    with pytest.raises(ValidationError):
        services.record_consumption(None, output=b, inputs=[(a, 1)],
                                    at=timezone.now() + dt.timedelta(hours=1))


def test_item_pages_show_inputs_and_uses(world, client_for):
    from cnqp.production.tests.conftest import serials, started

    item = started(world)
    rifle, spare = serials(world, item, 2)
    steel = services.create_material_lot(
        world.staff, code="vt-1", enterprise=world.org.enterprise_a, supplier="Thép TN",
        material_name="Thép nòng", quantity=Decimal("10"), unit_of_measure="kg",
        received_date=dt.date(2024, 1, 5))
    consume(rifle.node, steel.node)
    client = client_for(world.staff)
    page = client.get(f"/production/serials/{rifle.pk}/").content.decode()
    assert "VT-1 Thép nòng" in page
    used = client.get(f"/production/material-lots/{steel.pk}/").content.decode()
    assert rifle.serial_number in used
    # The generic create page records one consumed input, through the same service.
    answer = client.post("/production/genealogy/new/", {
        "output_node": steel.node_id, "input_node": spare.node_id, "quantity": "1",
        "operation_step": "x", "at": "01/06/2024 08:00"})
    assert answer.status_code == 200 and "lot" in answer.content.decode().lower()
    assert GenealogyEdge.objects.count() == 1
