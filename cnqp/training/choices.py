"""The kinds of training the directorate reports on ("tổ chức các lớp huấn luyện chuyên
ngành", "tập huấn, huấn luyện nâng cao trình độ của cán bộ, nhân viên kỹ thuật").

Safety training (huấn luyện an toàn, vệ sinh lao động) is not a kind of course here: the safety
app records it (`safety.TrainingSession`), and the figures count its sessions as the `SAFETY`
kind of `FigureKind`, so it is entered once and counted once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class CourseKind(models.TextChoices):
    """What a course recorded in this app may be."""

    SPECIALISED = "specialised", pgettext_lazy("training", "Specialised")  # chuyên ngành
    TECHNICAL = "technical", pgettext_lazy("training", "Technical")  # kỹ thuật
    PROFESSIONAL = "professional", pgettext_lazy("training", "Professional")  # nghiệp vụ


class FigureKind(models.TextChoices):
    """The kinds the figures count: the courses' kinds and the safety app's sessions."""

    SPECIALISED = "specialised", pgettext_lazy("training", "Specialised")
    TECHNICAL = "technical", pgettext_lazy("training", "Technical")
    SAFETY = "safety", pgettext_lazy("training", "Occupational safety and health")
    PROFESSIONAL = "professional", pgettext_lazy("training", "Professional")


COURSE_KINDS = [kind.value for kind in CourseKind]
FIGURE_KINDS = [kind.value for kind in FigureKind]
SAFETY = FigureKind.SAFETY.value
