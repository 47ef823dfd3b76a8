"""The production panels of the home page (core.dashboard's contract).

For the directorate and the enterprises: the year's plan completion (N/M product types done
well, against the M the plans hold), the plan quantities delivered, accepted output and the
final-acceptance pass rate, each against last year; charts of completion per enterprise and
of the monthly pass rate (the quality trend). For a user unit: the serials it received."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures.dashboard import Chart, Figure, Panel, Target
from cnqp.core.figures.reporting import ReportChart
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.models import DeliveryLine, Inspection, Lot, PlanItem, SerialUnit
from cnqp.production.report import plan_completion
from cnqp.production.selectors import accepted_node_ids, completion_figure


def _url(name: str, **query: Any) -> str:
    return f"{reverse(f'production:{name}')}?{urlencode(query)}"


def _quantities(user: User, year: int) -> tuple[int, int]:
    """(accepted output, planned quantity) of the year's plan items: the sum of the items'
    progress (selectors.annotate_items), counted over the output rather than per item.
    Three queries."""
    items = scope_queryset(PlanItem.objects.filter(plan__year=year), user)
    accepted = Q(plan_item__in=items.values("pk"), node_id__in=accepted_node_ids())
    serials = SerialUnit.objects.filter(accepted).count()
    lots = Lot.objects.filter(accepted).aggregate(n=Sum("quantity"))["n"] or 0
    return serials + lots, items.aggregate(n=Sum("quantity"))["n"] or 0


def _accepted_serials(user: User, year: int) -> int:
    return scope_queryset(SerialUnit.objects.filter(
        made_date__year=year, node_id__in=accepted_node_ids()), user).count()


def _monthly_finals(user: User, year: int) -> dict[int, tuple[int, int]]:
    """{month: (inspected, passed)} of final acceptances. One grouped query."""
    rows = (scope_queryset(Inspection.objects.filter(
        stage=InspectionStage.FINAL_ACCEPTANCE, date__year=year), user)
        .annotate(month=ExtractMonth("date")).order_by().values("month")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(
            result=InspectionResult.PASSED))))
    return {r["month"]: (r["total"], r["passed"]) for r in rows}


def _rate(months: dict[int, tuple[int, int]]) -> float:
    total = sum(t for t, _p in months.values())
    return round(100 * sum(p for _t, p in months.values()) / total, 1) if total else 0.0


def _finals_url(start: dt.date, end: dt.date) -> str:
    return _url("inspections-list", stage=InspectionStage.FINAL_ACCEPTANCE,
                date_from=format_date(start), date_to=format_date(end))


def _plan_panel(user: User, year: int) -> Panel:
    now = plan_completion(user, year)
    # Last year's N alone: one query, not the per-enterprise table.
    before_done, _before_total = completion_figure(
        scope_queryset(PlanItem.objects.filter(plan__year=year - 1), user))
    done, planned = _quantities(user, year)
    done_before, _planned_before = _quantities(user, year - 1)
    finals, finals_before = _monthly_finals(user, year), _monthly_finals(user, year - 1)
    types_url = _url("plan-items-list", year=year, type_done_well="true")
    figures = [
        Figure(key="production.types_done_well",
               label=_("Product types done well (on time, to quality)"), value=now.done,
               url=types_url, previous=before_done,
               previous_url=_url("plan-items-list", year=year - 1, type_done_well="true"),
               target=Target(now.total, _("product types in the plans of %(year)s") % {
                   "year": year}, _url("plan-items-list", year=year))),
        Figure(key="production.plan_output", label=_("Planned quantities accepted"),
               value=done, url=_url("plan-items-list", year=year), previous=done_before,
               previous_url=_url("plan-items-list", year=year - 1),
               target=Target(planned, _("planned quantity of %(year)s") % {"year": year},
                             _url("plan-items-list", year=year))),
        Figure(key="production.accepted_serials", label=_("Accepted units built"),
               value=_accepted_serials(user, year),
               url=_url("serials-list", accepted="true", made_since=f"01/01/{year}",
                        made_until=f"31/12/{year}"),
               previous=_accepted_serials(user, year - 1),
               previous_url=_url("serials-list", accepted="true",
                                 made_since=f"01/01/{year - 1}",
                                 made_until=f"31/12/{year - 1}")),
        Figure(key="production.final_pass_rate", label=_("Final acceptances passed"),
               value=_rate(finals), suffix="%", decimals=1,
               url=_finals_url(dt.date(year, 1, 1), dt.date(year, 12, 31)),
               previous=_rate(finals_before),
               previous_url=_finals_url(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))),
    ]
    enterprises = now.enterprises
    ids = dict(OrgUnit.objects.filter(code__in=[e.code for e in enterprises])
               .values_list("code", "pk"))
    completion = Chart(
        ReportChart(title=_("Plan completion %(year)s by enterprise") % {"year": year},
                    kind="bar", categories=[e.code for e in enterprises],
                    series=[(_("Product types done well"), [e.done for e in enterprises]),
                            (_("Product types planned"), [e.total for e in enterprises])]),
        links=[[_url("plan-items-list", year=year, enterprise=ids[e.code],
                     type_done_well="true") for e in enterprises],
               [_url("plan-items-list", year=year, enterprise=ids[e.code])
                for e in enterprises]])
    months = list(range(1, 13))
    trend = Chart(
        ReportChart(title=_("Final acceptance pass rate by month (%)"), kind="line",
                    categories=[f"{m:02d}" for m in months],
                    # A month without final acceptances is a gap in the line, not a zero.
                    series=[(str(y), [_rate({m: data[m]}) if m in data else None  # type: ignore[misc]
                                      for m in months])
                            for y, data in ((year - 1, finals_before), (year, finals))]),
        links=[[_finals_url(dt.date(y, m, 1), _month_end(y, m)) for m in months]
               for y in (year - 1, year)])
    return Panel(key="production", title=_("Production and repair"), order=30,
                 figures=figures, charts=[completion, trend])


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _received(user: User, year: int) -> int:
    lines = DeliveryLine.objects.filter(
        delivery__date__year=year, delivery__recipient__path__startswith=user.org_unit.path)
    return scope_queryset(SerialUnit.objects.filter(pk__in=lines.values("serial_id")),
                          user).count()


def _user_unit_panel(user: User, year: int) -> Panel:
    figures = [
        Figure(key="production.received_serials", label=_("Serial units received"),
               value=_received(user, year), url=_url("serials-list", received_in=year),
               previous=_received(user, year - 1),
               previous_url=_url("serials-list", received_in=year - 1)),
        Figure(key="production.serials_held", label=_("Serial units received, all years"),
               value=scope_queryset(SerialUnit.objects.all(), user).count(),
               url=reverse("production:serials-list")),
    ]
    return Panel(key="production", title=_("Products received"), order=30, figures=figures)


def panels(user: User, year: int) -> list[Panel]:
    unit = user.org_unit
    if unit is not None and unit.kind == OrgUnitKind.USER_UNIT:
        if not user.has_perm("production.view_serialunit"):
            return []
        return [_user_unit_panel(user, year)]
    if not user.has_perm("production.view_planitem"):
        return []
    return [_plan_panel(user, year)]
