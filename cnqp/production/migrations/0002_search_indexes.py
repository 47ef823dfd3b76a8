from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("production", "0001_initial")]

    operations = [
        trigram_index("production_materiallot"),
        trigram_index("production_lot"),
        trigram_index("production_serialunit"),
        trigram_index("production_inspectiontemplate"),
        trigram_index("production_delivery"),
    ]
