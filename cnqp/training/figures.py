"""The training figures, for a period and the same period a year before, computed from the
courses, participations and the safety module's training sessions the reader may see:

- the courses held: a course counts in the period its start falls in (a course spanning the
  turn of the year counts in the year it opened); the safety module's training sessions
  (`safety.TrainingSession`) count as courses of the safety kind, by their start, so safety
  training is one figure, entered once, in the safety module;
- the participants (lượt người): the sum of the participations' counts; for a safety session,
  its training records (one person each); those assessed (participations whose passed count is
  given, every safety record) and those who passed, and the pass rate: passed ÷ assessed, in
  per cent to one decimal (None when nobody was assessed);
- by kind (chuyên ngành, kỹ thuật, an toàn vệ sinh lao động, nghiệp vụ): courses, participants,
  passed, and the year before's courses and participants;
- by organising unit and by participating unit: a row per unit directly under the unit asked
  for (the reader's own unit, or the directorate for a reader who sees every unit), counting its
  whole subtree, a row for the unit itself (its own records only, not its subtree's nor anyone
  else's), and a row "other units" for what the reader counts from outside that subtree: the
  courses organised elsewhere that the reader's units took part in, the participants other units
  sent to the subtree's courses; so each table adds up to the totals. A safety session's unit is
  both its organiser and its participating unit;
- the courses with the most participants in the period (named in the report).

`unit` narrows to the courses organised in its subtree (and the sessions of its subtree). A
course a unit only took part in is seen by it (models.py), with its own participation only.
Every count is a SQL aggregate: thirteen queries whatever the number of records. Registered in
`metrics.py`; the report section and the dashboard read them from the registry
(docs/training-figures.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, Max, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, StrIndex, Substr

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.safety.models import TrainingRecord, TrainingSession
from cnqp.training.choices import COURSE_KINDS, FIGURE_KINDS, SAFETY
from cnqp.training.models import Participation, TrainingCourse

HIGHLIGHTS = 5  # courses named in the report, the most attended first
ITSELF = ""  # the branch of the records of the unit reported on itself
OUTSIDE = "*outside"  # ... of units outside its subtree (no unit code has a "*"; PostgreSQL
# text holds no NUL)


def year_before(day: dt.date) -> dt.date:
    """The same day a year before (29/02 becomes 28/02)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"),
                                                                 ROUND_HALF_UP))


@dataclass(frozen=True)
class Counts:
    courses: int = 0
    participants: int = 0
    assessed: int = 0  # participants whose result is recorded
    passed: int = 0


@dataclass(frozen=True)
class KindRow:
    courses: int = 0
    participants: int = 0
    passed: int = 0
    previous_courses: int = 0
    previous_participants: int = 0


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    courses: int
    participants: int
    previous_courses: int
    previous_participants: int
    own: bool = False  # the unit reported on itself, not a branch under it
    other: bool = False  # the units outside the subtree reported on (code and name empty)


@dataclass(frozen=True)
class Highlight:
    title: str
    organiser: str
    participants: int


@dataclass(frozen=True)
class TrainingFigures:
    start: dt.date
    end: dt.date
    now: Counts = field(default_factory=Counts)
    previous: Counts = field(default_factory=Counts)
    pass_rate: float | None = None
    previous_pass_rate: float | None = None
    by_kind: dict[str, KindRow] = field(default_factory=dict)
    by_organiser: list[UnitRow] = field(default_factory=list)
    by_participant_unit: list[UnitRow] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    classification: int = 0


def _root(user: User, unit: OrgUnit | None) -> OrgUnit | None:
    """The unit whose branches the rows are."""
    if unit is not None:
        return unit
    if user.sees_all_units:
        roots = list(OrgUnit.objects.filter(parent__isnull=True)[:2])
        return roots[0] if len(roots) == 1 else None
    return user.org_unit


def _branch(path: str, root: OrgUnit) -> Case:
    """A child's code for its subtree (the path's next segment after the root's: paths are
    codes), ITSELF for the root's exact path, OUTSIDE for the rest (never credited to the
    root). One expression, whatever the number of children."""
    rest = Substr(F(path), len(root.path) + 1)
    return Case(When(**{path: root.path}, then=Value(ITSELF)),
                When(**{f"{path}__startswith": root.path},
                     then=Substr(rest, 1, StrIndex(rest, Value("/")) - 1)),
                default=Value(OUTSIDE), output_field=CharField())


def _grouped(queryset: QuerySet[Any], path: str, root: OrgUnit,
             **sums: Any) -> dict[str, dict[str, int]]:
    rows = (queryset.annotate(branch=_branch(path, root)).order_by().values("branch")
            .annotate(**{f"n_{name}": value for name, value in sums.items()}))
    return {row["branch"]: {name: row[f"n_{name}"] for name in sums} for row in rows}


def _rows(root: OrgUnit, children: list[OrgUnit],
          parts: list[dict[str, dict[str, int]]]) -> list[UnitRow]:
    """Each branch's figures, summed over the parts (courses, participations, sessions,
    records), leaving out the branches with nothing this period or the year before."""
    out = []
    for key, code, name in [(ITSELF, root.code, root.name),
                            *((c.code, c.code, c.name) for c in children),
                            (OUTSIDE, "", "")]:
        got: dict[str, int] = {}
        for part in parts:
            for name_, value in part.get(key, {}).items():
                got[name_] = got.get(name_, 0) + (value or 0)
        row = UnitRow(code, name, got.get("courses", 0), got.get("participants", 0),
                      got.get("previous_courses", 0), got.get("previous_participants", 0),
                      own=key == ITSELF, other=key == OUTSIDE)
        if row.courses or row.participants or row.previous_courses or row.previous_participants:
            out.append(row)
    return out


def training_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                     ) -> TrainingFigures:
    """The courses organised in `unit`'s subtree (all the reader may see without one) and the
    safety sessions of that subtree, in the period and the same period a year before."""
    start, end = period.start, period.end
    b_start, b_end = year_before(start), year_before(end)
    c_now, c_before = Q(start__gte=start, start__lte=end), Q(start__gte=b_start, start__lte=b_end)
    courses = within_unit(scope_queryset(TrainingCourse.objects.all(), user), unit).filter(
        c_now | c_before).order_by()
    p_now = Q(course__start__gte=start, course__start__lte=end)
    p_before = Q(course__start__gte=b_start, course__start__lte=b_end)
    parts = within_unit(scope_queryset(Participation.objects.all(), user), unit).filter(
        course__in=courses.values("pk")).order_by()
    s_now = Q(start_on__gte=start, start_on__lte=end)
    s_before = Q(start_on__gte=b_start, start_on__lte=b_end)
    sessions = within_unit(scope_queryset(TrainingSession.objects.all(), user), unit).filter(
        s_now | s_before).order_by()
    r_now = Q(session__start_on__gte=start, session__start_on__lte=end)
    r_before = Q(session__start_on__gte=b_start, session__start_on__lte=b_end)
    records = scope_queryset(TrainingRecord.objects.all(), user).filter(
        session__in=sessions.values("pk")).order_by()

    def people(when: Q, **more: Any) -> Any:
        return Coalesce(Sum("participants", filter=when & Q(**more)), 0)

    c = courses.aggregate(
        level=Max("classification"), now=Count("pk", filter=c_now),
        before=Count("pk", filter=c_before),
        **{f"now_{k}": Count("pk", filter=c_now & Q(kind=k)) for k in COURSE_KINDS},
        **{f"before_{k}": Count("pk", filter=c_before & Q(kind=k)) for k in COURSE_KINDS})
    p = parts.aggregate(
        now=people(p_now), before=people(p_before),
        assessed=people(p_now, passed__isnull=False),
        before_assessed=people(p_before, passed__isnull=False),
        won=Coalesce(Sum("passed", filter=p_now), 0),
        before_won=Coalesce(Sum("passed", filter=p_before), 0),
        **{f"now_{k}": people(p_now, course__kind=k) for k in COURSE_KINDS},
        **{f"before_{k}": people(p_before, course__kind=k) for k in COURSE_KINDS},
        **{f"won_{k}": Coalesce(Sum("passed", filter=p_now & Q(course__kind=k)), 0)
           for k in COURSE_KINDS})
    s = sessions.aggregate(level=Max("classification"), now=Count("pk", filter=s_now),
                           before=Count("pk", filter=s_before))
    r = records.aggregate(now=Count("pk", filter=r_now), before=Count("pk", filter=r_before),
                          won=Count("pk", filter=r_now & Q(passed=True)),
                          before_won=Count("pk", filter=r_before & Q(passed=True)))

    now = Counts(courses=c["now"] + s["now"], participants=p["now"] + r["now"],
                 assessed=p["assessed"] + r["now"], passed=p["won"] + r["won"])
    previous = Counts(courses=c["before"] + s["before"], participants=p["before"] + r["before"],
                      assessed=p["before_assessed"] + r["before"],
                      passed=p["before_won"] + r["before_won"])
    by_kind = {k: KindRow(c[f"now_{k}"], p[f"now_{k}"], p[f"won_{k}"], c[f"before_{k}"],
                          p[f"before_{k}"]) for k in COURSE_KINDS}
    by_kind[SAFETY] = KindRow(s["now"], r["now"], r["won"], s["before"], r["before"])
    by_kind = {k: by_kind[k] for k in FIGURE_KINDS}

    root = _root(user, unit)
    by_organiser: list[UnitRow] = []
    by_participant: list[UnitRow] = []
    if root is not None:
        children = list(OrgUnit.objects.filter(parent=root).order_by("path"))
        course_counts = _grouped(courses, "organiser__path", root,
                                 courses=Count("pk", filter=c_now),
                                 previous_courses=Count("pk", filter=c_before))
        session_counts = _grouped(sessions, "unit__path", root,
                                  courses=Count("pk", filter=s_now),
                                  previous_courses=Count("pk", filter=s_before))
        record_counts = _grouped(records, "session__unit__path", root,
                                 participants=Count("pk", filter=r_now),
                                 previous_participants=Count("pk", filter=r_before))
        organised = _grouped(parts, "course__organiser__path", root,
                             participants=people(p_now), previous_participants=people(p_before))
        sent = _grouped(parts, "unit__path", root, participants=people(p_now),
                        previous_participants=people(p_before))
        by_organiser = _rows(root, children,
                             [course_counts, session_counts, record_counts, organised])
        by_participant = _rows(root, children, [sent, record_counts])

    top = (parts.filter(p_now).values("course_id", "course__title", "course__organiser__name",
                                      "course__start")
           .annotate(total=Sum("participants")).order_by("-total", "course__start",
                                                         "course_id")[:HIGHLIGHTS])
    return TrainingFigures(
        start=start, end=end, now=now, previous=previous,
        pass_rate=percent(now.passed, now.assessed),
        previous_pass_rate=percent(previous.passed, previous.assessed),
        by_kind=by_kind, by_organiser=by_organiser, by_participant_unit=by_participant,
        highlights=[Highlight(row["course__title"], row["course__organiser__name"],
                              row["total"]) for row in top],
        classification=max(c["level"] or 0, s["level"] or 0))
