"""The vocabularies of legal work (Luật Ban hành văn bản quy phạm pháp luật): the kinds of
document, the ordered stages of drafting one, and where a document of the register stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    LAW = "law", pgettext_lazy("legal", "Law")  # Luật
    ORDINANCE = "ordinance", pgettext_lazy("legal", "Ordinance")  # Pháp lệnh
    DECREE = "decree", pgettext_lazy("legal", "Decree")  # Nghị định
    CIRCULAR = "circular", pgettext_lazy("legal", "Circular")  # Thông tư
    DECISION = "decision", pgettext_lazy("legal", "Decision")  # Quyết định
    GUIDELINE = "guideline", pgettext_lazy("legal", "Guideline")  # Hướng dẫn


KINDS = [kind.value for kind in DocumentKind]

# Named by their kind and name ("Luật Công nghiệp quốc phòng, ..."), the others by their kind
# and subject ("Thông tư về “Quản lý tài liệu công nghệ”").
NAMED_KINDS = frozenset({DocumentKind.LAW, DocumentKind.ORDINANCE})



def document_name(kind: str, title: str) -> str:
    """A document as the reports name it, in the active language: a law or ordinance by its
    kind and name (“Luật Công nghiệp quốc phòng, ...”), others by kind and subject in quotes
    (“Thông tư “Quản lý tài liệu công nghệ””)."""
    label = str(DocumentKind(kind).label)
    return f"{label} {title}" if kind in NAMED_KINDS else f"{label} “{title}”"


# Put to consultation before they are issued: a draft of these kinds reaches "issued" only
# after a consultation step (Luật Ban hành văn bản quy phạm pháp luật, lấy ý kiến).
CONSULTED_KINDS = frozenset({DocumentKind.LAW, DocumentKind.ORDINANCE, DocumentKind.DECREE,
                             DocumentKind.CIRCULAR})


class Stage(models.IntegerChoices):
    """The stages of drafting, in their order: a step only ever moves a draft forward."""

    PROPOSAL = 10, pgettext_lazy("legal", "Proposal")  # Đề nghị xây dựng
    DRAFTING = 20, pgettext_lazy("legal", "Drafting")  # Soạn thảo
    CONSULTATION = 30, pgettext_lazy("legal", "Consultation")  # Lấy ý kiến
    APPRAISAL = 40, pgettext_lazy("legal", "Appraisal")  # Thẩm định
    SUBMISSION = 50, pgettext_lazy("legal", "Submission for signature")  # Trình ký
    ISSUED = 60, pgettext_lazy("legal", "Issued")  # Ban hành


# A draft starts with its proposal or, for what needs none, directly with its drafting.
FIRST_STAGES = frozenset({Stage.PROPOSAL, Stage.DRAFTING})


class InstrumentStatus(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("legal", "In force")  # Còn hiệu lực
    AMENDED = "amended", pgettext_lazy("legal", "Amended, in force")  # Được sửa đổi, bổ sung
    REPLACED = "replaced", pgettext_lazy("legal", "Replaced")  # Bị thay thế
    REPEALED = "repealed", pgettext_lazy("legal", "Repealed")  # Bị bãi bỏ


IN_FORCE = frozenset({InstrumentStatus.IN_FORCE, InstrumentStatus.AMENDED})
