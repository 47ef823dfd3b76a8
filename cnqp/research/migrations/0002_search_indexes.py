from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [
        trigram_index("research_researchproject"),
        trigram_index("research_initiative"),
    ]
