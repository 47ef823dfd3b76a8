from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductGroup(models.TextChoices):
    DEFENSE = "defense", _("Defense product")
    DUAL_USE = "dual_use", _("Dual-use product")
    ECONOMIC = "economic", _("Economic product")


class DocumentKind(models.TextChoices):
    DESIGN = "design", _("Design documents (TLTK)")
    TECHNOLOGY = "technology", _("Technology documents")
    SPECIFICATION = "specification", _("Specification")


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")


class Purpose(models.TextChoices):
    PRODUCTION = "production", _("Production")
    REPAIR = "repair", _("Repair")
    RESEARCH = "research", _("Research")


class RightStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class CopyAction(models.TextChoices):
    DOWNLOAD = "download", _("Download")
    PRINT = "print", _("Print")
