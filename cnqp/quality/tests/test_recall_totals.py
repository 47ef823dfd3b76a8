"""A recall's totals (lots reached, serials marked, units notified) count across the
directorate: a user unit holding part of the recall opens it, but reads none of them, on the
list, the detail page, the CSV and XLSX exports, the API, a non-conformance's page and the
starting item's panel; who sees it whole reads them everywhere (`Recall.shown_when`)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cnqp.core.records.display import raw_value
from cnqp.quality import resources, services
from cnqp.quality.models import Recall
from cnqp.quality.selectors import recalls_seen

pytestmark = pytest.mark.django_db
TOTALS = ("lot_count", "serial_count", "unit_count")


@pytest.fixture
def recall(line):
    made = services.issue_recall(line.qlcn, start_node=line.steel.node, reason="Thép nứt")
    assert made.serial_count == 3 and made.unit_count == 2
    return made


def whole_and_part(line):
    return (line.qlcn, line.world.staff), (line.sd304_user, line.sd308_user)


def test_the_list_rows_mask_the_totals_of_a_partial_holder(line, recall):
    whole, part = whole_and_part(line)
    for user in (*whole, *part):
        [row] = resources.recalls.browse(user, {}).queryset
        seen = [raw_value(row, name) for name in TOTALS]
        if user in whole:
            assert seen == [recall.lot_count, 3, 2]
        else:
            assert seen == [None, None, None]


def test_the_list_page_and_detail_page(line, recall, client_for):
    mine = client_for(line.sd304_user)
    page = mine.get(reverse("quality:recalls-list")).content.decode()
    assert recall.code in page
    detail = mine.get(reverse("quality:recalls-detail", args=[recall.pk]))
    assert detail.status_code == 200
    assert detail.context["hidden_fields"] == TOTALS
    assert "data-totals-hidden" in detail.content.decode()
    whole = client_for(line.qlcn).get(reverse("quality:recalls-detail", args=[recall.pk]))
    assert whole.context["hidden_fields"] == ()
    assert "data-totals-hidden" not in whole.content.decode()


def _csv(client) -> list[dict[str, str]]:
    response = client.get(reverse("quality:recalls-list"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def _xlsx(client) -> list[tuple]:
    response = client.get(reverse("quality:recalls-list"), {"export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming
                       else [response.content])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_exports_leave_the_totals_empty_for_a_partial_holder(line, recall, client_for):
    part = _csv(client_for(line.sd304_user))
    whole = _csv(client_for(line.qlcn))
    assert len(part) == len(whole) == 1
    differing = {k for k in whole[0] if whole[0][k] != part[0][k]}
    assert len(differing) == 3 and "3" in {whole[0][k] for k in differing}
    assert {part[0][k] for k in differing} == {""}
    header, *rows = _xlsx(client_for(line.sd304_user))
    [row] = rows
    whole_header, whole_row = _xlsx(client_for(line.qlcn))
    assert header == whole_header
    masked = [i for i, (a, b) in enumerate(zip(row, whole_row, strict=True)) if a != b]
    assert [whole_row[i] for i in masked] == [recall.lot_count, 3, 2]
    assert [row[i] for i in masked] == [None, None, None]


def test_the_api_answers_null_totals_to_a_partial_holder(line, recall, client_for):
    for user, expected in ((line.sd308_user, [None, None, None]),
                           (line.world.staff, [recall.lot_count, 3, 2])):
        client = client_for(user)
        [item] = client.get("/api/quality/recalls").json()["items"]
        assert [item[name] for name in TOTALS] == expected
        one = client.get(f"/api/quality/recalls/{recall.pk}").json()
        assert [one[name] for name in TOTALS] == expected


def test_the_selector_other_pages_use(line, recall):
    assert not recalls_seen(line.sd304_user, Recall.objects.all()).get().totals_shown
    assert recalls_seen(line.qlcn, Recall.objects.all()).get().totals_shown
    assert not recalls_seen(line.world.staff_b, Recall.objects.all()).exists()
