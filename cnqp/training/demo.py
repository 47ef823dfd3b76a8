"""Demo training, 2019-2025, through the services (audited), telling the articles' story: in
2021 the Technology Management Department (Cục QLCN) organises the training that raises the
level of the technical staff ("tổ chức tập huấn, huấn luyện nâng cao trình độ của cán bộ, nhân
viên kỹ thuật"), in 2022 specialised training classes ("tổ chức các lớp huấn luyện chuyên
ngành"), in 2023 the directorate "tổ chức tốt công tác huấn luyện, đào tạo" (the General Staff
Department, BTM, trains those who run the training). Around them, every year: the departments'
courses with participants from the enterprises, and the enterprises' own classes (technical
upgrading, specialised, professional).

Safety training is the safety module's: its demo seeds sessions relative to today (after this
one's ORDER 50 < 65); for the years 2019-2023, which it leaves empty, this demo adds a few
safety sessions through the safety services (certificates long expired by today), so that the
training figures of the articles' years count safety courses once, as the safety kind.

Deterministic (a generator of its own with a fixed seed); nothing is dated after today.
Written as the units' own demo users where there is one (qlcn, btm, z111, z113), else as the
administrator."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.safety import services as safety_services
from cnqp.safety.models import Course
from cnqp.safety.services.staff import certificate_expiry
from cnqp.training import services
from cnqp.training.choices import CourseKind

ORDER = 65  # after safety (50): its training sessions are counted here
YEARS = range(2019, 2026)
SP, TE, PR = CourseKind.SPECIALISED, CourseKind.TECHNICAL, CourseKind.PROFESSIONAL

# The departments' courses of the articles' years: year, unit, kind, title, month, days,
# place, trainer, participants from how many enterprises, classification
STORY = [
    (2021, "QLCN", TE, "Tập huấn nâng cao trình độ cán bộ, nhân viên kỹ thuật", 4, 5,
     "Hội trường Cục Quản lý công nghệ", "Cục Quản lý công nghệ; Viện Công nghệ", 9, 0),
    (2021, "QLCN", TE, "Tập huấn quản lý tài liệu công nghệ và quyền sử dụng tài liệu thiết kế",
     9, 3, "Nhà máy Z113", "Cục Quản lý công nghệ", 6, 1),
    (2022, "QLCN", SP, "Lớp huấn luyện chuyên ngành đo lường, thử nghiệm sản phẩm quốc phòng",
     5, 10, "Viện Thuốc phóng Thuốc nổ", "Cục Quản lý công nghệ; Viện Thuốc phóng Thuốc nổ", 8, 0),
    (2022, "QLCN", SP, "Lớp huấn luyện chuyên ngành kiểm tra chất lượng vũ khí, đạn dược", 8, 10,
     "Nhà máy Z111", "Cục Quản lý công nghệ", 7, 1),
    (2022, "BTM", SP, "Lớp huấn luyện chuyên ngành an toàn kho tàng, vật liệu nổ", 10, 5,
     "Nhà máy Z121", "Bộ Tham mưu", 6, 0),
    (2023, "BTM", PR, "Tập huấn cán bộ làm công tác huấn luyện, đào tạo", 3, 3,
     "Hội trường Tổng cục Công nghiệp quốc phòng", "Bộ Tham mưu", 10, 0),
    (2023, "QLCN", TE, "Tập huấn ứng dụng công nghệ mới trong sản xuất quốc phòng", 6, 5,
     "Viện Công nghệ", "Viện Công nghệ", 8, 0),
]
DEPARTMENT_ROUTINE = [  # every year
    ("BTM", PR, "Tập huấn nghiệp vụ công tác tham mưu, kế hoạch huấn luyện năm {year}", 2, 3),
    ("QLCN", SP, "Bồi dưỡng nghiệp vụ quản lý chất lượng sản phẩm quốc phòng năm {year}", 7, 4),
]
ENTERPRISE_COURSES = [  # kind, title, days
    (TE, "Bồi dưỡng, thi nâng bậc thợ năm {year}", 10),
    (TE, "Tập huấn vận hành thiết bị gia công CNC", 5),
    (SP, "Huấn luyện chuyên ngành hóa nghiệm, kiểm nghiệm thuốc phóng", 7),
    (SP, "Huấn luyện chuyên ngành sửa chữa, bảo quản vũ khí", 6),
    (PR, "Tập huấn nghiệp vụ kế toán, tài chính doanh nghiệp", 3),
    (PR, "Tập huấn nghiệp vụ văn thư, bảo mật", 2),
]
ENTERPRISES = ("Z111", "Z113", "Z114", "Z115", "Z117", "Z119", "Z121", "Z125", "Z127",
               "Z129", "Z131", "Z173", "Z175", "Z176", "Z183")
# safety sessions of the years the safety demo leaves empty: unit, course, month, people
SAFETY = [("Z111", "HL-N3", 3, 6), ("Z113", "HL-N3-VLN", 5, 8), ("Z121", "HL-N3-AP", 9, 5)]


class Seeder:
    def __init__(self, ctx: DemoContext, today: dt.date) -> None:
        self.ctx, self.today = ctx, today
        self.rng = random.Random(65)
        self.admin: User = ctx.users["admin"]
        self.actors = {"QLCN": "qlcn", "BTM": "btm", "Z111": "z111", "Z113": "z113"}

    def actor(self, code: str) -> User:
        return self.ctx.users.get(self.actors.get(code, ""), self.admin)

    def course(self, code: str, kind: str, title: str, start: dt.date, days: int, place: str,
               trainer: str, level: int, sent: list[tuple[OrgUnit, int]]) -> None:
        end = start + dt.timedelta(days=days - 1)
        if end > self.today:
            return
        actor = self.actor(code)
        total = sum(n for _unit, n in sent)
        failed = self.rng.randint(0, max(1, total // 25))
        course = services.create_course(
            actor, title=title, kind=kind, organiser=self.ctx.units[code], start=start,
            end=end, place=place, trainer=trainer, classification=level,
            results="Đạt yêu cầu" if not failed else f"{total - failed}/{total} đạt yêu cầu")
        for unit, people in sent:
            lost = min(failed, people - 1)
            failed -= lost
            services.add_participation(actor, course=course, unit=unit, participants=people,
                                       passed=people - lost)

    def enterprises(self, count: int) -> list[OrgUnit]:
        units = [self.ctx.units[c] for c in ENTERPRISES if c in self.ctx.units]
        return self.rng.sample(units, min(count, len(units)))


def _safety(s: Seeder, year: int) -> None:
    for code, course_code, month, people in SAFETY:
        course = Course.objects.filter(code=course_code).first()
        unit = s.ctx.units.get(code)
        start = dt.date(year, month, 12)
        end = start + dt.timedelta(days=2)
        if course is None or unit is None or not course.valid_on(start):
            continue
        if certificate_expiry(course, end) >= s.today - dt.timedelta(days=31):
            continue  # leave today's certificates to the safety demo
        actor = s.actor(code)
        session = safety_services.create_session(
            actor, course=course, unit=unit, start_on=start, end_on=end,
            provider="Trung tâm Huấn luyện an toàn, vệ sinh lao động", cost=people * 850_000)
        for index in range(people):
            safety_services.record_training(
                actor, session=session, person=f"Học viên {code}-{year}-{index + 1:02d}",
                passed=index != 0 or people < 6,
                certificate_number=f"{course_code}-{year}-{index + 1:03d}"
                if index != 0 or people < 6 else "")


def seed(ctx: DemoContext) -> None:
    if "admin" not in ctx.users or "QLCN" not in ctx.units or "BTM" not in ctx.units:
        return
    s = Seeder(ctx, timezone.localdate())
    r = s.rng
    for year in YEARS:
        for code, kind, title, month, days in DEPARTMENT_ROUTINE:
            s.course(code, kind, title.format(year=year), dt.date(year, month, 14), days,
                     "Hội trường Tổng cục Công nghiệp quốc phòng", (code == "BTM" and
                     "Bộ Tham mưu") or "Cục Quản lý công nghệ", 0,
                     [(u, r.randint(3, 8)) for u in s.enterprises(r.randint(5, 9))])
        for story in (x for x in STORY if x[0] == year):
            _year, code, kind, title, month, days, place, trainer, width, level = story
            s.course(code, kind, title, dt.date(year, month, 7), days, place, trainer, level,
                     [(u, r.randint(6, 18)) for u in s.enterprises(width)])
        for code in ENTERPRISES:
            unit = ctx.units.get(code)
            if unit is None:
                continue
            for kind, title, days in r.sample(ENTERPRISE_COURSES, r.randint(1, 3)):
                start = dt.date(year, r.randint(2, 11), r.randint(1, 25))
                sent = [(unit, r.randint(15, 60))]
                workshops = [w for w in ctx.units.values() if w.parent_id == unit.pk]
                if workshops and r.random() < 0.5:
                    sent.append((r.choice(workshops), r.randint(5, 20)))
                level = (Classification.CONFIDENTIAL if kind == SP and r.random() < 0.4
                         else Classification.UNCLASSIFIED)
                s.course(code, kind, title.format(year=year), start, days, f"Hội trường {code}",
                         f"Phòng Kỹ thuật {code}" if kind != PR else f"Phòng Tổ chức {code}",
                         level, sent)
        if year <= 2023:
            _safety(s, year)
