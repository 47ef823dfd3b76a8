from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.text import fold


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """Keeps `search_text`: the folded text of `search_fields`, so one `contains` finds
    "Đường" from "duong" on SQLite and PostgreSQL alike (trigram-indexed on PostgreSQL)."""

    search_fields: ClassVar[tuple[str, ...]] = ()
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        parts = (str(getattr(self, name) or "") for name in self.search_fields)
        return fold(" ".join(parts))
