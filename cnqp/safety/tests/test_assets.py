"""Assets and their inspections: the next due date from the regime and the certificate, the
asset's own due date and status in the same transaction, overdue on a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.models import AuditEntry
from cnqp.safety import selectors, services
from cnqp.safety.choices import AssetStatus, InspectionResult
from cnqp.safety.models import AssetInspection, SafetyAsset
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db


def crane(world: SafetyWorld, **kwargs: object) -> SafetyAsset:
    data = {"code": "CT-01", "name": "Cầu trục 5 tấn", "category": world.ref.crane,
            "unit": world.org.enterprise_a, "in_service_on": dt.date(2020, 1, 10),
            **kwargs}
    return services.create_asset(world.staff_a, **data)  # type: ignore[arg-type]


def inspect(world: SafetyWorld, asset: SafetyAsset, on: dt.date, *, regime: object = None,
            result: str = InspectionResult.PASSED,
            valid_until: dt.date | None = None) -> AssetInspection:
    return services.record_inspection(
        world.staff_a, asset, regime=regime or world.ref.technical,  # type: ignore[arg-type]
        inspected_on=on, performer="Trung tâm Kiểm định", result=result,
        certificate_number="KĐ-1" if result != InspectionResult.FAILED else "",
        valid_until=valid_until)


def test_a_new_asset_is_due_before_first_use(world: SafetyWorld) -> None:
    asset = crane(world)
    assert asset.next_due == dt.date(2020, 1, 10)
    assert asset.status == AssetStatus.IN_SERVICE


def test_next_due_from_the_regime_and_the_asset_takes_the_earliest(world: SafetyWorld) -> None:
    asset = crane(world)
    first = inspect(world, asset, dt.date(2024, 1, 31))
    assert first.next_due == dt.date(2025, 1, 31)  # 12 months
    asset.refresh_from_db()
    assert asset.next_due == dt.date(2020, 1, 10)  # the internal check never made
    inspect(world, asset, dt.date(2024, 2, 29), regime=world.ref.internal)
    asset.refresh_from_db()
    assert asset.next_due == dt.date(2024, 8, 29)  # 6 months, earlier than the technical one


def test_the_certificates_own_shorter_date_wins(world: SafetyWorld) -> None:
    asset = crane(world)
    inspection = inspect(world, asset, dt.date(2024, 3, 1), valid_until=dt.date(2024, 9, 1))
    assert inspection.next_due == dt.date(2024, 9, 1)
    longer = inspect(world, asset, dt.date(2024, 9, 1), valid_until=dt.date(2026, 1, 1))
    assert longer.next_due == dt.date(2025, 9, 1)


def test_month_end_rolls_to_the_last_day(world: SafetyWorld) -> None:
    asset = crane(world)
    assert inspect(world, asset, dt.date(2023, 8, 31),
                   regime=world.ref.internal).next_due == dt.date(2024, 2, 29)


def test_a_failed_inspection_takes_the_asset_out_of_service_until_it_passes(
        world: SafetyWorld) -> None:
    asset = crane(world)
    inspect(world, asset, dt.date(2024, 5, 2), regime=world.ref.internal)
    failed = inspect(world, asset, dt.date(2024, 5, 6), result=InspectionResult.FAILED)
    asset.refresh_from_db()
    assert failed.next_due == dt.date(2024, 5, 6)
    assert asset.status == AssetStatus.OUT_OF_SERVICE
    assert asset.next_due == dt.date(2024, 5, 6)
    # Another regime passing does not put it back: the failed one must be redone.
    inspect(world, asset, dt.date(2024, 5, 8), regime=world.ref.internal)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.OUT_OF_SERVICE
    inspect(world, asset, dt.date(2024, 5, 10))
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_SERVICE
    assert asset.next_due == dt.date(2024, 11, 8)


def test_the_asset_and_its_inspection_are_written_and_audited_together(
        world: SafetyWorld) -> None:
    asset = crane(world)
    before = AuditEntry.objects.count()
    inspect(world, asset, dt.date(2024, 5, 6), result=InspectionResult.FAILED)
    kinds = list(AuditEntry.objects.order_by("pk")[before:].values_list("object_type",
                                                                         flat=True))
    assert kinds == ["safety.assetinspection", "safety.safetyasset"]


def test_an_inspection_under_another_categorys_regime_writes_nothing(
        world: SafetyWorld) -> None:
    asset = crane(world)
    with pytest.raises(ValidationError) as refused:
        inspect(world, asset, dt.date(2024, 5, 6), regime=world.ref.fire_check)
    assert "regime" in refused.value.message_dict
    assert not AssetInspection.objects.exists()


def test_a_passed_technical_inspection_needs_its_certificate(world: SafetyWorld) -> None:
    asset = crane(world)
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(world.staff_a, asset, regime=world.ref.technical,
                                   inspected_on=dt.date(2024, 5, 6), performer="TT",
                                   result=InspectionResult.PASSED)
    assert "certificate_number" in refused.value.message_dict


def test_another_unit_does_not_record_the_inspection(world: SafetyWorld) -> None:
    asset = crane(world)
    with pytest.raises(ValidationError):
        services.record_inspection(world.staff_b, asset, regime=world.ref.internal,
                                   inspected_on=dt.date(2024, 5, 6), performer="TT",
                                   result=InspectionResult.PASSED)


def test_overdue_on_a_date(world: SafetyWorld) -> None:
    asset = crane(world)
    inspect(world, asset, dt.date(2024, 1, 15))
    inspect(world, asset, dt.date(2024, 1, 15), regime=world.ref.internal)
    overdue = selectors.overdue_assets
    assert list(overdue(world.staff_a, dt.date(2024, 7, 15))) == []
    assert list(overdue(world.staff_a, dt.date(2024, 7, 16))) == [asset]
    assert list(overdue(world.staff_b, dt.date(2024, 7, 16))) == []  # another unit's


def test_decommissioned_assets_are_never_due(world: SafetyWorld) -> None:
    asset = crane(world)
    services.decommission_asset(world.staff_a, asset, on_date=dt.date(2024, 6, 1),
                                reason="Hết niên hạn sử dụng")
    asset.refresh_from_db()
    assert asset.status == AssetStatus.DECOMMISSIONED and asset.next_due is None
    with pytest.raises(ValidationError):
        inspect(world, asset, dt.date(2024, 6, 2))
