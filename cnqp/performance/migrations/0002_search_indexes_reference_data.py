"""Trigram indexes for the searchable lists on PostgreSQL, and the shipped reference data: the
return's indicators, when returns are due, and the investment programmes. The planning
department edits them afterwards; this migration only creates what is missing."""


from django.db import migrations

from cnqp.core.dbsql import trigram_index

M, P, I = "million_vnd", "people", "income"

# code, name, unit of measure, kind, part of, may be negative, checks change, decimals
INDICATORS = [
    ("revenue", "Tổng doanh thu", M, "total", None, False, True, 0),
    ("revenue_defence", "Doanh thu sản xuất quốc phòng", M, "entered", "revenue", False, True, 0),
    ("revenue_economic", "Doanh thu sản xuất kinh tế", M, "entered", "revenue", False, True, 0),
    ("revenue_services", "Doanh thu dịch vụ", M, "entered", "revenue", False, True, 0),
    ("profit_before_tax", "Lợi nhuận trước thuế", M, "entered", None, True, True, 0),
    ("profit_after_tax", "Lợi nhuận sau thuế", M, "entered", None, True, True, 0),
    ("budget_contribution", "Nộp ngân sách nhà nước", M, "entered", None, False, True, 0),
    ("equity", "Vốn chủ sở hữu cuối kỳ", M, "entered", None, False, True, 0),
    ("headcount", "Lao động bình quân", P, "entered", None, False, True, 0),
    ("women", "Trong đó: lao động nữ", P, "entered", None, False, False, 0),
    ("payroll", "Tổng quỹ tiền lương và thu nhập", M, "entered", None, False, True, 0),
    ("avg_income", "Thu nhập bình quân", I, "ratio", None, False, False, 1),
    ("investment", "Giá trị thực hiện đầu tư", M, "entered", None, False, False, 0),
]
DESCRIPTIONS = {
    "revenue": "Doanh thu sản xuất quốc phòng + sản xuất kinh tế + dịch vụ.",
    "avg_income": ("Tổng quỹ tiền lương và thu nhập ÷ lao động bình quân ÷ số tháng của kỳ; "
                   "của nhiều doanh nghiệp: tổng quỹ ÷ tổng lao động ÷ số tháng, không lấy "
                   "bình quân của các mức bình quân."),
    "headcount": "Số lao động bình quân trong kỳ; mẫu số của các tỷ suất an toàn lao động.",
    "equity": "Số dư tại ngày cuối kỳ.",
}

BASIS_ND47 = "Nghị định 47/2021/NĐ-CP, Phụ lục II"
# period, scenario, counted from, days, owed by every enterprise, legal basis
SCHEDULES = [
    ("year", "plan", "start", 30, True, BASIS_ND47),
    ("year", "revised_plan", "start", 195, False, ""),
    ("year", "estimate", "end", -20, True, ""),
    ("year", "actual", "end", 90, True, BASIS_ND47),
    ("year", "audited", "end", 150, False, ""),
    ("half", "actual", "end", 20, True, ""),
    ("quarter", "actual", "end", 20, True, ""),
    ("month", "actual", "end", 12, False, ""),
]

PROGRAMMES = [
    ("ctmt-cnqp", "Chương trình mục tiêu công nghiệp quốc phòng"),
    ("tiem-luc", "Đầu tư xây dựng tiềm lực công nghiệp quốc phòng"),
    ("day-chuyen", "Đầu tư nâng cấp dây chuyền sản xuất"),
    ("sxkd", "Đầu tư phát triển sản xuất kinh doanh"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    Schedule = apps.get_model("performance", "Schedule")
    Programme = apps.get_model("performance", "Programme")
    by_code = {}
    for order, (code, name, unit, kind, part_of, negative, checks, decimals) in enumerate(
            INDICATORS, start=1):
        by_code[code], _created = Indicator.objects.get_or_create(code=code, defaults=dict(
            name=name, unit_of_measure=unit, kind=kind, part_of=by_code.get(part_of),
            may_be_negative=negative, checks_change=checks, decimals=decimals,
            order=order * 10, description=DESCRIPTIONS.get(code, "")))
    Indicator.objects.filter(code="avg_income").update(
        numerator=by_code["payroll"], denominator=by_code["headcount"], per_month=True)
    for kind, scenario, due_from, days, expected, basis in SCHEDULES:
        Schedule.objects.get_or_create(period_kind=kind, scenario=scenario, defaults=dict(
            due_from=due_from, due_days=days, expected=expected, legal_basis=basis))
    for code, name in PROGRAMMES:
        Programme.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [
        trigram_index("performance_submission"),
        trigram_index("performance_project"),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
