"""The daily digest: once a day, each user who opted in (`User.daily_digest`, on their account
page) gets one notice of their own (`Notice.recipient`: only they read it) summing up what
waits for them in "Việc của tôi" (`core.work`, queue by queue with its count) and how many
notices they have not read since the day before, linking to their work page. No e-mail: the
network is isolated, so the digest waits in the bell like any notice.

It is the core app's daily duty (`core/duties.py`), idempotent by its key
`digest:<user id>:<date>`: the users already told that day are read in one query and skipped,
so a second run costs two queries. For each user told, a constant number of queries whatever
their records (their roles come with them): one count per queue they may see, one for the
unread notices.
Nothing waiting and nothing unread: no digest (an empty notice every morning teaches people to
ignore the bell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cnqp.core import work
from cnqp.core.models import Notification, User
from cnqp.core.models.users import role_codes_of
from cnqp.core.notifications import Notice, send_notifications, unread

KEY_PREFIX = "digest:"


def digest_key(user: User, day: dt.date) -> str:
    return f"{KEY_PREFIX}{user.pk}:{day.isoformat()}"


@dataclass(frozen=True)
class Digest:
    queues: list[tuple[str, int, str]]  # label, count, link, of the queues with work
    unread: int  # notices not read, received in the day before

    @property
    def waiting(self) -> int:
        return sum(count for _label, count, _link in self.queues)

    @property
    def empty(self) -> bool:
        return not self.queues and not self.unread


def build_digest(user: User, now: dt.datetime) -> Digest:
    """What waits for `user` (as they would see it) and their unread notices of the day."""
    queues = [(str(q.queue.label), q.count, q.waiting.link)
              for q in work.counts(user) if q.count]
    fresh = (unread(user).filter(at__gte=now - dt.timedelta(days=1))
             .exclude(key__startswith=KEY_PREFIX).count())
    return Digest(queues, fresh)


def digest_notice(user: User, day: dt.date, digest: Digest) -> Notice:
    lines = [_("%(label)s: %(count)s") % {"label": label, "count": count}
             for label, count, _link in digest.queues]
    if digest.unread:
        lines.append(ngettext("%(count)s notice not read since yesterday",
                              "%(count)s notices not read since yesterday",
                              digest.unread) % {"count": digest.unread})
    title = ngettext("Your day: %(count)s item waits for you",
                     "Your day: %(count)s items wait for you",
                     digest.waiting) % {"count": digest.waiting}
    # Work waiting opens the work page; only unread notices open the notification list.
    link = reverse("core:my-work") if digest.queues else reverse("core:notifications-list")
    return Notice(unit=user.org_unit, recipient=user, title=title, text="\n".join(lines),
                  link=link, key=digest_key(user, day))


def send_digests(day: dt.date) -> int:
    """One digest to each active user who opted in and has not had today's; how many sent."""
    users = list(User.objects.filter(daily_digest=True, is_active=True)
                 .select_related("org_unit").annotate(joined_role_codes=role_codes_of("pk"))
                 .order_by("pk"))
    for user in users:  # their roles read with them, as a request's user is
        user.remember_role_codes(user.joined_role_codes)  # type: ignore[attr-defined]
    keys = {digest_key(user, day): user for user in users}
    sent = set(Notification.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    now = timezone.now()
    notices = []
    for key, user in keys.items():
        if key in sent:
            continue
        digest = build_digest(user, now)
        if not digest.empty:
            notices.append(digest_notice(user, day, digest))
    return len(send_notifications(None, notices)) if notices else 0
