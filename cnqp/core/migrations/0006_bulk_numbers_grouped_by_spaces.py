from django.db import migrations

from cnqp.core.dbsql import bulk_import_functions


class Migration(migrations.Migration):
    """The bulk cell parsers again (CREATE OR REPLACE): cnqp_decimal reads digits grouped by
    spaces ("1 234,5"), as the register imports do. Going back keeps the newer functions."""

    dependencies = [("core", "0005_bulk_import_functions")]

    operations = [bulk_import_functions(reversible=False)]
