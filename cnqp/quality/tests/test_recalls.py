"""Recall: marks exactly the forward set, tells each receiving unit about its own serials, and
is complete or refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification, NotificationLevel
from cnqp.core.models import AuditEntry, Notification
from cnqp.core.notifications import visible_notifications
from cnqp.production.factories import LotFactory, SerialUnitFactory
from cnqp.production.models import SerialUnit, TraceNode
from cnqp.quality import services
from cnqp.quality.models import Recall, RecalledSerial
from cnqp.quality.tests.conftest import YEAR, consume, serials, started
from cnqp.quality.trace.walk import reached_ids


def test_recall_marks_exactly_the_forward_set(line):
    steel = line.steel.node
    recall = services.issue_recall(line.qlcn, start_node=steel,
                                   reason="Thép không đạt độ cứng")
    forward = reached_ids("forward", steel.pk)
    expected = set(SerialUnit.objects.filter(node_id__in=forward).values_list("pk", flat=True))
    assert expected == {r.pk for r in [*line.rifles, line.spare]}
    marked = set(recall.marked.values_list("serial_id", flat=True))
    assert marked == expected
    assert (recall.serial_count, recall.lot_count, recall.unit_count) == (3, 1, 2)
    recipients = dict(recall.marked.values_list("serial_id", "recipient__code"))
    assert recipients == {line.rifles[0].pk: "SD304", line.rifles[1].pk: "SD304",
                          line.spare.pk: "SD308"}
    # one notice per receiving unit, naming its own serials only
    notices = {n.org_unit.code: n for n in Notification.objects.all()}
    assert set(notices) == {"SD304", "SD308"}
    assert notices["SD308"].level == NotificationLevel.DANGER
    assert line.spare.serial_number in notices["SD308"].text
    assert line.spare.serial_number not in notices["SD304"].text
    assert notices["SD304"].link == f"/quality/recalled-serials/?recall={recall.pk}"
    # nor the recall's number or reason: a unit holding only some serials may not see it
    for notice in notices.values():
        assert recall.code not in notice.title + notice.text
        assert "Thép không đạt độ cứng" not in notice.title + notice.text
    assert AuditEntry.objects.filter(object_type="quality.recall", action="create").exists()


def test_recall_from_a_serial_marks_that_serial(line):
    recall = services.issue_recall(line.qlcn, start_node=line.spare.node, reason="Nứt ốp lót")
    assert list(recall.marked.values_list("serial_id", flat=True)) == [line.spare.pk]
    assert recall.lot_count == 0 and recall.unit_count == 1


def test_a_partial_recall_is_refused(line):
    """Z113 made a sub-assembly from Z111's barrels: Z111 does not see it, so Z111's recall
    of the steel would miss it; it is refused, and the directorate issues it whole."""
    foreign = SerialUnitFactory(enterprise=line.world.org.enterprise_b)
    consume(line.world, foreign.node, line.barrels.node)
    with pytest.raises(ValidationError) as error:
        services.issue_recall(line.world.staff, start_node=line.steel.node, reason="Thép")
    assert "start_node" in error.value.message_dict
    assert str(foreign.serial_number) not in str(error.value)
    assert not Recall.objects.exists() and not Notification.objects.exists()
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")
    assert recall.serial_count == 4


@pytest.mark.parametrize("reason, field", [("  ", "reason")])
def test_recall_needs_a_reason(line, reason, field):
    with pytest.raises(ValidationError) as error:
        services.issue_recall(line.qlcn, start_node=line.steel.node, reason=reason)
    assert field in error.value.message_dict


def test_nothing_to_recall(line):
    empty = LotFactory(enterprise=line.world.org.enterprise_a)
    with pytest.raises(ValidationError) as error:
        services.issue_recall(line.qlcn, start_node=empty.node, reason="Kiểm tra")
    assert "start_node" in error.value.message_dict


def test_an_invisible_start_is_refused(line, make_user):
    low = make_user(["department_staff"], line.world.org.department,
                    Classification.UNCLASSIFIED)
    TraceNode.objects.filter(pk=line.steel.node_id).update(classification=Classification.SECRET)
    with pytest.raises(ValidationError) as error:
        services.issue_recall(low, start_node=line.steel.node, reason="Thép")
    assert "start_node" in error.value.message_dict


def test_who_sees_a_recall_and_its_marks(line):
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")

    def marks(user):
        return set(scope_queryset(RecalledSerial.objects.all(), user)
                   .values_list("serial_id", flat=True))

    assert marks(line.sd304_user) == {r.pk for r in line.rifles}
    assert marks(line.sd308_user) == {line.spare.pk}
    assert marks(line.world.staff) == {r.pk for r in [*line.rifles, line.spare]}
    assert marks(line.world.staff_b) == set()
    # the producer of every marked serial and the issuer see the recall, with its totals; a
    # user unit holding only some of them, told of it, sees it too (its page shows only its
    # own marks: test_views); a unit that received none of it does not
    for user in (line.world.staff, line.qlcn, line.sd304_user, line.sd308_user):
        assert scope_queryset(Recall.objects.all(), user).get() == recall
    assert not scope_queryset(Recall.objects.all(), line.world.staff_b).exists()
    whole = services.issue_recall(line.qlcn, start_node=line.spare.node, reason="Nứt ốp lót")
    assert set(scope_queryset(Recall.objects.all(), line.sd308_user)) == {recall, whole}
    assert [n.org_unit.code for n in visible_notifications(line.sd304_user)] == ["SD304"]
    assert not visible_notifications(line.world.staff_b).exists()


def test_a_second_batch_through_the_same_lot_is_reached(line):
    """Forward means every level: serials made later from the same barrels are recalled too."""
    item = started(line.world, plan=line.item.plan, quantity=1)
    late = serials(line.world, item, 1, prefix="MUON-")[0]
    consume(line.world, late.node, line.barrels.node)
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép",
                                   nonconformance=None)
    assert late.pk in set(recall.marked.values_list("serial_id", flat=True))
    assert recall.marked.get(serial=late).recipient is None  # never delivered
    assert dt.date(YEAR, 1, 1) <= recall.issued_at.date()


def test_a_recall_without_its_starting_item_is_refused_naming_the_field(line, client_for):
    """The API's fuzzing sent a recall with no starting item: a server error, not a 422."""
    with pytest.raises(ValidationError) as error:
        services.issue_recall(line.qlcn, start_node=None, reason="Thép")
    assert "start_node" in error.value.message_dict
    answer = client_for(line.qlcn).post("/api/quality/recalls",
                                        {"reason": "Thép", "nonconformance": None},
                                        content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert not Recall.objects.exists()
