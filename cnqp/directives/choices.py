"""The vocabularies of resolutions and their follow-up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")  # nghị quyết
    DIRECTIVE = "directive", _("Directive")  # chỉ thị
    CONCLUSION = "conclusion", _("Conclusion")  # kết luận
    PROGRAMME = "programme", _("Action programme")  # chương trình hành động
    PLAN = "plan", _("Plan")  # kế hoạch
    DECISION = "decision", _("Decision")  # quyết định


class DirectiveStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    CONCLUDED = "concluded", _("Concluded")
    SUPERSEDED = "superseded", _("Superseded")


class ItemKind(models.TextChoices):
    OBJECTIVE = "objective", _("Objective")  # mục tiêu
    BREAKTHROUGH = "breakthrough", _("Breakthrough area")  # khâu đột phá
    PRIORITY = "priority", _("Annual priority")  # trọng tâm công tác năm
    TASK = "task", _("Task")  # nhiệm vụ
    SOLUTION = "solution", _("Solution")  # giải pháp


class TargetKind(models.TextChoices):
    """How an indicator's figure is judged against its target."""

    AT_LEAST = "at_least", _("At least the target")  # higher is better
    AT_MOST = "at_most", _("At most the target")  # lower is better
    ZERO = "zero", _("None at all")  # "không để xảy ra ..."
    ABOVE_BASELINE = "above_baseline", _("Higher than the baseline period")
    QUALITATIVE = "qualitative", _("Assessed by a person")


class Assessment(models.TextChoices):
    """The verdicts of a review conference, and of an indicator today."""

    EXCEEDED = "exceeded", _("Exceeded")  # vượt
    ACHIEVED = "achieved", _("Achieved")  # đạt
    BASICALLY = "basically", _("Basically achieved")  # cơ bản hoàn thành
    NOT_ACHIEVED = "not_achieved", _("Not achieved")  # không đạt
    ON_TRACK = "on_track", _("On track")  # in progress, where it should be
    AT_RISK = "at_risk", _("Behind")  # in progress, behind the trajectory
    NO_DATA = "no_data", _("No figure")


# The colour of a verdict on the pages (Bootstrap's contextual classes).
TONES: dict[str, str] = {Assessment.EXCEEDED: "success", Assessment.ACHIEVED: "success",
         Assessment.ON_TRACK: "success", Assessment.BASICALLY: "warning",
         Assessment.AT_RISK: "warning", Assessment.NOT_ACHIEVED: "danger",
         Assessment.NO_DATA: "secondary"}

# A verdict a conference can reach (the period is over); the others are "so far".
FINAL = (Assessment.EXCEEDED, Assessment.ACHIEVED, Assessment.BASICALLY,
         Assessment.NOT_ACHIEVED)


class TaskStatus(models.TextChoices):
    """The four buckets of QĐ 42/2014/QĐ-TTg (Báo cáo 1270/BC-TCTTTg), computed, not chosen."""

    DONE_ON_TIME = "done_on_time", _("Completed on time")
    DONE_LATE = "done_late", _("Completed late")
    OPEN_IN_TIME = "open_in_time", _("Not completed, within the deadline")
    OVERDUE = "overdue", _("Overdue, not completed")


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", _("Annual review")  # tổng kết năm
    INTERIM = "interim", _("Interim review")  # sơ kết
    FINAL = "final", _("Final review")  # tổng kết N năm
    CONFERENCE = "conference", _("Military-political conference")  # hội nghị quân chính


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Held, figures frozen")
