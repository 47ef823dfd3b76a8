"""The legal desk's main task in a real browser: from the menu, open a circular in drafting,
try a step out of order (refused, saying why), then record its issue with the number as
printed; the document is then in the register of documents in force. Another department of
lower clearance does not see a classified draft."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import override, pgettext

from cnqp.core.choices import Classification
from cnqp.core.testing.browser import link, screenshot, vi
from cnqp.legal.choices import DocumentKind, Stage
from cnqp.legal.models import LegalDraft, LegalInstrument
from cnqp.legal.tests.conftest import World

D = dt.date


def _menu(page: Any, item: str) -> None:
    """The sidebar's `item` under the legal group (a msgid of context "legal")."""
    with override("vi"):
        group = pgettext("legal", "Legal work")
    label = page.locator("nav.sidebar .group-label").filter(
        has_text=re.compile(rf"^\s*{re.escape(group)}\s*$"))
    item_link = link(label.locator("xpath=following-sibling::ul[1]"), vi(item))
    target = item_link.get_attribute("href")
    item_link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == target)


def test_record_the_issue_of_a_circular(world: World, log_in_as: Any) -> None:
    draft = world.through(world.draft("Quản lý tài liệu công nghệ", deadline=D(2023, 10, 31)),
                          (Stage.PROPOSAL, D(2023, 1, 5)), (Stage.DRAFTING, D(2023, 3, 1)),
                          round_on=D(2023, 5, 2))
    world.draft("Quy chế bảo vệ bí mật", kind=DocumentKind.DECISION,
                classification=Classification.SECRET)
    page = log_in_as(world.staff)
    _menu(page, "Documents in drafting")
    page.locator("main table tbody a", has_text="Quản lý tài liệu công nghệ").first.click()
    page.wait_for_url(re.compile(rf"/legal/drafts/{draft.pk}/$"))
    form = page.locator(f"form[action$='/legal/drafts/{draft.pk}/step/']")
    form.locator("#id_stage").select_option(str(Stage.PROPOSAL))
    form.locator("#id_date").fill("01/06/2023")
    form.locator("button").click()
    page.wait_for_url(re.compile(rf"/legal/drafts/{draft.pk}/$"))
    assert "phải sau giai đoạn hiện tại" in page.locator(".alert").first.inner_text()
    screenshot(page, "01-step-refused")
    form = page.locator(f"form[action$='/legal/drafts/{draft.pk}/step/']")
    form.locator("#id_stage").select_option(str(Stage.ISSUED))
    form.locator("#id_date").fill("12/10/2023")
    form.locator("#id_issued_number").fill("61/2023/TT-BQP")
    form.locator("#id_effective_from").fill("27/11/2023")
    form.locator("button").click()
    page.wait_for_url(re.compile(rf"/legal/drafts/{draft.pk}/$"))
    draft.refresh_from_db()
    assert (draft.current_stage, draft.issued_number) == (Stage.ISSUED, "61/2023/TT-BQP")
    screenshot(page, "02-issued")
    _menu(page, "Register of legal documents")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "61/2023/TT-BQP" in rows.first.inner_text()
    entry = LegalInstrument.objects.get()
    assert (entry.draft_id, entry.effective_from) == (draft.pk, D(2023, 11, 27))

    page = log_in_as(world.low)  # another department, Mật
    _menu(page, "Documents in drafting")
    text = page.locator("main table tbody").inner_text()
    assert "Quản lý tài liệu công nghệ" in text and "Quy chế bảo vệ bí mật" not in text
    assert LegalDraft.objects.count() == 2
