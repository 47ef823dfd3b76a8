"""Deliveries: only accepted serials go out; a user unit sees only what it received."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.models import AuditEntry
from cnqp.production import services
from cnqp.production.models import Delivery, DeliveryLine, Inspection, SerialUnit
from cnqp.production.tests.conftest import YEAR, accept, serials, started


def deliver(world, units, recipient=None, number="12/BBGN"):
    return services.create_delivery(world.staff, document_number=number,
                                    enterprise=world.org.enterprise_a,
                                    recipient=recipient or world.org.user_unit,
                                    date=dt.date(YEAR, 9, 2), serials=units)


@pytest.fixture
def units(world):
    return serials(world, started(world, quantity=6), 6)


def test_refused_without_a_passed_signed_off_acceptance(world, units):
    never, failed, unsigned, good = units[:4]
    accept(world, failed.node, passed=False)
    accept(world, unsigned.node, sign=False)
    accept(world, good.node)
    for unit in (never, failed, unsigned):
        with pytest.raises(ValidationError) as error:
            deliver(world, [good, unit])
        assert unit.serial_number in error.value.messages[0]
    assert not Delivery.objects.exists() and not DeliveryLine.objects.exists()
    delivery = deliver(world, [good])
    assert list(delivery.serials.all()) == [good]


def test_other_rules(world, units):
    good = units[0]
    accept(world, good.node)
    with pytest.raises(ValidationError) as error:
        deliver(world, [good], recipient=world.org.enterprise_b)
    assert "recipient" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_delivery(world.staff, document_number="1", date=dt.date(YEAR, 9, 1),
                                 enterprise=world.org.enterprise_b,
                                 recipient=world.org.user_unit, serials=[good])
    deliver(world, [good])
    with pytest.raises(ValidationError) as error:
        deliver(world, [good], number="13/BBGN")
    assert good.serial_number in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.delete_serial(world.staff, good)


def test_user_unit_sees_only_what_it_received(world, units, make_user, client_for, org):
    received, kept = units[0], units[1]
    for unit in (received, kept):
        accept(world, unit.node)
    other_unit = OrgUnitFactory(code="SD308", kind=OrgUnitKind.USER_UNIT, parent=org.root)
    deliver(world, [received])
    deliver(world, [kept], recipient=other_unit, number="14/BBGN")
    sd304 = make_user(["user_unit_staff"], org.user_unit, username="sd304")

    assert list(scope_queryset(SerialUnit.objects.all(), sd304)) == [received]
    client = client_for(sd304)
    page = client.get("/production/serials/", {"per_page": 100})
    assert page.context["page"].paginator.count == 1
    assert received.serial_number in page.content.decode()
    assert kept.serial_number not in page.content.decode()
    assert client.get(f"/production/serials/{received.pk}/").status_code == 200
    assert client.get(f"/production/serials/{kept.pk}/").status_code == 404
    api = client.get("/api/production/serials").json()
    assert [row["id"] for row in api["items"]] == [received.pk]
    assert client.get(f"/api/production/serials/{kept.pk}").status_code == 404
    # The delivery it received, and the acceptance of what it received; nothing else.
    assert client.get("/api/production/deliveries").json()["count"] == 1
    inspections = client.get("/api/production/inspections").json()["items"]
    assert {row["target_id"] for row in inspections} == {received.node_id}
    assert Inspection.objects.count() == 2  # one acceptance per delivered serial
    # The plan and the other serials of the enterprise stay out of sight.
    assert client.get("/api/production/plans").json()["count"] == 0
    assert client.get("/api/production/plan-items").json()["count"] == 0


def test_delivery_form(world, units, client_for):
    good = units[0]
    accept(world, good.node)
    client = client_for(world.staff)
    answer = client.post("/production/deliveries/new/", {
        "document_number": "20/BBGN", "enterprise": world.org.enterprise_a.pk,
        "recipient": world.org.user_unit.pk, "date": "02/09/2024",
        "product_type_code": world.product_type.code.lower(),
        "serial_numbers": f"{good.serial_number}\n{units[1].serial_number}"})
    assert answer.status_code == 200  # the second is not accepted: the form says why
    assert units[1].serial_number in answer.content.decode()
    answer = client.post("/production/deliveries/new/", {
        "document_number": "20/BBGN", "enterprise": world.org.enterprise_a.pk,
        "recipient": world.org.user_unit.pk, "date": "02/09/2024",
        "product_type_code": world.product_type.code,
        "serial_numbers": f"{good.serial_number} NOPE-1"})
    assert "NOPE-1" in answer.content.decode()
    answer = client.post("/production/deliveries/new/", {
        "document_number": "20/BBGN", "enterprise": world.org.enterprise_a.pk,
        "recipient": world.org.user_unit.pk, "date": "02/09/2024",
        "product_type_code": world.product_type.code, "serial_numbers": good.serial_number})
    assert answer.status_code == 302
    delivery = Delivery.objects.get()
    assert client.get(f"/production/deliveries/{delivery.pk}/").status_code == 200


def test_the_entry_of_a_delivery_is_as_classified_as_what_it_lists(world, units, make_user):
    """A Thường delivery's audit entry listed the Tối mật serials it delivered, so a Thường
    auditor read their numbers: the entry now takes the level of the most classified one."""
    secret = units[0]
    SerialUnit.objects.filter(pk=secret.pk).update(classification=Classification.SECRET)
    secret.refresh_from_db()
    accept(world, secret.node)
    delivery = deliver(world, [secret])
    entry = AuditEntry.objects.get(object_type="production.delivery", action="create",
                                   object_id=str(delivery.pk))
    assert secret.serial_number in entry.changes["serial_numbers"][1]
    assert entry.classification == Classification.SECRET
    auditor = make_user(["auditor"], world.org.root, Classification.CONFIDENTIAL)
    assert not scope_queryset(AuditEntry.objects.filter(pk=entry.pk), auditor).exists()
