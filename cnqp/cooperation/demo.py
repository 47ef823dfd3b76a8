"""Demo international cooperation, 2019-2025, through the services (audited), telling the
articles' story: in 2023 the directorate advised the Ministry of National Defence on
concretising its cooperation agreements on the defence industry with the Russian Federation,
India and Belarus (4 agreements with 3 countries) and showed Vietnamese products at the
International Military-Technical Forum ARMY-2023 in Russia and at international fairs and
exhibitions; the Vietnam International Defence Expo was held at Gia Lâm, Hà Nội, in December
2022 and December 2024 (article 003). Around them, every year: agreements with Russia, India,
Belarus, Israel, Korea and the Czech Republic (some Mật, a few Tối mật), their follow-up
actions, outgoing and incoming delegations, the ARMY forums of 2019-2023 at Patriot Park
(Kubinka), DSA, IDEX and Indo Defence, and the enterprises' export contracts (defence ones
mostly Mật).

Deterministic (a generator of its own with a fixed seed); nothing is dated after today.
Written as the administrator, who sees every unit."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from cnqp.cooperation import services
from cnqp.cooperation.choices import (
    AgreementKind,
    AgreementStatus,
    ContractCategory,
    Direction,
    EventKind,
)
from cnqp.cooperation.models import Agreement, Exhibition
from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext

ORDER = 64
YEARS = range(2019, 2026)
C, S, U = Classification.CONFIDENTIAL, Classification.SECRET, Classification.UNCLASSIFIED
NGA, AN_DO, BELARUS, ISRAEL, HAN_QUOC, SEC = (
    "Liên bang Nga", "Ấn Độ", "Belarus", "Israel", "Hàn Quốc", "Séc")
PARTNERS = {
    NGA: "Tập đoàn Rostec", AN_DO: "Bộ Quốc phòng Ấn Độ", BELARUS: "Ủy ban Công nghiệp quân "
    "sự quốc gia Belarus", ISRAEL: "Tập đoàn Công nghiệp quân sự Israel (IMI)",
    HAN_QUOC: "Cơ quan Quản lý chương trình quốc phòng Hàn Quốc (DAPA)",
    SEC: "Hiệp hội Công nghiệp quốc phòng và an ninh Séc"}
SUBJECTS = [
    "Hợp tác nghiên cứu, chuyển giao công nghệ sản xuất đạn pháo",
    "Hợp tác sửa chữa, hiện đại hóa vũ khí, trang bị kỹ thuật",
    "Hợp tác đào tạo cán bộ kỹ thuật công nghiệp quốc phòng",
    "Hợp tác sản xuất linh kiện, phụ tùng vũ khí bộ binh",
    "Hợp tác nghiên cứu vật liệu nổ công nghiệp",
    "Hợp tác đóng mới, sửa chữa tàu",
]
# year: (country, signed on, kind, level, lead unit): the agreements concretised that year
AGREEMENTS = {
    2019: [(ISRAEL, (3, 12), AgreementKind.MEMORANDUM, C, "BTM"),
           (SEC, (10, 8), AgreementKind.AGREEMENT, U, "BTM")],
    2020: [(HAN_QUOC, (2, 20), AgreementKind.MEMORANDUM, U, "BTM"),
           (NGA, (11, 17), AgreementKind.PLAN, S, "BTM")],
    2021: [(BELARUS, (4, 6), AgreementKind.PLAN, C, "Z111"),
           (AN_DO, (6, 22), AgreementKind.MEMORANDUM, U, "BTM"),
           (NGA, (9, 14), AgreementKind.PLAN, C, "BTM")],
    2022: [(NGA, (5, 19), AgreementKind.PLAN, S, "BTM"),
           (ISRAEL, (8, 3), AgreementKind.AGREEMENT, C, "VVK"),
           (HAN_QUOC, (12, 9), AgreementKind.MEMORANDUM, U, "BTM")],
    # the article of 2023: 4 agreements with 3 countries (Russia, India, Belarus)
    2023: [(NGA, (3, 15), AgreementKind.PLAN, C, "BTM"),
           (AN_DO, (6, 20), AgreementKind.PLAN, U, "BTM"),
           (NGA, (8, 16), AgreementKind.PLAN, S, "BTM"),
           (BELARUS, (10, 11), AgreementKind.PLAN, C, "Z111")],
    2024: [(NGA, (4, 9), AgreementKind.PLAN, C, "BTM"),
           (AN_DO, (7, 2), AgreementKind.AGREEMENT, U, "BTM"),
           (SEC, (9, 25), AgreementKind.MEMORANDUM, U, "Z113"),
           (HAN_QUOC, (12, 20), AgreementKind.MEMORANDUM, U, "BTM")],
    2025: [(NGA, (3, 27), AgreementKind.PLAN, S, "BTM"),
           (BELARUS, (6, 12), AgreementKind.PLAN, C, "BTM"),
           (ISRAEL, (10, 21), AgreementKind.AGREEMENT, C, "VVK")],
}
DELEGATION_COUNTRIES = [NGA, AN_DO, BELARUS, ISRAEL, HAN_QUOC, SEC, "Lào", "Campuchia",
                        "Cu Ba", "Indonesia"]
PURPOSES_OUT = ["Làm việc, trao đổi hợp tác công nghiệp quốc phòng",
                "Khảo sát năng lực công nghệ, dây chuyền sản xuất",
                "Tham dự phiên họp Ủy ban liên Chính phủ về hợp tác kỹ thuật quân sự",
                "Đào tạo, tập huấn chuyển giao công nghệ"]
PURPOSES_IN = ["Đoàn đối tác sang làm việc, thăm cơ sở sản xuất",
               "Trao đổi, đàm phán kế hoạch cụ thể hóa thỏa thuận hợp tác",
               "Chuyên gia sang hỗ trợ kỹ thuật"]
HEADS = ["Thủ trưởng Tổng cục", "Phó Chủ nhiệm Tổng cục", "Tham mưu trưởng Tổng cục",
         "Cục trưởng Cục Kinh tế"]
# the delegations out and in of each year (2023 as the article's example sentence)
DELEGATIONS = {2019: (4, 2), 2020: (1, 1), 2021: (2, 1), 2022: (4, 3), 2023: (5, 3),
               2024: (6, 4), 2025: (5, 3)}
ARMY = {2019: ((6, 25), (6, 30)), 2020: ((8, 23), (8, 29)), 2021: ((8, 22), (8, 28)),
        2022: ((8, 15), (8, 21)), 2023: ((8, 14), (8, 20))}
PATRIOT = "Công viên Patriot, Kubinka, Moskva"
# name, kind, international, country, place, start, end, organiser, level, units
EVENTS = [
    ("Triển lãm Quốc phòng quốc tế Việt Nam 2022", EventKind.EXHIBITION, True, "Việt Nam",
     "Sân bay Gia Lâm, Hà Nội", dt.date(2022, 12, 8), dt.date(2022, 12, 10),
     "Bộ Quốc phòng Việt Nam", U, 12),
    ("Triển lãm Quốc phòng quốc tế Việt Nam 2024", EventKind.EXHIBITION, True, "Việt Nam",
     "Sân bay Gia Lâm, Hà Nội", dt.date(2024, 12, 19), dt.date(2024, 12, 22),
     "Bộ Quốc phòng Việt Nam", U, 14),
    ("Triển lãm Quốc phòng và An ninh châu Á DSA 2022", EventKind.EXHIBITION, True,
     "Malaysia", "Trung tâm Thương mại quốc tế MITEC, Kuala Lumpur", dt.date(2022, 3, 28),
     dt.date(2022, 3, 31), "Bộ Quốc phòng Malaysia", U, 3),
    ("Triển lãm Quốc phòng và An ninh châu Á DSA 2024", EventKind.EXHIBITION, True,
     "Malaysia", "Trung tâm Thương mại quốc tế MITEC, Kuala Lumpur", dt.date(2024, 5, 6),
     dt.date(2024, 5, 9), "Bộ Quốc phòng Malaysia", U, 3),
    ("Triển lãm Quốc phòng quốc tế IDEX 2019", EventKind.EXHIBITION, True,
     "Các Tiểu vương quốc Ả Rập thống nhất", "ADNEC, Abu Dhabi", dt.date(2019, 2, 17),
     dt.date(2019, 2, 21), "Tập đoàn ADNEC", U, 2),
    ("Triển lãm Quốc phòng quốc tế IDEX 2021", EventKind.EXHIBITION, True,
     "Các Tiểu vương quốc Ả Rập thống nhất", "ADNEC, Abu Dhabi", dt.date(2021, 2, 21),
     dt.date(2021, 2, 25), "Tập đoàn ADNEC", U, 2),
    ("Triển lãm Quốc phòng quốc tế IDEX 2023", EventKind.EXHIBITION, True,
     "Các Tiểu vương quốc Ả Rập thống nhất", "ADNEC, Abu Dhabi", dt.date(2023, 2, 20),
     dt.date(2023, 2, 24), "Tập đoàn ADNEC", U, 3),
    ("Triển lãm Quốc phòng quốc tế IDEX 2025", EventKind.EXHIBITION, True,
     "Các Tiểu vương quốc Ả Rập thống nhất", "ADNEC, Abu Dhabi", dt.date(2025, 2, 17),
     dt.date(2025, 2, 21), "Tập đoàn ADNEC", U, 3),
    ("Triển lãm và Diễn đàn Indo Defence 2022", EventKind.EXHIBITION, True, "Indonesia",
     "JIExpo Kemayoran, Jakarta", dt.date(2022, 11, 2), dt.date(2022, 11, 5),
     "Bộ Quốc phòng Indonesia", U, 3),
    ("Triển lãm và Diễn đàn Indo Defence 2025", EventKind.EXHIBITION, True, "Indonesia",
     "JIExpo Kemayoran, Jakarta", dt.date(2025, 6, 11), dt.date(2025, 6, 14),
     "Bộ Quốc phòng Indonesia", U, 3),
    ("Triển lãm Quốc phòng và An ninh Defense & Security 2023", EventKind.EXHIBITION, True,
     "Thái Lan", "IMPACT, Băng Cốc", dt.date(2023, 11, 6), dt.date(2023, 11, 9),
     "Bộ Quốc phòng Thái Lan", U, 2),
    ("Hội chợ Thương mại quốc tế Việt Nam (Vietnam Expo 2023)", EventKind.FAIR, True,
     "Việt Nam", "Trung tâm Triển lãm Giảng Võ, Hà Nội", dt.date(2023, 4, 5),
     dt.date(2023, 4, 8), "Bộ Công Thương", U, 3),
    ("Triển lãm chuyên đề vũ khí, trang bị kỹ thuật do Tổng cục sản xuất", EventKind.EXHIBITION,
     False, "Việt Nam", "Bảo tàng Lịch sử Quân sự Việt Nam, Hà Nội", dt.date(2021, 12, 14),
     dt.date(2021, 12, 16), "Tổng cục Công nghiệp quốc phòng", C, 6),
]
FAIRS = "Hội chợ Công nghiệp - Thương mại khu vực đồng bằng sông Hồng năm %d"
ENTERPRISES = ("Z111", "Z113", "Z114", "Z115", "Z117", "Z119", "Z121", "Z125", "Z127",
               "Z129", "Z131", "Z173", "Z175", "Z176", "Z183", "BASON", "SONGTHU", "GAET",
               "VVK")
PRODUCTS = {
    "Z111": ["Súng cối 60 mm", "Đạn cối 82 mm", "Ống phóng lựu"],
    "Z113": ["Đạn pháo 122 mm", "Đạn cối 120 mm", "Kíp nổ công nghiệp"],
    "Z121": ["Pháo hoa tầm thấp", "Pháo hoa tầm cao", "Đạn tín hiệu"],
    "Z131": ["Thuốc nổ công nghiệp AD1", "Dây nổ chịu nước"],
    "Z173": ["Tàu tuần tra cao tốc", "Xuồng công tác"],
    "BASON": ["Tàu pháo TT400TP", "Tàu kéo cứu hộ"],
    "SONGTHU": ["Tàu tuần tra", "Ụ nổi"],
    "VVK": ["Súng trường tấn công STV-380", "Súng tiểu liên STV-022"],
}
GENERIC_PRODUCTS = ["Phụ tùng cơ khí chính xác", "Thiết bị quang học", "Khí tài huấn luyện",
                    "Sản phẩm cơ khí dân dụng", "Thép hợp kim đặc chủng"]
BUYERS = {"Lào": "Bộ Quốc phòng Lào", "Campuchia": "Bộ Quốc phòng Campuchia",
          "Myanmar": "Công ty Thương mại Myanmar", "Ấn Độ": "Công ty Larsen & Toubro",
          "Israel": "Công ty Elbit Systems", "Nhật Bản": "Công ty Mitsui",
          "Hàn Quốc": "Công ty Hanwha", "Hoa Kỳ": "Công ty Orbital ATK",
          "Úc": "Công ty Thales Australia", "Đức": "Công ty Rheinmetall"}
EXPORTERS = ("Z111", "Z113", "Z121", "Z127", "Z131", "Z173", "Z176", "BASON", "SONGTHU",
             "GAET")


class Seeder:
    def __init__(self, ctx: DemoContext, today: dt.date) -> None:
        self.ctx, self.today = ctx, today
        self.rng = random.Random(64)
        self.admin: User = ctx.users["admin"]

    def unit(self, code: str) -> OrgUnit:
        return self.ctx.units[code]

    def agreements(self) -> None:
        r = self.rng
        for year, rows in AGREEMENTS.items():
            for number, (country, (month, day), kind, level, lead) in enumerate(rows):
                signed = dt.date(year, month, day)
                valid = signed.replace(year=year + 5) if kind != AgreementKind.PLAN else \
                    dt.date(year + 2, 12, 31)
                status = (AgreementStatus.EXPIRED if valid < self.today
                          else AgreementStatus.IN_FORCE)
                subject = SUBJECTS[(year + number) % len(SUBJECTS)]
                if kind == AgreementKind.PLAN:
                    subject = f"Kế hoạch cụ thể hóa thỏa thuận: {subject.lower()}"
                agreement = services.create_agreement(
                    self.admin, country=country, partner=PARTNERS[country], subject=subject,
                    kind=kind, status=status, signed_on=signed, valid_until=valid,
                    lead_unit=self.unit(lead), classification=level,
                    note=f"Ký kết năm {year}.")
                self.follow_ups(agreement, r)
        for country in (AN_DO, HAN_QUOC):  # under negotiation today
            services.create_agreement(
                self.admin, country=country, partner=PARTNERS[country],
                subject="Hợp tác nghiên cứu, sản xuất khí tài quang học",
                kind=AgreementKind.AGREEMENT,
                status=AgreementStatus.NEGOTIATING, lead_unit=self.unit("BTM"),
                classification=C)

    def follow_ups(self, agreement: Agreement, r: random.Random) -> None:
        assert agreement.signed_on is not None
        owners = ["BTM", "CKT", agreement.lead_unit.code, r.choice(EXPORTERS)]
        for step, action in enumerate(("Tổ chức phổ biến, quán triệt nội dung thỏa thuận",
                                       "Xây dựng kế hoạch triển khai chi tiết",
                                       "Báo cáo kết quả thực hiện với Bộ Quốc phòng")):
            due = agreement.signed_on + dt.timedelta(days=60 + 120 * step)
            done: dt.date | None = due - dt.timedelta(days=r.randint(-20, 25))
            if r.random() < 0.1 or (done is not None and done > self.today):
                done = None  # still to do: overdue once due
            services.create_follow_up(
                self.admin, agreement=agreement, action=action,
                owner_unit=self.unit(owners[step]), due_on=due,
                done_on=max(done, agreement.signed_on) if done else None)

    def delegations(self) -> None:
        r = self.rng
        for year, (outgoing, incoming) in DELEGATIONS.items():
            for direction, count, purposes in ((Direction.OUTGOING, outgoing, PURPOSES_OUT),
                                               (Direction.INCOMING, incoming, PURPOSES_IN)):
                for _n in range(count):
                    start = dt.date(year, r.randint(1, 11), r.randint(1, 28))
                    level = r.choices([U, C, S], weights=[5, 4, 1])[0]
                    country = r.choice(DELEGATION_COUNTRIES)
                    services.create_delegation(
                        self.admin, direction=direction, country=country,
                        partner=PARTNERS.get(country, f"Bộ Quốc phòng {country}"),
                        purpose=r.choice(purposes), start=start,
                        end=start + dt.timedelta(days=r.randint(2, 9)),
                        head=r.choice(HEADS) if direction == Direction.OUTGOING else "",
                        members=r.randint(4, 12), lead_unit=self.unit(r.choice(["BTM", "BTM",
                                                                                "CKT"])),
                        classification=level)

    def event(self, name: str, kind: str, international: bool, country: str, place: str,
              start: dt.date, end: dt.date, organiser: str, level: int, units: int,
              per_unit: tuple[int, int], always: tuple[str, ...] = ()) -> Exhibition | None:
        if start > self.today:
            return None
        r = self.rng
        exhibition = services.create_exhibition(
            self.admin, name=name, kind=kind, international=international, country=country,
            place=place, start=start, end=end, organiser=organiser,
            lead_unit=self.unit("CKT"), classification=level)
        others = [code for code in ENTERPRISES if code not in always]
        for code in [*always, *r.sample(others, units - len(always))]:
            names = PRODUCTS.get(code, GENERIC_PRODUCTS)
            count = r.randint(*per_unit)
            services.create_entry(
                self.admin, exhibition=exhibition, unit=self.unit(code),
                products="; ".join(r.sample(names, min(len(names), 2))),
                product_count=count,
                contacts="Tiếp xúc, trao đổi với đối tác nước ngoài" if international else "",
                contracts_signed=r.choice([0, 0, 1]))
        return exhibition

    def exhibitions(self) -> None:
        for year, ((m1, d1), (m2, d2)) in ARMY.items():
            # the forum the directorate shows most at, abroad: 8 units
            self.event(f"Diễn đàn kỹ thuật quân sự quốc tế ARMY-{year}", EventKind.FORUM, True,
                       NGA, PATRIOT, dt.date(year, m1, d1), dt.date(year, m2, d2),
                       "Bộ Quốc phòng Liên bang Nga", U, 8, (4, 7), always=("Z111", "VVK"))
        for name, kind, intl, country, place, start, end, organiser, level, units in EVENTS:
            self.event(name, kind, intl, country, place, start, end, organiser, level, units,
                       (5, 9) if units > 10 else (2, 4))
        for year in YEARS:
            self.event(FAIRS % year, EventKind.FAIR, False, "Việt Nam", "Thành phố Nam Định",
                       dt.date(year, 10, 12), dt.date(year, 10, 16),
                       "Bộ Công Thương", U, 2, (3, 6))

    def contracts(self) -> None:
        r = self.rng
        for year in YEARS:
            for code in EXPORTERS:
                for n in range(r.randint(0, 2)):
                    category = r.choice([ContractCategory.DEFENCE, ContractCategory.ECONOMIC])
                    defence = category == ContractCategory.DEFENCE
                    country = r.choice(list(BUYERS))
                    signed = dt.date(year, r.randint(1, 12), r.randint(1, 28))
                    if signed > self.today:
                        continue
                    value = r.randint(20, 320 if defence else 90) * 1_000_000_000 + \
                        r.randint(0, 999) * 1_000_000
                    usd = Decimal(round(value / 24_000, -2)).quantize(Decimal("1.00"))
                    level = (r.choices([C, S], weights=[4, 1])[0] if defence else U)
                    services.create_contract(
                        self.admin, unit=self.unit(code),
                        number=f"{n + 1:02d}/{year}/HĐXK-{code}", country=country,
                        buyer=BUYERS[country],
                        subject=r.choice(PRODUCTS.get(code, GENERIC_PRODUCTS)),
                        category=category, signed_on=signed, value=value,
                        currency="USD", amount=usd, classification=level)


def seed(ctx: DemoContext) -> None:
    if "admin" not in ctx.users or "CKT" not in ctx.units:
        return
    s = Seeder(ctx, timezone.localdate())
    s.agreements()
    s.delegations()
    s.exhibitions()
    s.contracts()
