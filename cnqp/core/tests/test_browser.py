"""Search across modules in a real browser: a person types words without accents in the
header's box, sees the matches grouped by module, opens one, and comes back to the whole list
through "See all"; a record of another unit is nowhere on the way."""

from __future__ import annotations

import re
from typing import Any

from cnqp.conftest import Org
from cnqp.core.choices import Classification
from cnqp.core.testing.browser import link, screenshot, vi
from cnqp.documents.factories import DocumentSetFactory


def test_the_header_search_finds_across_modules(org: Org, make_user: Any,
                                                log_in_as: Any) -> None:
    own = DocumentSetFactory(code="TLTK-K54", title="Bộ TLTK súng ngắn K54",
                             owner_unit=org.enterprise_a)
    other = DocumentSetFactory(code="TLTK-K59", title="Bộ TLTK súng ngắn K59",
                               owner_unit=org.enterprise_b)
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)

    page = log_in_as(staff)
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("sung ngan")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=sung"))
    screenshot(page, "core-01-search")
    group = page.locator('[data-resource="documents.sets"]')
    assert group.locator("[data-count]").inner_text() == "1"
    shown = page.locator("main").inner_text()
    assert own.code in shown and other.code not in shown
    link(group, str(own)).click()
    page.wait_for_url(re.compile(rf"/documents/sets/{own.pk}/$"))

    page.go_back()
    link(page.locator('[data-resource="documents.sets"]'), vi("See all")).click()
    page.wait_for_url(re.compile(r"/documents/sets/\?q=sung"))
    listed = page.locator("main table tbody").inner_text()
    assert own.code in listed and other.code not in listed
