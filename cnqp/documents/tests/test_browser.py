"""An enterprise's main task on the documents in a real browser: it finds the document set it
holds a right to (searched without accents), opens it and its revision; a set it holds no right
to is nowhere, not in the list, not by its address."""

from __future__ import annotations

import re
from typing import Any

from cnqp.conftest import Org
from cnqp.core.choices import Classification
from cnqp.core.models import User
from cnqp.core.testing.browser import link, menu, screenshot
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory, UsageRightFactory


def test_an_enterprise_views_a_set_it_holds_a_right_to(org: Org, make_user: Any,
                                                      log_in_as: Any) -> None:
    held = DocumentSetFactory(code="TLTK-K54", title="Bộ TLTK súng ngắn K54",
                              owner_unit=org.enterprise_a, classification=Classification.SECRET)
    RevisionFactory(document_set=held, reason="Ban hành lần đầu")
    UsageRightFactory(document_set=held, enterprise=org.enterprise_b)
    other = DocumentSetFactory(code="TLTK-K59", title="Bộ TLTK súng ngắn K59",
                               owner_unit=org.enterprise_a)
    staff: User = make_user(["enterprise_staff"], org.enterprise_b, Classification.SECRET)

    page = log_in_as(staff)
    menu(page, "Technical documents", "Document sets")
    listed = page.locator("main table").inner_text()
    assert held.code in listed and other.code not in listed
    page.fill("#q", "sung ngan k54")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"q=sung"))
    assert page.locator("main table tbody tr").count() == 1
    link(page.locator("main"), held.code).click()
    page.wait_for_url(re.compile(rf"/documents/sets/{held.pk}/$"))
    screenshot(page, "documents-01-set")
    shown = page.locator("main").inner_text()
    assert "Bộ TLTK súng ngắn K54" in shown and org.enterprise_a.name in shown
    assert "Ban hành lần đầu" in shown  # its revision

    answer = page.goto(page.url.replace(f"/sets/{held.pk}/", f"/sets/{other.pk}/"))
    assert answer is not None and answer.status == 404
    assert other.title not in page.locator("body").inner_text()
