from django.db import migrations

from cnqp.core.dbsql import (
    APPEND_ONLY_TABLE,
    append_only_triggers,
    trigram_index,
    vietnamese_collation,
)

ROLES = [
    ("admin", "Quản trị hệ thống"),
    ("leadership", "Lãnh đạo Tổng cục"),
    ("department_staff", "Cán bộ cơ quan Tổng cục"),
    ("enterprise_staff", "Cán bộ doanh nghiệp, viện"),
    ("user_unit_staff", "Cán bộ đơn vị sử dụng"),
    ("auditor", "Kiểm tra viên"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code, name in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(add_roles, migrations.RunPython.noop),
        vietnamese_collation(),
        trigram_index("core_orgunit"),
        trigram_index("core_user"),
        append_only_triggers(APPEND_ONLY_TABLE),
    ]
