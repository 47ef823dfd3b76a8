"""Demo organisation: the directorate, its departments, enterprises, institutes, user units,
and one demo user for every role. Written through the services, so it is audited."""

from __future__ import annotations

from django.conf import settings

from cnqp.core import services
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.site.demo import DemoContext

ORDER = 0

DIRECTORATE = ("TCCNQP", "Tổng cục Công nghiệp quốc phòng", "Tổng cục CNQP")

DEPARTMENTS = [
    ("BTM", "Bộ Tham mưu", "safety,directives,training,cooperation"),
    ("CCT", "Cục Chính trị", "directives,press,awards"),
    ("QLCN", "Cục Quản lý công nghệ", "documents,quality,research,legal,training"),
    ("KHDT", "Cục Kế hoạch và Đầu tư", "production,directives,performance"),
    ("CKT", "Cục Kinh tế", "directives,performance,cooperation"),
    ("VPTC", "Văn phòng Tổng cục", "reports,legal"),
]

ENTERPRISES = [
    ("Z111", "Nhà máy Z111"), ("Z113", "Nhà máy Z113"), ("Z114", "Nhà máy Z114"),
    ("Z115", "Nhà máy Z115"), ("Z117", "Nhà máy Z117"), ("Z119", "Nhà máy Z119"),
    ("Z121", "Nhà máy Z121"), ("Z125", "Nhà máy Z125"), ("Z127", "Nhà máy Z127"),
    ("Z129", "Nhà máy Z129"), ("Z131", "Nhà máy Z131"), ("Z173", "Nhà máy Z173"),
    ("Z175", "Nhà máy Z175"), ("Z176", "Nhà máy Z176"), ("Z183", "Nhà máy Z183"),
    ("BASON", "Tổng công ty Ba Son"), ("SONGTHU", "Tổng công ty Sông Thu"),
    ("GAET", "Tổng công ty Kinh tế kỹ thuật Công nghiệp quốc phòng"),
]

INSTITUTES = [
    ("VCN", "Viện Công nghệ"),
    ("VVK", "Viện Vũ khí"),
    ("VTPTN", "Viện Thuốc phóng Thuốc nổ"),
]

# Who signs each unit's reports (fictional people): the directorate's and the departments'
# heads by name, the enterprises' and institutes' directors drawn from a list.
HEADS = {
    "TCCNQP": ("CHỦ NHIỆM", "Trung tướng Phạm Văn Hùng"),
    "BTM": ("THAM MƯU TRƯỞNG", "Thiếu tướng Đỗ Minh Tuấn"),
    "CCT": ("CHỦ NHIỆM CHÍNH TRỊ", "Thiếu tướng Hoàng Văn Lợi"),
    "QLCN": ("CỤC TRƯỞNG", "Đại tá Vũ Đức Thịnh"),
    "KHDT": ("CỤC TRƯỞNG", "Đại tá Ngô Quang Huy"),
    "CKT": ("CỤC TRƯỞNG", "Đại tá Bùi Thanh Sơn"),
    "VPTC": ("CHÁNH VĂN PHÒNG", "Đại tá Đặng Hữu Phước"),
}
DIRECTORS = ("Đại tá Nguyễn Hữu Thắng", "Đại tá Trần Văn Khoa", "Đại tá Lê Đình Chiến",
             "Đại tá Phan Thanh Hải", "Đại tá Võ Minh Châu", "Đại tá Đinh Công Sáng")


def _head(code: str, index: int) -> tuple[str, str]:
    return HEADS.get(code, ("", DIRECTORS[index % len(DIRECTORS)]))


# Workshops inside two factories, so that "a unit and its descendants" is exercised.
WORKSHOPS = [
    ("Z111-PX1", "Phân xưởng cơ khí", "Z111"),
    ("Z111-PX2", "Phân xưởng lắp ráp", "Z111"),
    ("Z113-PX1", "Phân xưởng đạn", "Z113"),
]

USER_UNITS = [
    ("SD304", "Sư đoàn 304"), ("SD308", "Sư đoàn 308"), ("SD312", "Sư đoàn 312"),
    ("SD316", "Sư đoàn 316"), ("SD320", "Sư đoàn 320"), ("SD325", "Sư đoàn 325"),
    ("SD330", "Sư đoàn 330"), ("SD390", "Sư đoàn 390"), ("SD968", "Sư đoàn 968"),
    ("LD164", "Lữ đoàn pháo binh 164"), ("LD368", "Lữ đoàn pháo binh 368"),
    ("LD201", "Lữ đoàn xe tăng 201"), ("LD215", "Lữ đoàn tăng thiết giáp 215"),
    ("LD171", "Lữ đoàn 171 Hải quân"), ("LD172", "Lữ đoàn 172 Hải quân"),
    ("LD189", "Lữ đoàn 189 Hải quân"), ("LD101", "Lữ đoàn 101 Hải quân đánh bộ"),
    ("LD147", "Lữ đoàn 147 Hải quân đánh bộ"), ("LD575", "Lữ đoàn thông tin 575"),
    ("LD293", "Lữ đoàn công binh 293"), ("LD249", "Lữ đoàn công binh 249"),
    ("K825", "Kho K825"), ("K820", "Kho K820"), ("K830", "Kho K830"), ("K860", "Kho K860"),
    ("TD10", "Trung đoàn 10"), ("TD24", "Trung đoàn 24"), ("TD48", "Trung đoàn 48"),
    ("TD52", "Trung đoàn 52"), ("TD64", "Trung đoàn 64"),
]

DEMO_USERS = [
    # username, full name, unit, roles, clearance
    ("admin", "Nguyễn Văn Quản", "TCCNQP", ["admin"], Classification.SECRET),
    ("lanhdao", "Trần Minh Đức", "TCCNQP", ["leadership"], Classification.SECRET),
    ("thutruong", "Lê Quang Đạo", "TCCNQP", ["leadership"], Classification.TOP_SECRET),
    ("qlcn", "Phạm Thị Hường", "QLCN", ["department_staff"], Classification.SECRET),
    # who files the Tuyệt mật documents: nobody files a record above their own clearance
    ("qlcn.tm", "Vũ Đức Thành", "QLCN", ["department_staff"], Classification.TOP_SECRET),
    ("khdt", "Vũ Đình Long", "KHDT", ["department_staff"], Classification.CONFIDENTIAL),
    ("btm", "Đặng Văn Thắng", "BTM", ["department_staff"], Classification.CONFIDENTIAL),
    # the political department: press coverage, emulation and awards
    ("cct", "Lý Thị Hoa", "CCT", ["department_staff"], Classification.CONFIDENTIAL),
    # the office's legal desk and the economic department's export desk
    ("vptc", "Nguyễn Thị Mai", "VPTC", ["department_staff"], Classification.SECRET),
    ("ckt", "Phan Văn Tài", "CKT", ["department_staff"], Classification.SECRET),
    ("z111", "Hoàng Văn Nam", "Z111", ["enterprise_staff"], Classification.CONFIDENTIAL),
    ("z113", "Bùi Thị Lan", "Z113", ["enterprise_staff"], Classification.CONFIDENTIAL),
    ("vienvk", "Đỗ Minh Tuấn", "VVK", ["enterprise_staff"], Classification.SECRET),
    ("sd304", "Ngô Văn Hải", "SD304", ["user_unit_staff"], Classification.UNCLASSIFIED),
    ("kiemtra", "Trịnh Thị Thu", "TCCNQP", ["auditor"], Classification.SECRET),
]


def seed(ctx: DemoContext) -> None:
    code, name, short = DIRECTORATE
    title, head = _head(code, 0)
    root = services.create_org_unit(None, code=code, name=name, short_name=short,
                                    kind=OrgUnitKind.DIRECTORATE, parent=None,
                                    head_title=title, head_name=head)
    ctx.units[code] = root
    for code, name, domains in DEPARTMENTS:
        title, head = _head(code, 0)
        ctx.units[code] = services.create_org_unit(
            None, code=code, name=name, kind=OrgUnitKind.DEPARTMENT, parent=root, domains=domains,
            head_title=title, head_name=head)
    for index, (code, name) in enumerate(ENTERPRISES + INSTITUTES):
        kind = OrgUnitKind.INSTITUTE if (code, name) in INSTITUTES else OrgUnitKind.ENTERPRISE
        title, head = _head(code, index)
        ctx.units[code] = services.create_org_unit(
            None, code=code, name=name, kind=kind, parent=root, head_title=title,
            head_name=head)
    for code, name, parent in WORKSHOPS:
        ctx.units[code] = services.create_org_unit(
            None, code=code, name=name, kind=OrgUnitKind.ENTERPRISE, parent=ctx.units[parent])
    for code, name in USER_UNITS:
        ctx.units[code] = services.create_org_unit(
            None, code=code, name=name, kind=OrgUnitKind.USER_UNIT, parent=root)
    password = settings.CNQP_DEMO_PASSWORD
    for username, full_name, unit, roles, clearance in DEMO_USERS:
        ctx.users[username] = services.create_user(
            None, username=username, full_name=full_name, org_unit=ctx.units[unit],
            password=password, roles=roles, clearance=clearance, validate=False)
        ctx.logins.append((username, ", ".join(roles), ctx.units[unit].name))
