"""The cooperation figures, computed from the records the reader may see, for a period and the
same period a year before (docs/cooperation-figures.md):

- agreements signed (concretised) in the period, the distinct partner countries (by folded
  key: "Nga" and "Liên bang Nga" are one) and their names (most agreements first, then the
  first signed, then in Vietnamese order), those in force at the period's end (or today,
  when it ends later);
- follow-up actions done in the period, and overdue at its end (or today, when it ends later):
  due before that day and not done by it;
- delegations out and in (started in the period, by today at the latest: a planned one is
  not counted) and their members;
- exhibitions, forums and fairs attended (started in the period, by today at the latest):
  international (held abroad
  or at home) and domestic, by kind, the distinct participating units and the products shown,
  and a row per event (its units and products);
- export contracts signed: count and value (VND, and billions for the sentences) by category,
  and the value's growth on the year before, in percent (one decimal, half up).

With a unit: the records it or a unit under it owns (`within_unit`): agreements and delegations
by lead unit, follow-ups by unit in charge, contracts by enterprise; an event when the unit
leads the participation or takes part in it, an entry when the unit takes part or leads the
event. Nine queries whatever the number of records, every count a SQL aggregate of a scoped
queryset: a record the reader may not see is never counted, and a hidden agreement's country is
never named. Registered in `metrics.py`; the report section and the dashboard read them from
the registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from cnqp.cooperation.choices import KINDS, ContractCategory, Direction
from cnqp.cooperation.countries import HOME_KEY, country_key
from cnqp.cooperation.filters import in_force_on, overdue_on
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User

EVENT_ROWS = 30  # events listed, the earliest first


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _tenth(value: Decimal) -> float:
    """One decimal, half up as the project's formatting rounds (core.text.format_number):
    1,25 -> 1,3, where float rounding (half to even, binary) would print 1,2."""
    return float(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


def billions(value: int) -> float:
    return _tenth(Decimal(value) / Decimal(1_000_000_000))


def growth(now: int, before: int) -> float | None:
    """`now` against `before`, in percent (+/-), one decimal; None without a year before."""
    if not before:
        return None
    return _tenth(Decimal(100 * (now - before)) / Decimal(before))


@dataclass(frozen=True)
class Counts:
    agreements: int = 0  # signed in the period
    countries: int = 0  # their distinct partner countries
    in_force: int = 0  # agreements in force at the period's end
    follow_ups_done: int = 0
    follow_ups_overdue: int = 0  # at the period's end (or today)
    delegations_out: int = 0
    delegations_in: int = 0
    members_out: int = 0
    members_in: int = 0
    events: int = 0  # exhibitions, forums and fairs attended
    international: int = 0
    domestic: int = 0
    abroad: int = 0  # held outside Việt Nam
    units: int = 0  # distinct participating units
    products: int = 0  # products shown
    contracts: int = 0  # export contracts signed
    defence_contracts: int = 0
    economic_contracts: int = 0
    value: int = 0  # VND
    defence_value: int = 0
    economic_value: int = 0
    value_billion: float = 0.0  # tỷ đồng, one decimal
    defence_billion: float = 0.0
    economic_billion: float = 0.0


@dataclass(frozen=True)
class EventRow:
    pk: str  # the record's id, as text: not a figure
    name: str
    kind: str
    international: bool
    country: str
    place: str
    start: dt.date
    end: dt.date
    units: int
    products: int


@dataclass(frozen=True)
class CooperationFigures:
    start: dt.date
    end: dt.date
    now: Counts = field(default_factory=Counts)
    previous: Counts = field(default_factory=Counts)
    country_names: list[str] = field(default_factory=list)  # of the period's agreements
    by_kind: dict[str, int] = field(default_factory=dict)  # events by kind
    previous_by_kind: dict[str, int] = field(default_factory=dict)
    events: list[EventRow] = field(default_factory=list)  # the period's, by start
    headline: EventRow | None = None  # the international event with the most products
    other_international: int = 0  # the period's international events but the headline
    value_growth: float | None = None  # contracts' value on the year before, % (+/-)
    classification: int = 0


def _between(path: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{path}__gte": start, f"{path}__lte": end})


def _involving(unit: OrgUnit | None, events: QuerySet[Exhibition],
               entries: QuerySet[ExhibitionEntry]) -> tuple[QuerySet[Exhibition],
                                                            QuerySet[ExhibitionEntry]]:
    if unit is None:
        return events, entries
    taking_part = ExhibitionEntry.objects.filter(unit__path__startswith=unit.path)
    return (events.filter(Q(lead_unit__path__startswith=unit.path)
                          | Q(pk__in=taking_part.values("exhibition_id"))),
            entries.filter(Q(unit__path__startswith=unit.path)
                           | Q(exhibition__lead_unit__path__startswith=unit.path)))


def _agreements(user: User, unit: OrgUnit | None, now: Q, before: Q, as_of: dt.date,
                as_of_before: dt.date) -> tuple[dict[str, Any], list[str]]:
    """Countries by their folded key (countries.py): "Nga" and "Liên bang Nga" are one."""
    rows = within_unit(scope_queryset(Agreement.objects.all(), user), unit).order_by()
    totals = rows.aggregate(
        now_agreements=Count("pk", filter=now),
        now_countries=Count("country_key", distinct=True, filter=now),
        now_in_force=Count("pk", filter=in_force_on(as_of)),
        p_agreements=Count("pk", filter=before),
        p_countries=Count("country_key", distinct=True, filter=before),
        p_in_force=Count("pk", filter=in_force_on(as_of_before)),
        level=Max("classification", filter=now | before | in_force_on(as_of)
                  | in_force_on(as_of_before)))
    names = list(rows.filter(now).values("country_key").annotate(
        n=Count("pk"), first=Min("signed_on"), name=Min("country"))
        .order_by("-n", "first", Collate("name", "vi")).values_list("name", flat=True))
    return totals, names


def cooperation_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                        ) -> CooperationFigures:
    start, end = period.start, period.end
    b_start, b_end = year_before(start), year_before(end)
    today = timezone.localdate()
    # What happened by the period's end, or by today when it ends later: a delegation or an
    # event planned ahead is not counted as done, nor an agreement in force on a future day.
    as_of, as_of_before = min(end, today), min(b_end, today)

    agreements, names = _agreements(user, unit, _between("signed_on", start, end),
                                    _between("signed_on", b_start, b_end), as_of,
                                    as_of_before)

    follow_ups = within_unit(scope_queryset(FollowUp.objects.all(), user), unit).order_by()
    done_now, done_before = _between("done_on", start, end), _between("done_on", b_start, b_end)
    follow = follow_ups.aggregate(
        now_done=Count("pk", filter=done_now),
        now_overdue=Count("pk", filter=overdue_on(as_of)),
        p_done=Count("pk", filter=done_before),
        p_overdue=Count("pk", filter=overdue_on(as_of_before)),
        level=Max("agreement__classification",
                  filter=done_now | done_before | overdue_on(as_of) | overdue_on(as_of_before)))

    now, before = _between("start", start, as_of), _between("start", b_start, as_of_before)
    delegations = within_unit(scope_queryset(Delegation.objects.all(), user), unit).filter(
        now | before).order_by()
    out, inc = Q(direction=Direction.OUTGOING), Q(direction=Direction.INCOMING)
    dele = delegations.aggregate(
        now_out=Count("pk", filter=now & out), now_inc=Count("pk", filter=now & inc),
        now_m_out=Coalesce(Sum("members", filter=now & out), 0),
        now_m_in=Coalesce(Sum("members", filter=now & inc), 0),
        p_out=Count("pk", filter=before & out), p_inc=Count("pk", filter=before & inc),
        p_m_out=Coalesce(Sum("members", filter=before & out), 0),
        p_m_in=Coalesce(Sum("members", filter=before & inc), 0),
        level=Max("classification"))

    events, entries = _involving(unit, scope_queryset(Exhibition.objects.all(), user),
                                 scope_queryset(ExhibitionEntry.objects.all(), user))
    events = events.filter(now | before).order_by()
    entries = entries.filter(exhibition_id__in=events.values("pk")).order_by()
    intl, abroad = Q(international=True), ~Q(country_key=HOME_KEY)

    def event_counts(prefix: str, when: Q) -> dict[str, Any]:
        return {f"{prefix}events": Count("pk", filter=when),
                f"{prefix}international": Count("pk", filter=when & intl),
                f"{prefix}domestic": Count("pk", filter=when & ~intl),
                f"{prefix}abroad": Count("pk", filter=when & abroad),
                **{f"{prefix}kind_{kind}": Count("pk", filter=when & Q(kind=kind))
                   for kind in KINDS}}

    ev = events.aggregate(**event_counts("now_", now), **event_counts("p_", before),
                          level=Max("classification"))
    e_now = _between("exhibition__start", start, as_of)
    e_before = _between("exhibition__start", b_start, as_of_before)
    shown = entries.aggregate(
        now_units=Count("unit", distinct=True, filter=e_now),
        now_products=Coalesce(Sum("product_count", filter=e_now), 0),
        p_units=Count("unit", distinct=True, filter=e_before),
        p_products=Coalesce(Sum("product_count", filter=e_before), 0))
    per_event: dict[int, Any] = {row["exhibition_id"]: row for row in entries.filter(e_now).values(
        "exhibition_id").annotate(units=Count("unit", distinct=True),
                                  products=Coalesce(Sum("product_count"), 0))}
    rows = [EventRow(str(e["pk"]), e["name"], e["kind"], e["international"], e["country"],
                     e["place"], e["start"], e["end"],
                     per_event.get(e["pk"], {}).get("units", 0),
                     per_event.get(e["pk"], {}).get("products", 0))
            for e in events.filter(now).order_by("start", Collate("name", "vi"), "pk").values(
                "pk", "name", "kind", "international", "country", "place", "start",
                "end")[:EVENT_ROWS]]
    international = [r for r in rows if r.international]
    headline = max(international, key=lambda r: (r.products, country_key(r.country) != HOME_KEY,
                                                 -r.start.toordinal()), default=None)

    signed, signed_before = (_between("signed_on", start, end),
                             _between("signed_on", b_start, b_end))
    contracts = within_unit(scope_queryset(ExportContract.objects.all(), user), unit).filter(
        signed | signed_before).order_by()
    defence = Q(category=ContractCategory.DEFENCE)
    economic = Q(category=ContractCategory.ECONOMIC)

    def contract_counts(prefix: str, when: Q) -> dict[str, Any]:
        return {f"{prefix}contracts": Count("pk", filter=when),
                f"{prefix}defence_contracts": Count("pk", filter=when & defence),
                f"{prefix}economic_contracts": Count("pk", filter=when & economic),
                f"{prefix}value": Coalesce(Sum("value", filter=when), 0),
                f"{prefix}defence_value": Coalesce(Sum("value", filter=when & defence), 0),
                f"{prefix}economic_value": Coalesce(Sum("value", filter=when & economic), 0)}

    co = contracts.aggregate(**contract_counts("now_", signed),
                             **contract_counts("p_", signed_before),
                             level=Max("classification"))

    def counts(p: str) -> Counts:
        e = p or "now_"  # an alias without a prefix could shadow a field ("value")
        return Counts(
            agreements=agreements[f"{e}agreements"], countries=agreements[f"{e}countries"],
            in_force=agreements[f"{e}in_force"], follow_ups_done=follow[f"{e}done"],
            follow_ups_overdue=follow[f"{e}overdue"], delegations_out=dele[f"{e}out"],
            delegations_in=dele[f"{e}inc"], members_out=int(dele[f"{e}m_out"]),
            members_in=int(dele[f"{e}m_in"]), events=ev[f"{e}events"],
            international=ev[f"{e}international"], domestic=ev[f"{e}domestic"],
            abroad=ev[f"{e}abroad"], units=shown[f"{e}units"],
            products=int(shown[f"{e}products"]), contracts=co[f"{e}contracts"],
            defence_contracts=co[f"{e}defence_contracts"],
            economic_contracts=co[f"{e}economic_contracts"], value=int(co[f"{e}value"]),
            defence_value=int(co[f"{e}defence_value"]),
            economic_value=int(co[f"{e}economic_value"]),
            value_billion=billions(int(co[f"{e}value"])),
            defence_billion=billions(int(co[f"{e}defence_value"])),
            economic_billion=billions(int(co[f"{e}economic_value"])))

    current, previous = counts(""), counts("p_")
    levels = [agreements["level"], follow["level"], dele["level"], ev["level"], co["level"]]
    return CooperationFigures(
        start=start, end=end, now=current, previous=previous, country_names=names,
        by_kind={kind: ev[f"now_kind_{kind}"] for kind in KINDS},
        previous_by_kind={kind: ev[f"p_kind_{kind}"] for kind in KINDS},
        events=rows, headline=headline,
        other_international=max(current.international - (headline is not None), 0),
        value_growth=growth(current.value, previous.value),
        classification=max((level or 0 for level in levels), default=0))
