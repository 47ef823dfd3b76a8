"""Notifications: addressed to a unit, read by its users (and those above it), each with their
own read state; the bell counts what is unread; scoped like every record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cnqp.core import notifications as notices
from cnqp.core.choices import Classification, NotificationLevel
from cnqp.core.factories import NotificationFactory
from cnqp.core.models import AuditEntry, Notification, NotificationRead
from cnqp.core.notifications import Notice, send_notifications


@pytest.fixture
def people(org: Any, make_user: Any) -> dict[str, Any]:
    return {
        "sd304": make_user(["user_unit_staff"], org.user_unit, Classification.UNCLASSIFIED),
        "sd304_cleared": make_user(["user_unit_staff"], org.user_unit,
                                   Classification.CONFIDENTIAL),
        "z111": make_user(["enterprise_staff"], org.enterprise_a),
        "qlcn": make_user(["department_staff"], org.department),
        "admin": make_user(["admin"], org.root),
    }


def test_send_writes_one_row_per_unit_and_one_audit_entry(org, people):
    rows = send_notifications(people["qlcn"], [
        Notice(org.user_unit, "Thu hồi lô đạn", "Ba khẩu", "/quality/recalls/1/",
               NotificationLevel.DANGER),
        Notice(org.enterprise_a, "Thu hồi lô đạn", link="/quality/recalls/1/")])
    assert [r.org_unit for r in rows] == [org.user_unit, org.enterprise_a]
    entry = AuditEntry.objects.get(object_type="core.notification")
    assert len(entry.changes["notifications"][1]) == 2


@pytest.mark.parametrize("notice, field", [
    (dict(title="  "), "title"),
    (dict(title="x", link="https://example.com/"), "link"),
    (dict(title="x", link="//evil/"), "link"),
    (dict(title="x", level="loud"), "level"),
])
def test_bad_notices_are_refused_and_nothing_written(org, people, notice, field):
    with pytest.raises(ValidationError) as error:
        send_notifications(None, [Notice(org.user_unit, "ok"), Notice(org.user_unit, **notice)])
    assert field in error.value.message_dict
    assert not Notification.objects.exists()


def test_a_unit_reads_its_own_and_units_above_read_theirs_below(org, people):
    mine = NotificationFactory(org_unit=org.user_unit)
    other = NotificationFactory(org_unit=org.enterprise_a)
    assert set(notices.visible_notifications(people["sd304"])) == {mine}
    assert set(notices.visible_notifications(people["z111"])) == {other}
    # need to know even at the directorate: a department does not read a division's notices
    assert not notices.visible_notifications(people["qlcn"]).exists()
    assert set(notices.visible_notifications(people["admin"])) == {mine, other}  # the root


def test_classified_notice_hidden_below_its_level(org, people):
    secret = NotificationFactory(org_unit=org.user_unit, classification=Classification.CONFIDENTIAL)
    assert notices.unread_count(people["sd304"]) == 0
    assert notices.unread_count(people["sd304_cleared"]) == 1
    assert people["sd304_cleared"] and secret


def test_read_state_is_per_user(org, people):
    first = NotificationFactory(org_unit=org.user_unit)
    NotificationFactory(org_unit=org.user_unit)
    assert notices.unread_count(people["sd304"]) == 2
    assert notices.mark_read(people["sd304"], first)
    assert not notices.mark_read(people["sd304"], first)  # once
    assert notices.unread_count(people["sd304"]) == 1
    assert notices.unread_count(people["sd304_cleared"]) == 2
    assert notices.mark_all_read(people["sd304"]) == 1
    assert notices.unread_count(people["sd304"]) == 0
    assert NotificationRead.objects.filter(user=people["sd304"]).count() == 2


def test_bell_list_and_open(org, people, client_for):
    notice = NotificationFactory(org_unit=org.user_unit, link="/account/", title="Thu hồi")
    client = client_for(people["sd304"])
    home = client.get("/").content.decode()
    assert "data-unread>1<" in home
    unread = client.get("/notifications/", {"unread": "true"})
    assert unread.context["page"].paginator.count == 1
    assert client.get(f"/notifications/{notice.pk}/open/").url == "/account/"
    assert "data-unread" not in client.get("/").content.decode()
    listed = client.get("/notifications/", {"unread": "true"})
    assert listed.context["page"].paginator.count == 0
    assert client.get(f"/notifications/{NotificationFactory(org_unit=org.enterprise_a).pk}/"
                      ).status_code == 404


def test_detail_reads_and_read_all(org, people, client_for):
    first, second = (NotificationFactory(org_unit=org.user_unit) for _ in range(2))
    client = client_for(people["sd304"])
    assert client.get(f"/notifications/{first.pk}/").status_code == 200
    assert notices.unread_count(people["sd304"]) == 1
    client.post("/notifications/read-all/")
    assert notices.unread_count(people["sd304"]) == 0
    assert second.reads.filter(user=people["sd304"]).exists()


def test_api_lists_reads_and_marks(org, people, client_for):
    notice = NotificationFactory(org_unit=org.user_unit)
    NotificationFactory(org_unit=org.enterprise_b)
    client = client_for(people["sd304"])
    listed = client.get("/api/core/notifications").json()
    assert [item["id"] for item in listed["items"]] == [notice.pk]
    assert client.post(f"/api/core/notifications/{notice.pk}/read").status_code == 200
    assert notices.unread_count(people["sd304"]) == 0
    NotificationFactory(org_unit=org.user_unit)
    answer = client.post("/api/core/notifications/read-all").json()
    assert answer == {"marked": 1, "unread": 0}


def test_a_notice_for_one_user_is_theirs_alone(org, people):
    [row] = send_notifications(None, [Notice(org.user_unit, "Riêng", recipient=people["sd304"])])
    assert row.recipient == people["sd304"]
    assert notices.unread_count(people["sd304"]) == 1
    for other in ("sd304_cleared", "admin"):  # same unit, the root above: not theirs
        assert not notices.visible_notifications(people[other]).exists()
    with pytest.raises(ValidationError) as error:  # to a user through another unit: refused
        send_notifications(None, [Notice(org.enterprise_a, "x", recipient=people["sd304"])])
    assert "recipient" in error.value.message_dict
