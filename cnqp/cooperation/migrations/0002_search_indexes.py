"""Trigram indexes for the cooperation lists' search on PostgreSQL."""

from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [trigram_index(f"cooperation_{table}") for table in (
        "agreement", "followup", "delegation", "exhibition", "exhibitionentry",
        "exportcontract")]
