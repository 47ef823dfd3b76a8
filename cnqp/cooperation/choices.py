"""The vocabularies of international cooperation, exhibitions and export."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")  # thỏa thuận
    MEMORANDUM = "memorandum", _("Memorandum of understanding")  # biên bản ghi nhớ
    PLAN = "plan", _("Plan concretising an agreement")  # kế hoạch cụ thể hóa
    CONTRACT = "contract", _("Cooperation contract")  # hợp đồng hợp tác


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    IN_FORCE = "in_force", _("Signed, in force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


SIGNED = (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing delegation")  # đoàn ra
    INCOMING = "incoming", _("Incoming delegation")  # đoàn vào


class EventKind(models.TextChoices):
    FORUM = "forum", pgettext_lazy("cooperation", "Forum")  # diễn đàn
    EXHIBITION = "exhibition", pgettext_lazy("cooperation", "Exhibition")  # triển lãm
    FAIR = "fair", pgettext_lazy("cooperation", "Fair")  # hội chợ


KINDS = [kind.value for kind in EventKind]


class ContractCategory(models.TextChoices):
    DEFENCE = "defence", _("Defence product")  # sản phẩm quốc phòng
    ECONOMIC = "economic", _("Economic product")  # sản phẩm kinh tế


CATEGORIES = [c.value for c in ContractCategory]

HOME = "Việt Nam"  # the country of a domestic event
