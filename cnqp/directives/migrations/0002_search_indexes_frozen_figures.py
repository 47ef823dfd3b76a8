"""Trigram indexes for the searchable lists on PostgreSQL, and the review figures frozen in
the database itself: an UPDATE or DELETE of a frozen figure is refused there too, whoever
asks (the ORM refuses already)."""

from django.db import migrations

from cnqp.core.dbsql import append_only_triggers, trigram_index


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [
        trigram_index("directives_directive"),
        trigram_index("directives_task"),
        trigram_index("directives_review"),
        append_only_triggers("directives_reviewfigure"),
    ]
