"""Trigram indexes for the drafts' and the register's list search on PostgreSQL."""

from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [trigram_index("legal_legaldraft"), trigram_index("legal_legalinstrument")]
