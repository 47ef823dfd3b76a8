"""The vocabularies of enterprise performance returns and investment projects."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    """The period a return covers. `number` says which one in its year (month 1-12, quarter
    1-4, half 1-2; a year is 1)."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


# Periods of each kind in a year, and the months one period spans.
PERIODS_IN_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2,
                   PeriodKind.YEAR: 1}
MONTHS_IN_PERIOD = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6,
                    PeriodKind.YEAR: 12}


class Scenario(models.TextChoices):
    """Which version of the truth a return gives. Ordered from the first to the most final: a
    report quotes the most final one accepted."""

    PLAN = "plan", pgettext_lazy("scenario", "Plan")  # kế hoạch
    REVISED_PLAN = "revised_plan", _("Revised plan")  # kế hoạch điều chỉnh
    ESTIMATE = "estimate", _("Estimate")  # ước thực hiện
    ACTUAL = "actual", _("Actual")  # thực hiện
    AUDITED = "audited", _("Audited")  # quyết toán, kiểm toán


# The scenarios that report what happened, the most final first.
OUTTURNS = (Scenario.AUDITED, Scenario.ACTUAL, Scenario.ESTIMATE)
# The plans, the latest first.
PLANS = (Scenario.REVISED_PLAN, Scenario.PLAN)


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("completeness", "Accepted")
    LOCKED = "locked", _("Locked")


# A return whose figures count: the planning department has accepted it.
COUNTED = (ReturnStatus.ACCEPTED, ReturnStatus.LOCKED)
# A return the enterprise still edits.
EDITABLE = (ReturnStatus.DRAFT, ReturnStatus.RETURNED)


class MeasureUnit(models.TextChoices):
    MILLION_VND = "million_vnd", _("million đồng")
    PEOPLE = "people", _("people")
    INCOME = "income", _("million đồng/person/month")


class IndicatorKind(models.TextChoices):
    """How an indicator gets its value, and so how it aggregates: an entered figure is summed
    across enterprises; a total is the sum of its parts; a ratio is computed from summed
    numerator and denominator, never averaged."""

    ENTERED = "entered", _("Entered")
    TOTAL = "total", _("Sum of its parts")
    RATIO = "ratio", _("Ratio of sums")


class DueFrom(models.TextChoices):
    START = "start", _("the period's start")
    END = "end", _("the period's end")


class ProjectGroup(models.TextChoices):
    NATIONAL = "national", _("Nationally important")
    A = "a", _("Group A")
    B = "b", _("Group B")
    C = "c", _("Group C")


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")  # chuẩn bị đầu tư
    IMPLEMENTING = "implementing", _("Being implemented")  # thực hiện đầu tư
    COMPLETED = "completed", _("Completed")  # kết thúc, bàn giao
    OPERATING = "operating", _("In operation")  # vận hành, khai thác
    SUSPENDED = "suspended", _("Suspended")  # tạm dừng


class FundingSource(models.TextChoices):
    DEFENCE_BUDGET = "defence_budget", _("Defence budget")  # ngân sách quốc phòng
    STATE_BUDGET = "state_budget", _("Other state budget")  # ngân sách nhà nước khác
    ENTERPRISE = "enterprise", _("Enterprise's own funds")  # vốn tự có của doanh nghiệp
    CREDIT = "credit", _("Loans")  # vốn vay
    OTHER = "other", _("Other sources")


class MilestoneKind(models.TextChoices):
    """In the order a project passes them."""

    APPROVAL = "approval", _("Project approval")  # phê duyệt dự án
    DESIGN = "design", _("Design approval")  # phê duyệt thiết kế
    CONTRACT = "contract", _("Main contract signed")  # ký hợp đồng
    CONSTRUCTION = "construction", _("Construction and installation")  # thi công, lắp đặt
    ACCEPTANCE = "acceptance", _("Acceptance")  # nghiệm thu
    OPERATION = "operation", _("Handed over for operation")  # đưa vào sử dụng


MILESTONE_ORDER = {kind: n for n, kind in enumerate(MilestoneKind.values)}
