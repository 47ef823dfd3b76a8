"""A trigram index for the press items' list search on PostgreSQL."""

from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("press", "0001_initial")]

    operations = [trigram_index("press_pressitem")]
