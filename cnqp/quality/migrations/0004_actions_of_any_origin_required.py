"""Second half of 0003: the copied columns required. Its own migration, so that PostgreSQL has
no deferred foreign-key checks of 0003's copy pending when the table is altered."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("quality", "0003_actions_of_any_origin"),
    ]

    operations = [
        migrations.AlterField(
            model_name="correctiveaction",
            name="raised_on",
            field=models.DateField(editable=False, help_text="When what it remedies was found.",
                                   verbose_name="raised on"),
        ),
        migrations.AlterField(
            model_name="correctiveaction",
            name="source_unit",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="core.orgunit",
                                    verbose_name="unit concerned"),
        ),
        migrations.AlterField(
            model_name="correctiveaction",
            name="nonconformance",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="actions", to="quality.nonconformance",
                                    verbose_name="non-conformance"),
        ),
    ]
