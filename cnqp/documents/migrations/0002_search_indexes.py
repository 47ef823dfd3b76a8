from django.db import migrations

from cnqp.core.dbsql import trigram_index


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        trigram_index("documents_producttype"),
        trigram_index("documents_documentset"),
    ]
