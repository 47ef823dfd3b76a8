"""The technical-documents section of the periodic reports (báo cáo tổng kết, sơ kết).

`document_figures` computes the figures of a period in the database (two aggregate queries),
always through `scope_queryset` for the reading user: a user counts only the sets, revisions
and rights they may see (clearance, unit, need to know). `render_section` prints them as the
directorate's reports do ("Hoàn thành sửa đổi, ban hành lại 27 bộ TLTK phục vụ kế hoạch sản
xuất năm 2022; ...").

Definitions (also in docs/documents-figures.md). A revision counts as issued on its
`issue_date` when its status is issued or superseded (a superseded revision was issued once).
Periods are closed: both `start` and `end` days belong to the period.

- first_issued: document sets whose first issue falls in the period: the set has a revision
  issued in the period and none issued before `start`.
- amended (sửa đổi): document sets with a revision numbered 2 or more issued in the period.
- reissued (ban hành lại): document sets with a revision issued in the period that
  superseded an earlier issued revision (some revision's `superseded_by` is it).
- design_amended_or_reissued: design sets (TLTK) amended or re-issued for the production
  plan of the period's year: the figure of "sửa đổi, ban hành lại ... bộ TLTK phục vụ kế
  hoạch sản xuất năm N". A revision linked to a plan (`plan_year`) counts in that plan's
  year wherever it was issued (December for next year's plan); one not linked counts in
  the period it was issued, as `amended` and `reissued` do.
- revisions_issued: revisions issued in the period (a set amended twice counts twice).
- rights_granted: usage rights whose validity starts in the period (`valid_from`; the model
  stores no separate decision date), whatever became of them since.
- rights_expiring: usage rights in force on the period's day closest to today whose validity
  ends within 30 days of it (`day <= valid_to <= day + 30 days`): `end` once the period is
  over, today while it runs (the rights the lists flag "expiring", which the home page
  shows), `start` for a period to come. In force on that day: valid from it or earlier and
  not revoked by its end (a right revoked later was still in force then).
- rights_revoked: usage rights revoked in the period (`revoked_at`, as a local date).

Every figure counts distinct sets, except the revision and right counts. With `unit`, only
records owned in that unit's subtree count, "owned" as each model's scope declares it: the
set's owner unit for sets and revisions, the holding enterprise for usage rights.

Every number the section prints is a figure of `DocumentFigures` (the totals of its tables
too): the metric registry (metrics.py) names each, and `build_section` reads them there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus, RightStatus
from cnqp.documents.models import Revision, UsageRight

EXPIRY_WINDOW_DAYS = 30
ISSUED_STATUSES = (RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED)
SET_FIGURES = ("first_issued", "amended", "reissued")
RIGHT_FIGURES = ("granted", "expiring", "revoked")

SECTION = SectionSpec(key="documents", title=gettext_lazy("Management of technical documents"),
                      order=20)


# --- the figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetFigures:
    first_issued: int = 0
    amended: int = 0
    reissued: int = 0


@dataclass(frozen=True)
class RightFigures:
    granted: int = 0
    expiring: int = 0
    revoked: int = 0


@dataclass(frozen=True)
class DocumentFigures:
    """The figures of one period, as far as one user may see (definitions: module docstring)."""

    start: dt.date
    end: dt.date
    first_issued: int = 0
    amended: int = 0
    reissued: int = 0
    design_amended_or_reissued: int = 0
    revisions_issued: int = 0
    rights_granted: int = 0
    rights_expiring: int = 0
    rights_revoked: int = 0
    by_kind: dict[str, SetFigures] = field(default_factory=dict)
    rights_by_purpose: dict[str, RightFigures] = field(default_factory=dict)
    classification: int = 0  # the highest level among the sets the figures count
    # Part of the definition of rights_expiring, printed with it ("within 30 days"): carried
    # here so the text prints what the figure counted, not a constant of its own.
    expiry_window_days: int = EXPIRY_WINDOW_DAYS


def expiry_day(start: dt.date, end: dt.date) -> dt.date:
    """The day `rights_expiring` looks ahead from: the period's day closest to today (its end
    once it is over, today while it runs)."""
    return min(end, max(start, timezone.localdate()))


def _set_figures(user: User, start: dt.date, end: dt.date,
                 unit: OrgUnit | None) -> dict[str, int]:
    issued = Q(status__in=ISSUED_STATUSES, issue_date__isnull=False)
    dated = Q(issue_date__gte=start, issue_date__lte=end)
    # "phục vụ kế hoạch sản xuất năm N": the revisions linked to the plan of N, wherever
    # they were issued, and the unlinked ones issued in the period.
    for_the_plan = (Q(plan_year=end.year, issue_date__lte=end)
                    | (Q(plan_year__isnull=True) & dated))
    counted = within_unit(scope_queryset(
        Revision.objects.filter(issued).filter(dated | for_the_plan), user), unit)
    # Membership tests about the same set, so they need no scoping of their own.
    issued_before = Revision.objects.filter(issued, issue_date__lt=start).values(
        "document_set_id")
    superseding = Revision.objects.filter(superseded_by__isnull=False).values(
        "superseded_by_id")
    conditions = {
        "first_issued": ~Q(document_set_id__in=issued_before),
        "amended": Q(number__gt=1),
        "reissued": Q(pk__in=superseding),
    }
    aggregates: dict[str, Any] = {"revisions_issued": Count("pk", filter=dated)}
    for name, condition in conditions.items():
        aggregates[name] = Count("document_set_id", distinct=True, filter=condition & dated)
        for kind in DocumentKind:
            aggregates[f"{name}__{kind.value}"] = Count(
                "document_set_id", distinct=True,
                filter=condition & dated & Q(document_set__kind=kind.value))
    # Every set figure counts sets with a revision counted here: their highest level.
    aggregates["classification"] = Max("document_set__classification")
    aggregates["design_amended_or_reissued"] = Count(
        "document_set_id", distinct=True,
        filter=Q(document_set__kind=DocumentKind.DESIGN) & for_the_plan
        & (conditions["amended"] | conditions["reissued"]))
    return counted.aggregate(**aggregates)


def _right_figures(user: User, start: dt.date, end: dt.date,
                   unit: OrgUnit | None) -> dict[str, int]:
    rights = within_unit(scope_queryset(UsageRight.objects.all(), user), unit)
    day = expiry_day(start, end)
    horizon = day + dt.timedelta(days=EXPIRY_WINDOW_DAYS)
    in_force_on_day = (Q(valid_from__lte=day, valid_to__gte=day)
                       & (Q(status=RightStatus.ACTIVE)
                          | Q(status=RightStatus.REVOKED, revoked_at__date__gt=day)))
    conditions = {
        "granted": Q(valid_from__gte=start, valid_from__lte=end),
        "expiring": in_force_on_day & Q(valid_to__lte=horizon),
        "revoked": Q(status=RightStatus.REVOKED, revoked_at__date__gte=start,
                     revoked_at__date__lte=end),
    }
    counted = conditions["granted"] | conditions["expiring"] | conditions["revoked"]
    aggregates: dict[str, Any] = {
        "classification": Max("document_set__classification", filter=counted)}
    for name, condition in conditions.items():
        aggregates[name] = Count("pk", filter=condition)
        for purpose in Purpose:
            aggregates[f"{name}__{purpose.value}"] = Count(
                "pk", filter=condition & Q(purpose=purpose.value))
    return rights.aggregate(**aggregates)


def document_figures(user: User, start: dt.date, end: dt.date,
                     unit: OrgUnit | None = None) -> DocumentFigures:
    """The technical-documents figures of the period [start, end] that `user` may see,
    optionally only for records owned in `unit`'s subtree. Two queries (plus the user's roles
    and unit, when not yet loaded)."""
    if start > end:
        raise ValueError(f"The period starts ({start}) after it ends ({end}).")
    sets = _set_figures(user, start, end, unit)
    rights = _right_figures(user, start, end, unit)
    return DocumentFigures(
        start=start,
        end=end,
        first_issued=sets["first_issued"],
        amended=sets["amended"],
        reissued=sets["reissued"],
        design_amended_or_reissued=sets["design_amended_or_reissued"],
        revisions_issued=sets["revisions_issued"],
        rights_granted=rights["granted"],
        rights_expiring=rights["expiring"],
        rights_revoked=rights["revoked"],
        by_kind={kind.value: SetFigures(**{name: sets[f"{name}__{kind.value}"]
                                           for name in SET_FIGURES})
                 for kind in DocumentKind},
        rights_by_purpose={purpose.value: RightFigures(**{
            name: rights[f"{name}__{purpose.value}"] for name in RIGHT_FIGURES})
            for purpose in Purpose},
        classification=max(sets["classification"] or 0, rights["classification"] or 0),
    )


# --- the text ---------------------------------------------------------------------------------


def render_section(figures: DocumentFigures, year: int) -> ReportSection:
    """The section in the active language, in the phrasing of the directorate's reports:
    "Hoàn thành sửa đổi, ban hành lại 27 bộ TLTK phục vụ kế hoạch sản xuất năm 2022; cấp mới
    14 quyền sử dụng tài liệu thiết kế; 3 quyền sử dụng sắp hết hạn trong 30 ngày."
    `year` is the production plan the documents served (printed as is, never "2.022").
    A clause whose figure is zero is left out, as a person writes it; a paragraph with
    nothing to count says so in words. The tables keep their zeros."""
    return ReportSection(
        title=_("Management of technical documents"),
        paragraphs=[_headline(figures, year), _detail(figures)],
        tables=_tables(figures),
    )


def _sentence(clauses: list[str]) -> str:
    text = "; ".join(clauses) + "."
    return text[:1].upper() + text[1:]


def _headline(figures: DocumentFigures, year: int) -> str:
    n = format_number
    clauses = []
    if figures.design_amended_or_reissued:
        clauses.append(_("Completed the amendment and re-issue of %(count)s design document "
                         "sets (TLTK) for the production plan of %(year)s") % {
            "count": n(figures.design_amended_or_reissued), "year": year})
    if figures.rights_granted:
        clauses.append(_("granted %(count)s new rights to use design documents") % {
            "count": n(figures.rights_granted)})
    if not clauses:
        clauses.append(_("no design document set (TLTK) was amended or re-issued for the "
                         "production plan of %(year)s and no right to use design documents "
                         "was granted") % {"year": year})
    if figures.rights_expiring:
        clauses.append(_("%(count)s usage rights expire within %(days)s days") % {
            "count": n(figures.rights_expiring), "days": figures.expiry_window_days})
    return _sentence(clauses)


def _detail(figures: DocumentFigures) -> str:
    n = format_number
    period = {"start": format_date(figures.start), "end": format_date(figures.end)}
    issued: list[str] = []
    # the first clause names the document sets, the next ones say "bộ" alone
    for count, first, then in (
            (figures.first_issued, _("%(count)s document sets issued for the first time"),
             None),
            (figures.amended, _("%(count)s document sets amended"), _("%(count)s amended")),
            (figures.reissued, _("%(count)s document sets re-issued"),
             _("%(count)s re-issued"))):
        if count:
            issued.append((then if issued and then else first) % {"count": n(count)})
    clauses = []
    if issued:
        clauses.append(", ".join(issued) + " " + _("(%(count)s revisions issued)") % {
            "count": n(figures.revisions_issued)})
    if figures.rights_revoked:
        clauses.append(_("%(count)s usage rights revoked") % {
            "count": n(figures.rights_revoked)})
    if not clauses:
        return _("In the period from %(start)s to %(end)s no technical document set was "
                 "issued and no usage right was revoked.") % period
    return _("In the period from %(start)s to %(end)s: %(figures)s.") % {
        **period, "figures": "; ".join(clauses)}


def _tables(figures: DocumentFigures) -> list[ReportTable]:
    days = figures.expiry_window_days
    by_kind: list[list[str | int]] = [
        [str(DocumentKind(kind).label), f.first_issued, f.amended, f.reissued]
        for kind, f in figures.by_kind.items()]
    by_kind.append([_("Total"), figures.first_issued, figures.amended, figures.reissued])
    by_purpose: list[list[str | int]] = [
        [str(Purpose(purpose).label), f.granted, f.revoked, f.expiring]
        for purpose, f in figures.rights_by_purpose.items()]
    by_purpose.append([_("Total"), figures.rights_granted, figures.rights_revoked,
                       figures.rights_expiring])
    return [
        ReportTable(
            title=_("Document sets issued in the period, by kind"),
            columns=[_("Kind of documents"), _("Issued for the first time"),
                     _("Amended"), _("Re-issued")],
            rows=by_kind),
        ReportTable(
            title=_("Rights to use design documents, by purpose"),
            columns=[_("Purpose"), _("Granted"), _("Revoked"),
                     _("Expiring within %(days)s days") % {"days": days}],
            rows=by_purpose),
    ]


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section of a periodic report (core.reporting's contract): the figures of the
    period as `user` may see them, marked with the highest level among the records counted."""
    figures: DocumentFigures = metrics.read("documents", user, period, unit)
    section = render_section(figures, period.year)
    level = figures.classification
    kinds = list(figures.by_kind.values())
    chart = ReportChart(
        title=_("Document sets issued in the period, by kind"), kind="bar",
        categories=[str(DocumentKind(kind).label) for kind in figures.by_kind],
        series=[(_("Issued for the first time"), [f.first_issued for f in kinds]),
                (_("Amended"), [f.amended for f in kinds]),
                (_("Re-issued"), [f.reissued for f in kinds])])
    return replace(section, key=SECTION.key, classification=level, charts=[chart],
                   tables=[replace(t, classification=level) for t in section.tables])
