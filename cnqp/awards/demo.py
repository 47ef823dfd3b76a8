"""Demo emulation and awards, 2019-2025, through the services (audited), telling the articles'
story: the whole directorate presses ahead with the Determined-to-Win Emulation Movement
(Phong trào Thi đua Quyết thắng, 2020); in 2021 the Technology Management Department (Cục
QLCN) is awarded the Prime Minister's certificate of merit for 12 years of carrying out the
Ordinance on the Defence Industry, the directorate's emulation flag and the directorate party
committee's certificate of merit, and its people the titles of emulation soldier, advanced
soldier, certificates of merit and of commendation; in 2023 the trade union movement's review
is rewarded. Around them, every year: the directorate's flags to its best units, Determined-
to-Win units, emulation soldiers and advanced workers of the enterprises.

Deterministic (a generator of its own with a fixed seed); no decision is dated after today.
Written as the administrator (who sees every unit; there is no demo user of the political
department)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cnqp.awards import services
from cnqp.awards.choices import MovementKind
from cnqp.awards.models import AwardTitle, Movement
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext

ORDER = 72
YEARS = range(2019, 2026)
TCCNQP = "Tổng cục Công nghiệp quốc phòng"
CHU_NHIEM = "Chủ nhiệm Tổng cục Công nghiệp quốc phòng"
BO_TRUONG = "Bộ trưởng Bộ Quốc phòng"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Ngọc"]
GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Linh",
         "Long", "Mai", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Yến"]
POSITIONS = ["Quản đốc phân xưởng", "Trưởng phòng Kỹ thuật", "Kỹ sư công nghệ",
             "Tổ trưởng sản xuất", "Công nhân bậc cao", "Trợ lý kế hoạch",
             "Nhân viên kiểm tra chất lượng"]
QLCN_POSITIONS = ["Trưởng phòng", "Phó Trưởng phòng", "Trợ lý kỹ thuật", "Nhân viên"]


def _unit_name(unit: OrgUnit) -> str:
    return unit.name.replace("Nhà máy", "Giám đốc Nhà máy", 1) if unit.code.startswith(
        "Z") else f"Thủ trưởng {unit.name}"


class Seeder:
    def __init__(self, ctx: DemoContext, today: dt.date) -> None:
        self.ctx, self.today = ctx, today
        self.rng = random.Random(19)
        self.admin: User = ctx.users["admin"]
        self.titles = {t.code: t for t in AwardTitle.objects.all()}
        self.numbers: dict[tuple[int, str], int] = {}

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def number(self, year: int, suffix: str) -> str:
        key = (year, suffix)
        self.numbers[key] = self.numbers.get(key, 100) + self.rng.randint(3, 17)
        return f"{self.numbers[key]}/QĐ-{suffix}"

    def award(self, code: str, unit: OrgUnit, day: dt.date, authority: str, number: str,
              reason: str = "", person: str = "", position: str = "",
              movement: Movement | None = None) -> None:
        if day > self.today:
            return
        services.create_award(
            self.admin, title=self.titles[code], unit=unit, person_name=person,
            person_position=position if person else "", movement=movement,
            authority=authority, decision_number=number, decision_date=day, reason=reason)

    def movement(self, name: str, kind: str, start: dt.date, end: dt.date | None,
                 description: str) -> Movement:
        return services.create_movement(
            self.admin, name=name, kind=kind, launching_unit=self.ctx.units["TCCNQP"],
            start=start, end=end, description=description)


def seed(ctx: DemoContext) -> None:
    if "admin" not in ctx.users or "QLCN" not in ctx.units:
        return
    s = Seeder(ctx, timezone.localdate())
    units = ctx.units
    quyet_thang = s.movement(
        "Phong trào Thi đua Quyết thắng", MovementKind.REGULAR, dt.date(2010, 1, 1), None,
        "Phong trào thi đua thường xuyên của toàn quân, gắn với các cuộc vận động trong Quân "
        "đội; toàn Tổng cục đẩy mạnh thực hiện.")
    congress = s.movement(
        "Đợt thi đua cao điểm chào mừng Đại hội Đảng bộ các cấp", MovementKind.CAMPAIGN,
        dt.date(2020, 1, 15), dt.date(2020, 10, 31),
        "Thi đua lập thành tích chào mừng đại hội đảng bộ các cấp, tiến tới Đại hội Đảng bộ "
        "Quân đội và Đại hội đại biểu toàn quốc của Đảng.")
    union = s.movement(
        "Phong trào công nhân và hoạt động công đoàn Tổng cục", MovementKind.THEMATIC,
        dt.date(2023, 1, 1), dt.date(2023, 12, 31),
        "Phong trào công nhân, viên chức, người lao động trong các doanh nghiệp của Tổng cục; "
        "tổng kết và khen thưởng cuối năm.")
    s.movement(
        "Đợt thi đua chào mừng Đại hội Thi đua Quyết thắng toàn quân lần thứ XI",
        MovementKind.CAMPAIGN, dt.date(2024, 1, 1), dt.date(2024, 9, 30),
        "Thi đua lập thành tích chào mừng Đại hội Thi đua Quyết thắng toàn quân.")

    enterprises = [units[code] for code in ("Z111", "Z113", "Z114", "Z115", "Z117", "Z119",
                                            "Z121", "Z125", "Z127", "Z129", "Z131", "Z173",
                                            "Z175", "Z176", "Z183", "BASON", "SONGTHU",
                                            "GAET") if code in units]
    for year in YEARS:
        review = dt.date(year, 12, 20)  # the year's emulation titles, at its review
        r = s.rng
        flags = r.sample(enterprises, 3)
        for unit in flags:
            s.award("co-tong-cuc", unit, review, CHU_NHIEM, s.number(year, "TCCNQP"),
                    f"Đơn vị dẫn đầu Phong trào Thi đua Quyết thắng năm {year}",
                    movement=quyet_thang)
        for unit in r.sample([u for u in enterprises if u not in flags], 6):
            s.award("don-vi-quyet-thang", unit, review, CHU_NHIEM, s.number(year, "TCCNQP"),
                    f"Hoàn thành xuất sắc nhiệm vụ năm {year}", movement=quyet_thang)
        s.award("co-bqp", r.choice(flags), review, BO_TRUONG, s.number(year, "BQP"),
                f"Hoàn thành xuất sắc toàn diện nhiệm vụ năm {year}", movement=quyet_thang)
        for _n in range(2):
            unit = r.choice(enterprises)
            s.award("cstd-toan-quan", unit, review, BO_TRUONG, s.number(year, "BQP"),
                    "Chiến sĩ thi đua toàn quân", person=s.person(),
                    position=r.choice(POSITIONS), movement=quyet_thang)
        for unit in r.sample(enterprises, 8):
            authority = _unit_name(unit)
            for code, count in (("cstd-co-so", 2), ("lao-dong-tien-tien", 4)):
                for _n in range(count):
                    s.award(code, unit, review, authority, s.number(year, unit.code),
                            f"Hoàn thành tốt nhiệm vụ năm {year}", person=s.person(),
                            position=r.choice(POSITIONS), movement=quyet_thang)
        for _n in range(3):
            unit = r.choice(enterprises)
            s.award("bk-chu-nhiem", unit, dt.date(year, 9, 10), CHU_NHIEM,
                    s.number(year, "TCCNQP"), "Thành tích xuất sắc trong sản xuất quốc phòng",
                    person=s.person(), position=r.choice(POSITIONS))

    # 2020: the campaign before the party congresses, the directorate's review
    for code in ("Z111", "Z113", "BASON"):
        if code in units:
            s.award("bk-chu-nhiem", units[code], dt.date(2020, 11, 16), CHU_NHIEM,
                    s.number(2020, "TCCNQP"), "Thành tích xuất sắc trong đợt thi đua cao điểm "
                    "chào mừng đại hội đảng bộ các cấp", movement=congress)

    # 2021, Cục QLCN (the article of 14/01/2022)
    qlcn = units["QLCN"]
    s.award("bk-thu-tuong", qlcn, dt.date(2021, 10, 5), "Thủ tướng Chính phủ",
            "1702/QĐ-TTg", "Đã có thành tích xuất sắc trong 12 năm thực hiện Pháp lệnh Công "
            "nghiệp quốc phòng")
    s.award("co-tong-cuc", qlcn, dt.date(2021, 12, 24), "Thủ trưởng Tổng cục Công nghiệp "
            "quốc phòng", s.number(2021, "TCCNQP"), "Đơn vị dẫn đầu Phong trào Thi đua Quyết "
            "thắng năm 2021", movement=quyet_thang)
    s.award("bk-dang-uy", qlcn, dt.date(2021, 12, 22), "Đảng ủy Tổng cục Công nghiệp quốc "
            "phòng", s.number(2021, "ĐU"), "Đảng bộ Cục Quản lý công nghệ trong sạch vững mạnh "
            "tiêu biểu năm 2021")
    for code, count, authority in (("cstd-co-so", 3, "Cục trưởng Cục Quản lý công nghệ"),
                                   ("chien-si-tien-tien", 8, "Cục trưởng Cục Quản lý công nghệ"),
                                   ("bk-chu-nhiem", 2, CHU_NHIEM),
                                   ("giay-khen", 5, "Cục trưởng Cục Quản lý công nghệ")):
        for _n in range(count):
            s.award(code, qlcn, dt.date(2021, 12, 28), authority, s.number(2021, "QLCN"),
                    "Hoàn thành xuất sắc nhiệm vụ năm 2021", person=s.person(),
                    position=s.rng.choice(QLCN_POSITIONS), movement=quyet_thang)

    # 2023: the review of the workers' movement and the trade union's work
    for unit in s.rng.sample(enterprises, 4):
        s.award("bk-chu-nhiem", unit, dt.date(2023, 12, 26), CHU_NHIEM,
                s.number(2023, "TCCNQP"), "Thành tích xuất sắc trong phong trào công nhân và "
                "hoạt động công đoàn", movement=union)
        s.award("bk-chu-nhiem", unit, dt.date(2023, 12, 26), CHU_NHIEM,
                s.number(2023, "TCCNQP"), "Thành tích xuất sắc trong phong trào công nhân và "
                "hoạt động công đoàn", person=s.person(), position="Chủ tịch Công đoàn cơ sở",
                movement=union)
