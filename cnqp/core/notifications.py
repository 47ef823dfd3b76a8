"""Notifications to org units: sending (a service other apps call inside their own
transaction), reading (scoped like every record) and the per-user read state.

A notice is addressed to a unit; the users of that unit and of the units above it read it
(`Notification.scope`, directorate-wide roles included only through their own subtree). Its
classification is the highest level of what it names, so nobody below that level learns of
it. Links are paths inside the application, never an address elsewhere. A notice naming a
`recipient` (a user of its unit) is that user's alone (`Scope.recipient`): their daily digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import AuditAction, NotificationLevel
from cnqp.core.models import Notification, NotificationRead, OrgUnit
from cnqp.core.text import clean_text, nfc

if TYPE_CHECKING:
    from cnqp.core.models import User


@dataclass(frozen=True)
class Notice:
    """What to tell one unit."""

    unit: OrgUnit
    title: str
    text: str = ""
    link: str = ""
    level: str = NotificationLevel.INFO
    classification: int = 0
    key: str = ""  # once per unit and key: a duty's reminder (`Notification.key`)
    recipient: User | None = None  # one user of `unit`, who alone reads it


def _check(notice: Notice) -> None:
    if not clean_text(notice.title):
        raise ValidationError({"title": _("A notification needs a title.")})
    if notice.link and (not notice.link.startswith("/") or notice.link.startswith("//")):
        raise ValidationError({"link": _("A notification links only to a page of this "
                                         "application.")})
    if notice.level not in NotificationLevel.values:
        raise ValidationError({"level": _("Unknown notification level.")})
    if notice.recipient is not None and notice.recipient.org_unit_id != notice.unit.pk:
        raise ValidationError({"recipient": _("A notice for one user goes to that user's "
                                              "unit.")})


def send_notifications(actor: User | None, notices: Sequence[Notice]) -> list[Notification]:
    """Write the notices (one row each) and one audit entry naming them; all or none. Called
    by the services that have something to tell, inside their transaction."""
    for notice in notices:
        _check(notice)
    now = timezone.now()
    with transaction.atomic():
        notices = _not_yet_sent(notices)
        if not notices:
            return []
        rows = Notification.objects.bulk_create([
            Notification(org_unit=n.unit, title=clean_text(n.title)[:255], text=nfc(n.text),
                         link=n.link, level=n.level, classification=n.classification, at=now,
                         created_by=actor if actor is not None and actor.pk else None,
                         key=n.key, recipient=n.recipient)
            for n in notices])
        audit.record(AuditAction.CREATE, actor=actor, object_type="core.notification",
                     object_id=str(rows[0].pk), object_repr=rows[0].title,
                     classification=max(r.classification for r in rows),
                     changes={"notifications": [None, [
                         {"id": r.pk, "unit": n.unit.code, "title": r.title, "link": r.link,
                          **({"recipient": n.recipient.username} if n.recipient else {})}
                         for r, n in zip(rows, notices, strict=True)]]})
    return rows


def _not_yet_sent(notices: Sequence[Notice]) -> list[Notice]:
    """The notices without a key, and those with a key their unit has not had yet (the first
    of a key repeated in `notices`). Two duties racing meet the unique constraint: the later
    one fails and its job is retried, finding the key sent."""
    keys = {n.key for n in notices if n.key}
    sent = set(Notification.objects.filter(key__in=keys).values_list("org_unit_id", "key")
               ) if keys else set()
    fresh: list[Notice] = []
    for notice in notices:
        if notice.key:
            if (notice.unit.pk, notice.key) in sent:
                continue
            sent.add((notice.unit.pk, notice.key))
        fresh.append(notice)
    return fresh


def visible_notifications(user: User) -> QuerySet[Notification]:
    return scope_queryset(Notification.objects.all(), user)


def read_by(user: User) -> Exists:
    """The condition "`user` has read this notification" (one correlated subquery)."""
    return Exists(NotificationRead.objects.filter(notification=OuterRef("pk"),
                                                  user_id=user.pk))


def with_read_state(notifications: QuerySet[Notification], user: User) -> QuerySet[Notification]:
    """Each notification with `read`: whether `user` has read it (no per-row query)."""
    if "read" in notifications.query.annotations:
        return notifications
    return notifications.annotate(read=read_by(user))


def unread(user: User) -> QuerySet[Notification]:
    return visible_notifications(user).exclude(read_by(user))


def unread_count(user: User) -> int:
    """The number on the bell."""
    if not user.is_authenticated:
        return 0
    return unread(user).count()


def mark_read(user: User, notification: Notification) -> bool:
    """Record that `user` read `notification` (visible to them: the caller checked); True when
    it was unread. Audited like any write."""
    with transaction.atomic():
        _row, created = NotificationRead.objects.get_or_create(notification=notification,
                                                               user=user)
        if created:
            audit.record(AuditAction.UPDATE, actor=user, obj=notification,
                         changes={"read_by": [None, user.username]})
    return created


def mark_all_read(user: User) -> int:
    """Every visible notification `user` has not read, marked read; how many."""
    with transaction.atomic():
        ids = list(unread(user).values_list("pk", flat=True))
        if not ids:
            return 0
        NotificationRead.objects.bulk_create(
            [NotificationRead(notification_id=pk, user=user) for pk in ids],
            ignore_conflicts=True)
        audit.record(AuditAction.UPDATE, actor=user, object_type="core.notification",
                     object_id=str(ids[0]), object_repr=_("%(count)s notifications") % {
                         "count": len(ids)},
                     classification=max(visible_notifications(user).filter(pk__in=ids)
                                        .values_list("classification", flat=True)),
                     changes={"read_by": [None, user.username], "ids": ids})
    return len(ids)
