"""The demo's safety-critical assets with their inspections, and its plans with their drills."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnqp.core.dates import add_months
from cnqp.safety import services
from cnqp.safety.choices import DrillResult, InspectionKind, InspectionResult, PlanKind
from cnqp.safety.demo.base import Demo
from cnqp.safety.models import AssetCategory, InspectionRegime, SafetyAsset, SafetyPlan

# code, name, unit, category, in service, state of the last inspection of each regime
ASSETS = (
    ("CT-Z111-01", "Cầu trục 5 tấn", "Z111-PX1", "CAU-TRUC", dt.date(2009, 5, 4), "ok"),
    ("CT-Z111-02", "Cầu trục 10 tấn", "Z111-PX2", "CAU-TRUC", dt.date(2008, 3, 10), "overdue"),
    ("NH-Z111-01", "Nồi hơi đốt than 2 tấn/giờ", "Z111", "NOI-HOI", dt.date(2012, 9, 1), "soon"),
    ("BCC-Z111-01", "Bình chữa cháy CO2 phân xưởng cơ khí", "Z111-PX1", "PCCC-BINH",
     dt.date(2019, 1, 10), "ok"),
    ("CS-Z111-01", "Hệ thống chống sét khu nhà xưởng", "Z111", "CHONG-SET", dt.date(2010, 6, 1),
     "overdue"),
    ("KHO-Z113-01", "Kho thuốc nổ số 1", "Z113", "KHO-VLN", dt.date(2005, 4, 1), "ok"),
    ("KHO-Z113-02", "Kho thuốc phóng số 2", "Z113", "KHO-VLN", dt.date(2007, 8, 1), "soon"),
    ("XN-Z113-01", "Xe nâng điện 2,5 tấn", "Z113-PX1", "XE-NANG", dt.date(2015, 10, 5),
     "failed"),
    ("HC-Z113-01", "Kho hóa chất phân xưởng đạn", "Z113-PX1", "KHO-HC", dt.date(2013, 5, 1),
     "ok"),
    ("CT-Z115-01", "Cầu trục dầm đôi 16 tấn", "Z115", "CAU-TRUC", dt.date(2011, 7, 1), "ok"),
    ("TM-Z115-01", "Thang máy chở hàng 1 tấn", "Z115", "THANG-MAY", dt.date(2017, 9, 1),
     "overdue"),
    ("NH-Z121-01", "Nồi hơi ống lửa 1,5 tấn/giờ", "Z121", "NOI-HOI", dt.date(2010, 11, 1), "ok"),
    ("BA-Z121-01", "Bình chứa amoniac", "Z121", "BINH-AP", dt.date(2012, 4, 1), "overdue"),
    ("CT-Z129-01", "Cần trục ô tô 25 tấn", "Z129", "CAN-TRUC", dt.date(2018, 3, 1), "ok"),
    ("TB-VVK-01", "Trường bắn thử súng bộ binh", "VVK", "TRUONG-BAN", dt.date(2006, 1, 1), "ok"),
    ("HC-VTPTN-01", "Kho hóa chất phòng thí nghiệm", "VTPTN", "KHO-HC", dt.date(2011, 1, 1),
     "soon"),
    ("KHO-VTPTN-01", "Kho mẫu thuốc nổ", "VTPTN", "KHO-VLN", dt.date(2011, 1, 1), "ok"),
)
MANUFACTURERS = ("Công ty Cơ khí Hà Nội", "Kone", "Mitsubishi", "Komatsu", "Toyota",
                 "Công ty Lilama", "Tổng cục CNQP")


def _regime(d: Demo, category: AssetCategory, kind: str, on: dt.date) -> InspectionRegime:
    return next(r for r in d.regimes if r.category_id == category.pk and r.kind == kind
                and r.valid_on(on))


def _inspect(d: Demo, asset: SafetyAsset, kind: str, on: dt.date, result: str) -> None:
    regime = _regime(d, asset.category, kind, on)
    technical = kind == InspectionKind.TECHNICAL
    services.record_inspection(
        d.actor(asset.unit), asset, regime=regime, inspected_on=on, result=result,
        performer=("Trung tâm Kiểm định kỹ thuật an toàn - Bộ Quốc phòng" if technical
                   else f"Phòng An toàn {asset.unit.code.split('-')[0]}"),
        inspector=d.name() if technical else "",
        certificate_number=(f"KĐ-{on.year}/{d.rng.randint(1000, 9999)}"
                            if technical and result != InspectionResult.FAILED else ""),
        note="Phanh nâng hạ không đạt, dừng sử dụng." if result == InspectionResult.FAILED
        else "")


def _last(d: Demo, months: int, state: str) -> dt.date:
    """The date of the last inspection that leaves the asset in `state` today."""
    t = d.today
    if state == "soon":
        return add_months(t, -months) + dt.timedelta(days=15)
    if state == "overdue":
        return add_months(t, -months) - dt.timedelta(days=40)
    if state == "failed":
        return t - dt.timedelta(days=50)
    return add_months(t, -months) + dt.timedelta(days=max(months * 10, 45))


def assets(d: Demo) -> None:
    for code, name, unit_code, category_code, since, state in ASSETS:
        unit, category = d.units[unit_code], d.categories[category_code]
        asset = services.create_asset(
            d.actor(unit), code=code, name=name, category=category, unit=unit,
            in_service_on=since, site=unit.name, manufacturer=d.rng.choice(MANUFACTURERS),
            serial_number=f"SN{d.rng.randint(10000, 99999)}", year_made=since.year - 1,
            declared_on=since if category.strict else None,
            declaration_number=f"{d.rng.randint(10, 99)}/KB-{unit_code}"
            if category.strict else "")
        d.assets[code] = asset
        kinds = sorted({r.kind for r in d.regimes if r.category_id == category.pk
                        and r.valid_on(d.today)})
        # the state is the technical inspection's where there is one; the others are kept
        primary = InspectionKind.TECHNICAL if InspectionKind.TECHNICAL in kinds else kinds[0]
        for kind in kinds:
            if code == "CT-Z111-02" and kind == primary:
                _crane_history(d, asset)  # lapsed in 2017, inspected after the 2018 incident
                continue
            months = _regime(d, category, kind, d.today).interval_months
            mine = state if kind == primary or state in ("ok", "soon") else "ok"
            last = _last(d, months, mine)
            if mine != "ok" and (previous := add_months(last, -months)) >= since:
                _inspect(d, asset, kind, previous, InspectionResult.PASSED)  # the one before
            _inspect(d, asset, kind, last, InspectionResult.FAILED if mine == "failed"
                     else InspectionResult.PASSED)


def _crane_history(d: Demo, asset: SafetyAsset) -> None:
    for on in (dt.date(2015, 6, 10), dt.date(2018, 4, 5), dt.date(2020, 4, 8),
               dt.date(2022, 4, 12)):
        _inspect(d, asset, InspectionKind.TECHNICAL, on, InspectionResult.PASSED)


def _plan(d: Demo, code: str, title: str, kind: str, unit: str, *, submitted: dt.date | None,
          approved: dt.date | None = None, in_force: dt.date | None = None,
          approver: str = "Tổng cục Công nghiệp quốc phòng", **extra: Any) -> SafetyPlan:
    owner = d.units[unit]
    actor = d.actor(owner)
    plan = services.create_plan(actor, code=code, title=title, kind=kind, unit=owner, **extra)
    if submitted is not None:
        plan = services.submit_plan(actor, plan, on_date=d.day(submitted))
    if approved is not None:
        plan = services.approve_plan(d.btm, plan, on_date=d.day(approved),
                                     decision_number=d.decision("TCCNQP"),
                                     approved_by=approver)
    if in_force is not None:
        plan = services.put_plan_in_force(actor, plan, on_date=d.day(in_force))
    return plan


def _drill(d: Demo, plan: SafetyPlan, on: dt.date, scenario: str, result: str = "good",
           findings: str = "") -> None:
    services.record_drill(d.actor(plan.unit), plan=plan, held_on=on, scenario=scenario,
                          participants=d.rng.randint(40, 160), result=result,
                          external_forces="Cảnh sát PCCC và CNCH Công an tỉnh",
                          findings=findings)


def plans(d: Demo) -> None:
    y = d.today.year
    police = "Phòng Cảnh sát PCCC và CNCH Công an tỉnh Phú Thọ"
    fire1 = _plan(d, "PA-PCCC-Z111-V1", "Phương án chữa cháy và cứu nạn, cứu hộ Nhà máy Z111",
                  PlanKind.FIRE, "Z111", submitted=dt.date(2017, 3, 10),
                  approved=dt.date(2017, 4, 1), in_force=dt.date(2017, 4, 15), approver=police)
    _drill(d, fire1, dt.date(2018, 10, 12), "Cháy kho sơn ngoài giờ hành chính")
    _drill(d, fire1, dt.date(2020, 11, 5), "Cháy tủ điện phân xưởng lắp ráp",
           DrillResult.NEEDS_WORK, "Lăng chữa cháy vách tường số 3 không đủ áp lực.")
    fire2 = _plan(d, "PA-PCCC-Z111-V2", "Phương án chữa cháy và cứu nạn, cứu hộ Nhà máy Z111 "
                  "(Mẫu PC06)", PlanKind.FIRE, "Z111", submitted=dt.date(2022, 4, 20),
                  approved=dt.date(2022, 5, 16), in_force=dt.date(2022, 6, 1), approver=police,
                  version=2, supersedes=fire1, review_due=dt.date(2027, 6, 1))
    _drill(d, fire2, dt.date(2023, 10, 18), "Cháy buồng sơn tĩnh điện trong giờ làm việc")
    _drill(d, fire2, dt.date(2025, 10, 9), "Cháy lan từ kho bao bì sang nhà xưởng")
    chemical = _plan(d, "KH-HC-Z113", "Kế hoạch phòng ngừa, ứng phó sự cố hóa chất Nhà máy "
                     "Z113", PlanKind.CHEMICAL, "Z113", submitted=dt.date(2019, 2, 11),
                     approved=dt.date(2019, 3, 20), in_force=dt.date(2019, 4, 1),
                     review_due=d.today + dt.timedelta(days=20))
    _drill(d, chemical, dt.date(2021, 6, 22), "Rò rỉ axit nitric tại kho hóa chất")
    _drill(d, chemical, dt.date(2024, 6, 14), "Tràn dung môi khi sang chiết")
    for year in (y - 1, y, y + 1):
        plan = _plan(d, f"KH-ATVSLD-Z111-{year}", f"Kế hoạch an toàn, vệ sinh lao động năm "
                     f"{year}", PlanKind.ANNUAL, "Z111", year=year,
                     submitted=dt.date(year - 1, 12, 10) if year <= y else None,
                     approved=dt.date(year - 1, 12, 25) if year <= y else None,
                     in_force=dt.date(year, 1, 1) if year <= y else None)
        if year < y:
            services.expire_plan(d.actor(plan.unit), plan, on_date=dt.date(year, 12, 31))
    _plan(d, "PA-BT-VVK-01", "Phương án bảo đảm an toàn bắn thử súng phóng lựu mẫu mới",
          PlanKind.TEST_FIRING, "VVK", submitted=d.today - dt.timedelta(days=10),
          classification=1)
    approved = _plan(d, "KH-HC-VTPTN", "Kế hoạch phòng ngừa, ứng phó sự cố hóa chất Viện "
                     "Thuốc phóng Thuốc nổ", PlanKind.CHEMICAL, "VTPTN",
                     submitted=d.today - dt.timedelta(days=45),
                     approved=d.today - dt.timedelta(days=20))
    _drill(d, approved, d.today - dt.timedelta(days=5), "Cháy kèm rò rỉ khí độc tại phòng "
           "tổng hợp", DrillResult.NEEDS_WORK, "Thiếu mặt nạ phòng độc cỡ nhỏ.")
