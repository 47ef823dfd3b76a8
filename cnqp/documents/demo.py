"""Demo technical documents: the product catalogue, design and technology sets with their
revision history, and usage rights, deterministic from the demo seed and written through the
services (so every row is validated and audited).

The data is first planned in memory (every random draw happens there, in a fixed order), then
adjusted so that the demo shows the rules it must show (need to know for `z111` and `z113`,
every classification level, expired and expiring rights), and only then written. Dates of
rights are relative to today, so the "expiring within 30 days" flag always shows; issue dates
are absolute (2019-2025, never after today) and never go backwards within a set. Every defence
product type can be made or repaired in 2023, the year whose "91/91" the production demo
reproduces (`ensure_reported_year`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.documents import services
from cnqp.documents.choices import DocumentKind, ProductGroup, Purpose
from cnqp.documents.models import DocumentSet, ProductType

ORDER = 10

U, C, S, T = (Classification.UNCLASSIFIED, Classification.CONFIDENTIAL, Classification.SECRET,
              Classification.TOP_SECRET)


@dataclass(frozen=True)
class Category:
    code: str  # prefix of the product codes
    name: str  # stored as the product type's category
    group: str
    pool: tuple[str, ...]  # producing units; the first is the usual lead producer
    levels: tuple[int, int, int, int]  # weights of Thường, Mật, Tối mật, Tuyệt mật
    repair: bool = False


DEFENSE_LEVELS = (32, 42, 19, 7)
SENSITIVE_LEVELS = (18, 40, 30, 12)

CATEGORIES = {c.code: c for c in (
    Category("VKBB", "Vũ khí bộ binh", ProductGroup.DEFENSE, ("Z111", "Z125", "VVK"),
             DEFENSE_LEVELS),
    Category("DAN", "Đạn cỡ nhỏ", ProductGroup.DEFENSE, ("Z113", "Z129", "Z131", "Z111"),
             DEFENSE_LEVELS),
    Category("DPH", "Đạn pháo", ProductGroup.DEFENSE, ("Z183", "Z113", "Z131", "Z129"),
             SENSITIVE_LEVELS),
    Category("COI", "Súng cối", ProductGroup.DEFENSE, ("Z125", "Z111", "VVK"), DEFENSE_LEVELS),
    Category("DCO", "Đạn cối", ProductGroup.DEFENSE, ("Z183", "Z113", "Z129"), DEFENSE_LEVELS),
    Category("LDM", "Lựu đạn, mìn", ProductGroup.DEFENSE, ("Z113", "Z121", "Z131"),
             DEFENSE_LEVELS),
    Category("TNP", "Thuốc nổ, thuốc phóng, phụ kiện nổ", ProductGroup.DEFENSE,
             ("Z114", "Z115", "VTPTN", "Z121", "Z113"), SENSITIVE_LEVELS),
    Category("TAU", "Tàu, xuồng quân sự", ProductGroup.DEFENSE, ("BASON", "SONGTHU", "Z173"),
             SENSITIVE_LEVELS),
    Category("SCT", "Sửa chữa tàu", ProductGroup.DEFENSE, ("BASON", "SONGTHU", "Z173"),
             DEFENSE_LEVELS, repair=True),
    Category("QH", "Khí tài quang học", ProductGroup.DEFENSE, ("Z117", "Z176", "VCN"),
             DEFENSE_LEVELS),
    Category("TTD", "Khí tài thông tin, điện tử", ProductGroup.DEFENSE, ("Z119", "VCN", "Z176"),
             DEFENSE_LEVELS),
    Category("SCX", "Sửa chữa xe, pháo", ProductGroup.DEFENSE, ("Z127", "Z175", "Z119"),
             DEFENSE_LEVELS, repair=True),
    Category("LD", "Sản phẩm lưỡng dụng", ProductGroup.DUAL_USE,
             ("Z114", "Z115", "Z121", "GAET", "Z131"), (60, 40, 0, 0)),
    Category("KT", "Sản phẩm kinh tế", ProductGroup.ECONOMIC,
             ("Z117", "Z127", "BASON", "SONGTHU", "Z175"), (90, 10, 0, 0)),
)}

# The catalogue: 91 defense product types (the directorate reports "hoàn thành sản xuất, sửa
# chữa 91/91 chủng loại sản phẩm quốc phòng") and a few dual-use and economic ones.
CATALOGUE: dict[str, tuple[str, ...]] = {
    "VKBB": (
        "Súng tiểu liên 7,62 mm AKM", "Súng trường tấn công 5,56 mm STV-380",
        "Súng trường tấn công 7,62 mm STV-215", "Súng trường tấn công 5,56 mm STV-022",
        "Súng trung liên 7,62 mm RPK", "Súng đại liên 7,62 mm PKMS",
        "Súng ngắn 7,62 mm K54", "Súng ngắn 9 mm K14-VN", "Súng bắn tỉa 7,62 mm SVD",
        "Súng máy phòng không 12,7 mm", "Súng máy phòng không 14,5 mm",
        "Súng chống tăng B41", "Súng phóng lựu 40 mm M79",
        "Súng phóng lựu liên thanh 40 mm",
    ),
    "DAN": (
        "Đạn súng ngắn 7,62 x 25 mm", "Đạn 7,62 x 39 mm", "Đạn 7,62 x 54 mm",
        "Đạn 5,56 x 45 mm", "Đạn 9 x 19 mm", "Đạn 12,7 x 108 mm", "Đạn 14,5 x 114 mm",
        "Đạn súng chống tăng B41", "Đạn lựu 40 mm", "Đạn tín hiệu 26 mm",
        "Đạn tập 7,62 mm",
    ),
    "DPH": (
        "Đạn pháo phòng không 23 mm", "Đạn pháo phòng không 37 mm",
        "Đạn pháo phòng không 57 mm", "Đạn pháo 85 mm", "Đạn pháo 105 mm",
        "Đạn pháo 122 mm", "Đạn pháo 130 mm", "Đạn pháo 152 mm", "Đạn pháo tăng 100 mm",
        "Đạn pháo hạm 76 mm", "Đạn phản lực 122 mm", "Đạn súng không giật 73 mm",
    ),
    "COI": ("Súng cối 60 mm", "Súng cối 82 mm", "Súng cối 100 mm", "Súng cối 120 mm"),
    "DCO": ("Đạn cối 60 mm", "Đạn cối 82 mm", "Đạn cối 100 mm", "Đạn cối 120 mm"),
    "LDM": (
        "Lựu đạn cần bẩy", "Lựu đạn chày", "Lựu đạn khói ngụy trang", "Lựu đạn tập",
        "Mìn chống tăng", "Mìn chống bộ binh", "Mìn định hướng", "Bộc phá ống",
    ),
    "TNP": (
        "Thuốc nổ TNT", "Thuốc nổ Hexogen", "Thuốc phóng keo NC", "Thuốc phóng hai gốc",
        "Liều phóng đạn pháo 122 mm", "Ngòi nổ đạn cối", "Ngòi nổ đạn pháo", "Hạt lửa",
        "Kíp nổ quân dụng số 8", "Dây cháy chậm",
    ),
    "TAU": (
        "Tàu tên lửa tấn công nhanh", "Tàu pháo tuần tra", "Tàu tuần tra cao tốc",
        "Tàu đổ bộ", "Tàu vận tải quân sự", "Tàu kéo cứu hộ",
        "Xuồng tuần tra composite", "Xuồng cao tốc chở quân",
    ),
    "SCT": ("Sửa chữa lớn tàu hộ vệ tên lửa", "Sửa chữa lớn tàu tuần tra"),
    "QH": (
        "Kính ngắm quang học súng bắn tỉa", "Kính ngắm ngày đêm", "Ống nhòm quân sự 8x30",
        "Kính nhìn đêm", "Máy đo xa laser", "Kính chỉ huy pháo binh",
    ),
    "TTD": (
        "Máy thông tin vô tuyến điện sóng ngắn", "Máy thông tin vô tuyến điện cầm tay",
        "Tổng đài điện tử quân sự", "Thiết bị điều khiển bắn pháo phòng không",
        "Bộ nguồn ắc quy quân sự",
    ),
    "SCX": (
        "Sửa chữa lớn xe tăng T-54", "Sửa chữa lớn xe thiết giáp BTR-60",
        "Sửa chữa xe thiết giáp BMP-1", "Sửa chữa xe vận tải quân sự",
        "Sửa chữa pháo mặt đất 122 mm", "Sửa chữa pháo phòng không 57 mm",
        "Sửa chữa động cơ xe tăng",
    ),
    "LD": (
        "Thuốc nổ nhũ tương công nghiệp", "Thuốc nổ công nghiệp AD1",
        "Kíp nổ vi sai phi điện", "Dây nổ chịu nước",
    ),
    "KT": ("Tàu chở hàng trọng tải 3.000 tấn", "Phụ tùng xe máy", "Bình chữa cháy"),
}

SET_CODE_PREFIX = {DocumentKind.DESIGN: "TLTK", DocumentKind.TECHNOLOGY: "TLCN",
                   DocumentKind.SPECIFICATION: "DKKT"}

AMENDMENT_REASONS = (
    "Sửa đổi theo kết quả nghiệm thu sản xuất loạt \"O\"",
    "Cập nhật vật liệu thay thế do thay đổi nguồn cung cấp vật tư đầu vào",
    "Khắc phục nhược điểm phát hiện trong quá trình sử dụng tại đơn vị",
    "Điều chỉnh dung sai gia công theo kết quả kiểm tra công đoạn",
    "Bổ sung yêu cầu về độ bền, tuổi thọ theo Nghị quyết 365-NQ/ĐU",
    "Chuẩn hóa theo quy định về quản lý tài liệu công nghệ",
    "Cập nhật quy trình nghiệm thu sản phẩm",
    "Sửa đổi theo kiến nghị của Hội đồng nghiệm thu cấp Tổng cục",
    "Bổ sung yêu cầu bảo đảm an toàn trong sản xuất",
)
RETURN_NOTES = (
    "Đề nghị bổ sung bảng kê vật tư và kết quả thử nghiệm.",
    "Chưa thống nhất với ý kiến của Hội đồng nghiệm thu; đề nghị hoàn chỉnh lại.",
)
REVOKE_REASONS = (
    "Doanh nghiệp không còn nhiệm vụ sản xuất sản phẩm này",
    "Thu hồi để cấp lại theo bộ tài liệu đã sửa đổi",
    "Chuyển nhiệm vụ sửa chữa cho đơn vị khác",
)

FIRST_ISSUE = dt.date(2019, 1, 2)
LAST_ISSUE = dt.date(2025, 12, 30)
DECISION_SIGN = "QĐ-TCCNQP"
DEMO_UNIT_USERS = {"Z111": "z111", "Z113": "z113", "VVK": "vienvk"}
# The year of the articles' "91/91 chủng loại sản phẩm quốc phòng": every defence product
# type can be made (repaired) that year (ensure_reported_year; the production demo does it).
REPORTED_YEAR = 2023
# Its plan is worked from February to the last due dates (28/11): the rights must cover that.
REPORTED_WORK = (dt.date(REPORTED_YEAR, 2, 1), dt.date(REPORTED_YEAR, 11, 30))


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class ProductPlan:
    code: str
    name: str
    category: Category
    producers: list[str]


@dataclass
class RevisionPlan:
    number: int
    reason: str
    end: str  # "issued", or where an unfinished one stops: "draft", "submitted", "returned",
    #           "approved"
    issue_date: dt.date | None = None
    decision: str = ""


@dataclass
class RightPlan:
    enterprise: str
    purpose: str
    valid_from: dt.date
    valid_to: dt.date | None
    revoke_reason: str = ""
    decision: str = ""

    def in_force(self, on: dt.date) -> bool:
        return (not self.revoke_reason and self.valid_from <= on
                and (self.valid_to is None or self.valid_to >= on))


@dataclass
class SetPlan:
    code: str
    title: str
    kind: str
    product: ProductPlan
    owner: str
    classification: int
    revisions: list[RevisionPlan] = field(default_factory=list)
    rights: list[RightPlan] = field(default_factory=list)

    @property
    def first_issue(self) -> dt.date | None:
        dates = [r.issue_date for r in self.revisions if r.issue_date]
        return min(dates) if dates else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _title(kind: str, product: ProductPlan) -> str:
    name = _lower_first(product.name)
    if kind == DocumentKind.DESIGN:
        return f"Bộ tài liệu thiết kế {name}"
    if kind == DocumentKind.SPECIFICATION:
        return f"Điều kiện kỹ thuật {name}"
    if product.category.repair:
        return f"Tài liệu công nghệ {name}"
    return f"Tài liệu công nghệ sản xuất {name}"


def _random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def plan_products(rng: random.Random, available: set[str]) -> list[ProductPlan]:
    products = []
    for category_code, names in CATALOGUE.items():
        category = CATEGORIES[category_code]
        pool = [code for code in category.pool if code in available]
        for index, name in enumerate(names, start=1):
            count = min(len(pool), rng.choices((1, 2, 3), weights=(45, 35, 20))[0])
            if rng.random() < 0.6:  # the usual lead producer, and partners
                producers = [pool[0], *rng.sample(pool[1:], count - 1)]
            else:
                producers = rng.sample(pool, count)
            products.append(ProductPlan(f"{category_code}-{index:02d}", name, category,
                                        producers))
    return products


def _plan_revisions(rng: random.Random, today: dt.date) -> list[RevisionPlan]:
    total = rng.choices((1, 2, 3, 4), weights=(30, 30, 25, 15))[0]
    unfinished = rng.random() < 0.15
    issued = total - 1 if unfinished else total
    last = min(LAST_ISSUE, today)
    dates = sorted(_random_date(rng, FIRST_ISSUE, last) for _ in range(issued))
    revisions = []
    for number in range(1, total + 1):
        reason = "Ban hành lần đầu" if number == 1 else rng.choice(AMENDMENT_REASONS)
        if number <= issued:
            revisions.append(RevisionPlan(number, reason, "issued", dates[number - 1]))
        else:
            end = rng.choices(("draft", "submitted", "returned", "approved"),
                              weights=(35, 35, 10, 20))[0]
            revisions.append(RevisionPlan(number, reason, end))
    return revisions


def _plan_right(rng: random.Random, enterprise: str, purpose: str, since: dt.date,
                today: dt.date) -> list[RightPlan]:
    """One right, in one of the states the demo must show; an expired right is often followed
    by its renewal."""
    start = _random_date(rng, since, min(today, since + dt.timedelta(days=400)))
    state = rng.choices(("active", "expiring", "expired", "revoked"),
                        weights=(58, 9, 22, 11))[0]
    if state == "expired" and (today - start).days < 60:
        state = "active"
    if state == "active":
        end = None if rng.random() < 0.2 else today + dt.timedelta(days=rng.randint(45, 1500))
        return [RightPlan(enterprise, purpose, start, end)]
    if state == "expiring":
        return [RightPlan(enterprise, purpose, start, today + dt.timedelta(
            days=rng.randint(2, 28)))]
    if state == "revoked":
        end = today + dt.timedelta(days=rng.randint(60, 900))
        return [RightPlan(enterprise, purpose, start, end, rng.choice(REVOKE_REASONS))]
    end = _random_date(rng, start + dt.timedelta(days=30), today - dt.timedelta(days=20))
    rights = [RightPlan(enterprise, purpose, start, end)]
    if rng.random() < 0.5:  # renewed the day after
        days = rng.randint(3, 27) if rng.random() < 0.25 else rng.randint(200, 1200)
        renewal_end = today + dt.timedelta(days=days)
        rights.append(RightPlan(enterprise, purpose, end + dt.timedelta(days=1), renewal_end))
    return rights


def plan_sets(rng: random.Random, products: list[ProductPlan],
              today: dt.date) -> list[SetPlan]:
    sets = []
    for product in products:
        category = product.category
        wanted = {
            DocumentKind.DESIGN: rng.random() < (0.35 if category.repair else 0.9),
            DocumentKind.TECHNOLOGY: category.repair or rng.random() < 0.55,
            DocumentKind.SPECIFICATION: rng.random() < 0.2,
        }
        for kind in (DocumentKind.DESIGN, DocumentKind.TECHNOLOGY,
                     DocumentKind.SPECIFICATION):
            if not wanted[kind]:
                continue
            qlcn_share = {DocumentKind.DESIGN: 0.5, DocumentKind.TECHNOLOGY: 0.15,
                          DocumentKind.SPECIFICATION: 0.7}[kind]
            owner = "QLCN" if rng.random() < qlcn_share else product.producers[0]
            level = rng.choices((U, C, S, T), weights=category.levels)[0]
            plan = SetPlan(f"{SET_CODE_PREFIX[kind]}-{product.code}", _title(kind, product),
                           kind, product, owner, int(level), _plan_revisions(rng, today))
            since = plan.first_issue
            # Rights to use design documents, and some technology documents, for producers.
            if since is not None and (kind == DocumentKind.DESIGN or (
                    kind == DocumentKind.TECHNOLOGY and rng.random() < 0.25)):
                for enterprise in product.producers:
                    if rng.random() < 0.15:
                        continue
                    purpose = Purpose.REPAIR if category.repair else Purpose.PRODUCTION
                    plan.rights.extend(_plan_right(rng, enterprise, purpose, since, today))
                    if not category.repair and rng.random() < 0.1:
                        plan.rights.extend(_plan_right(rng, enterprise, Purpose.REPAIR, since,
                                                       today))
            sets.append(plan)
    return sets


def ensure_showcase(sets: list[SetPlan], today: dt.date) -> None:
    """Adjust the plan (deterministically, in code order) so the demo shows what it must:
    `z111` (clearance Mật) sees classified sets of Z111 and others through its rights; `z113`
    (same clearance) does not see some Z111 sets, for want of a right; every classification
    level occurs; rights in force, expiring, expired and revoked all occur."""

    def issued(plan: SetPlan) -> bool:
        return plan.first_issue is not None

    # Z111's own classified sets.
    own = [s for s in sets if s.owner == "Z111" and issued(s)]
    for plan in [s for s in sets if "Z111" in s.product.producers and s.owner != "Z111"
                 and s.kind == DocumentKind.TECHNOLOGY and issued(s)][:max(0, 4 - len(own))]:
        plan.owner = "Z111"
        own.append(plan)
    missing = 3 - sum(s.classification == C for s in own)
    for plan in [s for s in own if s.classification != C][:max(0, missing)]:
        plan.classification = C

    # Classified sets of others that Z111 sees through a right in force.
    via_rights = [s for s in sets if s.owner != "Z111"
                  and any(r.enterprise == "Z111" and r.in_force(today) for r in s.rights)]
    if len(via_rights) < 3:
        for plan in [s for s in sets if s.owner != "Z111" and s.kind == DocumentKind.DESIGN
                     and "Z111" in s.product.producers and issued(s)
                     and s not in via_rights][:3 - len(via_rights)]:
            since = plan.first_issue or today
            plan.rights.append(RightPlan("Z111", Purpose.PRODUCTION, since,
                                         today + dt.timedelta(days=730)))
            via_rights.append(plan)
    missing = 3 - sum(s.classification == C for s in via_rights)
    for plan in [s for s in via_rights if s.classification != C][:max(0, missing)]:
        plan.classification = C

    # Z111 sets within Z113's clearance that Z113 holds no right to.
    hidden = [s for s in own if s.classification <= C][:2]
    for plan in hidden:
        plan.rights = [r for r in plan.rights if r.enterprise != "Z113"]

    # Every classification level.
    pinned = {id(s) for s in own + via_rights}
    for level in (U, C, S, T):
        if not any(s.classification == level for s in sets):
            spare = next(s for s in sets if id(s) not in pinned)
            spare.classification = int(level)
            pinned.add(id(spare))

    # Every state of a right.
    rights = [r for s in sets for r in s.rights]
    active = [r for r in rights if r.in_force(today) and r.valid_to is not None]
    if not any(r.valid_to and r.valid_to <= today + dt.timedelta(days=30) for r in active):
        active[-1].valid_to = today + dt.timedelta(days=15)
    if not any(r.valid_to and r.valid_to < today for r in rights):
        active[0].valid_to = max(active[0].valid_from, today - dt.timedelta(days=10))


def ensure_reported_year(sets: list[SetPlan], products: list[ProductPlan]) -> None:
    """Adjust the plan so that every defence product type can be made (repaired) in
    REPORTED_YEAR, the year the articles close with "hoàn thành sản xuất, sửa chữa 91/91 chủng
    loại sản phẩm quốc phòng": a design set issued before that year (a missing one drafted and
    issued in December before it, a later first issue brought forward to then), and a right
    of a producer in force while its plan is worked (when none holds one, the lead producer
    is granted one for that: REPORTED_WORK, from early January, so that no right of the year
    expires within 30 days of its end). No draw: everything else the demo plans stays as it
    was; the dates fall before the year, or are rights granted for it, whose figures nothing
    quotes."""
    designs = {s.product.code: s for s in sets if s.kind == DocumentKind.DESIGN}
    first, last = REPORTED_WORK
    defence = [p for p in products if p.category.group == ProductGroup.DEFENSE]
    rank = {p.code: i for i, p in enumerate(products)}
    for index, product in enumerate(defence):
        issued = dt.date(REPORTED_YEAR - 1, 12, 1 + index % 28)
        plan = designs.get(product.code)
        if plan is None:
            plan = SetPlan(f"{SET_CODE_PREFIX[DocumentKind.DESIGN]}-{product.code}",
                           _title(DocumentKind.DESIGN, product), DocumentKind.DESIGN, product,
                           "QLCN", int(C))
            # written in catalogue order, before the product's other sets
            sets.insert(next((i for i, s in enumerate(sets)
                              if rank[s.product.code] >= rank[product.code]), len(sets)), plan)
        if not plan.revisions or plan.revisions[0].end != "issued":
            # none issued yet: the one under way becomes the first amendment
            for revision in plan.revisions:
                revision.number += 1
                revision.reason = AMENDMENT_REASONS[index % len(AMENDMENT_REASONS)]
            plan.revisions.insert(0, RevisionPlan(1, "Ban hành lần đầu", "issued", issued))
        elif plan.revisions[0].issue_date and plan.revisions[0].issue_date.year >= REPORTED_YEAR:
            plan.revisions[0].issue_date = issued
        purpose = Purpose.REPAIR if product.category.repair else Purpose.PRODUCTION
        if not any(r.purpose == purpose and r.in_force(first) and r.in_force(last)
                   for r in plan.rights):
            plan.rights.append(RightPlan(product.producers[0], purpose,
                                         dt.date(REPORTED_YEAR, 1, 4), last))


def number_decisions(rng: random.Random, sets: list[SetPlan]) -> None:
    """Issuing decisions and right decisions share the directorate's register, numbered per
    year in date order."""
    events: list[tuple[dt.date, str, RevisionPlan | RightPlan]] = []
    for plan in sets:
        for revision in plan.revisions:
            if revision.issue_date:
                events.append((revision.issue_date, f"{plan.code}/{revision.number}", revision))
        for index, right in enumerate(plan.rights):
            events.append((right.valid_from, f"{plan.code}/R{index:02d}", right))
    events.sort(key=lambda event: (event[0], event[1]))
    counters: dict[int, int] = defaultdict(int)
    for date, _key, item in events:
        if date.year not in counters:
            counters[date.year] = rng.randint(15, 60)
        counters[date.year] += rng.randint(1, 9)
        item.decision = f"{counters[date.year]}/{DECISION_SIGN}"


# --- writing it through the services -----------------------------------------------------------


class _People:
    """Who does what: the unit's demo user drafts its own sets when cleared for them, the
    department (QLCN) drafts the rest, a Tuyệt mật set by its officer cleared for it (nobody
    files a record above their own clearance); QLCN approves and issues, or the administrator
    when QLCN drafted, or the leadership for a Tuyệt mật set (the author may not approve their
    own revision)."""

    def __init__(self, ctx: DemoContext) -> None:
        self.qlcn = ctx.users["qlcn"]
        self.qlcn_top = ctx.users["qlcn.tm"]
        self.admin = ctx.users["admin"]
        self.leader = ctx.users["thutruong"]
        self.by_unit = {unit: ctx.users[name] for unit, name in DEMO_UNIT_USERS.items()
                        if name in ctx.users}

    def author(self, plan: SetPlan) -> User:
        for user in (self.by_unit.get(plan.owner), self.qlcn):
            if user is not None and user.clearance >= plan.classification:
                return user
        return self.qlcn_top

    def approver(self, author: User) -> User:
        if author.pk == self.qlcn_top.pk:
            return self.leader
        return self.admin if author.pk == self.qlcn.pk else self.qlcn


def _write_set(plan: SetPlan, product_types: dict[str, ProductType],
               units: dict[str, OrgUnit], people: _People) -> DocumentSet:
    author = people.author(plan)
    approver = people.approver(author)
    document_set = services.create_document_set(
        author, code=plan.code, title=plan.title, kind=plan.kind,
        product_type=product_types[plan.product.code],
        owner_unit=units[plan.owner], classification=plan.classification)
    for index, step in enumerate(plan.revisions):
        revision = services.create_revision(author, document_set, reason=step.reason)
        if step.end == "draft":
            continue
        # an issued revision of the history was submitted and approved before its issue,
        # on days of their own (an unfinished one is at that step today)
        issued = step.issue_date
        revision = services.submit_revision(
            author, revision, on_date=issued - dt.timedelta(days=21) if issued else None)
        if step.end == "submitted":
            continue
        if step.end == "returned":
            services.return_revision(approver, revision,
                                     note=RETURN_NOTES[index % len(RETURN_NOTES)])
            continue
        revision = services.approve_revision(
            approver, revision, on_date=issued - dt.timedelta(days=7) if issued else None)
        if step.end == "approved":
            continue
        assert step.issue_date is not None
        services.issue_revision(approver, revision, decision_number=step.decision,
                                issue_date=step.issue_date)
    for right in plan.rights:
        granted = services.grant_usage_right(
            people.qlcn, document_set=document_set, enterprise=units[right.enterprise],
            purpose=right.purpose, valid_from=right.valid_from, valid_to=right.valid_to,
            decision_number=right.decision)
        if right.revoke_reason:
            services.revoke_usage_right(people.qlcn, granted, note=right.revoke_reason)
    return document_set


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    products = plan_products(rng, set(ctx.units))
    sets = plan_sets(rng, products, today)
    ensure_showcase(sets, today)
    ensure_reported_year(sets, products)
    number_decisions(rng, sets)

    people = _People(ctx)
    product_types: dict[str, ProductType] = {}
    for product in products:
        product_types[product.code] = services.create_product_type(
            people.qlcn, code=product.code, name=product.name,
            group=product.category.group, category=product.category.name,
            producers=[ctx.units[code] for code in product.producers])
    for plan in sets:
        _write_set(plan, product_types, ctx.units, people)
