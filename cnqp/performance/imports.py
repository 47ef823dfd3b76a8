"""Performance returns from an XLSX or CSV file through the register engine: every row checked
first (errors by row and column), then every return written through the services in one
transaction, or nothing.

One row per value, in long format: the enterprise's code, the year, the period (năm, 6 tháng,
quý, tháng, or their codes) and its number, the scenario (kế hoạch, kế hoạch điều chỉnh, ước
thực hiện, thực hiện, kiểm toán, or their codes), the indicator's code, the value and its
explanation (giải trình). The indicator's name and unit of measure are there for the person
filling the file and are not read. The template an enterprise downloads holds one row per
entered indicator with its code, name and unit, and the enterprise's code.

Rows are grouped by return (enterprise, year, period, number, scenario). For each group the
importer opens the return, or reuses the draft or returned one (an open amendment included),
saves the values (`save_values`) and submits it (`submit_return`): the submit checks of
`validation.py` run as in the form, and each of their errors lands on the row of its indicator
(an indicator without a row: the group's first row). A submitted, accepted or locked return is
refused on its rows (amend an accepted one first). Every group is tried, so the errors of all
of them are reported; then, if any failed, everything is rolled back.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.imports import (
    CellError,
    Choice,
    Column,
    DecimalNumber,
    Importer,
    ImportIssue,
    Integer,
    Outcome,
    Reference,
    Row,
    RowFailed,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.units import reporting_enterprises, units_in_reach
from cnqp.performance import services
from cnqp.performance.choices import (
    EDITABLE,
    PERIODS_IN_YEAR,
    IndicatorKind,
    PeriodKind,
    ReturnStatus,
    Scenario,
)
from cnqp.performance.models import Indicator, Submission, Value

# The Vietnamese words of the returns, whatever the interface's catalogue says
PERIOD = Choice(PeriodKind, aliases={
    "Năm": PeriodKind.YEAR, "Cả năm": PeriodKind.YEAR, "6 tháng": PeriodKind.HALF,
    "Sáu tháng": PeriodKind.HALF, "Nửa năm": PeriodKind.HALF, "Quý": PeriodKind.QUARTER,
    "Tháng": PeriodKind.MONTH})
SCENARIO = Choice(Scenario, aliases={
    "Kế hoạch": Scenario.PLAN, "Kế hoạch điều chỉnh": Scenario.REVISED_PLAN,
    "Ước thực hiện": Scenario.ESTIMATE, "Ước": Scenario.ESTIMATE,
    "Thực hiện": Scenario.ACTUAL, "Kiểm toán": Scenario.AUDITED,
    "Quyết toán": Scenario.AUDITED})

VALUE_PLACES = 3  # Value.value
EXCEL_DIGITS = 15  # the significant digits an Excel number holds


class Amount(DecimalNumber):
    """A value: text written the Vietnamese way ("1.234.567", "14,2"), or an Excel number,
    read to the 15 significant digits Excel keeps (a formula's 168000.00000000003 is
    168000)."""

    def __init__(self) -> None:
        super().__init__(max_digits=18, decimal_places=VALUE_PLACES)

    def parse(self, value: Any) -> Decimal:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise CellError(_("“%(value)s” is not a number.") % {"value": value})
            value = format(Decimal(format(value, f".{EXCEL_DIGITS}g")).normalize(), "f")
        return super().parse(value)


class IndicatorCode(Reference):
    """An indicator by its code, whatever its case."""

    def __init__(self) -> None:
        super().__init__(Indicator, "code", upper=False, scoped=False)

    def parse(self, value: Any) -> tuple[str, ...]:
        return tuple(code.lower() for code in super().parse(value))


class ReturnKey(NamedTuple):
    unit: int
    year: int
    period_kind: str
    period_number: int
    scenario: str


class ReturnImporter(Importer):
    name = "returns"
    label = gettext_lazy("Performance returns")
    model = Submission
    permission = "performance.add_submission"
    sheet_title = "Báo cáo SXKD"
    audit_object_type = "performance.import"
    # a service's error on a return's field lands on the column that gives it (an amendment's
    # explanation is the return's, not a value's: on no column)
    field_columns: ClassVar[dict[str, str]] = {"unit": "enterprise", "explanation": ""}
    columns = (
        Column("enterprise", "Mã doanh nghiệp", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your enterprise, or one you act for.")),
        Column("year", "Năm", Integer(min_value=1990, max_value=2100), required=True),
        Column("period_kind", "Kỳ báo cáo", PERIOD, required=True),
        Column("period_number", "Số thứ tự kỳ", Integer(min_value=1, max_value=12),
               aliases=("Kỳ số",),
               help=gettext_lazy("The month (1-12), quarter (1-4) or half (1-2); empty for a "
                                 "year.")),
        Column("scenario", "Loại số liệu", SCENARIO, required=True,
               aliases=("Kịch bản", "Tình huống")),
        Column("indicator", "Mã chỉ tiêu", IndicatorCode(), required=True),
        Column("indicator_name", "Tên chỉ tiêu", Text(),
               help=gettext_lazy("For the reader: not imported.")),
        Column("unit_of_measure", "Đơn vị tính", Text(),
               help=gettext_lazy("For the reader: not imported.")),
        Column("value", "Giá trị", Amount(), required=True,
               help=gettext_lazy("0 when there is none; thousands may be grouped with dots "
                                 "(1.234.567).")),
        Column("explanation", "Giải trình", Text(multiline=True),
               help=gettext_lazy("Required when a value changes by more than half against "
                                 "the same period of the previous year.")),
    )

    @classmethod
    def template_rows(cls, user: User) -> list[list[Any]]:
        """One row per entered indicator, in the return's order, with the user's enterprise
        when they work in one that files returns."""
        unit = user.org_unit if user.org_unit_id is not None else None
        code = (unit.code if unit is not None
                and reporting_enterprises().filter(pk=unit.pk).exists() else None)
        rows = []
        for indicator in Indicator.objects.filter(kind=IndicatorKind.ENTERED):
            cells = {"enterprise": code, "indicator": indicator.code,
                     "indicator_name": indicator.name,
                     "unit_of_measure": indicator.get_unit_of_measure_display()}
            rows.append([cells.get(column.key) for column in cls.columns])
        return rows

    # --- phase 1 -----------------------------------------------------------------------------

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["enterprise"].pk for row in rows}
        self.in_reach = set(units_in_reach(self.actor).filter(pk__in=ids)
                            .values_list("pk", flat=True))
        self.reporting = set(reporting_enterprises().filter(pk__in=ids)
                             .values_list("pk", flat=True))
        years = {row.values["year"] for row in rows}
        latest: dict[ReturnKey, Submission] = {}
        # only the units the uploader acts for: another enterprise's returns, even their
        # existence, are not theirs to learn
        for submission in Submission.objects.filter(unit__in=self.in_reach,
                                                    year__in=years).order_by("version"):
            latest[ReturnKey(submission.unit_id, submission.year, submission.period_kind,
                             submission.period_number, submission.scenario)] = submission
        visible = set(scope_queryset(Submission.objects.filter(
            pk__in=[s.pk for s in latest.values()]), self.actor).values_list("pk", flat=True))
        self.existing = {key: s for key, s in latest.items() if s.pk in visible}
        self.hidden = {key for key, s in latest.items() if s.pk not in visible}
        self.stored: dict[tuple[int, str], tuple[Decimal, str]] = {
            (pk, code): (value, explanation) for pk, code, value, explanation in
            Value.objects.filter(submission__in=[s.pk for s in self.existing.values()
                                                 if s.status in EDITABLE])
            .values_list("submission_id", "indicator__code", "value", "explanation")}
        self.names = dict(Indicator.objects.values_list("code", "name"))
        self.groups: dict[ReturnKey, list[Row]] = defaultdict(list)
        self.first_of: dict[tuple[ReturnKey, str], int] = {}

    def validate_row(self, row: Row) -> None:
        v = row.values
        unit: OrgUnit = v["enterprise"]
        if unit.pk not in self.in_reach:
            row.error("enterprise", _("You do not act for %(unit)s.") % {"unit": unit.name})
        elif unit.pk not in self.reporting:
            row.error("enterprise", _(
                "%(code)s does not file performance returns: only enterprises do, and a "
                "workshop reports through its enterprise.") % {"code": unit.code})
        kind = PeriodKind(v["period_kind"])
        count = PERIODS_IN_YEAR[kind]
        number = v.get("period_number")
        if number is None:
            if count > 1:
                row.error("period_number", _("Say which one: 1 to %(count)d.")
                          % {"count": count})
            number = 1
        elif number > count:
            row.error("period_number", _("A year has %(count)s periods of this kind.")
                      % {"count": count})
        indicator: Indicator = v["indicator"]
        if indicator.kind != IndicatorKind.ENTERED:
            row.error("indicator", _("This indicator is computed, not entered."))
        key = ReturnKey(unit.pk, v["year"], kind.value, number, v["scenario"])
        first = self.first_of.setdefault((key, indicator.code), row.number)
        if first != row.number:
            row.error("indicator", _("This return already has this indicator on row "
                                     "%(row)d.") % {"row": first})
        existing = self.existing.get(key)
        if key in self.hidden:
            row.error("scenario", _("This return exists already: open it, or amend it once "
                                    "accepted."))
        elif existing is not None and existing.status in (ReturnStatus.ACCEPTED,
                                                          ReturnStatus.LOCKED):
            row.error("scenario", _("This return has been accepted: amend it first, then "
                                    "import into the amendment."))
        elif existing is not None and existing.status == ReturnStatus.SUBMITTED:
            row.error("scenario", _("This return has been submitted and awaits review: it can "
                                    "be changed only once returned for correction."))
        row.values["period_number"] = number
        self.groups[key].append(row)

    def import_classification(self, rows: list[Row]) -> int:
        return max((int(self.existing[key].classification) for key in self.groups
                    if key in self.existing), default=0)

    # --- phase 2 -----------------------------------------------------------------------------

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        """Each return opened or reused, filled and submitted in its own savepoint, so that
        every return's errors are reported; any error and the whole import is rolled back."""
        counts: Counter[Outcome] = Counter()
        issues: list[ImportIssue] = []
        for key, group in self.groups.items():
            try:
                with transaction.atomic():
                    counts.update(self._write_return(actor, key, group))
            except ValidationError as exc:
                issues.extend(self._issues(group, exc))
            except IntegrityError as exc:
                raise RowFailed([ImportIssue(group[0].number, "", _(
                    "The database refused this row (a concurrent change?): %(error)s")
                    % {"error": exc})]) from exc
        if issues:
            raise RowFailed(sorted(issues, key=lambda i: (i.row or 0)))
        return counts

    def _write_return(self, actor: User, key: ReturnKey, group: list[Row]) -> list[Outcome]:
        first = group[0].values
        submission = self.existing.get(key)
        if submission is None:
            submission = services.open_return(
                actor, unit=first["enterprise"], year=key.year, period_kind=key.period_kind,
                period_number=key.period_number, scenario=key.scenario)
        outcomes = []
        for row in group:
            code = row.values["indicator"].code
            before = self.stored.get((submission.pk, code))
            after = (row.values["value"].quantize(Decimal(1).scaleb(-VALUE_PLACES)),
                     row.values.get("explanation", before[1] if before else "") or "")
            outcomes.append(Outcome.CREATED if before is None else
                            Outcome.UNCHANGED if before == after else Outcome.UPDATED)
        values = {row.values["indicator"].code: row.values["value"] for row in group}
        explanations = ({row.values["indicator"].code: row.values["explanation"] or ""
                         for row in group} if "explanation" in self.present else None)
        services.save_values(actor, submission, values=values, explanations=explanations)
        services.submit_return(actor, submission)
        return outcomes

    def _issues(self, group: list[Row], error: ValidationError) -> list[ImportIssue]:
        """A service's errors on the rows they concern: an indicator's on its row's value (the
        group's first row when the file has no row for it), a return's field on its column of
        the group's first row."""
        if not hasattr(error, "error_dict"):
            return self.issues_from(group[0], error)
        by_code = {row.values["indicator"].code: row for row in group}
        names = self.names
        value = self.headers["value"]
        issues = []
        for name, errors in error.error_dict.items():
            messages = ValidationError(errors).messages
            if name in by_code:
                issues += [ImportIssue(by_code[name].number, value, m) for m in messages]
            elif name in names:
                issues += [ImportIssue(group[0].number, value, _(
                    "%(indicator)s (%(code)s) has no row: %(message)s") % {
                    "indicator": names[name], "code": name, "message": m}) for m in messages]
            else:
                issues += self.issues_from(group[0], ValidationError({name: errors}))
        return issues


IMPORTERS: dict[str, type[Importer]] = {ReturnImporter.name: ReturnImporter}
