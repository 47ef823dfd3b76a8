"""The daily digest (issue 21, core/digest.py), over quality's real work queues: a notice for
the user alone, once a day, summing up what waits for them and what they have not read, at a
cost that does not grow with their records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from cnqp.core import digest, work
from cnqp.core import notifications as notices
from cnqp.core.factories import NotificationFactory
from cnqp.core.jobs.duties import run_duties
from cnqp.core.models import Notification, User
from cnqp.quality.tests.test_my_work import _action

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def opt_in(*users: User) -> None:
    User.objects.filter(pk__in=[u.pk for u in users]).update(daily_digest=True)


def test_an_opted_in_user_gets_one_digest_a_day_that_only_they_read(line, make_user):
    staff = line.world.staff
    colleague = make_user(["enterprise_staff"], staff.org_unit, username="colleague")
    _action(line)
    NotificationFactory(org_unit=staff.org_unit, title="Tin mới")
    opt_in(staff)

    assert run_duties(TODAY, ["core.daily_digest"])[0].done == 1
    assert run_duties(TODAY, ["core.daily_digest"])[0].done == 0  # once a day
    [sent] = Notification.objects.filter(key__startswith=digest.KEY_PREFIX)
    assert sent.recipient == staff and sent.org_unit == staff.org_unit
    assert sent.key == f"digest:{staff.pk}:2026-12-07"
    assert sent.link == reverse("core:my-work")
    with translation.override(settings.LANGUAGE_CODE):  # the duty writes in the site's
        label = str(work.registered()["quality.actions_open"].label)
        unread = notices.unread(staff).exclude(pk=sent.pk).count()
        assert f"{label}: 1" in sent.text.splitlines()
        assert ngettext("%(count)s notice not read since yesterday",
                        "%(count)s notices not read since yesterday",
                        unread) % {"count": unread} in sent.text
    # theirs alone: not their colleague's, not the directorate's above them
    assert sent in notices.visible_notifications(staff)
    assert sent not in notices.visible_notifications(colleague)
    assert sent not in notices.visible_notifications(line.qlcn)
    # the next day, another
    assert run_duties(TODAY + dt.timedelta(days=1), ["core.daily_digest"])[0].done == 1


def test_the_digest_is_in_the_bell_and_the_list_of_its_user_only(line, client_for, make_user):
    staff = line.world.staff
    colleague = make_user(["enterprise_staff"], staff.org_unit, username="colleague")
    _action(line)
    opt_in(staff)
    digest.send_digests(TODAY)
    sent = Notification.objects.get(recipient=staff)
    mine = client_for(staff).get(reverse("core:notifications-list"))
    assert sent.title in mine.content.decode()
    assert client_for(staff).get(reverse("core:notifications-detail", args=[sent.pk])
                                 ).status_code == 200
    before = notices.unread_count(colleague)
    theirs = client_for(colleague)
    assert sent.title not in theirs.get(reverse("core:notifications-list")).content.decode()
    assert theirs.get(reverse("core:notifications-detail", args=[sent.pk])).status_code == 404
    assert notices.unread_count(colleague) == before
    assert not notices.visible_notifications(colleague).filter(pk=sent.pk).exists()


def test_nobody_who_did_not_opt_in_and_nothing_to_say_means_no_digest(line, make_user):
    _action(line)  # waits for the staff, who did not opt in
    idle = make_user(["user_unit_staff"], line.world.org.user_unit, username="idle")
    notices.mark_all_read(idle)
    opt_in(idle)  # opted in, but nothing waits for them and nothing unread
    assert digest.send_digests(TODAY) == 0
    assert not Notification.objects.filter(key__startswith=digest.KEY_PREFIX).exists()


def test_building_digests_costs_the_same_whatever_the_records(line, make_user):
    staff = line.world.staff
    other = make_user(["enterprise_staff"], staff.org_unit, username="other")
    opt_in(staff, other)
    _action(line)
    NotificationFactory(org_unit=staff.org_unit)

    def queries(day: dt.date) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert digest.send_digests(day) == 2
        return len(captured)

    few = queries(TODAY)
    for days in (3, 5, 8):
        _action(line, days)
        NotificationFactory(org_unit=staff.org_unit)
    assert queries(TODAY + dt.timedelta(days=1)) == few
    with CaptureQueriesContext(connection) as captured:
        assert digest.send_digests(TODAY + dt.timedelta(days=1)) == 0  # all told today
    assert len(captured) == 2


def test_a_user_turns_the_digest_on_and_off_on_their_account_page(line, client_for):
    staff = line.world.staff
    client = client_for(staff)
    assert 'name="daily_digest"' in client.get(reverse("core:account")).content.decode()
    client.post(reverse("core:account-digest"), {"daily_digest": "on"})
    staff.refresh_from_db()
    assert staff.daily_digest
    client.post(reverse("core:account-digest"), {})
    staff.refresh_from_db()
    assert not staff.daily_digest
