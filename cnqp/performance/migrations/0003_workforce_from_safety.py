"""The workforce moves from safety to the returns: each row of safety's `Workforce` (a unit's
headcount, women and payroll in a year) becomes that unit's year return of scenario "actual",
holding those three values, noted "Số liệu lao động chuyển từ phân hệ an toàn", at the row's
level. Safety's next migration deletes the model: from then on the returns are the one source
of the workforce (`cnqp.performance.workforce`).

- A unit and year that already have an actual year return (any version, any status) keep it:
  the row is skipped, the return entered in performance wins.
- A reporting enterprise's row (an enterprise that is not part of another) becomes an accepted,
  current return, taken as submitted and accepted when safety recorded the row (its
  `created_at`): its figures count, in the safety summary and the directorate's figures alike.
- A row of any other unit (a workshop, whose figures are its factory's; an institute; a
  department) is kept too, nothing recorded is lost, but as a draft return of that unit, which
  nothing counts (figures count accepted returns, the workforce reads reporting enterprises
  only): so a workshop's people are not added to its factory's twice. The model allows a
  return of any unit (only `open_return` refuses one); a draft never submitted may be deleted.
- Women are copied as recorded (0 included). A payroll of 0 was safety's default for "not
  given": it is not copied (an average income is not computed from it); a reader of the
  workforce counts a missing value as 0, as safety printed it.

Nothing is audited (the audit chain is written by the services; this migration is the record
of the copy). Reverse: nothing (the safety rows are restored by safety's own reversal, empty)."""

import datetime as dt

from django.db import migrations

from cnqp.core.text import fold

NOTE = "Số liệu lao động chuyển từ phân hệ an toàn"
ENTERPRISE = "enterprise"


def _due_on(schedule, year):
    if schedule is None:
        return None
    anchor = dt.date(year, 12, 31) if schedule.due_from == "end" else dt.date(year, 1, 1)
    return anchor + dt.timedelta(days=schedule.due_days)


def copy_workforce(apps, schema_editor):
    workforce_model = apps.get_model("safety", "Workforce")
    submission_model = apps.get_model("performance", "Submission")
    value_model = apps.get_model("performance", "Value")
    indicator_model = apps.get_model("performance", "Indicator")
    schedule_model = apps.get_model("performance", "Schedule")
    unit_model = apps.get_model("core", "OrgUnit")
    rows = list(workforce_model.objects.order_by("unit_id", "year"))
    if not rows:
        return
    taken = set(submission_model.objects.filter(
        period_kind="year", period_number=1, scenario="actual")
        .values_list("unit_id", "year"))
    reporting = set(unit_model.objects.filter(kind=ENTERPRISE)
                    .exclude(parent__kind=ENTERPRISE).values_list("pk", flat=True))
    indicators = {i.code: i for i in indicator_model.objects.filter(
        code__in=("headcount", "women", "payroll"))}
    schedule = schedule_model.objects.filter(period_kind="year", scenario="actual").first()
    copied = [row for row in rows if (row.unit_id, row.year) not in taken]
    submissions = submission_model.objects.bulk_create([
        submission_model(
            unit_id=row.unit_id, year=row.year, period_kind="year", period_number=1,
            scenario="actual", version=1, is_current=True,
            status="accepted" if row.unit_id in reporting else "draft",
            due_on=_due_on(schedule, row.year),
            submitted_at=row.created_at if row.unit_id in reporting else None,
            reviewed_at=row.created_at if row.unit_id in reporting else None,
            note=NOTE, search_text=fold(NOTE), classification=row.classification)
        for row in copied])
    # The ids bulk_create returns (both databases return them) may not be set on an old
    # SQLite: read them back by their unique key then.
    if any(s.pk is None for s in submissions):
        ids = dict(((u, y), pk) for pk, u, y in submission_model.objects.filter(
            period_kind="year", period_number=1, scenario="actual", version=1, note=NOTE)
            .values_list("pk", "unit_id", "year"))
        for submission in submissions:
            submission.pk = ids[(submission.unit_id, submission.year)]
    values = []
    for row, submission in zip(copied, submissions, strict=True):
        for code, value in (("headcount", row.headcount), ("women", row.women),
                            ("payroll", row.payroll)):
            if code in indicators and not (code == "payroll" and not value):
                values.append(value_model(submission_id=submission.pk,
                                          indicator=indicators[code], value=value))
    value_model.objects.bulk_create(values, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0002_search_indexes_reference_data"),
        ("safety", "0002_search_indexes"),
    ]

    operations = [
        migrations.RunPython(copy_workforce, migrations.RunPython.noop),
    ]
