"""Plan and plan-item rules: the lifecycle, the right to produce, progress and completion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cnqp.core.choices import AuditAction
from cnqp.core.models import AuditEntry
from cnqp.documents.choices import Purpose
from cnqp.production import services
from cnqp.production.choices import OnTimeStatus, PlanItemKind, PlanItemStatus
from cnqp.production.models import PlanItem, ProductionPlan
from cnqp.production.selectors import annotate_items
from cnqp.production.tests.conftest import (
    YEAR,
    accept,
    issued_type,
    make_item,
    make_plan,
    serials,
    started,
)


def figures(item):
    return annotate_items(PlanItem.objects.filter(pk=item.pk), dt.date(YEAR, 12, 31)).get()


def test_one_plan_per_enterprise_and_year(world):
    make_plan(world)
    with pytest.raises(ValidationError), transaction.atomic():
        make_plan(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductionPlan.objects.create(year=YEAR, enterprise=world.org.enterprise_a)


def test_plans_belong_to_producers(world):
    with pytest.raises(ValidationError):
        make_plan(world, enterprise=world.org.user_unit)


def test_due_date_within_the_plan_year(world):
    plan = make_plan(world)
    with pytest.raises(ValidationError) as error:
        make_item(world, plan, due=dt.date(YEAR + 1, 1, 15))
    assert "due_date" in error.value.message_dict


def test_start_refused_without_a_right_gives_the_reasons(world, org):
    unlicensed, _revision = issued_type(org, rights=())
    item = make_item(world, make_plan(world), product_type=unlicensed)
    with pytest.raises(ValidationError) as error:
        services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    text = " ".join(error.value.messages)
    assert unlicensed.code in text and org.enterprise_a.name in text
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED and item.started_on is None


def test_start_refused_without_an_issued_design(world, make_user):
    from cnqp.documents.factories import ProductTypeFactory

    item = make_item(world, make_plan(world), product_type=ProductTypeFactory())
    with pytest.raises(ValidationError) as error:
        services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    assert "TLTK" in " ".join(error.value.messages)


def test_repair_needs_a_right_for_repair(world, org):
    production_only, _rev = issued_type(org, rights=(Purpose.PRODUCTION,))
    item = make_item(world, make_plan(world), product_type=production_only,
                     kind=PlanItemKind.REPAIR)
    with pytest.raises(ValidationError):
        services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    repair = make_item(world, item.plan, kind=PlanItemKind.REPAIR)  # world's type: both rights
    assert services.start_plan_item(world.staff, repair).status == PlanItemStatus.IN_PROGRESS


def test_start_allowed_with_a_right_and_audited(world):
    item = started(world)
    assert item.status == PlanItemStatus.IN_PROGRESS
    assert item.started_on == dt.date(YEAR, 2, 1)
    entry = AuditEntry.objects.filter(object_type="production.planitem", object_id=str(item.pk),
                                      action=AuditAction.UPDATE).latest("id")
    assert entry.changes["status"] == [PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS]


def test_illegal_transitions(world):
    item = make_item(world, make_plan(world))
    with pytest.raises(ValidationError):
        services.complete_plan_item(world.staff, item)
    item = services.start_plan_item(world.staff, item, on_date=dt.date(YEAR, 2, 1))
    with pytest.raises(ValidationError):
        services.start_plan_item(world.staff, item)
    with pytest.raises(ValidationError):
        services.delete_plan_item(world.staff, item)


def test_future_dates_refused(world):
    item = make_item(world, make_plan(world))
    with pytest.raises(ValidationError):
        services.start_plan_item(world.staff, item, on_date=dt.date.today() + dt.timedelta(days=2))


def test_complete_needs_accepted_output(world):
    item = started(world, quantity=2)
    first, second = serials(world, item, 2)
    accept(world, first.node)
    accept(world, second.node, sign=False)  # passed, not signed off: not yet accepted
    with pytest.raises(ValidationError) as error:
        services.complete_plan_item(world.staff, item, on_date=dt.date(YEAR, 9, 1))
    assert "1" in error.value.messages[0] and "2" in error.value.messages[0]
    assert figures(item).progress == 1
    inspection = second.node.inspections.get()
    services.sign_off_acceptance(world.representative, inspection)
    item = services.complete_plan_item(world.staff, item, on_date=dt.date(YEAR, 9, 1))
    done = figures(item)
    assert (done.progress, done.status, done.on_time_status, done.quality_passed,
            done.done_well) == (2, PlanItemStatus.COMPLETED, OnTimeStatus.ON_TIME, True, True)


def test_lot_quantities_count_towards_progress(world):
    item = started(world, quantity=300)
    lot = services.create_lot(world.staff, lot_number="l-01", product_type=world.product_type,
                              enterprise=world.org.enterprise_a, revision=world.revision,
                              quantity=300, made_date=dt.date(YEAR, 5, 2), plan_item=item)
    assert lot.lot_number == "L-01"
    assert figures(item).progress == 0
    accept(world, lot.node)
    assert figures(item).progress == 300


def test_late_and_failed_first_try(world):
    item = started(world, quantity=1, due=dt.date(YEAR, 3, 31))
    (unit,) = serials(world, item, 1)
    accept(world, unit.node, passed=False)
    accept(world, unit.node)  # re-inspected and passed
    item = services.complete_plan_item(world.staff, item, on_date=dt.date(YEAR, 4, 15))
    done = figures(item)
    assert done.on_time_status == OnTimeStatus.LATE
    assert done.failed_final == 1 and not done.quality_passed and not done.done_well


def test_open_and_overdue(world):
    plan = make_plan(world)
    open_item = make_item(world, plan, due=dt.date(YEAR, 12, 31))
    overdue = make_item(world, plan, due=dt.date(YEAR, 1, 31))
    rows = {i.pk: i for i in annotate_items(PlanItem.objects.all(), dt.date(YEAR, 6, 1))}
    assert rows[open_item.pk].on_time_status == OnTimeStatus.OPEN
    assert rows[overdue.pk].on_time_status == OnTimeStatus.LATE


def test_started_item_keeps_its_product_type(world, org):
    item = started(world)
    other, _rev = issued_type(org)
    with pytest.raises(ValidationError):
        services.update_plan_item(world.staff, item, product_type=other)
    services.update_plan_item(world.staff, item, quantity=5)
    item.refresh_from_db()
    assert item.quantity == 5


def test_start_action_in_the_ui_shows_the_reasons(world, org, client_for):
    unlicensed, _revision = issued_type(org, rights=())
    item = make_item(world, make_plan(world), product_type=unlicensed)
    client = client_for(world.staff)
    page = client.get(f"/production/plan-items/{item.pk}/")
    assert page.status_code == 200
    assert unlicensed.code in page.content.decode()  # the reasons, before trying
    answer = client.post(f"/production/plan-items/{item.pk}/start/", {}, follow=True)
    assert unlicensed.code in answer.content.decode()
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED


def test_start_action_in_the_api(world, client_for):
    item = make_item(world, make_plan(world))
    client = client_for(world.staff)
    answer = client.post(f"/api/production/plan-items/{item.pk}/start",
                         {"on_date": f"{YEAR}-02-01"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == PlanItemStatus.IN_PROGRESS
    user_unit = client_for(world.admin)  # a second start is refused by the service
    again = user_unit.post(f"/api/production/plan-items/{item.pk}/start", {},
                           content_type="application/json")
    assert again.status_code == 422


def test_board_pages(world, client_for):
    item = started(world)
    client = client_for(world.staff)
    assert client.get(f"/production/plans/{item.plan_id}/").status_code == 200
    page = client.get("/production/board/", {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "0/1" in html
    # A year is a name, not a quantity: never "2.024".
    assert f"năm {YEAR}" in html and f'<option value="{YEAR}" selected>' in html
    assert "2.024" not in html
    assert client.get("/production/board/", {"year": "0"}).status_code == 200  # no such year
    answer = client.get("/api/production/completion", {"year": YEAR})
    assert answer.status_code == 200, answer.content
    assert {key: answer.json()[key] for key in ("year", "done", "total", "items",
                                                 "planned_quantity", "accepted_quantity")} == {
        "year": YEAR, "done": 0, "total": 1, "items": 1, "planned_quantity": 2,
        "accepted_quantity": 0}
