"""Inspections: the result is computed from the values; final acceptance is signed off by an
acceptance representative who is not the inspector."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cnqp.core.models import AuditEntry
from cnqp.production import services
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.evaluation import evaluate, parse_value
from cnqp.production.factories import CharacteristicFactory, InspectionTemplateFactory
from cnqp.production.models import Inspection, Measurement
from cnqp.production.tests.conftest import (
    YEAR,
    accept,
    bad_values,
    good_values,
    serials,
    started,
)


def limits(pk, lower, upper):
    return SimpleNamespace(pk=pk, lower_limit=lower and Decimal(lower),
                           upper_limit=upper and Decimal(upper))


CHARS = [limits(1, "10", "20"), limits(2, None, "5"), limits(3, "0", None)]


@pytest.mark.parametrize(("values", "passed", "missing", "out"), [
    ({1: "15", 2: "5", 3: "0"}, True, [], []),  # limits are inclusive
    ({1: "15", 2: "-100", 3: "1e6"}, True, [], []),  # an open side does not bound
    ({1: "15", 2: "5"}, False, [3], []),  # a missing value fails
    ({1: "15", 2: "", 3: "1"}, False, [2], []),  # a blank value is missing
    ({1: "20.001", 2: "5", 3: "1"}, False, [], [1]),  # out of limits
    ({1: "9,5", 2: "6", 3: "-1"}, False, [], [1, 2, 3]),
])
def test_result_computed_from_values(values, passed, missing, out):
    verdict = evaluate(CHARS, {k: parse_value(v) for k, v in values.items()})
    assert (verdict.passed, verdict.missing, verdict.out_of_limits) == (passed, missing, out)


def test_no_characteristics_never_passes():
    assert not evaluate([], {}).passed


def test_parse_value():
    assert parse_value("7,64") == Decimal("7.64")
    assert parse_value(" 1 200 ") == Decimal("1200")
    assert parse_value("abc") is None and parse_value("nan") is None and parse_value("") is None


def test_service_computes_and_stores(world):
    (unit,) = serials(world, started(world), 1)
    ok = accept(world, unit.node, sign=False)
    assert ok.result == InspectionResult.PASSED
    failed = services.record_inspection(
        world.staff, target=unit.node, template=world.template,
        stage=InspectionStage.FINAL_ACCEPTANCE, date=dt.date(YEAR, 6, 2),
        values={world.characteristics[0].pk: Decimal("7.64")})  # the second not measured
    assert failed.result == InspectionResult.FAILED
    rows = Measurement.objects.filter(inspection=failed).order_by("characteristic__position")
    assert [(r.value, r.within_limits) for r in rows] == [(Decimal("7.64"), True),
                                                          (None, False)]
    out = accept(world, unit.node, passed=False)
    assert out.result == InspectionResult.FAILED


def test_inspection_rules(world):
    item = started(world)
    (unit,) = serials(world, item, 1)
    incoming = InspectionTemplateFactory(stage=InspectionStage.INCOMING)
    in_process = InspectionTemplateFactory(stage=InspectionStage.IN_PROCESS)
    CharacteristicFactory(template=in_process)
    cases = [
        # a material check on a serial; a template of another stage; no operation step
        (dict(template=incoming, stage=InspectionStage.INCOMING), "target"),
        (dict(template=incoming, stage=InspectionStage.FINAL_ACCEPTANCE), "template"),
        (dict(template=in_process, stage=InspectionStage.IN_PROCESS), "operation_step"),
        (dict(template=world.template, stage=InspectionStage.FINAL_ACCEPTANCE,
              date=dt.date.today() + dt.timedelta(days=3)), "date"),
        (dict(template=world.template, stage=InspectionStage.FINAL_ACCEPTANCE,
              values={999999: Decimal(1)}), "values"),
    ]
    for kwargs, field in cases:
        arguments = {"date": dt.date(YEAR, 6, 1), "values": {}, **kwargs}
        with pytest.raises(ValidationError) as error:
            services.record_inspection(world.staff, target=unit.node, **arguments)
        assert field in error.value.message_dict, (kwargs, error.value)
    assert not Inspection.objects.exists()
    step = services.record_inspection(world.staff, target=unit.node, template=in_process,
                                      stage=InspectionStage.IN_PROCESS,
                                      operation_step="Gia công nòng", date=dt.date(YEAR, 5, 3),
                                      values={})
    assert step.result == InspectionResult.FAILED


def test_sign_off_rules(world, make_user):
    (unit,) = serials(world, started(world), 1)
    passed = accept(world, unit.node, sign=False)
    # The enterprise's own staff hold no sign-off permission.
    with pytest.raises(ValidationError):
        services.sign_off_acceptance(world.staff_b, passed)
    # The inspector cannot sign their own, even holding the permission.
    own = services.record_inspection(world.representative, target=unit.node,
                                     template=world.template,
                                     stage=InspectionStage.FINAL_ACCEPTANCE,
                                     date=dt.date(YEAR, 6, 1), values=good_values(world))
    with pytest.raises(ValidationError) as error:
        services.sign_off_acceptance(world.representative, own)
    assert "signed_off_by" in error.value.message_dict
    failed = services.record_inspection(world.staff, target=unit.node, template=world.template,
                                        stage=InspectionStage.FINAL_ACCEPTANCE,
                                        date=dt.date(YEAR, 6, 1), values=bad_values(world))
    with pytest.raises(ValidationError):
        services.sign_off_acceptance(world.representative, failed)
    signed = services.sign_off_acceptance(world.representative, passed)
    assert signed.signed_off_by == world.representative and signed.is_accepted
    with pytest.raises(ValidationError):
        services.sign_off_acceptance(world.admin, signed)
    with pytest.raises(ValidationError):
        services.delete_inspection(world.staff, signed)


def test_sign_off_routes(world, client_for):
    unit, other = serials(world, started(world), 2)
    passed = accept(world, unit.node, sign=False)
    staff = client_for(world.staff)
    assert staff.post(f"/production/inspections/{passed.pk}/sign_off/").status_code == 403
    api = f"/api/production/inspections/{passed.pk}/sign_off"
    assert staff.post(api, content_type="application/json").status_code == 403
    representative = client_for(world.representative)
    page = representative.get(f"/production/inspections/{passed.pk}/").content.decode()
    assert f"/production/inspections/{passed.pk}/sign_off/" in page
    # no body, as before the step took a date: signed off today
    answer = representative.post(api, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["signed_off_by_id"] == world.representative.pk
    assert timezone.localtime(dt.datetime.fromisoformat(
        answer.json()["signed_off_at"])).date() == timezone.localdate()
    back = accept(world, other.node, date=dt.date(YEAR, 6, 1), sign=False)
    dated = representative.post(f"/api/production/inspections/{back.pk}/sign_off",
                                {"on_date": f"{YEAR}-06-04"}, content_type="application/json")
    assert dated.status_code == 200, dated.content
    back.refresh_from_db()
    assert timezone.localtime(back.signed_off_at).date() == dt.date(YEAR, 6, 4)
    early = representative.post(f"/api/production/inspections/{back.pk}/sign_off",
                                {"on_date": f"{YEAR}-05-01"}, content_type="application/json")
    assert early.status_code == 422


def test_a_back_dated_sign_off_carries_its_real_date(world):
    """History entered afterwards (issue 20): an acceptance of YEAR signed off then reads as
    signed off then, not on the day it was typed; the audit entry keeps when it was typed.
    Before, `sign_off_acceptance` took no date and stamped the current time."""
    (unit,) = serials(world, started(world), 1)
    passed = accept(world, unit.node, date=dt.date(YEAR, 6, 1), sign=False)
    with pytest.raises(ValidationError) as early:
        services.sign_off_acceptance(world.representative, passed,
                                     on_date=dt.date(YEAR, 5, 31))
    assert f"01/06/{YEAR}" in early.value.message_dict["signed_off_at"][0]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        services.sign_off_acceptance(world.representative, passed, on_date=tomorrow)
    assert "signed_off_at" in future.value.message_dict
    passed.refresh_from_db()
    assert passed.signed_off_at is None
    before = timezone.now()
    signed = services.sign_off_acceptance(world.representative, passed,
                                          on_date=dt.date(YEAR, 6, 3))
    assert timezone.localtime(signed.signed_off_at).date() == dt.date(YEAR, 6, 3)
    signed.refresh_from_db()
    assert timezone.localtime(signed.signed_off_at).date() == dt.date(YEAR, 6, 3)
    entry = AuditEntry.objects.filter(object_type="production.inspection",
                                      object_id=str(signed.pk)).latest("pk")
    assert entry.at >= before and entry.actor_name == world.representative.username
    assert "signed_off_at" in entry.changes


def test_a_sign_off_today_keeps_its_time(world):
    (unit,) = serials(world, started(world), 1)
    passed = accept(world, unit.node, sign=False)
    before = timezone.now()
    signed = services.sign_off_acceptance(world.representative, passed,
                                          on_date=timezone.localdate())
    assert signed.signed_off_at >= before


def test_the_sign_off_page_takes_the_date(world, client_for):
    (unit,) = serials(world, started(world), 1)
    passed = accept(world, unit.node, date=dt.date(YEAR, 6, 1), sign=False)
    representative = client_for(world.representative)
    page = representative.get(f"/production/inspections/{passed.pk}/").content.decode()
    assert 'name="on_date"' in page
    representative.post(f"/production/inspections/{passed.pk}/sign_off/",
                        {"on_date": f"{YEAR}-06-02"})
    passed.refresh_from_db()
    assert timezone.localtime(passed.signed_off_at).date() == dt.date(YEAR, 6, 2)


def test_entry_form_computes_the_result(world, client_for):
    (unit,) = serials(world, started(world), 1)
    client = client_for(world.staff)
    first, second = world.characteristics
    url = (f"/production/inspections/record/?target={unit.node_id}"
           f"&stage=final_acceptance&template={world.template.pk}")
    page = client.get(url)
    assert page.status_code == 200 and f'name="value_{first.pk}"' in page.content.decode()
    live = client.post("/production/inspections/evaluate/", {
        "template": world.template.pk, f"value_{first.pk}": "7,70",
        f"value_{second.pk}": "710"}, HTTP_HX_REQUEST="true")
    assert "alert-danger" in live.content.decode()
    live = client.post("/production/inspections/evaluate/", {
        "template": world.template.pk, f"value_{first.pk}": "7,65",
        f"value_{second.pk}": "710"})
    assert "alert-success" in live.content.decode()
    answer = client.post(url, {"template": world.template.pk, "date": "01/06/2024",
                               f"value_{first.pk}": "7,65", f"value_{second.pk}": "710"})
    assert answer.status_code == 302
    assert Inspection.objects.get().result == InspectionResult.PASSED
    api = client.post("/api/production/inspections", {
        "target_id": unit.node_id, "template_id": world.template.pk,
        "stage": "final_acceptance", "date": "2024-06-02",
        "measurements": [{"characteristic_id": first.pk, "value": "7.9"}]},
        content_type="application/json")
    assert api.status_code == 201, api.content
    assert api.json()["result"] == InspectionResult.FAILED


def test_other_enterprise_cannot_inspect_what_it_cannot_see(world, client_for):
    (unit,) = serials(world, started(world), 1)
    client = client_for(world.staff_b)
    url = f"/production/inspections/record/?target={unit.node_id}&stage=final_acceptance"
    assert client.get(url).status_code == 404


def test_templates_are_written_by_the_directorate_only(world):
    assert not world.staff.has_perm("production.add_inspectiontemplate")
    assert world.representative.has_perm("production.add_inspectiontemplate")
    assert world.staff.has_perm("production.view_inspectiontemplate")


def test_limits_of_a_used_template_stay(world):
    (unit,) = serials(world, started(world), 1)
    accept(world, unit.node, sign=False)
    with pytest.raises(ValidationError):
        services.update_characteristic(world.admin, world.characteristics[0],
                                       upper_limit=Decimal("8"))
    with pytest.raises(ValidationError):
        services.create_characteristic(world.admin, template=world.template, name="Mới")


def test_inspections_and_edges_follow_their_items_level(world) -> None:
    """An inspection repeats its item's enterprise and level, an edge the higher level of its
    two ends: raising an item's level raises theirs (and so hides them as it hides it)."""
    from cnqp.core.choices import Classification
    from cnqp.production.models import GenealogyEdge

    unit, other = serials(world, started(world), count=2)
    inspection = accept(world, unit.node)
    assert (inspection.enterprise_id, inspection.classification) == (
        world.org.enterprise_a.pk, Classification.UNCLASSIFIED)
    services.record_consumption(world.staff, output=other.node, inputs=[(unit.node, 1)])
    services.update_serial(world.staff, unit, classification=Classification.SECRET)
    inspection.refresh_from_db()
    assert inspection.classification == Classification.SECRET
    assert GenealogyEdge.objects.get().classification == Classification.SECRET
    services.update_serial(world.staff, unit, classification=Classification.UNCLASSIFIED)
    assert GenealogyEdge.objects.get().classification == Classification.UNCLASSIFIED
