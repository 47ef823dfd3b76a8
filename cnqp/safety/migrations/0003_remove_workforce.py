"""Safety keeps no workforce of its own: its rows were copied into the enterprises' year
returns (performance 0003_workforce_from_safety), which the labour-accident summary and the
rates now read (`cnqp.performance.workforce`)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("safety", "0002_search_indexes"),
        ("performance", "0003_workforce_from_safety"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Workforce",
        ),
    ]
