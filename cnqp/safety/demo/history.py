"""The demo's history: incidents 2011-2025 and the reviews since 2017 with their findings.

Incidents: the counts per year fall after 2016 (about 40 in 2011-2015, 20 in 2016-2021), and
so does the damage; the three serious ones (two deaths, a large fire) are before 2016, none is
especially serious. Reviews: the 2017 and 2019 general reviews and a yearly review since 2020;
a finding still open when a review starts is carried into it, so the chains started in 2017
and 2019 that are still open today are one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.quality import services as quality
from cnqp.quality.models import CorrectiveAction
from cnqp.safety import services
from cnqp.safety.choices import (
    Activity,
    Answer,
    CampaignKind,
    FindingSeverity,
    InvestigationLevel,
    Outcome,
)
from cnqp.safety.demo.base import REVIEWED, UNITS, Demo
from cnqp.safety.models import Finding, Incident, ReviewVisit

# --- incidents ---------------------------------------------------------------------------------

COUNTED = {2011: 5, 2012: 4, 2013: 5, 2014: 4, 2015: 4, 2016: 2, 2017: 2, 2018: 2, 2019: 1,
           2020: 2, 2021: 1, 2022: 1, 2023: 1, 2024: 1, 2025: 2}
NEAR_MISSES = (2019, 2024)
KINDS = ("TNLD",) * 12 + ("CHAY",) * 3 + ("NO", "KY-THUAT", "KY-THUAT", "HOA-CHAT",
                                           "HOA-CHAT", "MOI-TRUONG")
ENTERPRISES = ("Z111", "Z113", "Z115", "Z121", "Z129", "Z173")
LABS = ("VVK", "VTPTN", "Z113")


@dataclass(frozen=True)
class Story:
    title: str
    description: str
    activity: str
    factor: str = ""
    cause: str = ""
    lab: bool = False  # research and test firing: the institutes' and Z113's


TEMPLATES: dict[str, tuple[Story, ...]] = {
    "TNLD": (
        Story("Kẹp tay khi gá phôi trên máy tiện", "Công nhân chỉnh phôi khi mâm cặp chưa dừng "
              "hẳn.", Activity.PRODUCTION, "YT-MAY", "NLD-VP"),
        Story("Ngã từ sàn thao tác khi bảo dưỡng cầu trục", "Không đeo dây an toàn khi làm việc "
              "trên cao.", Activity.REPAIR, "YT-CAO", "NLD-PTBV"),
        Story("Vật nâng rơi khi cẩu chuyển khuôn", "Móc cẩu tuột khỏi tai khuôn.",
              Activity.PRODUCTION, "YT-NANG", "NSD-TB"),
        Story("Điện giật khi sửa chữa tủ điện", "Không cắt điện và treo biển trước khi sửa "
              "chữa.", Activity.REPAIR, "YT-DIEN", "NLD-VP"),
        Story("Phoi văng vào mắt khi mài", "Không đeo kính bảo hộ.", Activity.PRODUCTION,
              "YT-VANG", "NLD-PTBV"),
        Story("Bỏng khi rót kim loại lỏng", "Gáo rót bị thủng, kim loại lỏng bắn ra.",
              Activity.PRODUCTION, "YT-BONG", "NSD-QT"),
        Story("Va chạm xe nâng trong kho thành phẩm", "Lối đi trong kho hẹp, không có người "
              "cảnh giới.", Activity.TRANSPORT, "YT-GT", "NSD-TCLD"),
        Story("Bị thương khi tháo ngòi đạn thử", "Thao tác sai trình tự quy trình tháo ngòi.",
              Activity.RESEARCH, "YT-NO", "NSD-HL", lab=True),
    ),
    "CHAY": (
        Story("Cháy buồng sơn tĩnh điện", "Tia lửa tĩnh điện bén vào bụi sơn.",
              Activity.PRODUCTION, cause="NSD-DK"),
        Story("Cháy kho bao bì", "Chập điện đường dây chiếu sáng cũ.", Activity.STORAGE,
              cause="NSD-TB"),
        Story("Cháy tủ điện phân xưởng", "Quá tải tủ điện khi chạy đồng thời các lò.",
              Activity.PRODUCTION, cause="NSD-TCLD"),
    ),
    "NO": (
        Story("Nổ bình khí nén", "Van an toàn bị kẹt do không bảo dưỡng.",
              Activity.PRODUCTION, "YT-AP", "NSD-TB"),
        Story("Nổ sớm liều phóng khi bắn thử", "Liều phóng mẫu thử quá hạn bảo quản.",
              Activity.TEST_FIRING, "YT-NO", "NSD-QT", lab=True),
    ),
    "KY-THUAT": (
        Story("Đứt cáp cầu trục khi nâng tải", "Cáp mòn quá giới hạn chưa được thay.",
              Activity.PRODUCTION, cause="NSD-TB"),
        Story("Nứt đường ống hơi", "Ống ăn mòn tại mối hàn.", Activity.PRODUCTION,
              cause="KHAC-KQ"),
    ),
    "HOA-CHAT": (
        Story("Rò rỉ axit tại bể tẩy rửa", "Van xả bể tẩy gỉ bị nứt.", Activity.PRODUCTION,
              cause="NSD-TB"),
        Story("Tràn dung môi khi sang chiết", "Bơm sang chiết không có công tắc dừng khẩn cấp.",
              Activity.STORAGE, cause="NSD-QT", lab=True),
    ),
    "MOI-TRUONG": (
        Story("Tràn nước thải chưa xử lý ra mương thoát", "Mưa lớn làm tràn bể lắng.",
              Activity.PRODUCTION, cause="KHAC-KQ"),
    ),
    "SUYT": (
        Story("Suýt rơi tải do chốt móc cẩu hỏng", "Phát hiện kịp thời, dừng nâng.",
              Activity.PRODUCTION),
        Story("Phát hiện khói tại kho thuốc phóng", "Quạt thông gió quá nhiệt, đã cắt điện.",
              Activity.STORAGE),
    ),
}


@dataclass
class Planned:
    kind: str
    story: Story
    unit: str
    at: dt.datetime
    people: list[str] = field(default_factory=list)  # outcomes
    damage: dict[str, Any] = field(default_factory=dict)
    asset: str = ""
    until: str = "closed"  # reported, investigating, concluded, closed
    action: str = ""  # the corrective action's title, when there is one
    action_done: bool = True


def _at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 15))


# the story's turning points, among the year's counts
SPECIAL = (
    Planned("TNLD", Story("Tử vong do vật nâng rơi khi cẩu chuyển phôi", "Cáp treo tải bị "
            "đứt; hai công nhân đứng trong vùng nguy hiểm.", Activity.PRODUCTION, "YT-NANG",
            "NSD-TCLD"), "Z173", _at(2012, 8, 21, 14), [Outcome.DEATH, Outcome.SERIOUS],
            {"damage_medical": 45_000_000, "damage_compensation": 180_000_000}),
    Planned("CHAY", Story("Cháy lớn kho vật tư tổng hợp", "Cháy lan từ khu chứa bao bì sang "
            "kho vật tư; hệ thống báo cháy không hoạt động.", Activity.STORAGE,
            cause="NSD-TB"), "Z129", _at(2013, 4, 3, 22), [],
            {"damage_property": 450_000_000}),
    Planned("NO", Story("Nổ khi ép thử mẫu thuốc nổ", "Mẫu thử nhạy hơn tính toán; thao tác "
            "viên đứng ngoài tường chắn.", Activity.RESEARCH, "YT-NO", "NSD-QT", lab=True),
            "VTPTN", _at(2014, 11, 12, 10), [Outcome.DEATH],
            {"damage_property": 80_000_000, "damage_compensation": 150_000_000}),
    Planned("KY-THUAT", Story("Đứt cáp cầu trục 10 tấn khi nâng khuôn", "Cầu trục quá hạn "
            "kiểm định từ tháng 6/2017; cáp mòn chưa được thay.", Activity.PRODUCTION,
            cause="NSD-TB"), "Z111", _at(2018, 3, 14), [], {"damage_property": 35_000_000},
            asset="CT-Z111-02", action="Thay cáp, kiểm định lại cầu trục 10 tấn trước khi "
            "đưa vào sử dụng"),
    Planned("TNLD", Story("Bỏng tay khi vệ sinh bể tẩy dầu", "Dung dịch kiềm nóng bắn vào "
            "tay.", Activity.PRODUCTION, "YT-HOACHAT", "NSD-PTBV"), "Z113", _at(2023, 9, 7),
            [Outcome.MINOR], {"damage_medical": 6_000_000}, until="concluded",
            action="Trang bị găng tay chịu kiềm, bổ sung quy trình vệ sinh bể",
            action_done=False),
    Planned("TNLD", Story("Trẹo chân khi xuống cầu thang kho", "Cầu thang trơn do dầu rơi.",
            Activity.STORAGE, "YT-KHAC", "NSD-DK"), "Z115", _at(2025, 10, 20),
            [Outcome.MINOR], {"damage_medical": 2_500_000}, until="investigating"),
    Planned("CHAY", Story("Cháy chăn bông lò sấy", "Bộ điều nhiệt lò sấy hỏng.",
            Activity.PRODUCTION, cause="NSD-TB"), "Z173", _at(2025, 11, 28), [],
            {"damage_property": 8_000_000}, until="reported"),
)


def _random(d: Demo, year: int, kind: str) -> Planned:
    r = d.rng
    story = r.choice(TEMPLATES[kind])
    unit = r.choice(LABS if story.lab else ENTERPRISES)
    at = _at(year, r.randint(1, 12), r.randint(1, 28), r.randint(7, 16))
    before = year < 2016
    people: list[str] = []
    if kind == "TNLD" or (kind == "NO" and before):
        people = [Outcome.SERIOUS if before and r.random() < 0.3 else Outcome.MINOR
                  for _index in range(r.choice((1, 1, 1, 2)) if before else 1)]
    scale = 1.0 if before else 0.4  # the damage falls after the resolution
    damage: dict[str, Any] = {}
    if people:
        damage = {"damage_medical": int(r.randint(4, 25) * 1_000_000 * scale),
                  "damage_wages": int(r.randint(3, 18) * 1_000_000 * scale)}
    if kind in ("CHAY", "NO", "KY-THUAT", "HOA-CHAT", "MOI-TRUONG"):
        damage["damage_property"] = int(r.randint(15, 90) * 1_000_000 * scale)
    return Planned(kind, story, unit, at, people, damage)


def _planned(d: Demo) -> list[Planned]:
    out = []
    last = min(d.today.year, 2025)
    for year, count in COUNTED.items():
        if year > last:
            continue
        special = [p for p in SPECIAL if p.at.year == year]
        out += special
        out += [_random(d, year, d.rng.choice(KINDS)) for _index in range(count - len(special))]
        if year in NEAR_MISSES:
            out.append(_random(d, year, "SUYT"))
    return sorted((p for p in out if p.at.date() <= d.today), key=lambda p: p.at)


def incidents(d: Demo) -> None:
    for plan in _planned(d):
        _incident(d, plan)


def _incident(d: Demo, p: Planned) -> Incident:
    unit = d.units[p.unit]
    actor = d.actor(unit)
    lab = p.story.activity in (Activity.RESEARCH, Activity.TEST_FIRING)
    incident = services.record_incident(
        actor, kind=d.kinds[p.kind], title=p.story.title, occurred_at=p.at, unit=unit,
        activity=p.story.activity, description=p.story.description, site=unit.name,
        asset=d.assets.get(p.asset), classification=1 if lab else 0,
        immediate_action="Sơ cứu, đưa đi cấp cứu, bảo vệ hiện trường." if p.people
        else "Cô lập khu vực, dừng thiết bị, báo cáo chỉ huy.", **p.damage)
    days: dict[str, tuple[int, int]] = {Outcome.SERIOUS: (45, 120), Outcome.MINOR: (3, 20)}
    for outcome in p.people:
        low, high = days.get(outcome, (0, 0))
        services.add_casualty(actor, incident=incident, outcome=outcome, name=d.name(),
                              birth_year=d.rng.randint(1965, 1998),
                              occupation="Công nhân cơ khí", trained=True,
                              days_off=d.rng.randint(low, high) if high else 0)
    if p.until == "reported":
        return incident
    occurred = p.at.date()
    level = (InvestigationLevel.PROVINCE if Outcome.DEATH in p.people
             else InvestigationLevel.ESTABLISHMENT)
    incident = services.open_investigation(
        actor, incident, on_date=d.day(occurred + dt.timedelta(days=1)), level=level,
        team=f"Đoàn điều tra {'cấp tỉnh' if level == InvestigationLevel.PROVINCE else unit.code}")
    incident.refresh_from_db()
    assert incident.suggested_severity is not None
    incident = services.confirm_severity(d.btm, incident, severity=incident.suggested_severity)
    if p.until == "investigating":
        return incident
    action = _incident_action(d, incident, p) if p.action else None
    concluded = d.day(occurred + dt.timedelta(days=d.rng.randint(15, 40)))
    labour = d.kinds[p.kind].labour_accident
    incident = services.conclude_incident(
        actor, incident, on_date=concluded, work_accident=labour,
        conclusion=("Tai nạn lao động. " if labour else "") + p.story.description,
        cause=d.causes.get(p.story.cause), injury_factor=d.factors.get(p.story.factor))
    if action is not None and p.action_done:
        _finish(d, action, concluded)
    if p.until == "closed":
        closed = (action.closed_on if action is not None and action.closed_on else concluded)
        incident = services.close_incident(actor, incident, on_date=d.day(
            closed + dt.timedelta(days=d.rng.randint(5, 20))))
    return incident


def _owner(d: Demo, unit: OrgUnit) -> User | None:
    actor = d.actor(unit)
    return actor if actor != d.btm else None


def _incident_action(d: Demo, incident: Incident, p: Planned) -> CorrectiveAction:
    raised = p.at.date()
    action = services.open_incident_action(
        d.btm, incident, title=p.action, owner_unit=incident.unit,
        owner=_owner(d, incident.unit), due_date=raised + dt.timedelta(days=45))
    if not p.action_done:
        quality.start_action(d.actor(incident.unit), action,
                             on_date=d.day(raised + dt.timedelta(days=7)))
    return action


def _finish(d: Demo, action: CorrectiveAction, after: dt.date) -> CorrectiveAction:
    """Started, done, found effective by the safety department (never the owner), closed."""
    owner = d.actor(action.owner_unit)
    start = d.day(max(after, action.raised_on) + dt.timedelta(days=3))
    if action.status == "planned":
        quality.start_action(owner, action, on_date=start)
    done = d.day(start + dt.timedelta(days=d.rng.randint(10, 40)))
    quality.implement_action(owner, action, on_date=done)
    checked = d.day(done + dt.timedelta(days=10))
    quality.check_effectiveness(d.btm, action, effective=True, on_date=checked,
                                note="Kiểm tra thực tế tại đơn vị: đã khắc phục, đạt yêu cầu.")
    return quality.close_action(d.btm, action, on_date=checked)


# --- reviews and findings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A finding and its fate: claimed and verified on those dates (None: still open); with an
    action when it names one; `refused` a first verification that sent it back."""

    key: str
    unit: str
    criterion: str
    title: str
    severity: str
    months: int  # to its due date
    claimed: dt.date | None = None
    verified: dt.date | None = None
    action: str = ""
    refused: dt.date | None = None
    asset: str = ""


H, M, L = FindingSeverity.HIGH, FindingSeverity.MEDIUM, FindingSeverity.LOW
D = dt.date

CAMPAIGNS: tuple[tuple[str, str, str, int, dt.date, dt.date, tuple[Found, ...]], ...] = (
    ("TRS-2017", "Tổng rà soát công tác bảo đảm an toàn trong sản xuất và bảo vệ môi trường "
     "năm 2017", CampaignKind.GENERAL, 2017, D(2017, 5, 2), D(2017, 11, 30), (
        Found("17-1", "Z111", "RS-07", "Cầu trục 10 tấn phân xưởng lắp ráp quá hạn kiểm định",
              H, 6, D(2018, 4, 10), D(2018, 4, 20), "Kiểm định lại cầu trục 10 tấn",
              asset="CT-Z111-02"),
        Found("17-2", "Z111", "RS-02", "Chưa lưu biên bản phổ biến quy trình vận hành cho "
              "công nhân mới", L, 3, D(2017, 10, 2), D(2017, 10, 20)),
        Found("17-3", "Z113", "RS-09", "Kho thuốc phóng số 2 chưa có thiết bị đo nhiệt độ, độ "
              "ẩm tự ghi", M, 9, refused=D(2022, 9, 15), asset="KHO-Z113-02"),
        Found("17-4", "Z113", "RS-12", "Kế hoạch phòng ngừa, ứng phó sự cố hóa chất chưa được "
              "phê duyệt", H, 12, D(2019, 3, 25), D(2019, 4, 2)),
        Found("17-5", "Z115", "RS-10", "Hệ thống chống sét nhà xưởng chưa đo điện trở nối đất "
              "năm 2016", M, 3, D(2017, 11, 6), D(2017, 11, 24)),
        Found("17-6", "Z121", "RS-06", "Công nhân vận hành nồi hơi chưa được huấn luyện lại",
              M, 6, D(2018, 3, 1), D(2018, 3, 15)),
        Found("17-7", "VVK", "RS-13", "Phương án an toàn bắn thử chưa cập nhật theo trường "
              "bắn mới", H, 6, D(2019, 11, 20), D(2019, 12, 5)),
        Found("17-8", "VTPTN", "RS-05", "Lực lượng ứng phó sự cố hóa chất chưa được huấn luyện",
              M, 12, D(2021, 5, 10), D(2021, 5, 28)),
        Found("17-9", "Z121", "RS-11", "Bể nước chữa cháy không đủ dung tích theo phương án", H,
              18, D(2020, 4, 6), D(2020, 4, 22)),
        Found("17-10", "Z113", "RS-15", "Phương tiện bảo vệ cá nhân cấp phát chưa đúng chủng "
              "loại", L, 4, D(2018, 1, 15), D(2018, 2, 1)),
    )),
    ("TRS-2019", "Tổng rà soát công tác bảo đảm an toàn trong sản xuất và bảo vệ môi trường "
     "năm 2019", CampaignKind.GENERAL, 2019, D(2019, 4, 15), D(2019, 10, 31), (
        Found("19-1", "Z129", "RS-07", "Cần trục ô tô 25 tấn chưa khai báo đưa vào sử dụng", M,
              3, D(2019, 12, 2), D(2019, 12, 16)),
        Found("19-2", "Z173", "RS-01", "Chưa ban hành quy trình an toàn cho dây chuyền mới", M,
              6, D(2020, 8, 3), D(2020, 8, 20), "Ban hành quy trình an toàn dây chuyền mới"),
        Found("19-3", "Z111", "RS-10", "Hệ thống chống sét khu nhà xưởng xuống cấp", M, 12,
              D(2022, 3, 14), D(2022, 3, 30), asset="CS-Z111-01"),
        Found("19-4", "Z113", "RS-11", "Lối thoát nạn kho thành phẩm bị che chắn", L, 1,
              D(2019, 9, 20), D(2019, 10, 8)),
        Found("19-5", "VTPTN", "RS-09", "Khoảng cách an toàn từ kho mẫu thuốc nổ đến khu dân cư "
              "chưa bảo đảm", H, 24, action="Di dời kho mẫu thuốc nổ ra khu vực mới"),
        Found("19-6", "Z115", "RS-04", "Mạng lưới an toàn, vệ sinh viên chưa kiện toàn", L, 6,
              D(2020, 3, 2), D(2020, 3, 20)),
    )),
    *((f"RS-{year}", f"Rà soát công tác bảo đảm an toàn trong sản xuất năm {year}",
       CampaignKind.YEARLY, year, D(year, 6, 1), D(year, 11, 30), found)
      for year, found in (
          (2020, (Found("20-1", "Z173", "RS-11", "Chưa trang bị bình chữa cháy tại xưởng mộc",
                        L, 3, D(2021, 2, 1), D(2021, 2, 20)),)),
          (2021, (Found("21-1", "Z129", "RS-07", "Sổ theo dõi kiểm định thiết bị chưa cập nhật",
                        L, 3, D(2021, 11, 15), D(2021, 12, 1)),)),
          (2022, (Found("22-1", "Z111", "RS-15", "Tủ điện phân xưởng cơ khí không có khóa", M,
                        2, D(2022, 11, 10), D(2022, 11, 25)),)),
          (2023, (Found("23-1", "Z113", "RS-11", "Chưa diễn tập phương án chữa cháy năm 2023",
                        M, 4, D(2024, 3, 1), D(2024, 3, 18)),)),
          (2024, (Found("24-1", "Z115", "RS-08", "Thang máy chở hàng vẫn sử dụng khi giấy "
                        "chứng nhận kiểm định hết hạn", H, 1, asset="TM-Z115-01"),)),
          (2025, (Found("25-1", "Z121", "RS-07", "Bình chứa amoniac quá hạn kiểm định", H, 1,
                        action="Kiểm định bình chứa amoniac", asset="BA-Z121-01"),
                  Found("25-2", "Z173", "RS-02", "Biển báo an toàn khu vực kho sơn bị mờ", L, 2,
                        D(2025, 12, 1)))),
      )),
)
CAMPAIGN_UNITS = {"TRS-2017": REVIEWED, "TRS-2019": (*REVIEWED, "Z129", "Z173")}
TEAM = "Đại tá Nguyễn Văn Thành (trưởng đoàn)\nTrung tá Lê Minh Quân\nThiếu tá Phạm Thu Hà"


class _Reviews:
    def __init__(self, d: Demo) -> None:
        self.d = d
        self.current: dict[str, Finding] = {}  # a chain's key → its latest finding
        self.fates: dict[str, Found] = {}
        self.actions: dict[str, CorrectiveAction] = {}
        self.done: set[tuple[str, int]] = set()

    def settle_until(self, until: dt.date) -> None:
        """The claims, refusals and verifications dated before `until`, in date order."""
        steps: list[tuple[dt.date, int, str]] = []
        for key, fate in self.fates.items():
            for order, when in enumerate((fate.refused, fate.claimed)):
                if when is not None and when < until and (key, order) not in self.done:
                    steps.append((when, order, key))
        for when, order, key in sorted(steps):
            self.done.add((key, order))
            if order == 0:
                self.refuse(key, when)
            else:
                self.close(key)

    def refuse(self, key: str, when: dt.date) -> None:
        finding = self.current[key]
        owner = self.d.actor(finding.unit)
        finding = services.claim_fixed(owner, finding, on_date=when,
                                       note="Đã lắp thiết bị đo nhiệt độ, độ ẩm.")
        self.current[key] = services.verify_finding(
            self.d.btm, finding, on_date=when + dt.timedelta(days=10), accepted=False,
            note="Thiết bị đo chưa được hiệu chuẩn, chưa tự ghi số liệu.")

    def close(self, key: str) -> None:
        fate, finding = self.fates[key], self.current[key]
        assert fate.claimed is not None
        action = self.actions.get(key)
        if action is not None:
            _finish(self.d, action, finding.found_on)
        owner = self.d.actor(finding.unit)
        finding = services.claim_fixed(owner, finding, on_date=fate.claimed,
                                       note="Đã khắc phục xong, có hồ sơ kèm theo.")
        if fate.verified is not None:
            finding = services.verify_finding(self.d.btm, finding, on_date=fate.verified,
                                              accepted=True, note="Kiểm tra thực tế: đạt.")
        self.current[key] = finding

    def campaign(self, code: str, name: str, kind: str, year: int, start: dt.date,
                 end: dt.date, found: tuple[Found, ...]) -> None:
        d = self.d
        self.settle_until(start)
        units = [d.units[c] for c in CAMPAIGN_UNITS.get(code, tuple(UNITS))]
        campaign = services.create_campaign(
            d.btm, code=code, name=name, kind=kind, year=year, lead_unit=d.units["BTM"],
            units=units, start_on=start, end_on=end,
            decision_number=f"{d.rng.randint(100, 990)}/QĐ-TCCNQP")
        by_pk = {f.pk: key for key, f in self.current.items()}
        for successor in services.carry_over_open(d.btm, campaign):
            key = by_pk[successor.carried_over_from_id]  # type: ignore[index]
            self.current[key] = successor
        visited = [u.code for u in units if any(f.unit == u.code for f in found)]
        for index, code_ in enumerate(visited):
            on = start + dt.timedelta(days=20 + 9 * index)
            visit = services.record_visit(d.btm, campaign=campaign, unit=d.units[code_],
                                          visited_on=on, team=TEAM,
                                          summary="Kiểm tra hồ sơ và thực tế tại đơn vị.")
            mine = [f for f in found if f.unit == code_]
            self.answer(visit, mine, 1 if kind == CampaignKind.GENERAL else 0)
            for fate in mine:
                self.find(visit, fate)

    def answer(self, visit: ReviewVisit, found: list[Found], count: int) -> None:
        criteria = self.d.criteria
        failing = {f.criterion for f in found}
        start = self.d.rng.randrange(len(criteria))
        asked = {c.code: c for c in (criteria[(start + i) % len(criteria)]
                                     for i in range(count))}
        asked.update({c.code: c for c in criteria if c.code in failing})
        for code, criterion in sorted(asked.items()):
            answer = (Answer.NOT_MET if code in failing
                      else self.d.rng.choice((Answer.MET, Answer.MET, Answer.PARTLY)))
            services.answer_criterion(self.d.btm, visit, criterion=criterion, answer=answer,
                                      note="Xem tồn tại kèm theo." if code in failing else "")

    def find(self, visit: ReviewVisit, fate: Found) -> None:
        d = self.d
        due = visit.visited_on + dt.timedelta(days=30 * fate.months)
        finding = services.create_finding(
            d.btm, visit=visit, unit=visit.unit, title=fate.title, severity=fate.severity,
            found_on=visit.visited_on, due_date=due, asset=d.assets.get(fate.asset),
            description=f"Tiêu chí {fate.criterion} không đạt.")
        self.current[fate.key], self.fates[fate.key] = finding, fate
        if fate.action:
            self.actions[fate.key] = services.open_finding_action(
                d.btm, finding, title=fate.action, owner_unit=finding.unit,
                owner=_owner(d, finding.unit), due_date=due)
            self.current[fate.key] = Finding.objects.get(pk=finding.pk)
            if fate.claimed is None:  # an action still under way
                quality.start_action(d.actor(finding.unit), self.actions[fate.key],
                                     on_date=d.day(visit.visited_on + dt.timedelta(days=14)))


def reviews(d: Demo) -> None:
    run = _Reviews(d)
    for code, name, kind, year, start, end, found in CAMPAIGNS:
        if end < d.today:
            run.campaign(code, name, kind, year, start, end, found)
    run.settle_until(d.today + dt.timedelta(days=1))

