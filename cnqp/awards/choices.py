"""The vocabularies of emulation and awards (Luật Thi đua, khen thưởng 2022)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardCategory(models.TextChoices):
    """The law distinguishes what a unit or person is recognised as over a period (a title)
    from what rewards a particular achievement (a form of commendation)."""

    TITLE = "title", _("Emulation title")  # danh hiệu thi đua
    COMMENDATION = "commendation", _("Form of commendation")  # hình thức khen thưởng


class AwardLevel(models.TextChoices):
    """Who confers it, from the highest."""

    STATE = "state", _("State")  # Nhà nước
    MINISTRY = "ministry", _("Ministry of National Defence")  # Bộ Quốc phòng
    DIRECTORATE = "directorate", _("Directorate")  # Tổng cục
    UNIT = "unit", _("Unit")  # đơn vị, cơ sở


LEVELS = [level.value for level in AwardLevel]


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collectives")  # tập thể
    INDIVIDUAL = "individual", _("Individuals")  # cá nhân
    BOTH = "both", _("Collectives and individuals")


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular")  # thường xuyên
    CAMPAIGN = "campaign", _("Campaign")  # theo đợt
    THEMATIC = "thematic", _("Thematic")  # chuyên đề


class Recipient(models.TextChoices):
    """Whom an award names: a unit as a whole, or a person of it."""

    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")
