"""Approval hand-offs, told (`core.notifications`): a record submitted for approval tells the
departments whose domain it belongs to (department staff see every unit, so they can open it)
and the unit that owns it (its users and those above it, who may approve it too); approved or
returned, it tells the owning unit. Used by the services of documents (revisions) and safety
(plans), inside their transactions."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.choices import NotificationLevel
from cnqp.core.models import OrgUnit
from cnqp.core.notifications import Notice
from cnqp.core.records.registry import resource_of
from cnqp.core.units import departments_for


def _link(record: Model) -> str:
    resource = resource_of(type(record))
    assert resource is not None, type(record)  # what is approved is a registered record
    return reverse(resource.url_name("detail"), args=[record.pk])


def submitted(record: Model, *, domain: str, owner: OrgUnit, level: int) -> list[Notice]:
    title = _("Awaiting approval: %(record)s") % {"record": record}
    units = {owner.pk: owner, **{d.pk: d for d in departments_for(domain)}}
    return [Notice(unit=unit, title=title, link=_link(record), classification=level)
            for unit in units.values()]


def decided(record: Model, *, owner: OrgUnit, level: int, approved: bool,
            reason: str = "") -> list[Notice]:
    title = (_("Approved: %(record)s") if approved else
             _("Returned for rework: %(record)s")) % {"record": record}
    return [Notice(unit=owner, title=title, text=reason, link=_link(record), classification=level,
                   level=NotificationLevel.INFO if approved else NotificationLevel.WARNING)]
