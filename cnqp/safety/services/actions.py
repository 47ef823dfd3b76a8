"""Corrective actions on findings and incidents, through the one action mechanism (quality's
`open_action`: owner, due date, the effectiveness check before closing). The action carries
the unit, level and date of what it remedies; `ActionOrigin` says which record that is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.quality.choices import ActionStatus
from cnqp.quality.models import CorrectiveAction
from cnqp.quality.services import open_action
from cnqp.safety.models import ActionOrigin, Finding, Incident


def _field(origin: Finding | Incident) -> str:
    return "finding" if isinstance(origin, Finding) else "incident"


def open_actions(origin: Finding | Incident) -> int:
    """How many of its actions are not closed yet."""
    links = ActionOrigin.objects.filter(**{_field(origin): origin})
    return CorrectiveAction.objects.filter(safety_origin__in=links).exclude(
        status=ActionStatus.CLOSED).count()


def open_safety_action(actor: User | None, origin: Finding | Incident, *, raised_on: dt.date,
                       title: str, owner_unit: OrgUnit, due_date: dt.date,
                       owner: User | None = None, description: str = "") -> CorrectiveAction:
    with transaction.atomic():
        action = open_action(actor, source_unit=origin.unit,
                             classification=origin.classification, raised_on=raised_on,
                             title=title, owner_unit=owner_unit, due_date=due_date, owner=owner,
                             description=description)
        link = ActionOrigin(action=action, **{_field(origin): origin})
        writes.create(actor, link)
        return action
