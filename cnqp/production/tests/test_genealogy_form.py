"""The genealogy form names items as people know them: a product type and a serial or lot
number (a material lot by its code), never an internal trace-node number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cnqp.production import services
from cnqp.production.factories import SerialUnitFactory
from cnqp.production.models import GenealogyEdge
from cnqp.production.tests.conftest import issued_type, serials, started

NEW = "/production/genealogy/new/"
AT = "2024-06-01T08:00:00"


@pytest.fixture
def items(world: Any) -> dict[str, Any]:
    rifle, spare = serials(world, started(world), 2)
    steel = services.create_material_lot(
        world.staff, code="vt-7", enterprise=world.org.enterprise_a, supplier="Thép TN",
        material_name="Thép nòng", quantity=Decimal("10"), unit_of_measure="kg",
        received_date=dt.date(2024, 1, 5))
    other_type, revision = issued_type(world.org, code="SUNG-B")
    # the same number as the rifle's, of another product type
    twin = SerialUnitFactory(product_type=other_type, revision=revision,
                             enterprise=world.org.enterprise_a,
                             serial_number=spare.serial_number)
    return {"rifle": rifle, "spare": spare, "steel": steel, "twin": twin}


def _post(client: Any, **fields: str) -> Any:
    data = {"quantity": "1", "operation_step": "Lắp ráp", "at": "01/06/2024 08:00"} | fields
    return client.post(NEW, data)


def test_type_and_number_record_the_link(world, items, client_for):
    code = world.product_type.code
    answer = _post(client_for(world.staff), output_type=code,
                   output_number=items["rifle"].serial_number.lower(),
                   input_type="material_lot", input_number="VT-7")
    assert answer.status_code == 302, answer.content.decode()[:500]
    edge = GenealogyEdge.objects.get()
    assert (edge.output_node_id, edge.input_node_id) == (items["rifle"].node_id,
                                                         items["steel"].node_id)


def test_an_unknown_number_is_named_with_its_type(world, items, client_for):
    code = world.product_type.code
    answer = _post(client_for(world.staff), output_type=code, output_number="KHONG-CO",
                   input_type="material_lot", input_number="VT-7")
    page = answer.content.decode()
    assert "KHONG-CO" in page and code in page
    assert not GenealogyEdge.objects.exists()


def test_a_number_of_another_type_is_refused(world, items, client_for):
    """The twin's number exists, but not of the type chosen; and the right type decides."""
    twin = items["twin"]
    client = client_for(world.staff)
    _post(client, output_type=world.product_type.code,
          output_number=items["rifle"].serial_number, input_type="SUNG-B",
          input_number=items["rifle"].serial_number)
    assert not GenealogyEdge.objects.exists()
    _post(client, output_type=world.product_type.code,
          output_number=items["rifle"].serial_number, input_type="SUNG-B",
          input_number=twin.serial_number)
    assert GenealogyEdge.objects.get().input_node_id == twin.node_id


def test_an_item_out_of_view_does_not_exist(world, items, client_for):
    """Z113's staff may not see Z111's serials: the number is unknown to them."""
    page = _post(client_for(world.staff_b), output_type=world.product_type.code,
                 output_number=items["rifle"].serial_number, input_type="material_lot",
                 input_number="VT-7").content.decode()
    assert items["rifle"].serial_number in page
    assert not GenealogyEdge.objects.exists()


def test_the_item_page_link_fills_in_type_and_number(world, items, client_for):
    rifle = items["rifle"]
    page = client_for(world.staff).get(NEW, {"output_node": rifle.node_id}).content.decode()
    assert f'value="{rifle.serial_number}"' in page
    assert f'<option value="{world.product_type.code}" selected' in page


def test_the_api_takes_node_numbers_or_type_and_number(world, items, client_for):
    client = client_for(world.staff)
    by_ids = client.post("/api/production/genealogy", {
        "output_node": items["rifle"].node_id, "input_node": items["steel"].node_id,
        "quantity": "1", "at": AT}, content_type="application/json")
    assert by_ids.status_code in (200, 201), by_ids.content
    by_numbers = client.post("/api/production/genealogy", {
        "output_type": world.product_type.code, "output_number": items["spare"].serial_number,
        "input_type": "material_lot", "input_number": "VT-7", "quantity": "1", "at": AT},
        content_type="application/json")
    assert by_numbers.status_code in (200, 201), by_numbers.content
    unknown = client.post("/api/production/genealogy", {
        "output_type": world.product_type.code, "output_number": "X-1",
        "input_type": "material_lot", "input_number": "VT-7", "quantity": "1", "at": AT},
        content_type="application/json")
    assert unknown.status_code == 422 and "X-1" in unknown.content.decode()
    assert GenealogyEdge.objects.count() == 2
