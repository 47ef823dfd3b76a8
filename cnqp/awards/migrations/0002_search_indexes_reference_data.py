"""Trigram indexes for the searchable lists on PostgreSQL, and the shipped award titles: the
titles and forms of commendation of the Law on Emulation and Commendation as the army confers
them, from the State's down to a unit's. The directorate edits them afterwards; this migration
only creates what is missing."""

import datetime as dt

from django.db import migrations

from cnqp.core.dbsql import trigram_index

LAW_2003 = dt.date(2004, 4, 1)  # Luật Thi đua, khen thưởng 2003 in force
BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15 (trước đó Luật số 15/2003/QH11)"
T, C = "title", "commendation"
S, M, D, U = "state", "ministry", "directorate", "unit"
COL, IND, BOTH = "collective", "individual", "both"

# code, name, category, level, conferred on
TITLES = [
    ("hc-bao-ve-to-quoc-1", "Huân chương Bảo vệ Tổ quốc hạng Nhất", C, S, BOTH),
    ("hc-bao-ve-to-quoc-2", "Huân chương Bảo vệ Tổ quốc hạng Nhì", C, S, BOTH),
    ("hc-bao-ve-to-quoc-3", "Huân chương Bảo vệ Tổ quốc hạng Ba", C, S, BOTH),
    ("hc-lao-dong-1", "Huân chương Lao động hạng Nhất", C, S, BOTH),
    ("hc-lao-dong-2", "Huân chương Lao động hạng Nhì", C, S, BOTH),
    ("hc-lao-dong-3", "Huân chương Lao động hạng Ba", C, S, BOTH),
    ("co-chinh-phu", "Cờ thi đua của Chính phủ", T, S, COL),
    ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", T, S, IND),
    ("bk-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", C, S, BOTH),
    ("co-bqp", "Cờ thi đua của Bộ Quốc phòng", T, M, COL),
    ("cstd-toan-quan", "Chiến sĩ thi đua toàn quân", T, M, IND),
    ("bk-bo-truong", "Bằng khen của Bộ trưởng Bộ Quốc phòng", C, M, BOTH),
    ("co-tong-cuc", "Cờ thi đua của Tổng cục Công nghiệp quốc phòng", T, D, COL),
    ("bk-chu-nhiem", "Bằng khen của Chủ nhiệm Tổng cục Công nghiệp quốc phòng", C, D, BOTH),
    ("bk-dang-uy", "Bằng khen của Đảng ủy Tổng cục Công nghiệp quốc phòng", C, D, BOTH),
    ("don-vi-quyet-thang", "Đơn vị quyết thắng", T, U, COL),
    ("tap-the-ldxs", "Tập thể lao động xuất sắc", T, U, COL),
    ("don-vi-tien-tien", "Đơn vị tiên tiến", T, U, COL),
    ("tap-the-ldtt", "Tập thể lao động tiên tiến", T, U, COL),
    ("cstd-co-so", "Chiến sĩ thi đua cơ sở", T, U, IND),
    ("chien-si-tien-tien", "Chiến sĩ tiên tiến", T, U, IND),
    ("lao-dong-tien-tien", "Lao động tiên tiến", T, U, IND),
    ("giay-khen", "Giấy khen", C, U, BOTH),
]
DESCRIPTIONS = {
    "bk-dang-uy": "Khen thưởng của tổ chức đảng cấp trên (Đảng bộ Tổng cục).",
    "chien-si-tien-tien": "Danh hiệu của quân nhân; người lao động được xét Lao động tiên tiến.",
}


def load(apps, schema_editor):
    AwardTitle = apps.get_model("awards", "AwardTitle")
    for order, (code, name, category, level, kind) in enumerate(TITLES, start=1):
        basis = "Điều lệ Đảng, Quy định khen thưởng của Đảng" if code == "bk-dang-uy" else BASIS
        AwardTitle.objects.get_or_create(code=code, defaults=dict(
            name=name, category=category, level=level, recipient_kind=kind,
            order=order * 10, valid_from=LAW_2003, legal_basis=basis,
            description=DESCRIPTIONS.get(code, "")))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        trigram_index("awards_movement"),
        trigram_index("awards_award"),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
