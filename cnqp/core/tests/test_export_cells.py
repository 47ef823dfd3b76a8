"""Text is never exported as a formula (CWE-1236): list exports as CSV and XLSX, and the
helpers every spreadsheet writer uses."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cnqp.conftest import Org
from cnqp.core import services
from cnqp.core.models import User
from cnqp.core.records.export import csv_cell, sheet_cells

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_that_a_spreadsheet_would_evaluate_is_quoted(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-1.234,5", "+12", "-7", "Nhà máy Z111", "", None, 12,
                                   "a=b", "1-2"])
def test_csv_numbers_and_plain_text_are_left_alone(value: Any) -> None:
    assert csv_cell(value) == value


@pytest.mark.parametrize("write_only", [True, False])
def test_sheet_cells_keep_text_a_text_cell(write_only: bool) -> None:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet()
    sheet.append(sheet_cells(sheet, [HOSTILE[0], "=", 3, "plain"]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[-1].iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [
        (HOSTILE[0], "s"), ("=", "s"), (3, "n"), ("plain", "s")]


@pytest.mark.django_db
def test_list_exports_write_a_hostile_name_as_text(org: Org, admin_user: User,
                                                   client_for: Any) -> None:
    services.update_org_unit(admin_user, org.enterprise_b, name=HOSTILE[0])
    client: Client = client_for(admin_user)

    response = client.get(reverse("core:org-units-list"), {"export": "csv", "q": "Z113"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'" + HOSTILE[0]

    response = client.get(reverse("core:org-units-list"), {"export": "xlsx", "q": "Z113"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (HOSTILE[0], "s")
