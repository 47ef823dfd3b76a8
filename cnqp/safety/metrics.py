"""The production-safety figures in the metric registry (core.figures.metrics): every number
the safety section, panel, figures page and API print, computed once by figures.py.

Two sources: "safety", the figures of a period (`safety_figures`), and "safety.comparison",
the articles' comparison of two periods for that period (`compare` over `default_comparison`:
2011-2015 against 2016 up to the period's end). The figures page and the API may compare two
other periods: `comparison` computes those with the same `compare`, since a source takes no
argument but the period and the unit.

The keys the home page and the resolution's targets name are scalars: `safety.incidents`,
`safety.especially_serious`, `safety.serious_production`, `safety.serious_research` (the
zero targets of Nghị quyết 195, each linked to exactly the incidents it counts),
`safety.assets_overdue`, `safety.findings_open`, `safety.findings_first_found`. Rows per
kind, class, activity, unit, category, group, plan kind and campaign are breakdowns (`*`)."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.figures import metrics
from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.quality.selectors import Period
from cnqp.safety.figure_rows import HARM, Comparison, SafetyFigures
from cnqp.safety.figures import (
    FIGURE_LABELS,
    HARM_LABELS,
    TARGET_ACTIVITIES,
    compare,
    default_comparison,
    figure_link,
    safety_figures,
)


def _figures(user: User, period: ReportPeriod, unit: OrgUnit | None) -> SafetyFigures:
    return safety_figures(user, Period(period.start, period.end), unit=unit)


def _comparison(user: User, period: ReportPeriod, unit: OrgUnit | None) -> Comparison:
    return compare(user, *default_comparison(period), unit=unit)


register_source(Source("safety", _figures, SafetyFigures))
register_source(Source("safety.comparison", _comparison, Comparison))


def comparison(user: User, period: ReportPeriod, unit: OrgUnit | None,
               compared: tuple[Period, Period] | None = None) -> Comparison:
    """The comparison for `period`: the registry's (the articles' periods) unless two other
    periods are `compared`, which the same `compare` computes."""
    if compared is None or compared == default_comparison(period):
        result: Comparison = metrics.read("safety.comparison", user, period, unit)
        return result
    return compare(user, *compared, unit=unit)


def records(figure: str, **narrow: Any) -> Link:
    """The records `figure` counts in the period and unit (figures.figure_records)."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        return figure_link(figure, period, unit, **narrow)

    return link


def compared_records(side: int) -> Link:
    """The incidents of the earlier (0) or later (1) period the comparison counts."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        return figure_link("incidents", default_comparison(period)[side], unit)

    return link


INCIDENTS = "safety.view_incident"
ASSETS = "safety.view_safetyasset"
CERTIFICATES = "safety.view_trainingrecord"
PLANS = "safety.view_safetyplan"
FINDINGS = "safety.view_finding"

# Units of measure, as the directorate's reports print them.
MEASURES = {
    "incidents": pgettext_lazy("unit of measure", "incidents"),
    "deaths": pgettext_lazy("unit of measure", "people"),
    "serious_injuries": pgettext_lazy("unit of measure", "people"),
    "minor_injuries": pgettext_lazy("unit of measure", "people"),
    "days_off": pgettext_lazy("unit of measure", "days"),
    "damage": _("VND"),
}
ASSET_MEASURE = pgettext_lazy("unit of measure", "assets")
CERTIFICATE_MEASURE = pgettext_lazy("unit of measure", "certificates")
PLAN_MEASURE = pgettext_lazy("unit of measure", "plans")
FINDING_MEASURE = pgettext_lazy("unit of measure", "findings")
DAYS = pgettext_lazy("unit of measure", "days")
YEARS = pgettext_lazy("unit of measure", "years")
PERCENT = "%"


def _harm_metrics() -> list[Metric]:
    """The period's harm, near misses and serious incidents, overall, per targeted activity
    and per kind, class, activity and unit."""
    out = [Metric(f"safety.{n}", "safety", f"total.{n}",
                  HARM_LABELS[n], MEASURES[n], better=Better.LOWER,
                  link=records("incidents"), permission=INCIDENTS) for n in HARM]
    out += [
        Metric("safety.near_misses", "safety", "near_misses", FIGURE_LABELS["near_misses"],
               MEASURES["incidents"], better=Better.LOWER, link=records("near_misses"),
               permission=INCIDENTS),
        Metric("safety.especially_serious", "safety", "especially_serious",
               FIGURE_LABELS["especially_serious"], MEASURES["incidents"], better=Better.LOWER,
               link=records("especially_serious"), permission=INCIDENTS),
        Metric("safety.serious", "safety", "serious", FIGURE_LABELS["serious"],
               MEASURES["incidents"], better=Better.LOWER, link=records("serious"),
               permission=INCIDENTS),
    ]
    serious_in = {"production": _("Serious incidents in production"),
                  "research": _("Serious incidents in research and prototyping")}
    for activity in TARGET_ACTIVITIES:
        a = activity.value
        out += [
            Metric(f"safety.serious_{a}", "safety", f"zero_targets.{a}.total", serious_in[a],
                   MEASURES["incidents"], better=Better.LOWER,
                   link=records("serious", activity=a), permission=INCIDENTS),
            Metric(f"safety.especially_serious_{a}", "safety",
                   f"zero_targets.{a}.especially_serious",
                   format_lazy("{} ({})", FIGURE_LABELS["especially_serious"], activity.label),
                   MEASURES["incidents"], better=Better.LOWER,
                   link=records("especially_serious", activity=a), permission=INCIDENTS,
                   compared=False),
        ]
    targeted = _("Serious incidents in production and in research and prototyping (target: "
                 "none)")
    out += [
        Metric("safety.zero_targets.*.serious", "safety", "zero_targets.*.serious",
               format_lazy("{}: {}", targeted, _("Serious")), MEASURES["incidents"],
               better=Better.LOWER, permission=INCIDENTS, compared=False),
        Metric("safety.zero_targets.*.target", "safety", "zero_targets.*.target",
               format_lazy("{}: {}", targeted, _("Target")), MEASURES["incidents"],
               better=Better.LOWER, permission=INCIDENTS, compared=False),
    ]
    dimensions = {"by_kind": _("Incidents by kind"), "by_severity": _("Incidents by severity"),
                  "by_activity": _("Incidents by activity"),
                  "by_unit": _("Incidents by unit")}
    out += [Metric(f"safety.{d}.*.{n}", "safety", f"{d}.*.harm.{n}",
                   format_lazy("{}: {}", title, HARM_LABELS[n]), MEASURES[n],
                   better=Better.LOWER, permission=INCIDENTS, compared=False)
            for d, title in dimensions.items() for n in HARM]
    return out


def _comparison_metrics() -> list[Metric]:
    """The articles' comparison: each period's harm and its per-year average, the change of
    the totals in number and per cent, and of the averages in per cent."""
    out: list[Metric] = []
    for side, (name, period_label) in enumerate((("earlier", _("earlier period")),
                                                 ("later", _("later period")))):
        out.append(Metric(f"safety.comparison.{name}.years", "safety.comparison",
                          f"{name}.years", format_lazy("{} ({})", _("Years"), period_label),
                          YEARS, decimals=1, permission=INCIDENTS, compared=False))
        for n in HARM:
            out += [
                Metric(f"safety.comparison.{name}.{n}", "safety.comparison",
                       f"{name}.harm.{n}", format_lazy("{} ({})", HARM_LABELS[n], period_label),
                       MEASURES[n], better=Better.LOWER, link=compared_records(side),
                       permission=INCIDENTS, compared=False),
                Metric(f"safety.comparison.{name}.{n}_per_year", "safety.comparison",
                       f"{name}.per_year.{n}",
                       format_lazy("{} ({}, {})", HARM_LABELS[n], period_label, _("per year")),
                       MEASURES[n], better=Better.LOWER, decimals=0 if n == "damage" else 1,
                       permission=INCIDENTS, compared=False)]
    for n in HARM:
        out += [
            Metric(f"safety.comparison.change.{n}", "safety.comparison", f"change.{n}",
                   format_lazy("{}: {}", HARM_LABELS[n], _("Difference")), MEASURES[n],
                   better=Better.LOWER, permission=INCIDENTS, compared=False),
            Metric(f"safety.comparison.percent.{n}", "safety.comparison", f"percent.{n}",
                   format_lazy("{}: {}", HARM_LABELS[n], _("Change (%)")), PERCENT,
                   better=Better.LOWER, decimals=1, permission=INCIDENTS, compared=False),
            Metric(f"safety.comparison.average_percent.{n}", "safety.comparison",
                   f"average_percent.{n}",
                   format_lazy("{}: {}", HARM_LABELS[n],
                               _("Change of the per-year average (%)")),
                   PERCENT, better=Better.LOWER, decimals=1, permission=INCIDENTS,
                   compared=False)]
    return out


def _asset_metrics() -> list[Metric]:
    """Safety-critical assets on the period's as-of day, in all and per category."""
    direction = {"in_service": Better.HIGHER, "covered": Better.HIGHER,
                 "overdue": Better.LOWER}
    out = [Metric(f"safety.assets_{n}", "safety", f"asset_totals.{n}",
                  FIGURE_LABELS[f"assets_{n}"], ASSET_MEASURE, better=direction[n],
                  link=records(f"assets_{n}"), permission=ASSETS) for n in direction]
    covered_share = format_lazy("{} (%)", FIGURE_LABELS["assets_covered"])
    out += [
        Metric("safety.assets_strict", "safety", "asset_totals.strict",
               _("Assets in service with strict safety requirements"), ASSET_MEASURE,
               link=records("assets_in_service", strict=1), permission=ASSETS, compared=False),
        Metric("safety.assets_covered_share", "safety", "asset_totals.covered_share",
               covered_share, PERCENT, decimals=1, permission=ASSETS),
        *(Metric(f"safety.assets.*.{n}", "safety", f"assets.*.{n}",
                 format_lazy("{} ({})", FIGURE_LABELS[f"assets_{n}"], _("Category")),
                 ASSET_MEASURE, better=direction[n], permission=ASSETS, compared=False)
          for n in direction),
        Metric("safety.assets.*.covered_share", "safety", "assets.*.covered_share",
               format_lazy("{} ({})", covered_share, _("Category")), PERCENT, decimals=1,
               permission=ASSETS, compared=False),
    ]
    return out


def _certificate_and_plan_metrics() -> list[Metric]:
    """Valid and expiring training certificates on the as-of day; plans approved, in force
    and drilled; in all, per training group and per plan kind."""
    out = [
        Metric("safety.certificates_valid", "safety", "certificate_totals.valid",
               FIGURE_LABELS["certificates_valid"], CERTIFICATE_MEASURE,
               link=records("certificates_valid"), permission=CERTIFICATES),
        Metric("safety.certificates_expiring", "safety", "certificate_totals.expiring",
               FIGURE_LABELS["certificates_expiring"], CERTIFICATE_MEASURE,
               better=Better.LOWER, link=records("certificates_expiring"),
               permission=CERTIFICATES),
        Metric("safety.certificates_horizon_days", "safety", "certificate_totals.horizon_days",
               _("Days ahead a certificate counts as expiring"), DAYS,
               permission=CERTIFICATES, compared=False),
        *(Metric(f"safety.certificates.*.{n}", "safety", f"certificates.*.{n}",
                 format_lazy("{} ({})", FIGURE_LABELS[f"certificates_{n}"],
                             _("Training group")), CERTIFICATE_MEASURE,
                 better=Better.LOWER if n == "expiring" else Better.HIGHER,
                 permission=CERTIFICATES, compared=False) for n in ("valid", "expiring")),
    ]
    for n in ("approved", "in_force", "drilled", "not_drilled"):
        better = Better.LOWER if n == "not_drilled" else Better.HIGHER
        out += [
            Metric(f"safety.plans_{n}", "safety", f"plan_totals.{n}",
                   FIGURE_LABELS[f"plans_{n}"], PLAN_MEASURE, better=better,
                   link=records(f"plans_{n}"), permission=PLANS),
            Metric(f"safety.plans.*.{n}", "safety", f"plans.*.{n}",
                   format_lazy("{} ({})", FIGURE_LABELS[f"plans_{n}"], _("Kind")),
                   PLAN_MEASURE, better=better, permission=PLANS, compared=False)]
    return out


def _finding_metrics() -> list[Metric]:
    """Findings of the period and still open on the as-of day, in all, per review campaign
    and per general review (by its year)."""
    out = [Metric(f"safety.findings_{n}", "safety", f"findings.{n}",
                  FIGURE_LABELS[f"findings_{n}"], FINDING_MEASURE,
                  better=Better.HIGHER if n == "closed" else Better.LOWER,
                  link=records(f"findings_{n}"), permission=FINDINGS)
           for n in ("found", "closed", "open", "overdue", "carried_open")]
    out += [
        Metric("safety.findings_median_days", "safety", "findings.median_days",
               _("Median days to close"), DAYS, better=Better.LOWER, decimals=1,
               permission=FINDINGS),
        Metric("safety.findings_first_found", "safety", "findings.first_found_open",
               FIGURE_LABELS["findings_first_found"], FINDING_MEASURE, better=Better.LOWER,
               link=records("findings_first_found"), permission=FINDINGS),
        Metric("safety.findings_first_found.*", "safety", "findings.first_found.*",
               format_lazy("{} ({})", FIGURE_LABELS["findings_first_found"],
                           _("by the review's year")), FINDING_MEASURE, better=Better.LOWER,
               permission=FINDINGS, compared=False),
    ]
    campaign: dict[str, tuple[Any, Any, str]] = {
        "found": (FIGURE_LABELS["campaign_findings"], FINDING_MEASURE, Better.LOWER),
        "closed": (FIGURE_LABELS["campaign_closed"], FINDING_MEASURE, Better.HIGHER),
        "open": (FIGURE_LABELS["findings_open"], FINDING_MEASURE, Better.LOWER),
        "carried": (FIGURE_LABELS["campaign_carried"], FINDING_MEASURE, Better.LOWER),
        "carried_in": (_("Findings continuing an earlier one"), FINDING_MEASURE, Better.LOWER),
        "closed_share": (_("Closed (%)"), PERCENT, Better.HIGHER),
        "median_days": (_("Median days to close"), DAYS, Better.LOWER)}
    out += [Metric(f"safety.campaigns.*.{n}", "safety", f"campaigns.*.{n}",
                   format_lazy("{} ({})", label, _("Campaign")), measure, better=better,
                   decimals=1 if n in ("closed_share", "median_days") else 0,
                   permission=FINDINGS, compared=False)
            for n, (label, measure, better) in campaign.items()]
    return out


register(*_harm_metrics(), *_comparison_metrics(), *_asset_metrics(),
         *_certificate_and_plan_metrics(), *_finding_metrics())
