from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [
        trigram_index("quality_fieldreport"),
        trigram_index("quality_nonconformance"),
        trigram_index("quality_correctiveaction"),
        trigram_index("quality_recall"),
    ]
