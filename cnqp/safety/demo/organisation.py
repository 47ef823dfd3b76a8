"""The demo's safety staff, rules with their briefings, and training. The workforce the
summary and the rates divide by is the performance demo's year returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnqp.core.dates import add_months
from cnqp.core.models import OrgUnit
from cnqp.safety import services
from cnqp.safety.choices import RuleKind, SafetyRoleKind
from cnqp.safety.demo.base import UNITS, Demo

ROLES = ((SafetyRoleKind.FULL_TIME, "Trưởng ban An toàn"),
         (SafetyRoleKind.FIRE_TEAM, "Đội trưởng đội PCCC cơ sở"))


def roles(d: Demo) -> None:
    for code in UNITS:
        unit = d.units[code]
        kinds = list(ROLES)
        if code in ("Z113", "VTPTN"):
            kinds.append((SafetyRoleKind.CHEMICAL_TEAM, "Tổ trưởng tổ ứng phó sự cố hóa chất"))
        if code == "Z111":
            kinds += [(SafetyRoleKind.PART_TIME, "Phó quản đốc"),
                      (SafetyRoleKind.REPRESENTATIVE, "Tổ trưởng sản xuất"),
                      (SafetyRoleKind.MEDICAL, "Y sĩ")]
        for kind, position in kinds:
            start = dt.date(2016, d.rng.randint(8, 12), d.rng.randint(1, 28))
            services.create_role(d.actor(unit), person=d.name(), unit=unit, kind=kind,
                                 position=position, decision_number=d.decision(code),
                                 start_on=start)
        if code != "Z111":
            continue
        # the first full-time officer retired; the one named in 2016 took over
        services.create_role(d.actor(unit), person=d.name(), unit=unit,
                             kind=SafetyRoleKind.FULL_TIME, position="Trưởng ban An toàn",
                             decision_number=d.decision(code),
                             start_on=dt.date(2011, 3, 1), end_on=dt.date(2016, 7, 31))


def rules(d: Demo) -> None:
    root, btm = d.units["TCCNQP"], d.btm

    def rule(number: str, title: str, kind: str, issuer: OrgUnit, issued: dt.date,
             review: dt.date | None, **extra: Any) -> Any:
        created = services.create_rule(btm if issuer == root else d.actor(issuer),
                                       number=number, title=title, kind=kind, issuer=issuer,
                                       issued_on=issued, effective_on=issued + dt.timedelta(15),
                                       review_due=review, **extra)
        return services.issue_rule(btm if issuer == root else d.actor(issuer), created)

    general = rule("1568/QĐ-TCCNQP", "Quy định bảo đảm an toàn trong sản xuất quốc phòng",
                   RuleKind.REGULATION, root, dt.date(2016, 9, 20), None)
    current = rule("2104/QĐ-TCCNQP", "Quy định bảo đảm an toàn trong sản xuất và nghiên cứu "
                   "chế thử vũ khí, trang bị kỹ thuật", RuleKind.REGULATION, root,
                   dt.date(2021, 10, 5), dt.date(2026, 10, 20), supersedes=general)
    stores = rule("735/QĐ-TCCNQP", "Quy tắc phòng cháy, chữa cháy tại kho vật liệu nổ, thuốc "
                  "phóng, thuốc nổ", RuleKind.CODE, root, dt.date(2017, 4, 12),
                  dt.date(2027, 4, 30))
    lathe = rule("45/NQ-Z111", "Nội quy an toàn phân xưởng cơ khí", RuleKind.HOUSE_RULES,
                 d.units["Z111-PX1"], dt.date(2017, 8, 1), dt.date(2024, 8, 1))
    crane = rule("112/QT-Z111", "Quy trình vận hành an toàn cầu trục", RuleKind.PROCEDURE,
                 d.units["Z111"], dt.date(2018, 6, 15), dt.date(2026, 6, 15))
    old_fill = rule("38/QT-Z113", "Quy trình an toàn nạp thuốc nổ vào đầu đạn",
                    RuleKind.PROCEDURE, d.units["Z113"], dt.date(2012, 3, 2), None,
                    classification=1)
    services.annul_rule(d.actor(d.units["Z113"]), old_fill, on_date=dt.date(2020, 3, 1),
                        reason="Dây chuyền nạp thủ công đã thay bằng dây chuyền tự động.")
    firing = rule("17/QT-VVK", "Quy trình bảo đảm an toàn bắn thử vũ khí tại trường bắn",
                  RuleKind.PROCEDURE, d.units["VVK"], dt.date(2019, 5, 6), dt.date(2027, 5, 6))
    services.create_rule(d.actor(d.units["Z111"]), number="DT-07/QT-Z111",
                         title="Quy trình an toàn vận hành lò tôi cao tần (dự thảo)",
                         kind=RuleKind.PROCEDURE, issuer=d.units["Z111"],
                         issued_on=d.day(dt.date(2026, 11, 2)),
                         effective_on=d.day(dt.date(2026, 11, 2)))
    briefings = [(general, code, dt.date(2016, 10, 20)) for code in ("Z111", "Z113", "Z115")]
    briefings += [(current, code, dt.date(2021, 11, 15)) for code in ("Z111", "Z113", "VVK",
                                                                      "VTPTN")]
    briefings += [(stores, "Z113", dt.date(2017, 5, 10)), (stores, "VTPTN", dt.date(2017, 5, 18)),
                  (lathe, "Z111-PX1", dt.date(2017, 8, 10)), (crane, "Z111", dt.date(2018, 7, 2)),
                  (firing, "VVK", dt.date(2019, 5, 30))]
    for rule_, code, held in briefings:
        unit = d.units[code]
        services.record_briefing(d.actor(unit), rule=rule_, unit=unit, held_on=held,
                                 attendees=d.rng.randint(25, 180), presenter=d.name())


def training(d: Demo) -> None:
    """Certificates issued at the end of each session; the dates relative to today say which
    are valid, expiring within 30 days or expired."""
    t = d.today
    sessions = (  # unit, course, end of the session, people, of whom failed
        ("Z111", "HL-N3-NANG", add_months(t, -24) + dt.timedelta(20), 3, 0),  # expiring
        ("Z111", "HL-N1", add_months(t, -26), 2, 0),  # expired
        ("Z113", "HL-N3-VLN", add_months(t, -10), 4, 1),
        ("Z113", "HL-N4", add_months(t, -12) + dt.timedelta(12), 4, 0),  # expiring
        ("VVK", "HL-N2", add_months(t, -6), 2, 0),
        ("Z121", "HL-N3-AP", add_months(t, -30), 2, 0),  # expired
        ("VTPTN", "HL-N6", add_months(t, -3), 2, 0),
    )
    for code, course_code, end, people, failed in sessions:
        unit, course = d.units[code], d.courses[course_code]
        actor = d.actor(unit)
        session = services.create_session(
            actor, course=course, unit=unit, start_on=end - dt.timedelta(days=3), end_on=end,
            provider="Trung tâm Huấn luyện an toàn, vệ sinh lao động" if course.group.number
            in (1, 2) else f"Phòng An toàn {code}", cost=people * 850_000)
        for index in range(people):
            passed = index >= failed
            number = f"{course_code}-{end.year}-{d.rng.randint(100, 999)}{index}"
            services.record_training(actor, session=session, person=d.name(),
                                     employee_number=f"{code}-{d.rng.randint(1000, 9999)}",
                                     passed=passed, certificate_number=number if passed else "")
