from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [
        trigram_index("safety_incident"),
        trigram_index("safety_finding"),
        trigram_index("safety_safetyasset"),
        trigram_index("safety_trainingrecord"),
        trigram_index("safety_safetyrule"),
    ]
