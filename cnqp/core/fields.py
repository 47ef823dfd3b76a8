from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import Classification


class ClassificationField(models.PositiveSmallIntegerField):
    """The secrecy level of a record (độ mật), reusable on any model."""

    def __init__(self, verbose_name: Any = None, *args: Any, **kwargs: Any) -> None:
        kwargs["verbose_name"] = verbose_name or kwargs.get("verbose_name") or _("classification")
        kwargs.setdefault("choices", Classification.choices)
        kwargs.setdefault("default", Classification.UNCLASSIFIED)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        # Field.deconstruct omits db_index=False (Field's default), which this field's own
        # default would then turn back into True: record the choice either way.
        name, path, args, kwargs = super().deconstruct()
        kwargs["db_index"] = self.db_index  # type: ignore[attr-defined]
        return name, path, args, kwargs
