"""The kinds of press coverage the Political Department counts: "bài viết, phóng sự, phim tài
liệu và tin tuyên truyền"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PressKind(models.TextChoices):
    ARTICLE = "article", _("Article")  # bài viết
    REPORT = "report", _("Feature report")  # phóng sự
    DOCUMENTARY = "documentary", _("Documentary film")  # phim tài liệu
    NEWS = "news", _("News item")  # tin


KINDS = [kind.value for kind in PressKind]
