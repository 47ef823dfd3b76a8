"""The demo's returns, filed through the services in the order they happened: every enterprise's
year returns since 2019 (the plan in January, the estimate early in December, the actual by the
end of March of the next year, a couple late), its half-year and quarterly actuals since 2025,
each accepted by the planning department (khdt) and locked once its schedule says so. Z111 and
Z113 file their own (users z111, z113); the others' history was entered without a user.

In the current period (the latest quarter whose return is due) one enterprise filed late, one
has not filed, one is still a draft and one was returned for correction; the rest filed on time
and were accepted. Z113's 2024 actual was amended after it was locked (version 2, with its
explanation), after the audit of its accounts.

A change beyond the validation's band against the same period of the previous year carries an
explanation, as an enterprise would write it. Every date is at most today; a step dated later
has not happened yet (the 2026 estimates of the last enterprises to file, their review)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.performance.choices import OUTTURNS, PERIODS_IN_YEAR, PLANS, PeriodKind, Scenario
from cnqp.performance.demo.series import FIRST_YEAR, PROFILES, Key, Series, Values
from cnqp.performance.models import Indicator, Schedule, Submission
from cnqp.performance.periods import Period
from cnqp.performance.services import returns as services

FIRST_SUBPERIOD_YEAR = 2025  # quarters and half-years from then on
EXPLAIN_BEYOND = Decimal("0.45")  # a little inside the validation's ±50 %

# Days after the earliest filing day an enterprise files (0: first); 7 and more file their
# December estimate after the 7th.
PUNCTUALITY = {"BASON": 3, "SONGTHU": 1, "GAET": 8, "Z111": 0, "Z113": 2, "Z114": 5,
               "Z115": 4, "Z117": 9, "Z119": 3, "Z121": 1, "Z125": 6, "Z127": 7, "Z129": 2,
               "Z131": 5, "Z173": 0, "Z175": 4, "Z176": 8, "Z183": 6}
OWN_USERS = {"Z111": "z111", "Z113": "z113"}

# Year actuals filed after their due date, with the days late and the reason.
LATE_ACTUALS = {
    ("Z176", 2021): (8, "Nộp chậm do chờ đối chiếu công nợ với các đối tác sau dịch COVID-19."),
    ("Z127", 2023): (5, "Nộp chậm do thay đổi kế toán trưởng, bàn giao hồ sơ chưa kịp."),
}

# The current period: who did not file on time and accepted.
CURRENT_FATES = {"Z131": "late", "Z176": "missing", "Z125": "draft", "Z119": "returned"}
RETURN_REASON = ("Tổng quỹ tiền lương và thu nhập quý chưa khớp với bảng thanh toán lương đã "
                 "chi; đề nghị đơn vị rà soát, giải trình và nộp lại.")

# The amended return: Z113's 2024 actual, corrected after the audit of its accounts.
AMENDED = ("Z113", 2024)
AMENDED_BY = {"revenue_services": -9_000, "profit_before_tax": -6_500}
AMENDMENT_EXPLANATION = (
    "Điều chỉnh theo báo cáo tài chính năm 2024 đã được kiểm toán: một hợp đồng sửa chữa, "
    "bảo dưỡng trang thiết bị hoàn thành sang năm 2025 nên doanh thu dịch vụ và lợi nhuận "
    "năm 2024 giảm tương ứng.")
AMENDED_ON = dt.date(2025, 6, 16)  # submitted

NOTES = {
    (2020, Scenario.ACTUAL): ("Năm 2020 chịu ảnh hưởng của dịch COVID-19: một số hợp đồng kinh "
                              "tế phải giãn tiến độ, doanh thu giảm so với năm 2019."),
    (2021, Scenario.ACTUAL): ("Sản xuất kinh doanh từng bước phục hồi sau dịch COVID-19, bảo "
                              "đảm việc làm và thu nhập cho người lao động."),
    (2023, Scenario.ESTIMATE): "Số ước thực hiện cả năm, tổng hợp đến ngày 30/11.",
}


@dataclass(frozen=True)
class Schedules:
    """When each kind of return is due and locked (one query)."""

    rows: dict[tuple[str, str], tuple[str, int, int]]  # due from, days, locked after

    @classmethod
    def load(cls) -> Schedules:
        return cls({(s.period_kind, s.scenario): (s.due_from, s.due_days, s.lock_after_days)
                    for s in Schedule.objects.all()})

    def due(self, period: Period, scenario: str) -> dt.date:
        due_from, days, _lock = self.rows[(period.kind, scenario)]
        return period.due_on(due_from, days)

    def lock(self, period: Period, scenario: str) -> dt.date:
        """When the daily duty locks an accepted return."""
        return self.due(period, scenario) + dt.timedelta(
            days=self.rows[(period.kind, scenario)][2] + 1)

    def current(self, today: dt.date) -> Period:
        """The current period: the latest quarter whose actual return was due before
        today."""
        period = Period.containing(today, PeriodKind.QUARTER).previous()
        while self.due(period, Scenario.ACTUAL) >= today:
            period = period.previous()
        return period


@dataclass(frozen=True)
class Filing:
    """One return as it happened: what the enterprise entered, the day it submitted it, and
    how it went (accepted; late: accepted though late; draft; returned; missing: never
    opened; amendment: the next version of an accepted return)."""

    code: str
    period: Period
    scenario: str
    values: Values
    submit_on: dt.date
    fate: str = "accepted"
    note: str = ""

    @property
    def key(self) -> Key:
        return (self.code, self.period.year, self.period.kind, self.period.number,
                self.scenario)

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str]:
        return (self.submit_on, self.period.start.toordinal(), self.scenario, self.code)


def filings(series: Series, schedules: Schedules, today: dt.date) -> list[Filing]:
    """Every return of the demo, in the order they were submitted."""
    found: list[Filing] = []
    current = schedules.current(today)
    for profile in PROFILES:
        code, late = profile.code, PUNCTUALITY[profile.code]
        for year in range(FIRST_YEAR, today.year + 1):
            year_period = Period(year, PeriodKind.YEAR)
            found.append(Filing(code, year_period, Scenario.PLAN, series.plan(code, year),
                                dt.date(year, 1, 8) + dt.timedelta(days=2 * late)))
            found.append(Filing(code, year_period, Scenario.ESTIMATE,
                                series.estimate(code, year),
                                dt.date(year, 12, 1) + dt.timedelta(days=late),
                                note=NOTES.get((year, Scenario.ESTIMATE), "")))
            actual = dict(series.actual[(code, year)])
            if (code, year) == AMENDED:
                actual = as_first_filed(actual)
            submit_on = dt.date(year + 1, 3, 3) + dt.timedelta(days=2 * late)
            note = NOTES.get((year, Scenario.ACTUAL), "")
            if (code, year) in LATE_ACTUALS:
                days, note = LATE_ACTUALS[(code, year)]
                submit_on = schedules.due(year_period, Scenario.ACTUAL) + dt.timedelta(days)
            found.append(Filing(code, year_period, Scenario.ACTUAL, actual, submit_on,
                                note=note))
            if (code, year) == AMENDED:
                found.append(Filing(code, year_period, Scenario.ACTUAL,
                                    dict(series.actual[(code, year)]), AMENDED_ON,
                                    fate="amendment"))
        for kind in (PeriodKind.QUARTER, PeriodKind.HALF):
            period = Period(FIRST_SUBPERIOD_YEAR, kind, 1)
            while period.end < today:
                fate, submit_on = "accepted", period.end + dt.timedelta(days=8 + late)
                if period == current:
                    fate = CURRENT_FATES.get(code, fate)
                    if fate == "late":
                        submit_on = min(schedules.due(period, Scenario.ACTUAL)
                                        + dt.timedelta(days=6), today)
                found.append(Filing(code, period, Scenario.ACTUAL,
                                    series.values(code, period.year, kind, period.number,
                                                  Scenario.ACTUAL), submit_on, fate=fate))
                period = _next(period)
    return sorted((f for f in found if f.submit_on <= today or f.fate == "missing"),
                  key=lambda f: f.sort_key)


def _next(period: Period) -> Period:
    last = PERIODS_IN_YEAR[period.kind]
    if period.number < last:
        return Period(period.year, period.kind, period.number + 1)
    return Period(period.year + 1, period.kind, 1)


@dataclass
class Filer:
    """Files the returns through the services, remembering what has been accepted (what the
    next year's checks compare with)."""

    ctx: DemoContext
    today: dt.date
    schedules: Schedules
    reviewer: User
    units: dict[str, OrgUnit]
    checked: set[str]  # the indicators whose change is checked
    counted: dict[Key, Values] = field(default_factory=dict)
    returns: dict[Key, Submission] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.current = self.schedules.current(self.today)

    def actor(self, code: str) -> User | None:
        name = OWN_USERS.get(code)
        return self.ctx.users.get(name) if name else None

    def explanations(self, filing: Filing, values: Values) -> dict[str, str]:
        """An explanation for each value that changes beyond the band against what the
        validation compares it with (`validation.previous_values`)."""
        code, year, kind, number, scenario = filing.key
        order = (scenario, *OUTTURNS) if scenario not in PLANS else (*PLANS, *OUTTURNS)
        before = next((self.counted[(code, year - 1, kind, number, s)] for s in order
                       if (code, year - 1, kind, number, s) in self.counted), None)
        if before is None:
            return {}
        texts = {}
        for name in sorted(self.checked & set(values)):
            old, new = before.get(name), values[name]
            if not old:
                continue
            if abs(Decimal(new - old) / abs(Decimal(old))) > EXPLAIN_BEYOND:
                texts[name] = explanation(name, old, new, year, scenario)
        return texts

    def file(self, filing: Filing) -> None:
        if filing.fate == "missing":
            return
        if filing.fate == "amendment":
            self.amend(filing)
            return
        actor = self.actor(filing.code)
        period = filing.period
        submission = services.open_return(
            actor, unit=self.units[filing.code], year=period.year, period_kind=period.kind,
            period_number=period.number, scenario=filing.scenario, note=filing.note)
        values = dict(filing.values)
        if filing.fate == "draft":  # the payroll is still being added up
            values = {k: v for k, v in values.items() if k not in ("payroll", "women")}
        services.save_values(actor, submission, values=values,
                             explanations=self.explanations(filing, values))
        if filing.fate == "draft":
            return
        services.submit_return(actor, submission, on_date=filing.submit_on)
        if filing.fate == "returned":
            services.return_for_correction(self.reviewer, submission, reason=RETURN_REASON)
            return
        self.accept(submission, filing)

    def accept(self, submission: Submission, filing: Filing, note: str = "") -> None:
        accept_on = filing.submit_on + dt.timedelta(days=2 + PUNCTUALITY[filing.code] % 4)
        if filing.period == self.current:
            accept_on = min(accept_on, self.today)
        if accept_on > self.today:
            return
        services.accept_return(self.reviewer, submission, on_date=accept_on, note=note)
        self.counted[filing.key] = filing.values
        self.returns[filing.key] = submission
        lock_on = max(self.schedules.lock(filing.period, filing.scenario), accept_on)
        if lock_on <= self.today:
            services.lock_return(self.reviewer, submission, on_date=lock_on)

    def amend(self, filing: Filing) -> None:
        """The next version of an accepted return, with the values that change."""
        original = self.returns.get(filing.key)
        if original is None:
            return
        actor = self.actor(filing.code)
        original.refresh_from_db()
        amendment = services.amend_return(actor, original, explanation=AMENDMENT_EXPLANATION)
        first = self.counted[filing.key]
        services.save_values(actor, amendment, values={
            name: value for name, value in filing.values.items() if first.get(name) != value})
        services.submit_return(actor, amendment, on_date=filing.submit_on)
        self.accept(amendment, filing, note="Đã đối chiếu với báo cáo tài chính đã kiểm toán.")
        self.returns[filing.key] = amendment


def as_first_filed(true: Values) -> Values:
    """Z113's 2024 actual as first filed, before its audit: services and profit too high."""
    values = {name: value - AMENDED_BY.get(name, 0) for name, value in true.items()}
    before = values["profit_before_tax"]
    values["profit_after_tax"] = round(before * 0.8) if before > 0 else before
    return values


def explanation(name: str, old: int, new: int, year: int, scenario: str) -> str:
    """What an enterprise writes to explain a large change."""
    up = new > old
    if scenario in PLANS:
        return ("Kế hoạch xây dựng trên cơ sở ước thực hiện năm trước và nhiệm vụ được giao."
                if up else "Kế hoạch xây dựng trên cơ sở ước thực hiện năm trước, còn chịu "
                "ảnh hưởng của dịch COVID-19.")
    if name.startswith("profit"):
        if old < 0 < new:
            return ("Năm trước lỗ do ảnh hưởng của dịch COVID-19; năm nay sản xuất kinh doanh "
                    "phục hồi, có lãi.")
        if new < 0:
            return ("Lỗ do dịch COVID-19: đơn hàng kinh tế giảm mạnh trong khi chi phí cố "
                    "định vẫn phải duy trì.")
        if year in (2020, 2021) and not up:
            return ("Lợi nhuận giảm do ảnh hưởng của dịch COVID-19: hợp đồng kinh tế giãn "
                    "tiến độ, chi phí phòng chống dịch tăng.")
        if year == 2022 and up:
            return ("Lợi nhuận tăng do sản xuất kinh doanh phục hồi sau dịch COVID-19, hoàn "
                    "thành các hợp đồng bị giãn từ năm trước.")
        return ("Lợi nhuận tăng do hoàn thành, bàn giao các hợp đồng có giá trị lớn và tiết "
                "giảm chi phí." if up else
                "Lợi nhuận giảm do giá nguyên vật liệu tăng và một số hợp đồng kinh tế giãn "
                "tiến độ.")
    if name.startswith("revenue"):
        return ("Doanh thu tăng do nhận thêm nhiệm vụ và mở rộng thị trường." if up else
                "Doanh thu giảm do một số hợp đồng phải giãn tiến độ sang kỳ sau.")
    return ("Tăng do mở rộng sản xuất kinh doanh." if up else
            "Giảm do thu hẹp một số hoạt động sản xuất kinh doanh.")


def seed_returns(ctx: DemoContext) -> None:
    today = timezone.localdate()
    schedules = Schedules.load()
    units = {unit.code: unit for unit in OrgUnit.objects.filter(
        code__in=[p.code for p in PROFILES])}
    checked = set(Indicator.objects.filter(checks_change=True).values_list("code", flat=True))
    filer = Filer(ctx, today, schedules, ctx.users["khdt"], units, checked)
    for filing in filings(Series(today.year), schedules, today):
        filer.file(filing)
