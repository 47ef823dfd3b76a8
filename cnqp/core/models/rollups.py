"""The columns every rollup row has (cnqp/core/figures/rollups.py): the slice it counts (the
owning unit and the day, or the month when `whole_month`) and the level of what it counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models.org import OrgUnit


class RollupRow(models.Model):
    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("unit"))
    day = models.DateField(_("date"))  # the month's first day when whole_month
    whole_month = models.BooleanField(_("whole month"), default=False)
    classification = ClassificationField(db_index=False)

    scope = Scope(unit="unit", classification="classification")

    class Meta:
        abstract = True
