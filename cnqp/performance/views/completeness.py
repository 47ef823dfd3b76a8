"""The completeness page of a period and scenario (`completeness.py`): the counts as cards,
each opening the enterprises it counts, and the table of expected enterprises, what is missing
first, each received return linked. An enterprise's staff see their own enterprise; the
directorate's roles every one. Permission: viewing returns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.records.forms import StyledForm
from cnqp.performance.choices import PERIODS_IN_YEAR, PeriodKind, Scenario
from cnqp.performance.completeness import (
    MISSING,
    Completeness,
    Line,
    State,
    completeness,
    latest_due_period,
)
from cnqp.performance.models import Submission
from cnqp.performance.periods import Period
from cnqp.performance.resources.returns import returns

# What each card counts: the `show` filter of the table.
SHOWN = {
    "expected": lambda line: True,
    "received": lambda line: line.received,
    "on_time": lambda line: line.on_time,
    "late": lambda line: line.late,
    "missing": lambda line: line.missing,
    "overdue": lambda line: line.overdue,
    "accepted": lambda line: line.accepted,
}
BADGES = {
    State.NOT_STARTED: "text-bg-danger", State.DRAFT: "text-bg-warning",
    State.RETURNED: "text-bg-warning", State.LATE: "text-bg-info",
    State.ON_TIME: "text-bg-primary", State.ACCEPTED_LATE: "text-bg-success",
    State.ACCEPTED_ON_TIME: "text-bg-success",
}


class CompletenessForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period_number = forms.IntegerField(label=_("Number"), min_value=1, max_value=12,
                                       help_text=_("Month, quarter or half of the year."))
    scenario = forms.ChoiceField(label=_("Scenario"), choices=Scenario.choices)
    show = forms.ChoiceField(required=False, choices=[(key, key) for key in SHOWN],
                             widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("period_kind"), data.get("period_number")
        if kind and number and number > PERIODS_IN_YEAR[PeriodKind(kind)]:
            self.add_error("period_number", _("A year has %(count)s periods of this kind.") % {
                "count": PERIODS_IN_YEAR[PeriodKind(kind)]})
        return data


def _query(period: Period, scenario: str, **extra: str) -> str:
    query: dict[str, str | int] = {"year": period.year, "period_kind": str(period.kind),
                                   "period_number": period.number, "scenario": scenario,
                                   **extra}
    return urlencode(query)


def _returns_list(period: Period, scenario: str) -> str:
    try:
        return f"{reverse(returns.url_name('list'))}?{_query(period, scenario)}"
    except NoReverseMatch:
        return ""


def _cards(found: Completeness, page: str) -> list[dict[str, Any]]:
    period, scenario = found.period, found.scenario
    cards = [
        ("expected", _("Expected"), found.expected, None),
        ("received", _("Received"), found.received, found.rate),
        ("on_time", pgettext_lazy("completeness", "On time"), found.on_time,
         found.on_time_rate),
        ("late", pgettext_lazy("completeness", "Late"), found.late, None),
        ("missing", _("Missing"), found.missing, None),
        ("overdue", _("Overdue"), found.overdue, None),
        ("accepted", pgettext_lazy("completeness", "Accepted"), found.accepted, None),
    ]
    return [{"key": key, "label": label, "value": value, "rate": rate,
             "url": f"{page}?{_query(period, scenario, show=key)}#completeness-lines"}
            for key, label, value, rate in cards]


def _row(line: Line) -> dict[str, Any]:
    link = ""
    if line.submission is not None:
        try:
            link = reverse(returns.url_name("detail"), args=[line.submission.pk])
        except NoReverseMatch:
            link = ""
    return {"line": line, "badge": BADGES[line.state], "link": link,
            "missing": line.state in MISSING}


@login_required
@require_GET
def completeness_page(request: HttpRequest) -> HttpResponse:
    user = returns.require(request.user, "view")
    today = timezone.localdate()
    default = latest_due_period(today)
    initial = {"year": default.year, "period_kind": default.kind,
               "period_number": default.number, "scenario": Scenario.ACTUAL}
    form = CompletenessForm(request.GET or None, initial=initial)
    period, scenario, show = default, str(Scenario.ACTUAL), "expected"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = Period(data["year"], PeriodKind(data["period_kind"]), data["period_number"])
        scenario, show = data["scenario"], data["show"] or "expected"
    found = completeness(user, period, scenario, today)
    lines = [line for line in found.lines if SHOWN[show](line)]
    audit.record_listing(user, Submission, [line.submission for line in lines
                                            if line.submission is not None])
    page = reverse("performance:completeness")
    return TemplateResponse(request, "performance/completeness.html", {
        "form": form, "found": found, "period": period, "scenario": Scenario(scenario),
        "cards": _cards(found, page), "show": show, "all_url": f"{page}?{_query(period, scenario)}",
        "rows": [_row(line) for line in lines],
        "returns_url": _returns_list(period, scenario)})


urlpatterns: list[URLPattern] = [
    path("completeness/", completeness_page, name="completeness"),
]
