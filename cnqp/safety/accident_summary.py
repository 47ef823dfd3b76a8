"""The statutory labour-accident summary: Phụ lục XII of Nghị định 39/2016/NĐ-CP, "Báo cáo
tổng hợp tình hình tai nạn lao động" (cấp cơ sở), for the first or second half of a year or the
whole year, for a unit rolled up over its subtree, with a line per unit below it; and the form
as XLSX and DOCX.

What it counts. Incidents the reader may see (`scope_queryset`: unit and classification), of a
kind marked `labour_accident`, that occurred in the period (local dates), in the unit's subtree,
except those whose investigation concluded they were not a labour accident. Row 1 (TNLĐ) is
those without the Article 39(2) allowance, row 2 those with it, row 3 = 1 + 2. Cases: an
accident; "with deaths": one with a death; "with 2 or more victims": one with at least two
casualties. Victims are the casualties (`Casualty`), women those recorded female; each victim
column is split, as the form splits it, into the total and those not under the unit's
management (`under_management` off). Breakdowns of row 1: 1.1 by the main cause concluded
(`CauseCode`, grouped by the party the reference data names; the form prints "Khách quan khó
tránh/Nguyên nhân chưa kể đến" as the last line under b, here it heads the causes filed as
objective), 1.2 by injury factor (`InjuryFactor`), 1.3 by the victim's occupation. The form has
no line for an accident not yet concluded (no cause, no factor) or a victim whose occupation was
not recorded: such figures go to a "Chưa xác định" line, shown only when there are some, so
each breakdown still adds up to row 1. Table II: days off (the casualties' own, as recorded),
costs in thousands of đồng (the total is medical + wages during treatment + compensation and
allowances + other costs; the form itemises the first three), property damage.

Header: the unit, the period, the report date (today), the workforce: workers, women, payroll in
millions of đồng, summed over the reporting enterprises of the subtree, each from its year's
performance return (`cnqp.performance.workforce`: the most final accepted outturn, audited >
actual > estimate, that the reader may see). The returns are the one source of these figures;
safety keeps none of its own. An enterprise's return covers its workshops, which file none: a
workshop's line, an institute's and a unit with no reporting enterprise below it print "—"
(None), and so does the header when no return of the year is accepted. The level of a return
whose figures are printed raises the summary's level as an incident's does.

Left blank, not in the models: "Thuộc loại hình cơ sở" and its code, "Lĩnh vực sản xuất chính"
and its code, "Đơn vị nhận báo cáo"; the occupation lines have no "Mã số" (occupations are free
text, there is no occupation code list).

The form's words are the form's own (Vietnamese constants, as the administrative formats in
reports/render print theirs whatever the interface language); the page around it uses msgids.
Eight queries whatever the number of incidents and enterprises."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import vi_sort_key
from cnqp.core.units import PRODUCING_KINDS
from cnqp.performance.workforce import WorkforceFigures as EnterpriseWorkforce
from cnqp.performance.workforce import workforce as enterprise_workforce
from cnqp.safety.choices import CauseParty, Outcome, Sex
from cnqp.safety.models import Casualty, CauseCode, Incident, InjuryFactor

# --- the form's words -------------------------------------------------------------------------

ANNEX = "PHỤ LỤC XII"
ANNEX_TITLE = "MẪU BÁO CÁO TỔNG HỢP TÌNH HÌNH TAI NẠN LAO ĐỘNG CẤP CƠ SỞ (6 THÁNG HOẶC CẢ NĂM)"
ANNEX_BASIS = "(Kèm theo Nghị định số 39/2016/NĐ-CP ngày 15 tháng 5 năm 2016 của Chính phủ)"
TITLE = "BÁO CÁO TỔNG HỢP TÌNH HÌNH TAI NẠN LAO ĐỘNG"
PERIODS = {None: "cả năm", 1: "6 tháng đầu năm", 2: "6 tháng cuối năm"}
TABLE_I = "I. Tình hình chung tai nạn lao động"
TABLE_II = "II. Thiệt hại do tai nạn lao động"
ROW_ACCIDENTS = "1. Tai nạn lao động"
ROW_CAUSES = "1.1. Phân theo nguyên nhân xảy ra TNLĐ"
ROW_FACTORS = "1.2. Phân theo yếu tố gây chấn thương"
ROW_OCCUPATIONS = "1.3. Phân theo nghề nghiệp"
ROW_ALLOWANCE = ("2. Tai nạn được hưởng trợ cấp theo quy định tại khoản 2 Điều 39 "
                 "Luật An toàn, vệ sinh lao động")
ROW_TOTAL = "3. Tổng số (3 = 1 + 2)"
PARTIES = {CauseParty.EMPLOYER: "a. Do người sử dụng lao động",
           CauseParty.WORKER: "b. Do người lao động",
           CauseParty.OBJECTIVE: "c. Khách quan khó tránh/Nguyên nhân chưa kể đến"}
UNDETERMINED = "Chưa xác định"
HEAD_NAME, HEAD_CODE = "Tên chỉ tiêu thống kê", "Mã số"
HEAD_BY_INJURY = "Phân loại TNLĐ theo mức độ thương tật"
HEAD_CASES, HEAD_VICTIMS = "Số vụ (Vụ)", "Số người bị nạn (Người)"
CASE_COLUMNS = ("Tổng số", "Số vụ có người chết", "Số vụ có từ 2 người bị nạn trở lên")
VICTIM_COLUMNS = ("Tổng số", "Số LĐ nữ", "Số người bị chết", "Số người bị thương nặng")
SPLIT = ("Tổng số", "NN không thuộc quyền quản lý")
HEAD_DAYS = "Tổng số ngày nghỉ vì tai nạn lao động (kể cả ngày nghỉ chế độ)"
HEAD_COSTS = "Chi phí tính bằng tiền (1.000 đ)"
HEAD_ITEMS = "Khoản chi cụ thể của cơ sở"
COST_COLUMNS = ("Y tế", "Trả lương trong thời gian điều trị", "Bồi thường/Trợ cấp")
HEAD_PROPERTY = "Thiệt hại tài sản (1.000 đ)"
SIGNATURE = "ĐẠI DIỆN NGƯỜI SỬ DỤNG LAO ĐỘNG"
SIGNATURE_NOTE = "(Ký, ghi rõ họ tên, chức vụ, đóng dấu)"
# The secrecy marking printed on a classified document (as reports.choices.MARKINGS, which
# safety may not import).
MARKINGS = {1: "MẬT", 2: "TỐI MẬT", 3: "TUYỆT MẬT"}


# --- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """One line of table I: cases, then victims split total / not under the unit's management."""

    cases: int = 0
    fatal_cases: int = 0
    multi_cases: int = 0
    victims: int = 0
    victims_outside: int = 0
    women: int = 0
    women_outside: int = 0
    deaths: int = 0
    deaths_outside: int = 0
    serious: int = 0
    serious_outside: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def values(self) -> tuple[int, ...]:
        return astuple(self)


@dataclass(frozen=True)
class Damage:
    """Table II. Money in đồng as recorded; the form prints thousands."""

    days_off: int = 0
    medical: int = 0
    wages: int = 0
    compensation: int = 0
    other: int = 0
    property_loss: int = 0

    def __add__(self, other: Damage) -> Damage:
        return Damage(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @property
    def costs(self) -> int:
        return self.medical + self.wages + self.compensation + self.other

    def form_values(self) -> tuple[int, ...]:
        """The form's six cells: days, then thousands of đồng."""
        return (self.days_off, *(thousands(v) for v in (
            self.costs, self.medical, self.wages, self.compensation, self.property_loss)))


@dataclass(frozen=True)
class WorkforceFigures:
    """The workforce of a line: summed over its reporting enterprises' year returns."""

    headcount: int = 0
    women: int = 0
    payroll: int = 0  # millions of đồng, rounded


@dataclass(frozen=True)
class FormRow:
    label: str
    code: str = ""
    figures: Figures | None = None  # None: a heading line of the form
    level: int = 0  # 0 the form's numbered rows, 1 their parts, 2 groups, 3 items


@dataclass(frozen=True)
class UnitLine:
    """A unit below the summary's: its subtree rolled up (`own`: the incidents recorded at the
    summary's unit itself, not below it)."""

    unit: OrgUnit
    own: bool
    figures: Figures
    damage: Damage
    workforce: WorkforceFigures | None


@dataclass(frozen=True)
class AccidentSummary:
    unit: OrgUnit
    year: int
    half: int | None
    start: dt.date
    end: dt.date
    report_date: dt.date
    workforce: WorkforceFigures | None
    rows: list[FormRow]
    accidents: Figures  # row 1
    allowance: Figures  # row 2
    total: Figures  # row 3
    damage: Damage
    units: list[UnitLine]
    classification: int = 0
    classified_ids: list[int] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return PERIODS[self.half]


def thousands(vnd: int) -> int:
    """Đồng to the form's thousands, rounded half up."""
    return (vnd + 500) // 1000


def period_of(year: int, half: int | None) -> tuple[dt.date, dt.date]:
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if half == 2:
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def default_unit(user: User) -> OrgUnit | None:
    """The directorate for users who see every unit, else the user's own unit."""
    if user.sees_all_units:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("code").first()
    return user.org_unit


def _counted(user: User, unit: OrgUnit, start: dt.date, end: dt.date) -> QuerySet[Incident]:
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return scope_queryset(Incident.objects.filter(
        kind__labour_accident=True, occurred_at__gte=since, occurred_at__lt=until,
        unit__path__startswith=unit.path).exclude(work_accident=False), user)


def _incident_counts() -> dict[str, Count]:
    return {"cases": Count("pk"), "fatal_cases": Count("pk", filter=Q(deaths__gt=0)),
            "multi_cases": Count("pk", filter=Q(victims__gte=2))}


def _cases_of_casualties() -> dict[str, Count]:
    """Cases counted through their victims (by occupation): each accident once per line."""
    return {"cases": Count("incident", distinct=True),
            "fatal_cases": Count("incident", distinct=True, filter=Q(incident__deaths__gt=0)),
            "multi_cases": Count("incident", distinct=True,
                                 filter=Q(incident_victims__gte=2))}


VICTIM_COUNTS = {
    "victims": Q(), "women": Q(sex=Sex.FEMALE), "deaths": Q(outcome=Outcome.DEATH),
    "serious": Q(outcome=Outcome.SERIOUS)}


def _victim_counts() -> dict[str, Count]:
    out = {}
    for name, condition in VICTIM_COUNTS.items():
        out[name] = Count("pk", filter=condition)
        out[f"{name}_outside"] = Count("pk", filter=condition & Q(under_management=False))
    return out


def _figures(row: Any) -> Figures:
    return Figures(**{f.name: row.get(f.name) or 0 for f in fields(Figures)})


def _damage(row: dict[str, Any]) -> Damage:
    # "days": an annotation may not take the name of the model's field it sums
    return Damage(days_off=row["days"] or 0, **{
        f.name: row[f.name] or 0 for f in fields(Damage) if f.name != "days_off"})


def _valid_in(model: type[CauseCode] | type[InjuryFactor], start: dt.date, end: dt.date,
              used: Iterable[int]) -> list[Any]:
    """The reference lines in force at some time in the period, and any still used."""
    in_force = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    return list(model.objects.filter(in_force | Q(pk__in=list(used))).order_by("code"))


KEYS = ("unit__path", "article39_allowance", "cause", "injury_factor")
Groups = dict[tuple[Any, ...], tuple[Figures, Damage]]


def _groups(user: User, incidents: QuerySet[Incident]) -> tuple[Groups, int]:
    """Figures and damage per unit, row (1 or 2), cause and factor: cases and costs from the
    incidents, victims from their casualties (two grouped queries); and the highest level."""
    rows = list(incidents.alias(victims=F("deaths") + F("serious_injuries")
                                + F("minor_injuries"))
                .values(*KEYS).order_by()
                .annotate(**_incident_counts(), days=Sum("days_off"),
                          medical=Sum("damage_medical"), wages=Sum("damage_wages"),
                          compensation=Sum("damage_compensation"), other=Sum("damage_other"),
                          property_loss=Sum("damage_property"), top=Max("classification")))
    groups: Groups = {tuple(row[k] for k in KEYS): (_figures(row), _damage(row))
                      for row in rows}
    casualties = scope_queryset(Casualty.objects.filter(incident__in=incidents), user)
    for row in (casualties.values(*(f"incident__{k}" for k in KEYS)).order_by()
                .annotate(**_victim_counts())):
        key = tuple(row[f"incident__{k}"] for k in KEYS)
        figures, damage = groups.get(key, (Figures(), Damage()))
        groups[key] = (figures + _figures(row), damage)
    return groups, max((row["top"] or 0 for row in rows), default=0)


def _sum(groups: Groups, match: Any = None) -> tuple[Figures, Damage]:
    figures, damage = Figures(), Damage()
    for key, (f, d) in groups.items():
        if match is None or match(dict(zip(KEYS, key, strict=True))):
            figures, damage = figures + f, damage + d
    return figures, damage


def _row1_by(groups: Groups, name: str) -> dict[Any, Figures]:
    out: dict[Any, Figures] = defaultdict(Figures)
    for key, (figures, _damage) in groups.items():
        values = dict(zip(KEYS, key, strict=True))
        if not values["article39_allowance"]:
            out[values[name]] += figures
    return out


def accident_summary(user: User, *, unit: OrgUnit, year: int,
                     half: int | None = None) -> AccidentSummary:
    """The form for `unit` and its subtree over the period, from what `user` may see."""
    if half not in (None, 1, 2):
        raise ValueError("half is 1, 2 or None")
    start, end = period_of(year, half)
    incidents = _counted(user, unit, start, end)
    groups, classification = _groups(user, incidents)
    accidents, _d = _sum(groups, lambda k: not k["article39_allowance"])
    allowance, _d = _sum(groups, lambda k: k["article39_allowance"])
    total, damage = _sum(groups)
    occupations = (scope_queryset(Casualty.objects.filter(incident__in=incidents), user)
                   .filter(incident__article39_allowance=False)
                   .alias(incident_victims=F("incident__deaths")
                          + F("incident__serious_injuries") + F("incident__minor_injuries"))
                   .values("occupation").order_by()
                   .annotate(**_cases_of_casualties(), **_victim_counts()))

    by_cause, by_factor = _row1_by(groups, "cause"), _row1_by(groups, "injury_factor")
    rows = [FormRow(ROW_ACCIDENTS, figures=accidents), FormRow(ROW_CAUSES, level=1)]
    causes = _valid_in(CauseCode, start, end, (k for k in by_cause if k))
    for party, heading in PARTIES.items():
        rows.append(FormRow(heading, level=2))
        rows += [FormRow(c.name, c.code, by_cause[c.pk], 3) for c in causes if c.party == party]
    if None in by_cause:
        rows.append(FormRow(UNDETERMINED, "", by_cause[None], 3))
    rows.append(FormRow(ROW_FACTORS, level=1))
    rows += [FormRow(f.name, f.code, by_factor[f.pk], 2)
             for f in _valid_in(InjuryFactor, start, end, (k for k in by_factor if k))]
    if None in by_factor:
        rows.append(FormRow(UNDETERMINED, "", by_factor[None], 2))
    rows.append(FormRow(ROW_OCCUPATIONS, level=1))
    # Sorted here, as Vietnamese is sorted on both databases; the unrecorded last.
    rows += [FormRow(row["occupation"] or UNDETERMINED, "", _figures(row), 2)
             for row in sorted(occupations, key=lambda r: (not r["occupation"],
                                                            vi_sort_key(r["occupation"])))]
    rows += [FormRow(ROW_ALLOWANCE, figures=allowance), FormRow(ROW_TOTAL, figures=total)]

    workforce = list(enterprise_workforce(user, year, unit).values())
    return AccidentSummary(
        unit=unit, year=year, half=half, start=start, end=end,
        report_date=timezone.localdate(), workforce=_subtree(workforce, unit), rows=rows,
        accidents=accidents, allowance=allowance, total=total, damage=damage,
        units=_unit_lines(unit, groups, workforce),
        classification=max([classification, *(w.level for w in workforce)]),
        classified_ids=list(incidents.filter(classification__gt=0)
                            .order_by("pk").values_list("pk", flat=True)))


def _subtree(rows: Sequence[EnterpriseWorkforce], within: OrgUnit,
             own: bool = False) -> WorkforceFigures | None:
    """The workforce of the reporting enterprises in a subtree (`own`: of the unit alone, when
    it is one), or None when there is none."""
    inside = [row for row in rows
              if (row.path == within.path if own else row.path.startswith(within.path))]
    if not inside:
        return None
    payroll = sum((row.payroll for row in inside), Decimal(0))
    return WorkforceFigures(sum(row.headcount for row in inside),
                            sum(row.women for row in inside),
                            int(payroll.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def _unit_lines(unit: OrgUnit, groups: Groups,
                workforce: list[EnterpriseWorkforce]) -> list[UnitLine]:
    """The summary's unit itself (only when something is recorded at it), then each unit
    directly below it with its subtree (enterprises and institutes, and any other with
    something recorded): they add up to the total."""
    children = list(OrgUnit.objects.filter(parent=unit).order_by("code"))
    sums: dict[int, tuple[Figures, Damage]] = defaultdict(lambda: (Figures(), Damage()))
    for key, (figures, damage) in groups.items():
        path = key[0]  # the incident's unit's
        owner = next((c for c in children if path.startswith(c.path)), unit)
        f, d = sums[owner.pk]
        sums[owner.pk] = (f + figures, d + damage)
    lines = []
    own_workforce = _subtree(workforce, unit, own=True)
    if unit.pk in sums or own_workforce is not None:
        lines.append(UnitLine(unit, True, *sums[unit.pk], own_workforce))
    for child in children:
        child_workforce = _subtree(workforce, child)
        # A department or a user unit with nothing recorded is not an establishment here.
        if child.kind in PRODUCING_KINDS or child.pk in sums or child_workforce is not None:
            lines.append(UnitLine(child, False, *sums[child.pk], child_workforce))
    return lines
