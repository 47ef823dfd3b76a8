"""The registered resource of press coverage: the list (filters, search, CSV/XLSX export), the
detail page, the forms and the API routes come from this declaration (core/records). An item
is written by whoever acts for the unit it is about; the units above read it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.press import filters as flt
from cnqp.press import forms as f
from cnqp.press import services
from cnqp.press.models import PressItem


def _acts_for_unit(user: User, obj: Any) -> bool:
    return units_in_reach(user).filter(pk=obj.subject_unit_id).exists()


items = register(Resource(
    model=PressItem, slug="items",
    columns=[Column("published_on"), Column("title", link=True), Column("kind"),
             Column("outlet"),
             Column("subject_unit.code", label=_("Unit covered"), sort="subject_unit__code"),
             Column("classification")],
    detail_fields=["kind", "title", "outlet", "published_on", "subject_unit", "author", "topic",
                   "link", "original_name", "classification", "created_at"],
    export_fields=["published_on", "kind", "title", "outlet", "subject_unit.code",
                   "subject_unit.name", "author", "topic", "link", "original_name",
                   "classification"],
    api_fields=["id", "kind", "title", "outlet", "published_on", "subject_unit_id", "author",
                "topic", "link", "original_name", "content_type", "size", "sha256",
                "classification"],
    filterset=flt.PressItemFilter, form=f.PressItemForm,
    create=services.create_item, update=services.update_item, delete=services.delete_item,
    default_sort="-published_on", detail_template="press/item_detail.html",
    writable_by=_acts_for_unit,
))
