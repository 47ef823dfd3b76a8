"""A list's filters saved under a name by a user ("Lưu bộ lọc"): the query string of a
resource's list, offered again on that list to that user only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope


class SavedFilter(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="saved_filters")
    # the resource's list: "<app_label>.<slug>" (quality.nonconformances)
    resource = models.CharField(_("list"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The owner's unit, as for API tokens; the pages read a user's own filters only
    # (`saved_filters_of`), never another's, whatever their role.
    scope = Scope(unit="user__org_unit", classification=None, directorate_wide=False)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "resource", "name"],
                                               name="core_savedfilter_name_once")]

    def __str__(self) -> str:
        return self.name
