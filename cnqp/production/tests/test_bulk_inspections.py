"""Bulk import of inspection results: the verdict computed as `record_inspection` computes it,
one measurement per characteristic, every bad row reported, nothing written otherwise."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.production import services
from cnqp.production.bulk import InspectionImport
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.evaluation import evaluate
from cnqp.production.factories import CharacteristicFactory, InspectionTemplateFactory
from cnqp.production.models import Inspection, Measurement
from cnqp.production.tests.conftest import World, serials, started

HEADER = ("Loại đối tượng,Chủng loại,Đơn vị,Số hiệu,Mẫu kiểm tra,Ngày kiểm tra,Công đoạn,"
          "Người kiểm tra,Ghi chú,Giá trị 1,Giá trị 2")


def run(user: Any, *lines: str) -> Any:
    text = "\n".join([HEADER, *lines]) + "\n"
    return InspectionImport(user).run(io.BytesIO(text.encode()), "kiem-tra.csv")


@pytest.fixture
def items(world: World) -> dict[str, Any]:
    item = started(world)
    units = serials(world, item, count=3, prefix="AK-")
    steel = services.create_material_lot(
        world.staff, code="VT-01", enterprise=world.org.enterprise_a, supplier="Gang thép",
        material_name="Thép", quantity=Decimal(10), unit_of_measure="kg",
        received_date=dt.date(2024, 1, 10))
    incoming = InspectionTemplateFactory(code="KT-VT", stage=InspectionStage.INCOMING)
    CharacteristicFactory(template=incoming, name="Độ cứng", lower_limit=Decimal(229),
                          upper_limit=Decimal(269), position=1)
    in_process = InspectionTemplateFactory(code="KT-CD", stage=InspectionStage.IN_PROCESS)
    CharacteristicFactory(template=in_process, lower_limit=None, upper_limit=Decimal(5))
    return {"serials": units, "steel": steel, "type": world.product_type.code,
            "final": world.template.code}


def test_verdicts_equal_the_service_rule(world: World, items: Any) -> None:
    t, final = items["type"], items["final"]
    result = run(world.staff,
                 f"serial,{t},,AK-00001,{final},01/06/2024,,,đạt,\"7,64\",715",
                 f"serial,{t},,AK-00002,{final},2024-06-01,,,lệch,7.70,715",
                 f"serial,{t},,AK-00003,{final},2024-06-01,,,thiếu,7.64,",
                 f"Sản phẩm theo số hiệu,{t},,AK-00003,{final},2024-06-02,,z111,,7.66,700",
                 "material_lot,,,VT-01,KT-VT,2024-01-11,,,,250,",
                 "Lô vật tư,,Z111,VT-01,kt-vt,2024-01-12,,,,270,",
                 f"serial,{t},,AK-00001,KT-CD,2024-05-20,Tiện,,,-3,")
    assert result.ok, result.errors
    assert result.created == {"inspections": 7, "measurements": 11}
    inspections = list(Inspection.objects.order_by("id").prefetch_related("measurements"))
    assert [i.result for i in inspections] == [
        InspectionResult.PASSED, InspectionResult.FAILED, InspectionResult.FAILED,
        InspectionResult.PASSED, InspectionResult.PASSED, InspectionResult.FAILED,
        InspectionResult.PASSED]
    for inspection in inspections:  # the stored verdict is the service's verdict
        characteristics = list(inspection.template.characteristics.order_by("position", "pk"))
        values = {m.characteristic_id: m.value for m in inspection.measurements.all()}
        assert evaluate(characteristics, values).passed == \
            (inspection.result == InspectionResult.PASSED)
        assert len(values) == len(characteristics)
    first = inspections[0]
    assert first.stage == InspectionStage.FINAL_ACCEPTANCE and first.signed_off_at is None
    assert first.date == dt.date(2024, 6, 1) and first.note == "đạt"
    assert first.inspector_id == world.staff.pk and first.import_job_id is None
    assert inspections[-1].operation_step == "Tiện"
    # imported final acceptances are signed off as usual
    services.sign_off_acceptance(world.representative, first)


def test_every_bad_row_reported_and_nothing_written(world: World, items: Any) -> None:
    t, final = items["type"], items["final"]
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    result = run(world.staff,
                 f"serial,{t},,AK-00001,{final},2024-06-01,,,,7.64,715",  # fine
                 f"serial,{t},,AK-00001,KT-VT,2024-06-01,,,,250,",
                 "material_lot,,,VT-01,KT-CD,2024-06-01,Tiện,,,1,",
                 f"serial,{t},,AK-00001,KT-CD,2024-06-01,,,,1,",
                 f"serial,{t},,AK-00001,NOPE,2024-06-01,,,,1,",
                 f"serial,{t},,AK-00001,{final},{future},,,,7.64,715",
                 f"serial,{t},,AK-00001,{final},31/06/2024,,,,7.64,715",
                 f"serial,{t},,AK-00001,{final},2024-06-01,,,,bảy,715",
                 "material_lot,,,VT-01,KT-VT,2024-06-01,,,,250,9",
                 f"serial,{t},,AK-00009,{final},2024-06-01,,,,7.64,715",
                 "material_lot,,Z999,VT-01,KT-VT,2024-06-01,,,,250,",
                 f"serial,{t},,AK-00001,{final},2024-06-01,,ghost,,7.64,715")
    assert not result.ok
    columns = {i.row: i.column for i in result.errors}
    assert columns == {3: "Mẫu kiểm tra", 4: "Mẫu kiểm tra", 5: "Công đoạn",
                       6: "Mẫu kiểm tra", 7: "Ngày kiểm tra", 8: "Ngày kiểm tra",
                       9: "Giá trị 1", 10: "Giá trị 2", 11: "Số hiệu", 12: "Đơn vị",
                       13: "Người kiểm tra"}
    assert not Inspection.objects.exists() and not Measurement.objects.exists()


def test_an_impossible_iso_date_is_reported_on_its_row(world: World, items: Any) -> None:
    """On PostgreSQL an ISO date is first cast directly; 30 February fails that cast and the
    exact parsers run again. The retry had lost the templates' table and crashed instead."""
    t, final = items["type"], items["final"]
    result = run(world.staff,
                 f"serial,{t},,AK-00001,{final},2024-06-01,,,,7.64,715",
                 f"serial,{t},,AK-00001,{final},2024-02-30,,,,7.64,715")
    assert [(i.row, i.column) for i in result.errors] == [(3, "Ngày kiểm tra")]
    assert not Inspection.objects.exists()


def test_another_enterprise_and_lower_clearance_see_nothing_to_inspect(
        world: World, items: Any, make_user: Any) -> None:
    t, final = items["type"], items["final"]
    line = f"serial,{t},,AK-00001,{final},2024-06-01,,,,7.64,715"
    assert run(world.staff_b, line).errors[0].column == "Số hiệu"
    services.update_serial(world.staff, items["serials"][0],
                           classification=Classification.SECRET)
    low = make_user(["enterprise_staff"], world.org.enterprise_a, Classification.CONFIDENTIAL)
    assert run(low, line).errors[0].column == "Số hiệu"
    result = run(world.staff, line)
    assert result.ok and result.classification == Classification.SECRET
    user_unit = make_user(["user_unit_staff"], world.org.user_unit)
    assert not user_unit.has_perm(InspectionImport.permission)


def test_ids_continue_after_the_block(world: World, items: Any) -> None:
    t, final = items["type"], items["final"]
    assert run(world.staff, f"serial,{t},,AK-00001,{final},2024-06-01,,,,7.64,715",
               "", f"serial,{t},,AK-00002,{final},2024-06-01,,,,7.64,715").ok
    later = services.record_inspection(
        world.staff, target=items["serials"][2].node, template=world.template,
        stage=InspectionStage.FINAL_ACCEPTANCE, date=dt.date(2024, 6, 3),
        values={c.pk: Decimal("7.64") if i == 0 else Decimal(715)
                for i, c in enumerate(world.characteristics)})
    assert later.pk > max(Inspection.objects.exclude(pk=later.pk).values_list("pk", flat=True))
