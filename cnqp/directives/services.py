"""Writing directives, their items, indicators and tasks, and holding a review conference.

Every write is validated, saved and audited in one transaction (`records.writes`); the unit a
record belongs to must be one the writer acts for. Holding a review freezes its figures: one
`ReviewFigure` per indicator, written once and never changed, so the figures quoted at the
conference can be read again years later whatever happens to the records they counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction, NotificationLevel
from cnqp.core.figures import metrics
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, day, lock
from cnqp.core.records.stored import create_with_files
from cnqp.core.uploads import check_upload, clean_name
from cnqp.directives import selectors
from cnqp.directives.choices import (
    Assessment,
    DirectiveStatus,
    ReviewStatus,
    TargetKind,
)
from cnqp.directives.models import (
    Directive,
    DirectiveFile,
    DirectiveItem,
    Indicator,
    IndicatorAssessment,
    Review,
    ReviewFigure,
    Task,
    TaskReport,
)
from cnqp.documents.files import FILE_TYPES

MAX_FILES = 10


def _check_period(start: dt.date, end: dt.date, field: str = "period_end") -> None:
    if start > end:
        raise ValidationError({field: _("The period ends before it starts.")})


# --- directives ----------------------------------------------------------------------------


def _check_links(directive: Directive | None, implements: Directive | None,
                 continues: Directive | None) -> None:
    for name, other in (("implements", implements), ("continues", continues)):
        seen = other
        while seen is not None:
            if directive is not None and seen.pk == directive.pk:
                raise ValidationError({name: _("A directive cannot implement or continue "
                                               "itself, even through others.")})
            seen = seen.implements if name == "implements" else seen.continues


def create_directive(actor: User | None, *, kind: str, number: str, issuer: str,
                     owner_unit: OrgUnit, issued_on: dt.date, title: str,
                     period_start: dt.date, period_end: dt.date, summary: str = "",
                     implements: Directive | None = None, continues: Directive | None = None,
                     classification: int = 0) -> Directive:
    check_acts_for(actor, owner_unit, "owner_unit")
    _check_period(period_start, period_end)
    _check_links(None, implements, continues)
    return writes.create(actor, Directive(
        kind=kind, number=number.strip(), issuer=issuer, owner_unit=owner_unit,
        issued_on=issued_on, title=title, summary=summary, period_start=period_start,
        period_end=period_end, implements=implements, continues=continues,
        classification=classification))


def update_directive(actor: User | None, directive: Directive, **data: Any) -> Directive:
    changed = {k: v for k, v in data.items() if v != getattr(directive, k, None)}
    if "owner_unit" in changed:
        check_acts_for(actor, changed["owner_unit"], "owner_unit")
    check_acts_for(actor, directive.owner_unit, "owner_unit")
    _check_period(changed.get("period_start", directive.period_start),
                  changed.get("period_end", directive.period_end))
    _check_links(directive, changed.get("implements", directive.implements),
                 changed.get("continues", directive.continues))
    return writes.update(actor, directive, changed)


def delete_directive(actor: User | None, directive: Directive) -> None:
    """Only a directive nothing hangs off yet (no item, task, review, file) is deleted."""
    check_acts_for(actor, directive.owner_unit, "owner_unit")
    writes.delete(actor, directive)


def conclude_directive(actor: User | None, directive: Directive, *,
                       superseded_by: Directive | None = None) -> Directive:
    """Ended: concluded, or superseded by the directive that continues it (365 → 147)."""
    with transaction.atomic():
        directive = lock(directive)
        if directive.status != DirectiveStatus.IN_FORCE:
            raise ValidationError({"status": _("Only a directive in force is concluded.")})
        check_acts_for(actor, directive.owner_unit, "owner_unit")
        status = DirectiveStatus.CONCLUDED
        if superseded_by is not None:
            if superseded_by.continues_id != directive.pk:
                raise ValidationError({"superseded_by": _(
                    "The directive that supersedes it must say it continues it.")})
            status = DirectiveStatus.SUPERSEDED
        return writes.update(actor, directive, {"status": status})


def add_directive_files(actor: User | None, directive: Directive, *,
                        files: Sequence[File]) -> list[DirectiveFile]:
    """The directive's text (PDF, Office files), checked before anything is written."""
    check_acts_for(actor, directive.owner_unit, "owner_unit")
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if directive.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(max)s files per directive.") % {
            "max": MAX_FILES}})
    checked = []
    for upload in files:
        name = clean_name(upload.name or "")
        kind = check_upload(name, upload, FILE_TYPES, settings.CNQP_MAX_UPLOAD_BYTES, "files")
        checked.append((name, upload, kind.content_type))
    uploader = actor if actor is not None and actor.pk else None
    return create_with_files(actor, [
        (DirectiveFile(directive=directive, original_name=name, content_type=content_type,
                       uploaded_by=uploader), name, upload)
        for name, upload, content_type in checked], settings.CNQP_MAX_UPLOAD_BYTES)


# --- items and indicators ------------------------------------------------------------------


def create_item(actor: User | None, *, directive: Directive, kind: str, text: str,
                ordinal: str = "", year: int | None = None,
                position: int | None = None) -> DirectiveItem:
    check_acts_for(actor, directive.owner_unit, "directive")
    if not position:  # empty (or the model's 0): after the others
        position = DirectiveItem.objects.filter(directive=directive).count() + 1
    return writes.create(actor, DirectiveItem(directive=directive, kind=kind, text=text,
                                              ordinal=ordinal, year=year, position=position))


def update_item(actor: User | None, item: DirectiveItem, **data: Any) -> DirectiveItem:
    check_acts_for(actor, item.directive.owner_unit, "directive")
    data.pop("directive", None)  # an item stays with its directive
    if data.get("position") is None:
        data.pop("position", None)  # left empty: keeps its place
    return writes.update(actor, item, data)


def delete_item(actor: User | None, item: DirectiveItem) -> None:
    check_acts_for(actor, item.directive.owner_unit, "directive")
    writes.delete(actor, item)


def _check_indicator(metric_key: str, target_kind: str, target_value: Decimal | None,
                     baseline_start: dt.date | None, baseline_end: dt.date | None) -> None:
    if target_kind == TargetKind.QUALITATIVE:
        if metric_key:
            raise ValidationError({"metric_key": _("A qualitative indicator is assessed by a "
                                                   "person: it names no figure.")})
        return
    if not metric_key:
        raise ValidationError({"metric_key": _("Choose the figure it is measured by.")})
    found = metrics.metrics().get(metric_key)
    if found is None or found.is_breakdown:
        raise ValidationError({"metric_key": _("No such figure is registered.")})
    if target_kind in (TargetKind.AT_LEAST, TargetKind.AT_MOST) and target_value is None:
        raise ValidationError({"target_value": _("This target needs its value.")})
    if target_kind == TargetKind.ABOVE_BASELINE and not (baseline_start and baseline_end):
        raise ValidationError({"baseline_start": _("Say which period it must exceed.")})
    if baseline_start and baseline_end:
        _check_period(baseline_start, baseline_end, "baseline_end")


def create_indicator(actor: User | None, *, item: DirectiveItem, name: str, target_kind: str,
                     metric_key: str = "", target_value: Decimal | None = None,
                     measure: str = "", unit: OrgUnit | None = None,
                     period_start: dt.date | None = None, period_end: dt.date | None = None,
                     baseline_start: dt.date | None = None,
                     baseline_end: dt.date | None = None,
                     position: int | None = None) -> Indicator:
    """An indicator of an item; its period defaults to the directive's, its unit of measure
    to the figure's."""
    directive = item.directive
    check_acts_for(actor, directive.owner_unit, "item")
    _check_indicator(metric_key, target_kind, target_value, baseline_start, baseline_end)
    start, end = period_start or directive.period_start, period_end or directive.period_end
    _check_period(start, end)
    if target_kind == TargetKind.ZERO:
        target_value = Decimal(0)
    if not measure and metric_key:
        measure = str(metrics.metric(metric_key).measure)
    if not position:  # empty (or the model's 0): after the others
        position = Indicator.objects.filter(item=item).count() + 1
    return writes.create(actor, Indicator(
        item=item, name=name, metric_key=metric_key, target_kind=target_kind,
        target_value=target_value, measure=measure, unit=unit, period_start=start,
        period_end=end, baseline_start=baseline_start, baseline_end=baseline_end,
        position=position))


def update_indicator(actor: User | None, indicator: Indicator, **data: Any) -> Indicator:
    check_acts_for(actor, indicator.item.directive.owner_unit, "item")
    data.pop("item", None)
    merged = {name: data.get(name, getattr(indicator, name))
              for name in ("metric_key", "target_kind", "target_value", "baseline_start",
                           "baseline_end", "period_start", "period_end")}
    _check_indicator(merged["metric_key"], merged["target_kind"], merged["target_value"],
                     merged["baseline_start"], merged["baseline_end"])
    if data.get("period_start") is None:
        data.pop("period_start", None)
    if data.get("period_end") is None:
        data.pop("period_end", None)
    if data.get("position") is None:
        data.pop("position", None)
    _check_period(data.get("period_start", indicator.period_start),
                  data.get("period_end", indicator.period_end))
    if merged["target_kind"] == TargetKind.ZERO:
        data["target_value"] = Decimal(0)
    return writes.update(actor, indicator, data)


def delete_indicator(actor: User | None, indicator: Indicator) -> None:
    check_acts_for(actor, indicator.item.directive.owner_unit, "item")
    writes.delete(actor, indicator)


def assess_indicator(actor: User | None, indicator: Indicator, *, verdict: str,
                     evidence: str, on_date: dt.date | None = None) -> IndicatorAssessment:
    """A person's verdict on a qualitative indicator, with its evidence."""
    if indicator.is_bound:
        raise ValidationError({"verdict": _("A figure-bound indicator is judged from its "
                                            "figure, not by hand.")})
    check_acts_for(actor, indicator.item.directive.owner_unit, "indicator")
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say what the verdict rests on.")})
    return writes.create(actor, IndicatorAssessment(
        indicator=indicator, assessed_on=day(on_date), verdict=verdict, evidence=evidence,
        assessed_by=actor if actor is not None and actor.pk else None))


# --- tasks ---------------------------------------------------------------------------------


def create_task(actor: User | None, *, directive: Directive, title: str, lead_unit: OrgUnit,
                assigned_on: dt.date, deadline: dt.date, item: DirectiveItem | None = None,
                supporting_units: Sequence[OrgUnit] = (), expected_output: str = "",
                classification: int = 0) -> Task:
    """A task the directive's holder assigns to a lead unit."""
    check_acts_for(actor, directive.owner_unit, "directive")
    if item is not None and item.directive_id != directive.pk:
        raise ValidationError({"item": _("The item belongs to another directive.")})
    _check_period(assigned_on, deadline, "deadline")
    # a task says what its directive says: never less classified (its number is printed)
    classification = max(classification, directive.classification)
    units = list(supporting_units)
    if lead_unit in units:
        raise ValidationError({"supporting_units": _("The lead unit is not also a supporting "
                                                     "unit.")})

    def related(task: Task) -> dict[str, Any]:
        task.supporting_units.set(units)
        return {"supporting_units": sorted(u.code for u in units)}

    with transaction.atomic():
        task = writes.create(actor, Task(
            directive=directive, item=item, title=title, lead_unit=lead_unit,
            assigned_on=assigned_on, deadline=deadline, expected_output=expected_output,
            classification=classification), related=related)
        if deadline >= timezone.localdate():  # history entered later tells nobody
            send_notifications(actor, [Notice(
                unit=unit, title=_("Task assigned: %(title)s (due %(date)s)") % {
                    "title": title, "date": deadline.strftime("%d/%m/%Y")},
                text=f"{directive.number}: {title}", link=_task_link(task),
                classification=max(classification, directive.classification),
                key=f"directives.assigned:{task.pk}")
                for unit in [lead_unit, *units]])
    return task


def _task_link(task: Task) -> str:
    return reverse("directives:tasks-detail", args=[task.pk])


REMINDER_DAYS = 7  # a task's lead unit is told a week before its deadline, and once overdue


def remind_tasks_due(today: dt.date, horizon: int = REMINDER_DAYS) -> int:
    """Tell each lead unit, as the system, of its tasks not completed whose deadline is within
    `horizon` days or past: once before the deadline and once after it (a key per task,
    deadline and which), in two queries whatever the number of tasks."""
    due = (Task.objects.filter(completed_on__isnull=True,
                               deadline__lte=today + dt.timedelta(days=horizon))
           .select_related("directive", "lead_unit").order_by("deadline", "pk"))
    notices = []
    for task in due:
        overdue = task.deadline < today
        title = (_("Task overdue since %(date)s: %(title)s") if overdue
                 else _("Task due on %(date)s: %(title)s")) % {
            "date": task.deadline.strftime("%d/%m/%Y"), "title": task.title}
        notices.append(Notice(
            unit=task.lead_unit, title=title, text=task.directive.number,
            link=_task_link(task),
            level=NotificationLevel.DANGER if overdue else NotificationLevel.WARNING,
            classification=max(task.classification, task.directive.classification),
            key=f"directives.due:{task.pk}:{task.deadline.isoformat()}:"
                f"{'overdue' if overdue else 'soon'}"))
    return len(send_notifications(None, notices))


def update_task(actor: User | None, task: Task, **data: Any) -> Task:
    check_acts_for(actor, task.directive.owner_unit, "directive")
    units = data.pop("supporting_units", None)
    data.pop("directive", None)
    if "classification" in data:
        data["classification"] = max(data["classification"], task.directive.classification)
    _check_period(data.get("assigned_on", task.assigned_on),
                  data.get("deadline", task.deadline), "deadline")
    with transaction.atomic():
        task = writes.update(actor, task, data)
        if units is not None:
            before = sorted(u.code for u in task.supporting_units.all())
            task.supporting_units.set(list(units))
            after = sorted(u.code for u in units)
            if before != after:
                audit.record(AuditAction.UPDATE, actor=actor, obj=task,
                             changes={"supporting_units": [before, after]})
    return task


def delete_task(actor: User | None, task: Task) -> None:
    check_acts_for(actor, task.directive.owner_unit, "directive")
    with transaction.atomic():
        task.supporting_units.clear()
        writes.delete(actor, task)


def report_progress(actor: User | None, task: Task, *, progress: int, text: str,
                    on_date: dt.date | None = None) -> TaskReport:
    """A progress report by the lead unit; at 100 % the task is completed that day."""
    when = day(on_date)
    with transaction.atomic():
        task = lock(task)
        check_acts_for(actor, task.lead_unit, "task")
        if task.completed_on is not None:
            raise ValidationError({"progress": _("The task is already completed.")})
        if when < task.assigned_on:
            raise ValidationError({"on_date": _("The report is dated before the task was "
                                                "assigned.")})
        report = writes.create(actor, TaskReport(
            task=task, reported_on=when, progress=progress, text=text,
            reported_by=actor if actor is not None and actor.pk else None))
        if progress == 100:
            writes.update(actor, task, {"completed_on": when})
        return report


# --- reviews -------------------------------------------------------------------------------


def create_review(actor: User | None, *, title: str, kind: str, directives: Sequence[Directive],
                  owner_unit: OrgUnit, period_start: dt.date, period_end: dt.date,
                  held_on: dt.date, compare_start: dt.date | None = None,
                  compare_end: dt.date | None = None, chair: str = "",
                  conclusions: str = "", classification: int = 0) -> Review:
    check_acts_for(actor, owner_unit, "owner_unit")
    _check_review(period_start, period_end, compare_start, compare_end, directives)
    chosen = list(directives)

    def related(review: Review) -> dict[str, Any]:
        review.directives.set(chosen)
        return {"directives": [d.number for d in chosen]}

    return writes.create(actor, Review(
        title=title, kind=kind, owner_unit=owner_unit, period_start=period_start,
        period_end=period_end, compare_start=compare_start, compare_end=compare_end,
        held_on=held_on, chair=chair, conclusions=conclusions,
        classification=classification), related=related)


def _check_review(start: dt.date, end: dt.date, compare_start: dt.date | None,
                  compare_end: dt.date | None, directives: Sequence[Directive]) -> None:
    _check_period(start, end)
    if (compare_start is None) != (compare_end is None):
        raise ValidationError({"compare_end": _("Give both ends of the earlier period, or "
                                                "neither.")})
    if compare_start and compare_end:
        _check_period(compare_start, compare_end, "compare_end")
        if compare_end >= start:
            raise ValidationError({"compare_end": _("The earlier period ends before the "
                                                    "period reviewed starts.")})
    if not directives:
        raise ValidationError({"directives": _("Choose the directives it reviews.")})


def update_review(actor: User | None, review: Review, **data: Any) -> Review:
    """A review is edited until it is held; afterwards only its conclusions change."""
    check_acts_for(actor, review.owner_unit, "owner_unit")
    directives = data.pop("directives", None)
    if review.status == ReviewStatus.FROZEN:
        fixed = sorted(k for k, v in data.items()
                       if k != "conclusions" and v != getattr(review, k, None))
        if fixed or (directives is not None
                     and {d.pk for d in directives} != set(
                         review.directives.values_list("pk", flat=True))):
            raise ValidationError({name: _("Fixed once the review is held.")
                                   for name in fixed or ["directives"]})
    _check_review(data.get("period_start", review.period_start),
                  data.get("period_end", review.period_end),
                  data.get("compare_start", review.compare_start),
                  data.get("compare_end", review.compare_end),
                  directives if directives is not None else list(review.directives.all()))
    with transaction.atomic():
        review = writes.update(actor, review, data)
        if directives is not None and review.status == ReviewStatus.DRAFT:
            before = list(review.directives.all())
            # the editor chose among what they may see: the others stay as they were
            hidden = ([d for d in before if d not in set(scope_queryset(
                Directive.objects.filter(pk__in=[d.pk for d in before]), actor))]
                if actor is not None else [])
            after = [*directives, *hidden]
            if {d.pk for d in before} != {d.pk for d in after}:
                review.directives.set(after)
                audit.record(AuditAction.UPDATE, actor=actor, obj=review, changes={
                    "directives": [sorted(d.number for d in before),
                                   sorted(d.number for d in after)]})
    return review


def delete_review(actor: User | None, review: Review) -> None:
    check_acts_for(actor, review.owner_unit, "owner_unit")
    with transaction.atomic():
        if lock(review).status != ReviewStatus.DRAFT:
            raise ValidationError(_("A held review stays on record with its figures."))
        review.directives.clear()
        writes.delete(actor, review)


def hold_review(actor: User, review: Review) -> Review:
    """Hold the conference: freeze every indicator of the directives reviewed, as `actor`
    sees the records now: the figure of the period and of the earlier period (with the
    years each covers, for per-year averages), the target and the verdict, and the links to
    the records counted. The frozen rows never change; the review can no longer be edited."""
    with transaction.atomic():
        review = lock(review)
        if review.status != ReviewStatus.DRAFT:
            raise ValidationError({"status": _("The review is already held.")})
        check_acts_for(actor, review.owner_unit, "owner_unit")
        reviewed = review.directives.all()
        if scope_queryset(reviewed, actor).count() != reviewed.count():
            # its figures would quote what the holder may not read: a cleared user holds it
            raise ValidationError({"directives": _(
                "You may not read every directive this review covers: a user cleared for "
                "them holds it.")})
        indicators = list(Indicator.objects.filter(item__directive__in=reviewed)
                          .select_related("item__directive", "unit")
                          .order_by("item__directive__issued_on", "item__directive__number",
                                    "item__position", "item__pk", "position", "pk"))
        if not indicators:
            raise ValidationError({"directives": _("The directives reviewed have no "
                                                   "indicator to judge.")})
        for position, figure in enumerate(frozen_figures(actor, review, indicators), 1):
            figure.position = position
            writes.create(actor, figure)
        return writes.update(actor, review, {"status": ReviewStatus.FROZEN,
                                             "frozen_at": timezone.now(), "frozen_by": actor})


def frozen_figures(actor: User, review: Review,
                   indicators: Sequence[Indicator]) -> list[ReviewFigure]:
    """The review's figures, unsaved. Each indicator is measured over its own period cut to
    the one reviewed (and to the day the conference was held, or today if that is later: a
    conference held in December quotes the year so far; one of 2019 entered now quotes what
    it knew then), and over the earlier period; each source computed once per span and unit.
    A zero-target or a ceiling is judged on the span as a whole; an "at least" target whose
    period goes on beyond the review is judged on its trajectory (on track, behind), as a
    mid-term review does. A figure is at least as classified as the review and its
    directive."""
    today = min(review.held_on, timezone.localdate())  # judged at the conference's date
    earlier = ((review.compare_start, review.compare_end)
               if review.compare_start and review.compare_end else None)
    earlier_years = selectors.years_in(*earlier) if earlier else None
    spans = {i.pk: (max(i.period_start, review.period_start),
                    min(i.period_end, review.period_end, today)) for i in indicators}
    wanted: list[tuple[Indicator, dt.date, dt.date]] = [(i, *spans[i.pk]) for i in indicators]
    if earlier:
        wanted += [(i, *earlier) for i in indicators]
    wanted += [(i, i.baseline_start, i.baseline_end) for i in indicators
               if i.baseline_start and i.baseline_end]
    measured = selectors.measured_figures(actor, wanted)
    assessed = selectors.latest_assessments([i for i in indicators if not i.is_bound],
                                            until=review.held_on)
    figures = []
    for i in indicators:
        start, end = spans[i.pk]
        if start > end:  # the indicator's period lies outside the one reviewed
            start, end = review.period_start, review.period_start
        years = selectors.years_in(start, end)
        now = measured.get((i.pk, start, end))
        before = measured.get((i.pk, *earlier)) if earlier else None
        value = selectors.as_decimal(now.value) if now else None
        previous = selectors.as_decimal(before.value) if before else None
        # "higher than the earlier period": its own baseline, else the review's, per year
        base_span = ((i.baseline_start, i.baseline_end) if i.baseline_start and i.baseline_end
                     else earlier)
        base = measured.get((i.pk, *base_span)) if base_span else None
        baseline = None
        if base is not None and base.value is not None and base_span:
            baseline = (selectors.as_decimal(base.value) or Decimal(0)) * years / \
                selectors.years_in(*base_span)
        label = selectors.period_label(*base_span) if base_span else ""
        if i.is_bound:
            whole = i.target_kind in (TargetKind.ZERO, TargetKind.AT_MOST)
            over = whole or end >= i.period_end
            verdict = selectors.judge(i.target_kind, value, i.target_value, baseline,
                                      selectors.elapsed(i, end), over=over)
            evidence = ""
        else:
            latest = assessed.get(i.pk)
            verdict = latest.verdict if latest else Assessment.NO_DATA
            evidence = latest.evidence if latest else ""
        figures.append(ReviewFigure(
            review=review, indicator=i, position=0, directive_number=i.item.directive.number,
            item_text=f"{i.item.ordinal} {i.item.text}".strip(), indicator_name=i.name,
            metric_key=i.metric_key, measure=i.measure, target_kind=i.target_kind,
            target_text=selectors.target_text(i, label), value=value,
            previous_value=previous, years=years, previous_years=earlier_years,
            assessment=verdict, evidence=evidence, url=now.url if now else "",
            previous_url=before.url if before else "",
            classification=max(now.classification if now else 0,
                               before.classification if before else 0,
                               i.item.directive.classification, review.classification)))
    return figures
