from django.db import migrations

from cnqp.core.dbsql import bulk_import_functions


class Migration(migrations.Migration):
    dependencies = [("core", "0004_notifications")]

    operations = [bulk_import_functions()]
