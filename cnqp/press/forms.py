"""The press item's form: the unit covered is one the writer acts for (ScopedModelForm); the
outlet is typed, with the outlets already recorded suggested. The file is attached on the
item's page (views.py), checked like every upload."""

from __future__ import annotations

from cnqp.core.records.forms import ScopedModelForm
from cnqp.press.models import PressItem


class PressItemForm(ScopedModelForm):
    owner_fields = ("subject_unit",)
    link = PressItem._meta.get_field("link").formfield(assume_scheme="https")

    class Meta:
        model = PressItem
        fields = ["kind", "title", "outlet", "published_on", "subject_unit", "author", "topic",
                  "link", "classification"]
