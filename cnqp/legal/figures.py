"""The legal work figures, computed from the drafts, rounds and documents the reader may see,
for a period and the same period a year before (selectors.py defines each condition):

- drafts in progress in the period (started by its end, not issued before its start), by kind;
- drafts started in the period (their first step in it), by kind with their titles, the
  earliest first;
- drafts issued in the period (the issue step in it), by kind; of those with a deadline, how
  many were issued on time (on or before it) and how many late;
- overdue drafts: the deadline passed before the period's end (or today, if earlier) and not
  issued by then;
- consultation rounds sent in the period, and the drafts they put to consultation, with whom;
- the register: documents in force at the period's end, those of them due for review by
  then, documents issued in the period.

Seven queries whatever the number of records, each an SQL aggregate or a bounded list.
Registered in `metrics.py`; the report section and the dashboard read them from the registry
(docs/legal-figures.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Collate
from django.utils import timezone

from cnqp.core.access.scoping import within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.legal.choices import KINDS, Stage
from cnqp.legal.models import ConsultationRound
from cnqp.legal.selectors import (
    due_for_review_q,
    in_force_q,
    in_progress_q,
    overdue_q,
    visible_drafts,
    visible_instruments,
    visible_rounds,
    year_before,
)

TITLES = 50  # drafts started, and rounds, named at most (a report lists a few)


@dataclass(frozen=True)
class Counts:
    in_progress: int = 0
    started: int = 0
    issued: int = 0
    with_deadline: int = 0  # of those issued, with a deadline
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    rounds: int = 0
    in_force: int = 0  # documents of the register, at the period's end
    due_for_review: int = 0
    instruments_issued: int = 0


@dataclass(frozen=True)
class StartedGroup:
    """The drafts of one kind started in the period: how many, and their titles."""

    kind: str
    count: int
    titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConsultedDraft:
    """A round of the period: the draft's kind and title, whether it consulted on the proposal
    dossier, and whom (the bodies outside, the units of the directorate)."""

    kind: str
    title: str
    on_proposal: bool
    bodies: str
    units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LegalFigures:
    start: dt.date
    end: dt.date
    now: Counts = field(default_factory=Counts)
    previous: Counts = field(default_factory=Counts)  # the same period a year before
    in_progress_by_kind: dict[str, int] = field(default_factory=dict)
    previous_in_progress_by_kind: dict[str, int] = field(default_factory=dict)
    issued_by_kind: dict[str, int] = field(default_factory=dict)
    previous_issued_by_kind: dict[str, int] = field(default_factory=dict)
    started: list[StartedGroup] = field(default_factory=list)
    consulted: list[ConsultedDraft] = field(default_factory=list)
    classification: int = 0


def _draft_counts(prefix: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    cutoff = min(end, timezone.localdate())
    issued = Q(issued_on__gte=start, issued_on__lte=end)
    progress = in_progress_q(start, end)
    return {
        f"{prefix}in_progress": Count("pk", filter=progress),
        f"{prefix}started": Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        f"{prefix}issued": Count("pk", filter=issued),
        f"{prefix}with_deadline": Count("pk", filter=issued & Q(deadline__isnull=False)),
        f"{prefix}on_time": Count("pk", filter=issued & Q(issued_on__lte=F("deadline"))),
        f"{prefix}late": Count("pk", filter=issued & Q(issued_on__gt=F("deadline"))),
        f"{prefix}overdue": Count("pk", filter=overdue_q(cutoff)),
        **{f"{prefix}progress_{kind}": Count("pk", filter=progress & Q(kind=kind))
           for kind in KINDS},
        **{f"{prefix}issued_{kind}": Count("pk", filter=issued & Q(kind=kind))
           for kind in KINDS},
    }


def _register_counts(prefix: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        f"{prefix}in_force": Count("pk", filter=in_force_q(end)),
        f"{prefix}due_for_review": Count("pk", filter=due_for_review_q(end)),
        f"{prefix}instruments_issued": Count("pk", filter=Q(issued_on__gte=start,
                                                            issued_on__lte=end)),
    }


def _started(drafts: Any, start: dt.date, end: dt.date) -> list[StartedGroup]:
    """Two queries: the count by kind, and the titles (the earliest first); the kinds in the
    order of their first draft."""
    started = drafts.filter(started_on__gte=start, started_on__lte=end)
    counted = dict(started.values_list("kind").annotate(n=Count("pk")).order_by())
    titles: dict[str, list[str]] = {}
    for kind, title in (started.order_by("started_on", Collate("title", "vi"), "pk")
                        .values_list("kind", "title")[:TITLES]):
        titles.setdefault(kind, []).append(title)
    for kind in counted:  # a kind none of whose titles made the list
        titles.setdefault(kind, [])
    return [StartedGroup(kind, counted.get(kind, 0), names) for kind, names in titles.items()]


def _consulted(rounds: Any, start: dt.date, end: dt.date) -> list[ConsultedDraft]:
    """Two queries: the rounds, then the units they consulted."""
    found = list(rounds.filter(sent_on__gte=start, sent_on__lte=end)
                 .order_by("sent_on", "pk")
                 .values_list("pk", "draft__kind", "draft__title", "stage",
                              "external_bodies")[:TITLES])
    if not found:
        return []
    through = ConsultationRound.units.through
    names: dict[int, list[str]] = {}
    consulted = (through.objects.filter(consultationround_id__in=[row[0] for row in found])
                 .order_by("orgunit__path").values_list("consultationround_id", "orgunit__name"))
    for round_id, unit_name in consulted:
        names.setdefault(round_id, []).append(unit_name)
    return [ConsultedDraft(kind, title, stage == Stage.PROPOSAL, bodies, names.get(pk, []))
            for pk, kind, title, stage, bodies in found]


def legal_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                  ) -> LegalFigures:
    """The legal work of `unit`'s subtree (the drafts it leads, the documents it is
    responsible for; all the reader may see without one)."""
    start, end = period.start, period.end
    before_start, before_end = year_before(start), year_before(end)
    drafts = within_unit(visible_drafts(user), unit).order_by()
    totals = drafts.aggregate(level=Max("classification"), **_draft_counts("", start, end),
                              **_draft_counts("p_", before_start, before_end))
    rounds = within_unit(visible_rounds(user), unit).order_by()
    sent = rounds.aggregate(
        rounds=Count("pk", filter=Q(sent_on__gte=start, sent_on__lte=end)),
        p_rounds=Count("pk", filter=Q(sent_on__gte=before_start, sent_on__lte=before_end)),
        level=Max("draft__classification"))
    register = within_unit(visible_instruments(user), unit).order_by().aggregate(
        level=Max("classification"), **_register_counts("", start, end),
        **_register_counts("p_", before_start, before_end))
    names = set(Counts.__dataclass_fields__)

    def counts(prefix: str) -> Counts:
        merged = {**totals, **sent, **register}
        return Counts(**{name: merged[f"{prefix}{name}"] or 0 for name in names})

    return LegalFigures(
        start=start, end=end, now=counts(""), previous=counts("p_"),
        in_progress_by_kind={k: totals[f"progress_{k}"] for k in KINDS},
        previous_in_progress_by_kind={k: totals[f"p_progress_{k}"] for k in KINDS},
        issued_by_kind={k: totals[f"issued_{k}"] for k in KINDS},
        previous_issued_by_kind={k: totals[f"p_issued_{k}"] for k in KINDS},
        started=_started(drafts, start, end),
        consulted=_consulted(rounds, start, end),
        classification=max(totals["level"] or 0, sent["level"] or 0, register["level"] or 0))
