"""Demo press coverage, through the services (audited): the items published about the
directorate and its units from 2019 to 2025, about 576 in 2022 and 1.037 in 2023 ("hơn 1.000
bài viết, phóng sự, phim tài liệu và tin tuyên truyền ... gấp 1,8 lần so với năm 2022"), spread
over units, kinds and outlets. One `create_items` call (one insert, one audit entry per item).

Deterministic: a generator of its own with a fixed seed; every date is in a year that has
ended, and never after today."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from cnqp.core.site.demo import DemoContext
from cnqp.press import services
from cnqp.press.choices import PressKind

ORDER = 75

PER_YEAR = {2019: 240, 2020: 210, 2021: 300, 2022: 576, 2023: 1037, 2024: 820, 2025: 760}
KINDS = [(PressKind.ARTICLE, 55), (PressKind.NEWS, 30), (PressKind.REPORT, 11),
         (PressKind.DOCUMENTARY, 4)]
OUTLETS = [
    ("Báo Quân đội nhân dân", 30), ("Truyền hình Quốc phòng Việt Nam", 18),
    ("Báo Quân đội nhân dân điện tử", 12), ("Đài Truyền hình Việt Nam (VTV1)", 8),
    ("Tạp chí Công nghiệp quốc phòng", 8), ("Báo Công an nhân dân", 5),
    ("Báo Nhân Dân", 5), ("Thông tấn xã Việt Nam", 4), ("Đài Tiếng nói Việt Nam", 4),
    ("Tạp chí Quốc phòng toàn dân", 3), ("Báo Tiền Phong", 2), ("Báo Lao Động", 1),
]
AUTHORS = ["Nguyễn Văn Hùng", "Trần Thu Hà", "Lê Minh Đức", "Phạm Quang Vinh",
           "Hoàng Thị Lan", "Vũ Đình Khoa", ""]
TOPICS = {
    PressKind.ARTICLE: ["Sản xuất quốc phòng", "Nghiên cứu khoa học", "Thi đua quyết thắng",
                        "Chuyển đổi số", "Gương người tốt, việc tốt"],
    PressKind.NEWS: ["Hội nghị", "Thăm, làm việc", "Bàn giao sản phẩm", "Hoạt động công đoàn"],
    PressKind.REPORT: ["Phóng sự sản xuất", "Người lao động", "Dân vận"],
    PressKind.DOCUMENTARY: ["Truyền thống đơn vị", "Công nghiệp quốc phòng"],
}
TITLES = {
    PressKind.ARTICLE: "{unit}: đẩy mạnh {topic}",
    PressKind.NEWS: "{unit}: {topic}",
    PressKind.REPORT: "Phóng sự: {topic} tại {unit}",
    PressKind.DOCUMENTARY: "Phim tài liệu: {topic} — {unit}",
}
DIRECTORATE = "TCCNQP"
DIRECTORATE_SHARE = 0.25
ENTERPRISE_SHARE = 0.85  # of the rest; institutes after


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def items_for(ctx: DemoContext, today: dt.date) -> list[dict[str, Any]]:
    rng = random.Random(2023)
    units = ctx.units
    enterprises = [units[code] for code in sorted(units) if code.startswith("Z")
                   or code in ("BASON", "SONGTHU", "GAET")]
    enterprises = [u for u in enterprises if u.parent_id == units[DIRECTORATE].pk]
    institutes = [units[code] for code in ("VCN", "VVK", "VTPTN") if code in units]
    items: list[dict[str, Any]] = []
    for year, count in PER_YEAR.items():
        last = min(dt.date(year, 12, 31), today)
        days = (last - dt.date(year, 1, 1)).days + 1
        for _n in range(count):
            draw = rng.random()
            if draw < DIRECTORATE_SHARE or not enterprises:
                unit = units[DIRECTORATE]
            elif draw < DIRECTORATE_SHARE + (1 - DIRECTORATE_SHARE) * ENTERPRISE_SHARE \
                    or not institutes:
                unit = rng.choice(enterprises)
            else:
                unit = rng.choice(institutes)
            kind = _pick(rng, KINDS)
            topic = rng.choice(TOPICS[kind])
            short = "Tổng cục" if unit.code == DIRECTORATE else unit.name
            items.append({
                "kind": kind, "outlet": _pick(rng, OUTLETS), "subject_unit": unit,
                "title": TITLES[kind].format(unit=short, topic=topic.lower()),
                "published_on": dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days)),
                "author": rng.choice(AUTHORS), "topic": topic,
                "link": "" if rng.random() < 0.4 else
                f"https://www.qdnd.vn/cnqp/{year}/{len(items) + 1}",
            })
    return items


def seed(ctx: DemoContext) -> None:
    if "admin" not in ctx.users or DIRECTORATE not in ctx.units:
        return
    services.create_items(ctx.users["admin"], items_for(ctx, timezone.localdate()))
