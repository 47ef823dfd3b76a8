"""Assembling a report from the apps' sections.

Sections are discovered, never listed: every app whose `report.py` exposes `SECTION` and
`build_section` (core.reporting's contract) contributes one, ordered by `SECTION.order`, so a
module that lands later (quality, safety, directives) appears without a change here. Each
section computes its figures as the requesting user may see them, and gains the comparison of
the figures it read with the same period a year before (`comparison.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from cnqp.core.discovery import app_modules
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, SectionSpec
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date
from cnqp.reports.choices import ReportKind
from cnqp.reports.comparison import sources_read, with_comparison, year_before
from cnqp.reports.document import Header, Report, Signature

Builder = Callable[[User, ReportPeriod, OrgUnit | None], ReportSection]


@dataclass(frozen=True)
class AvailableSection:
    app_label: str
    spec: SectionSpec
    build: Builder

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return str(self.spec.title)

    def readable_by(self, user: User) -> bool:
        """Offered to users who may view some record of the contributing app."""
        config = apps.get_app_config(self.app_label)
        return any(user.has_perm(f"{self.app_label}.view_{m._meta.model_name}")
                   for m in config.get_models())


def available_sections() -> list[AvailableSection]:
    found = []
    for label, module in app_modules("report"):
        spec, build = getattr(module, "SECTION", None), getattr(module, "build_section", None)
        if isinstance(spec, SectionSpec) and callable(build):
            found.append(AvailableSection(label, spec, build))
    keys = [s.key for s in found]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"report sections declared twice: {sorted(duplicates)}")
    return sorted(found, key=lambda s: (s.spec.order, s.key))


def sections_for(user: User) -> list[AvailableSection]:
    return [s for s in available_sections() if s.readable_by(user)]


# --- what a report is asked for --------------------------------------------------------------


def period_for(kind: str, year: int | None = None, start: dt.date | None = None,
               end: dt.date | None = None) -> ReportPeriod:
    if kind == ReportKind.ANNUAL:
        return ReportPeriod.annual(_year(year))
    if kind == ReportKind.HALF_YEAR:
        return ReportPeriod.half_year(_year(year))
    if kind == ReportKind.CUSTOM:
        if start is None or end is None:
            raise ValueError("a custom period needs its first and last day")
        return ReportPeriod(start, end)
    raise ValueError(f"unknown report kind {kind!r}")


def _year(year: int | None) -> int:
    if year is None:
        raise ValueError("an annual or half-year report needs its year")
    return year


@dataclass(frozen=True)
class ReportSpec:
    """Everything a report is built from, besides the records."""

    kind: str
    period: ReportPeriod
    unit: OrgUnit | None  # None: the whole directorate
    sections: list[str]  # keys, in any order; the report follows SECTION.order
    number: str
    date: dt.date
    place: str = "Hà Nội"
    recipients: list[str] = field(default_factory=list)
    signer_position: str = ""
    signer_name: str = ""
    # the unit whose name and number the report carries, when it is not the reported unit: a
    # department reporting on its domain for the whole directorate
    issuer: OrgUnit | None = None

    def as_params(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "unit": self.unit.code if self.unit else "", "sections": self.sections,
                "number": self.number, "date": self.date.isoformat(), "place": self.place,
                "recipients": self.recipients, "signer_position": self.signer_position,
                "signer_name": self.signer_name,
                "issuer": self.issuer.code if self.issuer else ""}


def issuing_unit(unit: OrgUnit | None, issuer: OrgUnit | None = None) -> OrgUnit:
    """The unit a report speaks for: the issuer chosen, else the reported unit, else the
    root of the tree."""
    if issuer is not None:
        return issuer
    if unit is not None:
        return unit
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise ValueError("the organisation tree has no root unit")
    return root


def parent_agency(unit: OrgUnit) -> str:
    """The line above the issuing unit: its parent, or the ministry above the root."""
    parent = unit.parent if unit.parent_id else None
    return parent.name if parent is not None else settings.CNQP_PARENT_AGENCY


DEFAULT_POSITIONS = {"directorate": "CHỦ NHIỆM", "department": "CỤC TRƯỞNG",
                     "enterprise": "GIÁM ĐỐC", "institute": "VIỆN TRƯỞNG"}


def default_position(unit: OrgUnit) -> str:
    """The signer's title when the report names none: the head's title recorded on the
    unit, else the usual one for its kind."""
    return unit.head_title or DEFAULT_POSITIONS.get(unit.kind, "THỦ TRƯỞNG")


def signer_name(spec: ReportSpec) -> str:
    """Who signs: the name the report gives, else the head recorded on the issuing unit;
    "" when neither is known (`services.check_request` refuses such a report)."""
    return spec.signer_name or issuing_unit(spec.unit, spec.issuer).head_name


def default_recipients(unit: OrgUnit) -> list[str]:
    """Decree 30's "Nơi nhận": the superior first, filing last."""
    parent = unit.parent if unit.parent_id else None
    superior = (parent.short_name or parent.name) if parent else settings.CNQP_PARENT_AGENCY
    return [f"{superior} (để báo cáo)", "Các cơ quan, đơn vị liên quan", f"Lưu: VT, {unit.code}"]


def title_for(kind: str, period: ReportPeriod) -> str:
    if kind == ReportKind.ANNUAL:
        return _("Summary of work in %(year)s") % {"year": period.year}
    if kind == ReportKind.HALF_YEAR:
        return _("Review of work in the first six months of %(year)s") % {"year": period.year}
    return _("Results of work from %(start)s to %(end)s") % {
        "start": format_date(period.start), "end": format_date(period.end)}


def period_phrase(kind: str, period: ReportPeriod) -> str:
    if kind == ReportKind.ANNUAL:
        return _("in %(year)s") % {"year": period.year}
    if kind == ReportKind.HALF_YEAR:
        return _("in the first six months of %(year)s") % {"year": period.year}
    return _("from %(start)s to %(end)s") % {"start": format_date(period.start),
                                            "end": format_date(period.end)}


Progress = Callable[[int, int, str], None]


def build_report(user: User, spec: ReportSpec, progress: Progress | None = None) -> Report:
    """The report `spec` asks for, its figures as `user` may see them; `progress(done, total,
    phase)` after each section."""
    unit = issuing_unit(spec.unit, spec.issuer)
    wanted = set(spec.sections)
    chosen = [s for s in sections_for(user) if s.key in wanted]
    unknown = wanted - {s.key for s in chosen}
    if unknown:
        raise ValueError(f"unknown or unavailable sections: {sorted(unknown)}")
    sections = []
    before = year_before(spec.period)
    # One block for the whole report: a source read by several sections, or by a section and
    # its comparison, is computed once per period; the keys a section adds tell what it read.
    with metrics.remembering() as memo:
        for done, available in enumerate(chosen):
            if progress:
                progress(done, len(chosen), _("Computing: %(section)s") % {
                    "section": available.title})
            known = set(memo)
            section = available.build(user, spec.period, spec.unit)
            if before is not None:
                read = sources_read([k for k in memo if k not in known], user, spec.period,
                                    spec.unit)
                section = with_comparison(section, read, user, spec.period, before,
                                          spec.unit)
            sections.append(section)
    if progress:
        progress(len(chosen), len(chosen), _("Figures computed"))
    name, phrase = unit.name, period_phrase(spec.kind, spec.period)
    if spec.issuer is not None and spec.issuer != spec.unit:
        # the issuer reports on another's figures: the period's phrase says whose
        whose = (spec.unit.name if spec.unit is not None
                 else _("the whole %(root)s") % {"root": issuing_unit(None).short_name
                                                 or issuing_unit(None).name})
        phrase = _("%(period)s of %(whose)s") % {"period": phrase, "whose": whose}
    return Report(
        header=Header(parent_agency=parent_agency(unit).upper(),
                      issuing_unit=unit.name.upper(), number=spec.number,
                      symbol=f"BC-{unit.code}", place=spec.place, date=spec.date,
                      document_type="BÁO CÁO", title=title_for(spec.kind, spec.period)),
        kind=spec.kind, period=spec.period, unit_code=spec.unit.code if spec.unit else "",
        introduction=[_("%(unit)s reports the results of its work %(period)s, computed from "
                        "the records of the information system, as follows:") % {
            "unit": name, "period": phrase}],
        sections=sections,
        closing=_("The above is the report of %(unit)s on the results of its work "
                  "%(period)s./.") % {"unit": name, "period": phrase},
        recipients=spec.recipients or default_recipients(unit),
        signature=Signature(position=(spec.signer_position or default_position(unit)).upper(),
                            name=signer_name(spec)),
    )
