"""Safety-critical assets and their inspections. Recording an inspection computes its next
due date from the regime (or the certificate's own shorter date) and, in the same transaction,
the asset's: the earliest next due date over the regimes of its category in force, and its
status: out of service while the last inspection of any of those regimes failed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core.dates import add_months
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.safety.choices import AssetStatus, InspectionKind, InspectionResult
from cnqp.safety.models import AssetCategory, AssetInspection, InspectionRegime, SafetyAsset
from cnqp.safety.models.reference import valid_on_q
from cnqp.safety.services.common import check_acts_for, check_not_future, day, lock


def inspection_due(regime: InspectionRegime, inspected_on: dt.date, result: str,
                   valid_until: dt.date | None) -> dt.date:
    """When the next inspection under `regime` falls due: at once after a failure, else after
    the regime's interval, or on the certificate's own date when that comes first."""
    if result == InspectionResult.FAILED:
        return inspected_on
    due = add_months(inspected_on, regime.interval_months)
    return min(due, valid_until) if valid_until is not None else due


def asset_state(asset: SafetyAsset, today: dt.date) -> tuple[dt.date | None, str]:
    """The asset's next due date and status from its inspections, over the regimes of its
    category in force `today` (one query per regime kind: a category has a handful)."""
    if asset.status == AssetStatus.DECOMMISSIONED:
        return None, AssetStatus.DECOMMISSIONED
    kinds = set(InspectionRegime.objects.filter(valid_on_q(today), category=asset.category_id)
                .values_list("kind", flat=True))
    dues: list[dt.date] = []
    status = AssetStatus.IN_SERVICE
    for kind in sorted(kinds):
        last = (AssetInspection.objects.filter(asset=asset, regime__kind=kind)
                .order_by("-inspected_on", "-pk").only("next_due", "result").first())
        if last is None:
            dues.append(asset.in_service_on)  # inspected before first use
            continue
        dues.append(last.next_due)
        if last.result == InspectionResult.FAILED:
            status = AssetStatus.OUT_OF_SERVICE
    return (min(dues) if dues else None), status


def _refresh(actor: User | None, asset: SafetyAsset, today: dt.date) -> SafetyAsset:
    next_due, status = asset_state(asset, today)
    changed = {k: v for k, v in {"next_due": next_due, "status": status}.items()
               if getattr(asset, k) != v}
    return writes.update(actor, asset, changed) if changed else asset


def _check_unit(actor: User | None, unit: OrgUnit) -> None:
    check_acts_for(actor, unit, "unit")


def create_asset(actor: User | None, *, code: str, name: str, category: AssetCategory,
                 unit: OrgUnit, in_service_on: dt.date, site: str = "",
                 serial_number: str = "", manufacturer: str = "", year_made: int | None = None,
                 parameters: str = "", declared_on: dt.date | None = None,
                 declaration_number: str = "", classification: int = 0) -> SafetyAsset:
    _check_unit(actor, unit)
    if declared_on is not None and not declaration_number.strip():
        raise ValidationError({"declaration_number": _("A declaration has its number.")})
    asset = SafetyAsset(code=code, name=name, category=category, unit=unit,
                        in_service_on=in_service_on, site=site, serial_number=serial_number,
                        manufacturer=manufacturer, year_made=year_made, parameters=parameters,
                        declared_on=declared_on, declaration_number=declaration_number,
                        classification=classification)
    with transaction.atomic():
        asset = writes.create(actor, asset)
        return _refresh(actor, asset, in_service_on)


ASSET_EDITABLE = frozenset({"code", "name", "category", "unit", "site", "serial_number",
                            "manufacturer", "year_made", "parameters", "in_service_on",
                            "declared_on", "declaration_number", "classification"})


def update_asset(actor: User | None, asset: SafetyAsset, **data: Any) -> SafetyAsset:
    changed = {k: v for k, v in data.items() if k in ASSET_EDITABLE and v != getattr(asset, k)}
    if "unit" in changed:
        _check_unit(actor, changed["unit"])
    with transaction.atomic():
        asset = writes.update(actor, lock(asset), changed)
        return _refresh(actor, asset, day(None))


def delete_asset(actor: User | None, asset: SafetyAsset) -> None:
    writes.delete(actor, asset)  # refused once it has inspections or incidents


def decommission_asset(actor: User | None, asset: SafetyAsset, *, on_date: dt.date | None = None,
                       reason: str) -> SafetyAsset:
    when = day(on_date)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the asset is decommissioned.")})
    with transaction.atomic():
        asset = lock(asset)
        if asset.status == AssetStatus.DECOMMISSIONED:
            raise ValidationError({"status": _("The asset is already decommissioned.")})
        if when < asset.in_service_on:
            raise ValidationError({"on_date": _("The date is before the asset went into "
                                                "service.")})
        return writes.update(actor, asset, {"status": AssetStatus.DECOMMISSIONED,
                                            "next_due": None, "decommissioned_on": when,
                                            "decommission_reason": reason.strip()})


def record_inspection(actor: User | None, asset: SafetyAsset, *, regime: InspectionRegime,
                      inspected_on: dt.date, performer: str, result: str,
                      inspector: str = "", certificate_number: str = "",
                      valid_until: dt.date | None = None, note: str = "") -> AssetInspection:
    """An inspection of `asset` under `regime`; the asset's next due date and status follow
    in the same transaction."""
    errors: dict[str, str] = {}
    if regime.category_id != asset.category_id:
        errors["regime"] = _("The regime is for another category of asset.")
    elif not regime.valid_on(inspected_on):
        errors["regime"] = _("The regime was not in force on %(date)s.") % {
            "date": inspected_on.strftime("%d/%m/%Y")}
    if valid_until is not None and valid_until <= inspected_on:
        errors["valid_until"] = _("The certificate expires before the inspection.")
    if (regime.kind == InspectionKind.TECHNICAL and result != InspectionResult.FAILED
            and not certificate_number.strip()):
        errors["certificate_number"] = _("A technical safety inspection that passes issues "
                                         "a certificate: give its number.")
    if errors:
        raise ValidationError(errors)
    check_not_future(inspected_on, "inspected_on")
    with transaction.atomic():
        asset = lock(asset)
        if asset.status == AssetStatus.DECOMMISSIONED:
            raise ValidationError({"asset": _("The asset is decommissioned.")})
        _check_unit(actor, asset.unit)
        inspection = writes.create(actor, AssetInspection(
            asset=asset, regime=regime, inspected_on=inspected_on, performer=performer,
            inspector=inspector, certificate_number=certificate_number, result=result,
            valid_until=valid_until, note=note,
            next_due=inspection_due(regime, inspected_on, result, valid_until),
            recorded_by=actor if actor is not None and actor.pk else None))
        _refresh(actor, asset, max(inspected_on, day(None)))
        return inspection


def create_inspection(actor: User | None, *, asset: SafetyAsset, **data: Any) -> AssetInspection:
    """`record_inspection` as the inspections' register calls it: the asset named in the row."""
    return record_inspection(actor, asset, **data)


def delete_inspection(actor: User | None, inspection: AssetInspection) -> None:
    """An inspection entered by mistake; the asset's state is computed again without it."""
    with transaction.atomic():
        asset = lock(inspection.asset)
        writes.delete(actor, inspection)
        _refresh(actor, asset, day(None))
