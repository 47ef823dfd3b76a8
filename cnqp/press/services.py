"""Writes of press coverage, each validated, saved and audited (records.writes): by whoever
acts for the unit the item is about (its own staff, the units above it, the roles that see
every unit). An item is published on a day that has come, its link is http or https.

`create_items` records many items at once (an imported register, the demo): every item is
checked first, and only when all pass are they written in one transaction, in one insert,
each with its own audit entry; one refused item writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for
from cnqp.core.units import units_in_reach
from cnqp.core.uploads import check_upload, clean_name, store_checked
from cnqp.press.files import FILE_TYPES
from cnqp.press.models import SCHEMES, PressItem

FIELDS = ("kind", "title", "outlet", "published_on", "subject_unit", "author", "topic", "link",
          "classification")


def _check_rules(item: PressItem) -> None:
    """What a form cannot say alone: the day has come, the link opens a web page."""
    errors: dict[str, str] = {}
    if isinstance(item.published_on, dt.date) and item.published_on > timezone.localdate():
        errors["published_on"] = _("The date cannot be in the future.")
    scheme = item.link.split(":", 1)[0].lower() if item.link and ":" in item.link else ""
    if item.link and scheme not in SCHEMES:
        errors["link"] = _("Only http and https addresses are accepted.")
    if errors:
        raise ValidationError(errors)


def create_item(actor: User | None, *, kind: str, title: str, outlet: str,
                published_on: dt.date, subject_unit: OrgUnit, author: str = "",
                topic: str = "", link: str = "",
                classification: int = Classification.UNCLASSIFIED) -> PressItem:
    check_acts_for(actor, subject_unit, "subject_unit")
    item = PressItem(kind=kind, title=title, outlet=outlet, published_on=published_on,
                     subject_unit=subject_unit, author=author or "", topic=topic or "",
                     link=link or "", classification=classification)
    _check_rules(item)
    return writes.create(actor, item)


def update_item(actor: User | None, item: PressItem, **data: Any) -> PressItem:
    check_acts_for(actor, item.subject_unit, "subject_unit")
    if "subject_unit" in data:
        check_acts_for(actor, data["subject_unit"], "subject_unit")
    changed = {k: ("" if v is None and k in ("author", "topic", "link") else v)
               for k, v in data.items() if k in FIELDS}
    for name, value in changed.items():
        setattr(item, name, value)
    _check_rules(item)
    return writes.update(actor, item, changed)


def delete_item(actor: User | None, item: PressItem) -> None:
    check_acts_for(actor, item.subject_unit, "subject_unit")
    stored = item.file.name if item.file else ""
    storage = item.file.storage
    with transaction.atomic():
        writes.delete(actor, item)
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def attach_file(actor: User | None, item: PressItem, *, file: File) -> PressItem:
    """The item's file (PDF, image or Office file), checked before anything is written; it
    replaces the one attached before, whose bytes are removed once the change is committed."""
    check_acts_for(actor, item.subject_unit, "subject_unit")
    if not file:
        raise ValidationError({"file": _("Choose a file.")})
    name = clean_name(file.name or "")
    kind = check_upload(name, file, FILE_TYPES, settings.CNQP_MAX_UPLOAD_BYTES)
    old = item.file.name if item.file else ""
    stored = store_checked(item, "file", name, file, settings.CNQP_MAX_UPLOAD_BYTES)
    storage = item.file.storage
    try:
        with transaction.atomic():
            writes.update(actor, item, {
                "file": stored.name, "original_name": name, "content_type": kind.content_type,
                "size": stored.size, "sha256": stored.sha256,
                "uploaded_by": actor if actor is not None and actor.pk else None})
            if old:
                transaction.on_commit(lambda: storage.delete(old))
    except BaseException:
        storage.delete(stored.name)
        raise
    return item


class ItemsRefused(Exception):
    """Items of a `create_items` call that cannot be recorded: their index and why."""

    def __init__(self, errors: Mapping[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} press item(s) refused")
        self.errors = dict(errors)


def create_items(actor: User | None, items: Sequence[Mapping[str, Any]]) -> list[PressItem]:
    """Record `items` (each the keyword arguments of `create_item`) all or nothing: every item
    checked as `create_item` checks it (the units in one query), then one insert and one audit
    entry per item, in one transaction. Raises `ItemsRefused` naming every refused item."""
    reach: set[int] | None = None
    if actor is not None:
        wanted = {data["subject_unit"].pk for data in items}
        reach = set(units_in_reach(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    built: list[PressItem] = []
    errors: dict[int, ValidationError] = {}
    for index, data in enumerate(items):
        item = PressItem(**{k: data.get(k) or "" for k in ("author", "topic", "link")},
                         **{k: v for k, v in data.items() if k not in ("author", "topic",
                                                                       "link")})
        try:
            if reach is not None and item.subject_unit.pk not in reach:
                raise ValidationError({"subject_unit": _("You do not act for %(unit)s.") % {
                    "unit": item.subject_unit.name}})
            _check_rules(item)
            writes.normalise_text_fields(item)
            writes.check_values(item)
            item.full_clean(exclude=["subject_unit"])  # its unit was checked above, in bulk
            writes.check_level(actor, item.classification)
        except ValidationError as exc:
            errors[index] = exc
            continue
        item.search_text = item.build_search_text()  # bulk_create skips save()
        built.append(item)
    if errors:
        raise ItemsRefused(errors)
    with transaction.atomic():
        created = PressItem.objects.bulk_create(built)
        audit.record_created(actor, created)
    return created
