"""A trigram index for the training courses' list search on PostgreSQL."""

from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [trigram_index("training_trainingcourse")]
