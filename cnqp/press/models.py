"""Press coverage: the articles, feature reports, documentary films and news items that the
press, radio, television and magazines published about a unit of the directorate ("hơn 1.000
bài viết, phóng sự, phim tài liệu và tin tuyên truyền ... gấp 1,8 lần so với năm 2022").

An item is seen by the unit it is about (`subject_unit`) and every unit above it, up to its
level. It may carry a link (http or https only) and one attached file (a scan, a clip's still,
the article as PDF or Office file), stored with its SHA-256 and re-hashed on every download."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.press.choices import PressKind

SCHEMES = ["http", "https"]


class PressItem(SearchableModel, TimestampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=PressKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    outlet = models.CharField(_("outlet"), max_length=255, db_index=True,
                              help_text=_("The newspaper, station or magazine: Báo Quân đội "
                                          "nhân dân, Truyền hình Quốc phòng Việt Nam, VTV1…"))
    published_on = models.DateField(_("published on"), db_index=True)
    subject_unit = models.ForeignKey(OrgUnit, verbose_name=_("unit covered"),
                                     on_delete=models.PROTECT, related_name="+",
                                     help_text=_("The unit the item is about; it and the units "
                                                 "above it see the item."))
    author = models.CharField(pgettext_lazy("press", "author"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True,
                           validators=[URLValidator(schemes=SCHEMES)],
                           help_text=_("The item's address on the outlet's site (http or "
                                       "https)."))
    file = models.FileField(_("file"), upload_to="press/%Y/%m/", max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    classification = ClassificationField()

    search_fields = ("title", "outlet", "author", "topic")
    scope = Scope(unit="subject_unit")

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["subject_unit", "published_on"],
                                name="press_item_unit_day")]

    def __str__(self) -> str:
        return self.title
