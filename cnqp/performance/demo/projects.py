"""The demo's investment projects, through the services: eight projects of six enterprises in
the four programmes, three of them key projects (dự án trọng điểm), one classified Secret
(Tối mật: the planning department's reviewer, cleared to Mật, neither sees nor counts it);
their approving decisions with funding by source, one adjusted once with its reason, their
milestones planned and reached, and their quarters of disbursement since 2024.

Sông Thu's patrol-boat line is behind schedule (its construction has not begun) and disburses
slowly, Z173's workshop has passed its planned completion without acceptance, Z113's line
disburses slowly while its loan is negotiated; Z111's line was handed over for operation in
2026; the others keep to their schedule.

A step dated after today has not happened: a milestone not yet reached, a quarter not yet
begun holding only its capital plan, a quarter under way what it disbursed so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.performance.choices import (
    FundingSource,
    MilestoneKind,
    PeriodKind,
    ProjectGroup,
    ProjectStatus,
)
from cnqp.performance.models import Milestone, Programme, Project
from cnqp.performance.periods import Period
from cnqp.performance.services import projects as services

D = dt.date
BQP = "Bộ Quốc phòng"
TC = "Tổng cục Công nghiệp quốc phòng"
FIRST_YEAR = 2024  # quarters of disbursement from then on
QUARTER_SHARES = (0.15, 0.25, 0.25, 0.35)  # of a year's capital plan
M = MilestoneKind
F = FundingSource


@dataclass(frozen=True)
class Decision:
    number: str
    on: dt.date
    authority: str
    start: dt.date
    end: dt.date
    funding: dict[str, int]  # million đồng by source
    reason: str = ""


@dataclass(frozen=True)
class Story:
    code: str
    name: str
    owner: str
    programme: str
    group: str
    location: str
    description: str
    approval: Decision
    milestones: tuple[tuple[str, dt.date, dt.date | None], ...]  # kind, planned, reached
    capital: dict[int, int]  # capital plan by year, million đồng
    done_before: int = 0  # physical progress (%) before 2024
    pace: dict[int, float] = field(default_factory=dict)  # share of the plan disbursed
    obstacles: dict[int, str] = field(default_factory=dict)  # by year
    adjustment: Decision | None = None
    key: bool = False
    classification: int = Classification.UNCLASSIFIED
    handed_over: bool = False  # in operation once its last milestone is reached


STORIES = (
    Story(
        "DA-BASON-01", "Đầu tư nâng cao năng lực đóng mới, sửa chữa tàu quân sự", "BASON",
        "tiem-luc", ProjectGroup.A, "Thành phố Hồ Chí Minh",
        "Xây dựng ụ khô, nhà xưởng vỏ tàu và hệ thống cần trục phục vụ đóng mới, sửa chữa "
        "tàu quân sự có lượng giãn nước lớn.",
        Decision("812/QĐ-BQP", D(2023, 3, 15), BQP, D(2023, 7, 1), D(2027, 12, 31),
                 {F.DEFENCE_BUDGET: 1_500_000, F.ENTERPRISE: 350_000}),
        ((M.APPROVAL, D(2023, 3, 15), D(2023, 3, 15)),
         (M.DESIGN, D(2023, 11, 30), D(2023, 11, 20)),
         (M.CONTRACT, D(2024, 4, 30), D(2024, 4, 2)),
         (M.CONSTRUCTION, D(2024, 6, 30), D(2024, 6, 20)),
         (M.ACCEPTANCE, D(2028, 3, 31), None),
         (M.OPERATION, D(2028, 6, 30), None)),
        {2024: 420_000, 2025: 520_000, 2026: 560_000}, done_before=6,
        pace={2024: 0.97, 2025: 0.95, 2026: 0.93},
        adjustment=Decision(
            "2145/QĐ-BQP", D(2025, 5, 20), BQP, D(2023, 7, 1), D(2028, 6, 30),
            {F.DEFENCE_BUDGET: 1_650_000, F.ENTERPRISE: 400_000},
            reason="Bổ sung hạng mục cần trục 150 tấn theo yêu cầu nhiệm vụ đóng tàu mới; "
                   "điều chỉnh tiến độ do bàn giao mặt bằng khu ụ khô chậm sáu tháng."),
        key=True),
    Story(
        "DA-SONGTHU-01", "Nâng cấp dây chuyền đóng tàu tuần tra cao tốc", "SONGTHU",
        "ctmt-cnqp", ProjectGroup.A, "Thành phố Đà Nẵng",
        "Đầu tư thiết bị gia công vỏ hợp kim nhôm, lắp ráp và thử nghiệm tàu tuần tra cao "
        "tốc.",
        Decision("3307/QĐ-BQP", D(2022, 11, 10), BQP, D(2023, 1, 1), D(2026, 12, 31),
                 {F.DEFENCE_BUDGET: 1_200_000}),
        ((M.APPROVAL, D(2022, 11, 10), D(2022, 11, 10)),
         (M.DESIGN, D(2023, 6, 30), D(2023, 6, 28)),
         (M.CONTRACT, D(2024, 9, 30), D(2024, 11, 15)),
         (M.CONSTRUCTION, D(2025, 6, 30), None),
         (M.ACCEPTANCE, D(2026, 10, 31), None),
         (M.OPERATION, D(2026, 12, 31), None)),
        {2024: 300_000, 2025: 380_000, 2026: 400_000}, done_before=4,
        pace={2024: 0.85, 2025: 0.7, 2026: 0.45},
        obstacles={
            2024: "Đấu thầu gói thiết bị chính phải tổ chức lại do không có nhà thầu đáp "
                  "ứng yêu cầu kỹ thuật.",
            2025: "Nhà thầu cung cấp thiết bị nhập khẩu chậm giao hàng; chưa đủ điều kiện "
                  "khởi công lắp đặt.",
            2026: "Thiết bị chính chưa về đến cảng; đề nghị Tổng cục báo cáo Bộ Quốc phòng "
                  "cho điều chỉnh tiến độ dự án sang năm 2027."},
        key=True),
    Story(
        "CN-27", "Đầu tư năng lực sản xuất sản phẩm quốc phòng thế hệ mới (CN-27)", "Z121",
        "ctmt-cnqp", ProjectGroup.A, "Phú Thọ",
        "Dây chuyền công nghệ sản xuất loạt sản phẩm quốc phòng thế hệ mới theo chương "
        "trình mục tiêu.",
        Decision("27/QĐ-BQP", D(2023, 9, 5), BQP, D(2024, 1, 1), D(2028, 12, 31),
                 {F.DEFENCE_BUDGET: 2_400_000}),
        ((M.APPROVAL, D(2023, 9, 5), D(2023, 9, 5)),
         (M.DESIGN, D(2024, 6, 30), D(2024, 6, 15)),
         (M.CONTRACT, D(2025, 3, 31), D(2025, 3, 20)),
         (M.CONSTRUCTION, D(2025, 9, 30), D(2025, 9, 12)),
         (M.ACCEPTANCE, D(2028, 9, 30), None),
         (M.OPERATION, D(2028, 12, 31), None)),
        {2024: 250_000, 2025: 600_000, 2026: 700_000},
        pace={2024: 0.96, 2025: 0.94, 2026: 0.92},
        key=True, classification=Classification.SECRET),
    Story(
        "DA-Z111-01", "Nâng cấp dây chuyền gia công cơ khí chính xác", "Z111", "day-chuyen",
        ProjectGroup.B, "Phú Thọ",
        "Thay thế máy công cụ đã hết niên hạn bằng trung tâm gia công CNC, đo kiểm 3D.",
        Decision("1520/QĐ-TC", D(2023, 12, 12), TC, D(2024, 1, 1), D(2026, 9, 30),
                 {F.DEFENCE_BUDGET: 250_000, F.ENTERPRISE: 70_000}),
        ((M.APPROVAL, D(2023, 12, 12), D(2023, 12, 12)),
         (M.DESIGN, D(2024, 3, 31), D(2024, 3, 25)),
         (M.CONTRACT, D(2024, 6, 30), D(2024, 6, 10)),
         (M.CONSTRUCTION, D(2024, 9, 30), D(2024, 9, 16)),
         (M.ACCEPTANCE, D(2026, 8, 31), D(2026, 8, 25)),
         (M.OPERATION, D(2026, 9, 30), D(2026, 9, 15))),
        {2024: 110_000, 2025: 130_000, 2026: 80_000},
        pace={2024: 0.98, 2025: 0.97, 2026: 1.0}, handed_over=True),
    Story(
        "DA-Z113-01", "Đầu tư công nghệ sản xuất kíp nổ phi điện", "Z113", "sxkd",
        ProjectGroup.B, "Vĩnh Phúc",
        "Dây chuyền sản xuất kíp nổ phi điện phục vụ kinh tế (khai thác mỏ, xây dựng).",
        Decision("908/QĐ-TC", D(2024, 5, 20), TC, D(2024, 7, 1), D(2027, 6, 30),
                 {F.ENTERPRISE: 80_000, F.CREDIT: 100_000}),
        ((M.APPROVAL, D(2024, 5, 20), D(2024, 5, 20)),
         (M.DESIGN, D(2024, 12, 31), D(2024, 12, 20)),
         (M.CONTRACT, D(2025, 6, 30), D(2025, 6, 25)),
         (M.CONSTRUCTION, D(2026, 3, 31), D(2026, 3, 30)),
         (M.ACCEPTANCE, D(2027, 4, 30), None),
         (M.OPERATION, D(2027, 6, 30), None)),
        {2024: 20_000, 2025: 60_000, 2026: 70_000},
        pace={2024: 0.9, 2025: 0.85, 2026: 0.5},
        obstacles={2026: "Hợp đồng tín dụng với ngân hàng chưa ký do thủ tục thẩm định tài "
                         "sản bảo đảm kéo dài; đơn vị đang tạm ứng bằng vốn tự có."}),
    Story(
        "DA-Z173-01", "Xây dựng nhà xưởng lắp ráp và kho thành phẩm", "Z173", "tiem-luc",
        ProjectGroup.C, "Hải Phòng",
        "Nhà xưởng lắp ráp khung thép 2.400 m² và kho thành phẩm đạt tiêu chuẩn an toàn.",
        Decision("615/QĐ-TC", D(2024, 3, 8), TC, D(2024, 4, 1), D(2026, 9, 30),
                 {F.DEFENCE_BUDGET: 85_000}),
        ((M.APPROVAL, D(2024, 3, 8), D(2024, 3, 8)),
         (M.DESIGN, D(2024, 6, 30), D(2024, 6, 30)),
         (M.CONTRACT, D(2024, 9, 30), D(2024, 9, 20)),
         (M.CONSTRUCTION, D(2024, 11, 30), D(2024, 11, 25)),
         (M.ACCEPTANCE, D(2026, 6, 30), None),
         (M.OPERATION, D(2026, 9, 30), None)),
        {2024: 20_000, 2025: 40_000, 2026: 25_000},
        pace={2024: 0.95, 2025: 0.9, 2026: 0.85},
        obstacles={2026: "Vướng mắc điều chỉnh quy hoạch sử dụng đất quốc phòng khu kho; "
                         "nghiệm thu chậm so với kế hoạch."}),
    Story(
        "DA-GAET-01", "Đầu tư trung tâm logistics và kho vật tư công nghiệp", "GAET", "sxkd",
        ProjectGroup.B, "Bình Dương",
        "Kho ngoại quan và trung tâm phân phối vật tư công nghiệp, vật liệu nổ công "
        "nghiệp.",
        Decision("1188/QĐ-TC", D(2024, 10, 15), TC, D(2025, 1, 1), D(2027, 12, 31),
                 {F.ENTERPRISE: 200_000, F.CREDIT: 250_000}),
        ((M.APPROVAL, D(2024, 10, 15), D(2024, 10, 15)),
         (M.DESIGN, D(2025, 3, 31), D(2025, 3, 28)),
         (M.CONTRACT, D(2025, 6, 30), D(2025, 6, 18)),
         (M.CONSTRUCTION, D(2025, 9, 30), D(2025, 9, 5)),
         (M.ACCEPTANCE, D(2027, 10, 31), None),
         (M.OPERATION, D(2027, 12, 31), None)),
        {2025: 120_000, 2026: 180_000},
        pace={2025: 0.95, 2026: 0.9}),
    Story(
        "DA-Z183-01", "Nâng cấp dây chuyền sản xuất nguồn điện chuyên dụng", "Z183",
        "day-chuyen", ProjectGroup.C, "Hà Nội",
        "Thiết bị chế tạo và thử nghiệm pin, ắc quy chuyên dụng cho khí tài thông tin.",
        Decision("702/QĐ-TC", D(2024, 4, 22), TC, D(2024, 7, 1), D(2027, 3, 31),
                 {F.DEFENCE_BUDGET: 90_000, F.ENTERPRISE: 30_000}),
        ((M.APPROVAL, D(2024, 4, 22), D(2024, 4, 22)),
         (M.DESIGN, D(2024, 10, 31), D(2024, 10, 20)),
         (M.CONTRACT, D(2025, 2, 28), D(2025, 2, 14)),
         (M.CONSTRUCTION, D(2025, 5, 31), D(2025, 5, 26)),
         (M.ACCEPTANCE, D(2027, 1, 31), None),
         (M.OPERATION, D(2027, 3, 31), None)),
        {2024: 15_000, 2025: 45_000, 2026: 40_000},
        pace={2024: 0.95, 2025: 0.96, 2026: 0.9}),
)
OWN_USERS = {"Z111": "z111", "Z113": "z113"}


def _million(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass
class Builder:
    today: dt.date
    ctx: DemoContext
    units: dict[str, OrgUnit]
    programmes: dict[str, Programme]

    def actor(self, story: Story) -> User | None:
        """The enterprise's own user, else the planning department; nobody below Tối mật
        files the classified project (entered by the system)."""
        if story.classification > Classification.CONFIDENTIAL:
            return None
        return self.ctx.users.get(OWN_USERS.get(story.owner, "khdt"))

    def build(self, story: Story) -> Project | None:
        if story.approval.on > self.today:
            return None
        actor = self.actor(story)
        project = services.create_project(
            actor, code=story.code, name=story.name, owner_unit=self.units[story.owner],
            group=story.group, programme=self.programmes[story.programme],
            key_project=story.key, location=story.location, description=story.description,
            classification=story.classification)
        self.decide(actor, project, story.approval, adjustment=False)
        if story.adjustment is not None and story.adjustment.on <= self.today:
            self.decide(actor, project, story.adjustment, adjustment=True)
        self.milestones(actor, project, story)
        self.quarters(actor, project, story)
        if story.handed_over and story.milestones[-1][2] is not None \
                and story.milestones[-1][2] <= self.today:
            project.refresh_from_db()  # the schedule and total its decisions set
            services.update_project(actor, project, status=ProjectStatus.OPERATING)
        return project

    def decide(self, actor: User | None, project: Project, decision: Decision, *,
               adjustment: bool) -> None:
        common: dict[str, Any] = dict(decision_number=decision.number, decision_date=decision.on,
                      authority=decision.authority, planned_start=decision.start,
                      planned_end=decision.end, funding=decision.funding)
        if adjustment:
            services.adjust_project(actor, project, reason=decision.reason, **common)
        else:
            services.approve_project(actor, project, **common)

    def milestones(self, actor: User | None, project: Project, story: Story) -> None:
        for kind, planned, reached in story.milestones:
            milestone: Milestone = services.plan_milestone(actor, project, kind=kind,
                                                           planned_on=planned)
            if reached is not None and reached <= self.today:
                services.reach_milestone(actor, milestone, on_date=reached)

    def quarters(self, actor: User | None, project: Project, story: Story) -> None:
        """Each quarter's capital plan; what an ended quarter disbursed and executed, and a
        running one so far; the progress at its end."""
        total = sum((story.adjustment or story.approval).funding.values())
        spent = Decimal(0)
        for year, capital in sorted(story.capital.items()):
            for quarter, share in enumerate(QUARTER_SHARES, start=1):
                period = Period(year, PeriodKind.QUARTER, quarter)
                if period.end < story.approval.start.replace(day=1):
                    continue
                planned = _million(capital * share)
                if period.start > self.today:
                    services.record_disbursement(actor, project, year=year, quarter=quarter,
                                                 planned=planned)
                    continue
                elapsed = 1.0 if period.end < self.today else (
                    (self.today - period.start).days / ((period.end - period.start).days + 1))
                disbursed = _million(float(planned) * story.pace.get(year, 0.95) * elapsed)
                spent += disbursed
                progress = min(100, story.done_before + int(spent * 100 / total))
                if story.handed_over and period.end >= (story.milestones[-1][2] or period.end):
                    progress = 100
                services.record_disbursement(
                    actor, project, year=year, quarter=quarter, planned=planned,
                    disbursed=disbursed, executed=_million(float(disbursed) * 1.04),
                    progress=progress,
                    obstacles=story.obstacles.get(year, "") if quarter >= 2 else "")


def seed_projects(ctx: DemoContext) -> None:
    builder = Builder(timezone.localdate(), ctx,
                      {u.code: u for u in OrgUnit.objects.filter(
                          code__in={s.owner for s in STORIES})},
                      {p.code: p for p in Programme.objects.all()})
    for story in STORIES:
        builder.build(story)
