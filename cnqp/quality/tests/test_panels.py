"""What quality shows on production's record pages: a recalled serial says so to everyone who
may open it, linking to the recall only for those who may see the recall; the field reports
and non-conformances naming a serial; the recalls started from a lot."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cnqp.quality import services
from cnqp.quality.tests.conftest import file_report

RECALLED = "Sản phẩm này đang bị thu hồi"


def page(client_for: Any, user: Any, name: str, pk: int) -> Any:
    return client_for(user).get(reverse(f"production:{name}-detail", args=[pk]))


def test_a_recalled_serial_says_so_to_its_producer_and_its_holder(line, client_for):
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node,
                                   reason="Thép không đạt độ cứng")
    link = reverse("quality:recalls-detail", args=[recall.pk])
    producer = page(client_for, line.world.staff, "serials", line.rifles[0].pk)
    holder = page(client_for, line.sd304_user, "serials", line.rifles[0].pk)
    for response in (producer, holder):
        assert response.status_code == 200
        text = response.content.decode()
        assert RECALLED in text and "Sư đoàn 304" in text
    assert link in producer.content.decode()  # the producer may see the whole recall
    assert recall.code in producer.content.decode()
    # a holder of some of it, told of it, opens it too (issue 21; issue 15 hid it): the page
    # shows its own serials and not the recall's totals
    assert link in holder.content.decode() and recall.code in holder.content.decode()
    opened = client_for(line.sd304_user).get(link)
    assert opened.status_code == 200 and "Thép không đạt độ cứng" in opened.content.decode()


def test_a_serial_not_recalled_says_nothing(line, client_for):
    services.issue_recall(line.qlcn, start_node=line.spare.node, reason="Nứt ốp lót")
    assert RECALLED not in page(client_for, line.world.staff, "serials",
                                line.rifles[0].pk).content.decode()
    assert RECALLED in page(client_for, line.sd308_user, "serials",
                            line.spare.pk).content.decode()


def test_the_recalls_started_from_a_material_lot_are_on_its_page(line, client_for):
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")
    text = page(client_for, line.world.staff, "material-lots", line.steel.pk).content.decode()
    assert "Các lệnh thu hồi bắt đầu từ đối tượng này" in text and recall.code in text


def test_the_field_reports_naming_a_serial_are_on_its_page(line, client_for):
    report = file_report(line)
    text = page(client_for, line.world.staff, "serials", line.rifles[0].pk).content.decode()
    assert reverse("quality:field-reports-detail", args=[report.pk]) in text
    other = page(client_for, line.world.staff, "serials", line.spare.pk).content.decode()
    assert reverse("quality:field-reports-detail", args=[report.pk]) not in other


def test_a_field_report_links_the_recall_only_for_those_who_may_open_it(line, client_for):
    """The reporting unit saw a link to a recall page that answered 404 to it."""
    report = file_report(line)
    recall = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép")
    url = reverse("quality:field-reports-detail", args=[report.pk])
    link = reverse("quality:recalls-detail", args=[recall.pk])
    unit_page = client_for(line.sd304_user).get(url).content.decode()
    # it received recalled serials, so it opens the recall now (issue 21): linked
    assert "Đã thu hồi" in unit_page or "Recalled" in unit_page
    assert link in unit_page and client_for(line.sd304_user).get(link).status_code == 200
    assert link in client_for(line.world.staff).get(url).content.decode()
    # a unit that received none of it still does not
    assert client_for(line.world.staff_b).get(link).status_code == 404


def test_a_classified_record_shown_on_a_serial_page_is_a_read_in_the_log(line, client_for):
    from cnqp.core.choices import AuditAction, Classification
    from cnqp.core.models import AuditEntry
    from cnqp.quality.tests.test_nonconformances import review

    nc = review(line, title="Khóa nòng nứt", classification=Classification.CONFIDENTIAL)
    text = page(client_for, line.qlcn, "serials", line.rifles[0].pk).content.decode()
    assert "Khóa nòng nứt" in text
    entry = AuditEntry.objects.filter(action=AuditAction.LIST,
                                      object_type="quality.nonconformance").latest("id")
    assert entry.changes["ids"] == [nc.pk] and entry.actor_id == line.qlcn.pk
