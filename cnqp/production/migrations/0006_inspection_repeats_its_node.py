# An inspection repeats its node's enterprise and level (filled from the node here).

import cnqp.core.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_jobs'),
        ('production', '0005_report_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='inspection',
            name='production_insp_date_idx',
        ),
        migrations.AddField(
            model_name='inspection',
            name='classification',
            field=cnqp.core.fields.ClassificationField(choices=[(0, 'Unclassified'), (1, 'Confidential'), (2, 'Secret'), (3, 'Top secret')], db_index=False, default=0, editable=False, verbose_name='classification'),
        ),
        migrations.AddField(
            model_name='inspection',
            name='enterprise',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.orgunit', verbose_name='enterprise'),
        ),
        migrations.RunSQL(
            "UPDATE production_inspection SET enterprise_id = (SELECT t.enterprise_id FROM "
            "production_tracenode t WHERE t.id = production_inspection.target_id), "
            "classification = (SELECT t.classification FROM production_tracenode t "
            "WHERE t.id = production_inspection.target_id)",
            migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='inspection',
            name='enterprise',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.orgunit', verbose_name='enterprise'),
        ),
        migrations.AddIndex(
            model_name='inspection',
            index=models.Index(fields=['date', 'stage', 'result'], include=('classification', 'enterprise', 'target', 'id'), name='production_insp_date_idx'),
        ),
    ]
