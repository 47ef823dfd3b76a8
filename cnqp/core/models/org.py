from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.choices import OrgUnitKind
from cnqp.core.models.base import SearchableModel, TimestampedModel


class OrgUnit(SearchableModel, TimestampedModel):
    """A unit of the directorate's tree. `path` is the chain of codes from the root
    ("TCCNQP/QLCN/"), so "this unit and its descendants" is one indexed prefix match."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=512, db_index=True, editable=False)
    domains = models.CharField(
        _("managed domains"),
        max_length=255,
        blank=True,
        help_text=_("For departments: the modules whose records their staff manage, "
                    "comma separated (documents, research, production, quality, safety, ...)."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # who signs the unit's reports, unless the report names another signer
    head_title = models.CharField(
        _("head's title"), max_length=128, blank=True,
        help_text=_("As printed above the signature: CHỦ NHIỆM, CỤC TRƯỞNG, GIÁM ĐỐC..."))
    head_name = models.CharField(_("head's name"), max_length=128, blank=True,
                                 help_text=_("With the rank: Trung tướng Nguyễn Văn A."))
    is_active = models.BooleanField(_("active"), default=True)

    search_fields = ("code", "name", "short_name")
    # The org tree is reference data every signed-in user needs (to pick a recipient unit,
    # say); it carries no classification. Only administrators change it.
    scope: ClassVar[Scope] = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @property
    def domain_list(self) -> list[str]:
        return [d.strip() for d in self.domains.split(",") if d.strip()]

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else ""
        return f"{prefix}{self.code}/"

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)
