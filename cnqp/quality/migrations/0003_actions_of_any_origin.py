"""Corrective actions of any origin (the safety app's findings and incidents too): the unit,
level and date of what an action remedies are copied onto it, from its non-conformance for the
existing ones, and the non-conformance becomes optional."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import cnqp.core.fields


def copy_from_nonconformances(apps, schema_editor):
    action_model = apps.get_model("quality", "CorrectiveAction")
    nc_model = apps.get_model("quality", "NonConformance")
    nc = nc_model.objects.filter(pk=OuterRef("nonconformance_id"))
    action_model.objects.update(
        source_unit_id=Subquery(nc.values("enterprise_id")[:1]),
        classification=Subquery(nc.values("classification")[:1]),
        raised_on=Subquery(nc.values("detected_on")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_audit_probe"),
        ("quality", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="classification",
            field=cnqp.core.fields.ClassificationField(
                choices=[(0, "Unclassified"), (1, "Confidential"), (2, "Secret"),
                         (3, "Top secret")],
                db_index=True, default=0, editable=False, verbose_name="classification"),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="raised_on",
            field=models.DateField(editable=False, null=True,
                                   help_text="When what it remedies was found.",
                                   verbose_name="raised on"),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="source_unit",
            field=models.ForeignKey(editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="core.orgunit",
                                    verbose_name="unit concerned"),
        ),
        migrations.RunPython(copy_from_nonconformances, migrations.RunPython.noop),
    ]
