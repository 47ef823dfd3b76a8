"""Demo science and technology: research projects 2008-2026 with their whole history of steps,
and technical-improvement initiatives 2011-2025, deterministic from the demo seed and written
through the services (so every step is validated and audited).

The lifecycle is planned in memory first (`demo_plan.py`, a simulation year by year that
reproduces exactly the figures the directorate's reports quote for 2021 and 2023), then
described here (titles, investigators, budgets, notes) and only then written, project by
project, step by step, with the dates and decision numbers of the plan.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.documents.models import ProductType
from cnqp.research import services
from cnqp.research.choices import ProjectLevel, ProjectType, RecognitionLevel, Step
from cnqp.research.demo_plan import Event, Product, ProjectPlan, plan_projects
from cnqp.research.models import ResearchProject

ORDER = 20

N, M, D = ProjectLevel.NATIONAL.value, ProjectLevel.MINISTRY.value, ProjectLevel.DIRECTORATE.value

# --- people ------------------------------------------------------------------------------------

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô",
            "Dương", "Phan", "Hồ", "Trịnh", "Đinh", "Mai", "Cao", "Lương", "Tạ")
MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "Công", "Trọng",
          "Mạnh", "Tiến", "Đình", "Duy", "Văn", "Văn")
GIVEN = ("Hùng", "Dũng", "Tuấn", "Thắng", "Hải", "Long", "Sơn", "Quân", "Bình", "Cường", "Hiếu",
         "Hòa", "Khánh", "Lâm", "Nam", "Phong", "Thành", "Trung", "Việt", "Tùng", "Hưng", "Kiên",
         "Toàn", "Đạt", "Chiến", "Hoàn", "Lực", "Thịnh")
MIDDLE_F = ("Thị", "Thu", "Thanh", "Ngọc", "Thị")
GIVEN_F = ("Hà", "Lan", "Hương", "Thủy", "Hạnh", "Mai", "Linh", "Nga", "Yến", "Phương")
RANKS = {N: (("Đại tá", 55), ("Thiếu tướng", 10), ("Thượng tá", 30), ("", 5)),
         M: (("Đại tá", 45), ("Thượng tá", 35), ("Trung tá", 15), ("", 5)),
         D: (("Đại tá", 20), ("Thượng tá", 35), ("Trung tá", 30), ("Thiếu tá", 10), ("", 5))}
DEGREES = {N: (("PGS.TS.", 30), ("TS.", 60), ("ThS.", 10)),
           M: (("PGS.TS.", 10), ("TS.", 50), ("ThS.", 35), ("KS.", 5)),
           D: (("TS.", 30), ("ThS.", 45), ("KS.", 25))}
MEMBER_TITLES = (("Thượng tá, ThS.", 10), ("Trung tá, KS.", 15), ("Thiếu tá, ThS.", 15),
                 ("Thiếu tá, KS.", 15), ("Đại úy, KS.", 15), ("ThS.", 10), ("KS.", 15),
                 ("TS.", 5))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def person(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def investigator(rng: random.Random, level: str) -> str:
    rank, degree = _pick(rng, RANKS[level]), _pick(rng, DEGREES[level])
    return f"{rank + ', ' if rank else ''}{degree} {person(rng)}"


# --- titles ------------------------------------------------------------------------------------

PRODUCT_TITLES = {
    ProjectType.TOPIC: ("Nghiên cứu thiết kế, chế tạo {x}",
                        "Nghiên cứu làm chủ công nghệ sản xuất {x}",
                        "Nghiên cứu cải tiến, nâng cao chất lượng {x}",
                        "Nghiên cứu nội địa hóa vật tư, linh kiện {x}",
                        "Nghiên cứu làm chủ công nghệ {process} trong sản xuất {x}",
                        "Nghiên cứu nâng cao độ tin cậy, kéo dài tuổi thọ {x}"),
    ProjectType.TASK: ("Hoàn thiện thiết kế, công nghệ sản xuất {x}",
                       "Hoàn thiện hồ sơ thiết kế, tài liệu công nghệ {x}",
                       "Tiếp nhận chuyển giao công nghệ sản xuất {x}"),
    ProjectType.TRIAL_PRODUCTION: ("Dự án sản xuất thử nghiệm {x}",),
}
REPAIR_TITLES = ("Nghiên cứu làm chủ công nghệ {x}", "Hoàn thiện quy trình công nghệ {x}",
                 "Nghiên cứu thiết kế, chế tạo thiết bị chuyên dùng phục vụ {x}")
PROCESSES = ("gia công chính xác", "nhiệt luyện", "xử lý bề mặt", "đúc áp lực", "hàn tự động",
             "ép phôi", "mạ phủ", "kiểm tra không phá hủy", "tạo hình nguội")
EQUIPMENT = (
    "hệ thống đo kiểm tự động thông số hình học nòng súng",
    "thiết bị thử nghiệm độ bền va đập phụ tùng vũ khí", "dây chuyền nạp nổ tự động",
    "máy ép thủy lực điều khiển CNC", "hệ thống điều khiển lò nhiệt luyện chân không",
    "thiết bị kiểm tra không phá hủy bằng siêu âm", "bệ thử động cơ diesel tàu thủy",
    "hệ thống xử lý nước thải công nghiệp chứa kim loại nặng", "thiết bị đo sơ tốc đầu đạn",
    "robot hàn kết cấu vỏ tàu", "thiết bị sấy thuốc phóng an toàn",
    "hệ thống giám sát an toàn kho thuốc nổ", "bàn thử thủy lực đa năng",
    "thiết bị hiệu chỉnh kính ngắm quang học", "tổ hợp thiết bị đo lường cao tần",
    "hệ thống tự động cân, đóng gói thuốc phóng", "thiết bị thu hồi dung môi trong sản xuất "
    "thuốc phóng", "trạm kiểm định súng pháo",
)
TECHNOLOGIES = (
    "nhiệt luyện chân không chi tiết thép hợp kim", "mạ crom cứng lòng nòng",
    "đúc chính xác theo mẫu chảy", "gia công tia lửa điện chi tiết phức tạp",
    "phun phủ plasma chống mài mòn", "ép nóng vật liệu composite",
    "hàn ma sát khuấy hợp kim nhôm", "xử lý bề mặt chống ăn mòn trong môi trường biển",
    "chế tạo vật liệu nổ nhũ tương an toàn", "tái chế thuốc phóng quá hạn sử dụng",
    "thấm nitơ plasma chi tiết chịu mài mòn", "cán ren chính xác",
)
DIGITAL = (("công nghệ mô phỏng số", 2008), ("công nghệ CAD/CAM/CAE", 2008),
           ("công nghệ thực tế ảo", 2016), ("công nghệ Internet vạn vật (IoT)", 2018),
           ("trí tuệ nhân tạo", 2019), ("công nghệ bản sao số", 2021))
DOMAINS = ("quản lý chất lượng sản phẩm quốc phòng", "giám sát dây chuyền sản xuất đạn",
           "thiết kế vũ khí bộ binh", "bảo dưỡng, sửa chữa trang bị kỹ thuật",
           "quản lý kho vật tư kỹ thuật", "đào tạo thợ kỹ thuật vũ khí")


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:]


def _title(rng: random.Random, p: ProjectPlan) -> str:
    if p.product is not None:
        x = _lower_first(p.product.name)
        templates = (REPAIR_TITLES if p.product.name.startswith("Sửa chữa")
                     else PRODUCT_TITLES[ProjectType(p.project_type)])
        return rng.choice(templates).format(x=x, process=rng.choice(PROCESSES))
    kind = rng.randrange(3)
    if kind == 0:
        return f"Nghiên cứu thiết kế, chế tạo {rng.choice(EQUIPMENT)}"
    if kind == 1:
        return f"Nghiên cứu làm chủ công nghệ {rng.choice(TECHNOLOGIES)}"
    digital = [name for name, since in DIGITAL if since <= p.planned_start.year]
    return f"Nghiên cứu ứng dụng {rng.choice(digital)} trong {rng.choice(DOMAINS)}"


def _summary(p: ProjectPlan) -> str:
    if p.product is not None:
        return (f"Làm chủ thiết kế, công nghệ chế tạo {_lower_first(p.product.name)} đạt các "
                "chỉ tiêu kỹ thuật theo yêu cầu; xây dựng bộ tài liệu thiết kế, tài liệu công "
                "nghệ phục vụ sản xuất.")
    return ("Nâng cao năng lực nghiên cứu, sản xuất của đơn vị; kết quả được đánh giá, "
            "nghiệm thu và áp dụng tại các cơ sở công nghiệp quốc phòng.")


BUDGETS = {  # million VND: (state, defence, enterprise, other) as (low, high, chance)
    N: ((4_000, 20_000, 1.0), (0, 3_000, 0.5), (0, 4_000, 0.4), (0, 0, 0.0)),
    M: ((0, 0, 0.0), (1_000, 6_000, 1.0), (0, 2_000, 0.4), (0, 500, 0.15)),
    D: ((0, 0, 0.0), (150, 1_200, 1.0), (0, 600, 0.5), (0, 200, 0.1)),
}
BUDGET_NAMES = ("budget_state", "budget_defense", "budget_enterprise", "budget_other")

NOTES = {
    Step.SUSPEND: ("Tạm dừng để điều chỉnh nội dung theo yêu cầu của cơ quan quản lý",
                   "Chờ bổ sung kinh phí năm kế hoạch",
                   "Vật tư nhập khẩu chậm về do thay đổi nguồn cung",
                   "Chủ nhiệm đề tài đi học tập dài hạn, chờ kiện toàn nhóm nghiên cứu"),
    Step.RESUME: ("Đã được bố trí kinh phí bổ sung", "Vật tư đã về, tiếp tục triển khai",
                  "Đã kiện toàn chủ nhiệm và nhóm thực hiện"),
    Step.CANCEL: ("Nhu cầu trang bị thay đổi, không còn cần thiết tiếp tục thực hiện",
                  "Kết quả thử nghiệm giai đoạn 1 không đạt, dừng thực hiện",
                  "Nội dung trùng lặp với nhiệm vụ cấp Bộ đang thực hiện",
                  "Không bảo đảm được nguồn vật tư chủ yếu"),
    Step.FAIL_ACCEPTANCE: (
        "Mẫu thử chưa đạt chỉ tiêu về độ bền; đề nghị hoàn thiện và thử nghiệm lại",
        "Hồ sơ tài liệu thiết kế chưa đầy đủ; kết quả bắn thử chưa ổn định",
        "Độ chính xác gia công chưa đạt yêu cầu kỹ thuật; đề nghị khắc phục"),
    Step.EXTEND: ("Bổ sung thời gian thử nghiệm trong điều kiện khí hậu nhiệt đới",
                  "Vật tư, linh kiện nhập khẩu về chậm",
                  "Điều chỉnh thiết kế theo kết quả thử nghiệm cấp cơ sở",
                  "Chờ kết quả bắn thử tại trường bắn"),
}


def describe(rng: random.Random, projects: list[ProjectPlan]) -> None:
    """Titles (distinct), investigators, members, budgets, summaries and step notes."""
    titles: set[str] = set()
    for p in projects:
        title = _title(rng, p)
        for _ in range(8):
            if title not in titles:
                break
            title = _title(rng, p)
        if title in titles:
            title = f"{title} (giai đoạn {sum(t.startswith(title) for t in titles) + 1})"
        titles.add(title)
        p.title, p.summary = title, _summary(p)
        p.principal_investigator = investigator(rng, p.level)
        p.members = "\n".join(f"{_pick(rng, MEMBER_TITLES)} {person(rng)}"
                              for _ in range(rng.randint(2, 6)))
        p.budgets = {}
        for name, (low, high, chance) in zip(BUDGET_NAMES, BUDGETS[p.level], strict=True):
            amount = rng.randint(low, high) // 10 * 10 if rng.random() < chance else 0
            if amount:
                p.budgets[name] = amount
        for event in p.events:
            if event.step in NOTES:
                event.note = rng.choice(NOTES[Step(event.step)])


# --- initiatives -------------------------------------------------------------------------------

INITIATIVE_UNITS = {"Z111": 6, "Z113": 6, "Z114": 3, "Z115": 3, "Z117": 3, "Z119": 3, "Z121": 3,
                    "Z125": 3, "Z127": 3, "Z129": 3, "Z131": 3, "Z173": 2, "Z175": 3, "Z176": 2,
                    "Z183": 3, "BASON": 3, "SONGTHU": 3, "GAET": 1, "VVK": 1, "VCN": 1,
                    "VTPTN": 1}
PARTS = ("thân súng", "bệ khóa nòng", "vỏ đạn", "ống phóng", "thân ngòi nổ", "thân lựu đạn",
         "trục khuỷu", "bánh răng côn", "chi tiết cò súng", "thân cối", "đầu đạn", "vỏ tàu")
TOOLS = ("dao phay định hình", "khuôn dập vỏ đạn", "calip kiểm tra ren", "bộ gá hàn",
         "khuôn ép nhựa tay cầm", "thiết bị cân định lượng thuốc phóng", "đầu dò đo độ cứng")
STEPS_OF_WORK = ("sơn phủ bề mặt sản phẩm", "nhiệt luyện chi tiết", "đóng gói, bảo quản đạn",
                 "kiểm tra chất lượng vật tư đầu vào", "lắp ráp ngòi nổ", "mạ kẽm chi tiết",
                 "làm sạch nòng pháo sau bắn thử", "xử lý phôi rèn", "bảo dưỡng máy CNC")
RESOURCES = ("điện năng", "vật tư", "nhiên liệu", "hóa chất", "khí nén")
RECOGNITION = ((RecognitionLevel.UNIT.value, 72), (RecognitionLevel.DIRECTORATE.value, 20),
               (RecognitionLevel.MINISTRY.value, 7), (RecognitionLevel.NATIONAL.value, 1))
RECOGNITION_SIGN = {RecognitionLevel.DIRECTORATE.value: "QĐ-TCCNQP",
                    RecognitionLevel.MINISTRY.value: "QĐ-BQP",
                    RecognitionLevel.NATIONAL.value: "QĐ-BKHCN"}


def _initiative_title(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"Cải tiến đồ gá gia công {rng.choice(PARTS)}"
    if kind == 1:
        return f"Chế tạo {rng.choice(TOOLS)} thay thế hàng nhập khẩu"
    if kind == 2:
        return f"Cải tiến quy trình {rng.choice(STEPS_OF_WORK)}"
    return f"Giải pháp tiết kiệm {rng.choice(RESOURCES)} trong {rng.choice(STEPS_OF_WORK)}"


@dataclass(frozen=True)
class InitiativePlan:
    title: str
    unit: str
    year: int
    authors: str
    benefit: int
    recognition_level: str
    decision_number: str
    classification: int


def plan_initiatives(rng: random.Random, today: dt.date) -> list[InitiativePlan]:
    """40 to 80 a year, 2011-2025, mostly in the enterprises and recognised at unit level."""
    rows: list[InitiativePlan] = []
    units, weights = list(INITIATIVE_UNITS), list(INITIATIVE_UNITS.values())
    for year in range(2011, min(2025, today.year) + 1):
        counters: dict[str, int] = {}
        seen: set[tuple[str, str]] = set()
        for _ in range(max(40, 40 + 2 * (year - 2011) + rng.randint(-4, 6))):
            unit = rng.choices(units, weights=weights)[0]
            title = _initiative_title(rng)
            for _ in range(5):
                if (unit, title) not in seen:
                    break
                title = _initiative_title(rng)
            seen.add((unit, title))
            level = _pick(rng, RECOGNITION)
            sign = RECOGNITION_SIGN.get(level, f"QĐ-{unit}")
            if sign not in counters:
                counters[sign] = rng.randint(10, 80)
            counters[sign] += rng.randint(1, 9)
            benefit = round(math.exp(rng.uniform(math.log(20), math.log(900))))
            authors = "\n".join(person(rng) for _ in range(rng.randint(1, 4)))
            rows.append(InitiativePlan(title, unit, year, authors, benefit * 1_000_000, level,
                                       f"{counters[sign]}/{sign}", int(rng.random() < 0.15)))
    return rows


# --- writing it through the services -----------------------------------------------------------


def _take(actor: User | None, project: ResearchProject, e: Event,
          units: dict[str, OrgUnit]) -> ResearchProject:
    on, number, note = e.on, e.decision, e.note
    match e.step:
        case Step.OPEN:
            return services.open_project(actor, project, on_date=on, decision_number=number)
        case Step.START:
            return services.start_project(actor, project, on_date=on)
        case Step.EXTEND:
            assert e.new_end is not None
            return services.extend_project(actor, project, on_date=on, new_end=e.new_end,
                                           decision_number=number, note=note)
        case Step.SUSPEND:
            return services.suspend_project(actor, project, on_date=on,
                                            decision_number=number, note=note)
        case Step.RESUME:
            return services.resume_project(actor, project, on_date=on,
                                           decision_number=number, note=note)
        case Step.CANCEL:
            return services.cancel_project(actor, project, on_date=on,
                                           decision_number=number, note=note)
        case Step.COMPLETE:
            return services.complete_project(actor, project, on_date=on)
        case Step.ACCEPT | Step.FAIL_ACCEPTANCE:
            return services.evaluate_project(actor, project, on_date=on, council=e.council,
                                             grade=e.grade, decision_number=number, note=note)
        case Step.ELIGIBLE_O:
            return services.declare_eligible_for_o_series(actor, project, on_date=on,
                                                          decision_number=number)
        case Step.O_SERIES:
            return services.record_o_series(actor, project, on_date=on, decision_number=number,
                                            producing_unit=units[e.producer])
        case Step.APPLY:
            return services.apply_to_production(actor, project, on_date=on,
                                                decision_number=number,
                                                producing_unit=units[e.producer])
    raise ValueError(f"unexpected step {e.step!r}")


def _write_project(actor: User | None, p: ProjectPlan, units: dict[str, OrgUnit],
                   product_types: dict[str, ProductType]) -> None:
    project = services.create_project(
        actor, code=p.code, title=p.title, level=p.level, host_unit=units[p.host],
        principal_investigator=p.principal_investigator, planned_start=p.planned_start,
        planned_end=p.planned_end, project_type=p.project_type, members=p.members,
        product_type=product_types[p.product.code] if p.product else None,
        classification=p.classification, summary=p.summary, proposed_on=p.events[0].on,
        **p.budgets)
    for event in p.events[1:]:
        project = _take(actor, project, event, units)


def seed(ctx: DemoContext) -> None:
    rng, today = ctx.rng, timezone.localdate()
    product_types = {p.code: p for p in ProductType.objects.prefetch_related("producers")
                     .order_by("code")}
    products = [Product(code, p.name, tuple(sorted(u.code for u in p.producers.all())))
                for code, p in product_types.items()]
    projects = plan_projects(rng, today, products)
    describe(rng, projects)
    initiatives = plan_initiatives(rng, today)

    qlcn = ctx.users.get("qlcn")
    for p in projects:
        actor = qlcn if qlcn is not None and qlcn.clearance >= p.classification else None
        _write_project(actor, p, ctx.units, product_types)
    for i in initiatives:
        services.create_initiative(
            qlcn, title=i.title, authors=i.authors, unit=ctx.units[i.unit], year=i.year,
            benefit=i.benefit, recognition_level=i.recognition_level,
            decision_number=i.decision_number, classification=i.classification)
